"""Person names: found by deduce (Dutch de-identification, name lookups and context rules), by their context in
the text and, when the spaCy pipeline has one, by its named-entity recogniser. In: a text (or a spaCy Doc);
out: Spans of category 'persoon' (and 'adres' for deduce's street addresses). Each guess is cleaned to the name
itself by pipeline.privacy_name_cleaning; the word and name lists are in pipeline.privacy_name_lookup.

Decisions (measured in tests/pipeline/data/privacy_meting.md):
- Accented names are looked up without accents ('Özlem Yıldız' as 'Ozlem Yildiz'): deduce's lists have them so.
- Places are kept (Dordrecht is context, not a person), unless part of a street address.
- Authors in literature citations ("Stam en Wilken (2015)", "(Jansen, 2019)") are kept: they are
  public authors, not people the notes are about.
- Titles stay outside the placeholder: "mevrouw [PERSOON-1]".
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from pipeline.lexicon import is_dutch_word
from pipeline.privacy_name_cleaning import SURNAME_TAIL, citation_regions, clean_person_span
from pipeline.privacy_name_lookup import (
    CHINESE_SURNAMES, INTERFIXES, NOT_NAMES, PINYIN_SYLLABLE, TITLES, dutch_stop_words, fold_letters,
    is_extra_first_name, is_first_name, is_interfix_surname, is_surname, load_deduce,
)
from pipeline.privacy_patterns import _POSTCODE, Span

_CAPITALISED = re.compile(r"(?<!\S)[^\w\s]*[A-Z]")
_SENTENCE_END = re.compile(r"[.!?]+\s+|\n+")
_DATE_REST = re.compile(r"[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)")  # what follows the day of a date
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_ACCENTED_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][\w'’-]*")  # a word with a non-ASCII letter (not '°', '€', '–')

# deduce's person and street annotators only: its dates, ages, institutions and urls are not our concern.
DEDUCE_PROCESSORS = {
    "names", "prefix_with_initial", "prefix_with_interfix", "prefix_with_name", "interfix_with_name",
    "initial_with_name", "initial_interfix", "first_name_lookup", "surname_lookup", "patient_name",
    "name_context", "eponymous_disease", "person_annotation_converter", "locations", "placename",
    "street_pattern", "street_lookup", "housenumber", "postal_code", "postbus", "remove_street_tags",
    "clean_street_tags", "post_processing", "overlap_resolver", "merge_adjacent_annotations",
}


def deduce_spans(text: str) -> list[Span]:
    """Person names (cleaned, citations excluded) and street addresses found by deduce."""
    annotations = []
    for offset, chunk in deduce_chunks(text):
        annotations += [(tag, start + offset, end + offset) for tag, start, end in _deduce_annotations(chunk)]
    citations = citation_regions(text)
    spans = []
    for tag, start, end in annotations:
        if tag in ("persoon", "patient"):
            spans.extend(clean_person_span(text, start, end, citations))
        elif tag == "locatie" and re.search(r"[^\W\d]\s*\d", text[start:end]) and not _POSTCODE.match(text[start:end]) \
                and not _DATE_REST.match(text, end):  # 'Bijeenkomst 13-03-2025': a date, no house number
            spans.append(Span(start, end, "adres", text[start:end]))
    return spans


def _deduce_annotations(chunk: str) -> list[tuple[str, int, int]]:
    """(tag, start, end) of deduce's annotations, also of names its lists only know in another form: 'JANSEN'
    as 'Jansen', 'Özlem Yıldız' as 'Ozlem Yildiz' (same length, so the offsets still fit). The second pass runs
    only for a chunk with a shouted word or an accented word that is no Dutch word ('één', 'cliënt' are)."""
    deidentify = load_deduce().deidentify
    found = [(a.tag, a.start_char, a.end_char) for a in deidentify(chunk, enabled=DEDUCE_PROCESSORS).annotations]
    folded = fold_letters(chunk)
    marked = [m.span() for m in _SHOUTED.finditer(folded)] + [
        m.span() for m in _ACCENTED_WORD.finditer(chunk) if not is_dutch_word(m.group())]
    if marked:  # fold_letters keeps one letter for one: the offsets fit the chunk
        calm = _SHOUTED.sub(lambda m: m.group().capitalize(), folded)
        found += [(a.tag, a.start_char, a.end_char) for a in deidentify(calm, enabled=DEDUCE_PROCESSORS).annotations
                  if a.tag in ("persoon", "patient") and any(a.start_char < e and s < a.end_char for s, e in marked)]
    return found


# Words after which the next word is a person's name, also one deduce does not know: relations and roles
# ('partner Shurandy', 'casusinbrenger Senait', 'buurvrouw truus') and introductions ('ik ben Fatou').
NAME_CUES = ("partner", "casusinbrenger", "casushouder", "dochter", "zoon", "broer", "broertje", "zus", "zusje",
             "vriend", "vriendin", "echtgenoot", "echtgenote", "schoonvader", "schoonmoeder", "kleinzoon",
             "kleindochter", "buurjongen", "buurmeisje", "stagiair", "stagiaire", "vrijwilliger", "vrijwilligster",
             "deelnemer", "deelneemster", "bewoner", "bewoonster", "buurtbewoner", "cliënt", "cliënte", "client",
             "wijkcoach", "jongerenwerker", "begeleider", "begeleidster", "mentor", "collega", "buurvrouw",
             "buurman", "moeder", "vader", "oma", "opa", "tante", "oom", "juf", "meester", "heet", "heette",
             "genaamd", "ik ben", "zijn vrouw", "haar man", "mijn man", "mijn vrouw")
_NAME_CUE = re.compile(r"(?<!\w)(?:" + "|".join(c.replace(" ", r"\s+") for c in NAME_CUES) + r")[\s,:]+(?=\w)",
                       re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
# 'Tesfay (22)', 'Yonas Habte (geboortedatum ...)': capitalised words before an age or a birth date in brackets.
_WITH_AGE = re.compile(r"(?<![\w-])[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?=\s?\((?:\d{1,3}(?:\s?(?:jaar|jr\.?))?\)"
                       r"|geboren|geb\.|geboortedatum|\*))")
# 'Xiaoling, de dochter van ...': a word named by the relation that follows it.
_NAMED_BY_RELATION = re.compile(r"(?<![\w-])[A-Z][\w'’-]+(?=,\s+(?:de|het|een|haar|zijn|hun)\s+(?:dochter|zoon|moeder|"
                                r"vader|broer|zus|partner|buurvrouw|buurman|vriend|vriendin|oma|opa|kleinzoon|"
                                r"kleindochter|man|vrouw)\b)")
_LOWER_WORD = re.compile(r"(?<![\w@./-])[a-zà-ÿ\u0100-\u017f][a-zà-ÿ\u0100-\u017f'’-]{2,}(?![\w@])")  # also 'büşra', 'michał'
ENGLISH_WORD_MIN_ZIPF = 4.0  # 'buddy', 'done': English words that are first names too
# 'met joke en ahmed', 'met els en ruud': right after 'met' (and in a list that follows it) a first name in lower
# case that is a rare word too ('joke', 'els') is a name. Measured: in 1.4 million words of Dutch (statutes, UD
# Dutch, the evaluation paragraphs) no first name below this frequency follows 'met' (tests/pipeline/data/
# privacy_meting.md); 'met hoop', 'met rust' are far above it.
_WITH = re.compile(r"(?<!\w)met\s+", re.IGNORECASE)
_LIST_JOINER = re.compile(r"\s*,\s*|\s+en\s+")
WORD_AFTER_MET_MAX_ZIPF = 4.0
# 'kees bakker', 'anouk van den berg': a lower-case first name and surname. Both must be rarer words than these
# limits (wordfreq Zipf, nl): 'kees' 4.3 and 'bakker' 4.3 pass, 'jan' 5.2, 'wil' 6.2, 'geven' 5.8, 'hoeven' 4.7 do
# not; after particles ('kees de jong') the surname may be a commoner word. Measured on 8,634 statutes and 1,982
# evaluation paragraphs (1.3 million words): 223 pairs of a first name and a surname in lower case ('aan eisen',
# 'wil geven'), none within these limits (tests/pipeline/data/privacy_meting.md).
LOWER_FIRST_NAME_MAX_ZIPF = 4.5
LOWER_SURNAME_MAX_ZIPF = 4.5
PARTICLE_SURNAME_MAX_ZIPF = 5.5
_LOWER_FULL_NAME = re.compile(r"(?<![\w@./-])(?P<first>[^\W\d_][\w'’]+)"
                              r"(?=(?P<particles>(?:\s+(?:van|de|der|den|ter|ten|te|el|al)){0,3})"
                              r"\s+(?P<last>[^\W\d_][\w'’]+(?:-[^\W\d_][\w'’]+)?)(?![\w@-]))")
_CAPITALISED_WORD = re.compile(r"(?<![\w-])[^\W\d_][\w'’]+(?![\w-])")
# 'Li Na', 'Zhang Wei': a Chinese family name before a given name of one or two pinyin syllables ('Xiaoling').
_CHINESE_NAME = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(CHINESE_SURNAMES)) + r")\s+[A-Z][a-z]{1,7}(?![\w-])")
_PINYIN_GIVEN = re.compile(rf"(?:{PINYIN_SYLLABLE}){{1,2}}", re.IGNORECASE)


def context_name_spans(text: str) -> list[Span]:
    """Names deduce's lists may lack, found by their context: a word after a relation or role ('partner
    Shurandy', 'ik ben Fatou'), a capitalised word with an age ('Tesfay (22)'), a first name written in
    lower case ('met anouk en karim'), a full name in lower case ('kees bakker'), a Chinese name ('Li Na') and a
    first name of EXTRA_FIRST_NAMES ('Tesfay'). Never a Dutch word, except a known first name right after a cue,
    after 'met' when it is a rare word ('met joke'), or before a surname ('kees bakker')."""
    spans = []
    for cue in _NAME_CUE.finditer(text):
        word = _WORD.match(text, cue.end())
        if word and _is_cued_name(word.group()):
            end = _name_end(text, word.end())
            spans.append(Span(word.start(), end, "persoon", text[word.start():end]))
    for match in (*_WITH_AGE.finditer(text), *_NAMED_BY_RELATION.finditer(text)):
        words = list(re.finditer(r"\S+", match.group()))
        while words and not (_is_unknown_word(words[0].group()) or is_first_name(words[0].group())):
            words = words[1:]  # 'Peuter Liam (geb. ...)': the sentence's own words are no name
        if words and all(_is_unknown_word(w.group()) or is_first_name(w.group()) or is_surname(w.group())
                         for w in words):
            start, end = match.start() + words[0].start(), match.start() + words[-1].end()
            spans.append(Span(start, end, "persoon", text[start:end]))
    spans += [Span(m.start(), m.end(), "persoon", m.group()) for m in _LOWER_WORD.finditer(text)
              if _is_lower_first_name(m.group())]
    return [*spans, *_names_after_met(text), *_chinese_name_spans(text), *_extra_first_name_spans(text),
            *_lower_full_name_spans(text)]


def _extra_first_name_spans(text: str) -> list[Span]:
    """'Tesfay', 'Senait Habte': a capitalised first name deduce does not know (EXTRA_FIRST_NAMES), with the
    surname that follows it."""
    spans = []
    for word in _CAPITALISED_WORD.finditer(text):
        if word.group()[0].isupper() and is_extra_first_name(word.group()) and not is_dutch_word(word.group()):
            end = _name_end(text, word.end())
            spans.append(Span(word.start(), end, "persoon", text[word.start():end]))
    return spans


def _lower_full_name_spans(text: str) -> list[Span]:
    """'kees bakker (notulist)', 'anouk van den Berg': a first name in lower case that is no common word, then a
    surname (with its particles) that is a rare word in lower case or any surname or unknown word with a capital."""
    spans = []
    for match in _LOWER_FULL_NAME.finditer(text):
        first, particles, last = match.group("first"), match.group("particles"), match.group("last")
        if first[0].islower() and _is_rare_first_name(first) and _is_surname_after(last, particles=bool(particles)):
            end = match.end("last")
            spans.append(Span(match.start(), end, "persoon", text[match.start():end]))
    return spans


def _is_rare_first_name(word: str) -> bool:
    return (is_first_name(word.capitalize()) and word not in INTERFIXES
            and zipf_frequency(word, "nl") < LOWER_FIRST_NAME_MAX_ZIPF
            and zipf_frequency(word, "en") < ENGLISH_WORD_MIN_ZIPF)


def _is_surname_after(word: str, *, particles: bool) -> bool:
    """'bakker' after 'kees', 'jong' after 'kees de': a surname rare enough as a word; 'Bakker', 'Yıldız'."""
    if word.lower() in NOT_NAMES or word.lower() in TITLES:  # 'ten bate van de raad'
        return False
    if word[0].isupper():
        return is_surname(word) or is_interfix_surname(word) or _is_unknown_word(word)
    if particles:
        return is_interfix_surname(word.capitalize()) and zipf_frequency(word, "nl") < PARTICLE_SURNAME_MAX_ZIPF
    return is_surname(word.capitalize()) and zipf_frequency(word, "nl") < LOWER_SURNAME_MAX_ZIPF


def _names_after_met(text: str) -> list[Span]:
    """First names in lower case right after 'met', and in the list that follows it ('met els en ruud'), also
    when they are rare words too (see WORD_AFTER_MET_MAX_ZIPF)."""
    spans = []
    for cue in _WITH.finditer(text):
        word = _LOWER_WORD.match(text, cue.end())
        while word and _is_lower_name_after_met(word.group()):
            spans.append(Span(word.start(), word.end(), "persoon", word.group()))
            joiner = _LIST_JOINER.match(text, word.end())
            word = _LOWER_WORD.match(text, joiner.end()) if joiner else None
    return spans


def _is_lower_name_after_met(word: str) -> bool:
    return _is_lower_first_name(word) or (
        _is_known_first_name(word.capitalize()) and word not in INTERFIXES
        and zipf_frequency(word, "nl") < WORD_AFTER_MET_MAX_ZIPF)


def _chinese_name_spans(text: str) -> list[Span]:
    """'Li Na', 'Wang Xiaoling': a frequent Chinese family name and a pinyin given name (deduce knows neither)."""
    return [Span(m.start(), m.end(), "persoon", m.group()) for m in _CHINESE_NAME.finditer(text)
            if _PINYIN_GIVEN.fullmatch(m.group().split()[-1])]


def _is_cued_name(word: str) -> bool:
    if word[:1].isupper():
        return (_is_unknown_word(word) or is_first_name(word)) and not word.isupper()
    return _is_lower_first_name(word)


def _is_unknown_word(word: str) -> bool:
    """A capitalised word that is no Dutch word, role, title or place: a name."""
    lower = word.lower()
    return not (is_dutch_word(word) or lower in NOT_NAMES or lower in TITLES or lower in INTERFIXES
                or lower in dutch_stop_words() or [word] in load_deduce().lookup_structs["placename"])


def _is_lower_first_name(word: str) -> bool:
    return (_is_known_first_name(word.capitalize()) and not is_dutch_word(word)
            and word not in INTERFIXES and zipf_frequency(word, "en") < ENGLISH_WORD_MIN_ZIPF)


def _is_known_first_name(word: str) -> bool:
    """In deduce's loaded lookup of first names (which lacks some of its source list: 'Erin', a Dutch word), or so
    without accents ('Özlem'), or in EXTRA_FIRST_NAMES."""
    folded = fold_letters(word)
    return [folded] in load_deduce().lookup_structs["first_name"] or is_extra_first_name(word)


def _name_end(text: str, end: int) -> int:
    """Extend a first name with a surname that follows: 'Glenn Martina', 'Sanne de Wit', 'Amal El Idrissi'."""
    tail = SURNAME_TAIL.match(text, end)
    if tail:
        return tail.end()
    surname = re.compile(r"\s+([A-Z][\w'’-]+)").match(text, end)
    if surname and (_is_unknown_word(surname.group(1)) or is_surname(surname.group(1))):
        return surname.end()
    return end


def deduce_chunks(text: str, *, max_chars: int = 1000, max_capitals: int = 12) -> list[tuple[int, str]]:
    """(offset, chunk) pieces of `text` for deduce: sentences, grouped up to `max_chars` characters.

    deduce's name-context rules take quadratic time in the number of adjacent name-like words
    ('Jan Jan Jan ...': 6 s for 1000 characters), so no chunk holds more than `max_capitals` capitalised
    words; a sentence with more is cut, after a comma where possible. This keeps the worst case linear.
    """
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    chunks, start, capitals = [], 0, 0
    for a, b in zip(bounds, bounds[1:]):
        n = len(_CAPITALISED.findall(text, a, b))
        if n > max_capitals or b - a > max_chars:
            chunks += [(start, a)] if a > start else []
            chunks += _cut_sentence(text, a, b, max_chars=max_chars, max_capitals=max_capitals)
            start, capitals = b, 0
        elif b - start > max_chars or capitals + n > max_capitals:
            chunks += [(start, a)] if a > start else []
            start, capitals = a, n
        else:
            capitals += n
    chunks += [(start, len(text))] if len(text) > start else []
    return [(a, text[a:b]) for a, b in chunks if text[a:b].strip()]


def _cut_sentence(text: str, start: int, end: int, *, max_chars: int, max_capitals: int) -> list[tuple[int, int]]:
    """Cut one long sentence at word starts; prefer the word after a comma among the last few."""
    pieces, piece_start, capitals, commas = [], start, 0, []
    for word in re.finditer(r"\S+", text[start:end]):
        w_start = word.start() + start
        if capitals >= max_capitals or w_start - piece_start >= max_chars:
            cut = commas[-1] if commas and commas[-1] > piece_start + (w_start - piece_start) // 2 else w_start
            pieces.append((piece_start, cut))
            piece_start, commas = cut, []
            capitals = len(_CAPITALISED.findall(text, cut, w_start))
        capitals += bool(_CAPITALISED.match(word.group()))
        if word.group().endswith((",", ";")):
            commas.append(word.end() + start)
    return [*pieces, (piece_start, end)] if end > piece_start else pieces


def ner_person_spans(doc) -> list[Span]:
    """Person entities from a spaCy Doc whose pipeline has NER (labels PER or PERSON)."""
    citations = citation_regions(doc.text)
    found = []
    for ent in doc.ents:
        if ent.label_ in ("PER", "PERSON"):
            found.extend(clean_person_span(doc.text, ent.start_char, ent.end_char, citations))
    return found
