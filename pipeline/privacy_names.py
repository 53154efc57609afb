"""Person names: found by deduce (Dutch de-identification, name lookups and context rules) and, when the spaCy
pipeline has one, its named-entity recogniser; each guess cleaned to the name itself, citations left out.

Decisions (measured in tests/pipeline/data/privacy_meting.md):
- Places are kept (Dordrecht is context, not a person), unless part of a street address.
- Authors in literature citations ("Stam en Wilken (2015)", "(Jansen, 2019)") are kept: they are
  public authors, not people the notes are about.
- Titles stay outside the placeholder: "mevrouw [PERSOON-1]".
"""

from __future__ import annotations

import functools
import re

from pipeline.lexicon import is_dutch_word
from pipeline.privacy_patterns import _POSTCODE, Span

_CAPITALISED = re.compile(r"(?<!\S)[^\w\s]*[A-Z]")
_SENTENCE_END = re.compile(r"[.!?]+\s+|\n+")
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+|\n")
_NAME = r"(?:[A-Z]\.\s*){0,3}(?:(?:van|de|der|den|ter|ten)\s+){0,3}[A-Z][\w'’-]+"
# Bounded repetitions: an unbounded run of names before '(' would make this quadratic.
_CITATION_NARRATIVE = re.compile(
    _NAME + r"(?:(?:\s*(?:,|en|&)\s*|\s+)" + _NAME + r"){0,5}(?:\s+et\s+al\.?)?"
    r"\s*\((?:19|20)\d{2}[a-z]?(?:[,;:][^()]{0,100})?\)"
)
_CITATION_PARENTHETICAL = re.compile(r"\((?=[^()]{0,300}\))[^()]*?[A-Z][^()]*?,?\s(?:19|20)\d{2}[a-z]?[^()]*\)")
_DATE_REST = re.compile(r"[-/.]\d{1,2}[-/.]\d{2,4}(?!\d)")  # what follows the day of a date
_SHOUTED = re.compile(r"\b[A-Z]{3,}\b")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,4}")
# 'Lotte' + ' van der Meer': a surname with interfixes that a detector left out.
_SURNAME_TAIL = re.compile(r"(?:\s+(?:van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|el|al|El|Al|Abu|Ben|Bin|Ibn))"
                           r"{1,3}\s+[A-Z][\w'’-]+")
# 'Al-' + 'Hussein': an Arabic article joined to a surname by a hyphen that a detector left out.
_JOINED_HEAD = re.compile(r"(?<![\w-])(?:[Aa]l|[Ee]l|[Aa]bu|[Bb]en|[Bb]in|[Ii]bn)-$")
# 'De' + 'Jong', 'van der' + 'Meer': the particles right before a surname that the cleaning stripped as words.
_SURNAME_HEAD = re.compile(r"(?<!\S)(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|du|da|el|al)\s+){1,3}$",
                           re.IGNORECASE)
INTERFIXES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "von", "la", "le", "du",
               "da", "dos", "el", "al", "bin", "ben", "ibn", "uit"}
# Titles and forms of address: kept outside the placeholder ("mevrouw [PERSOON-1]").
TITLES = {"heer", "meneer", "mevrouw", "mevr", "mw", "dhr", "hr", "dr", "drs", "prof", "mr", "ir", "ing", "juffrouw",
          "juf", "meester", "zuster", "ds", "dominee", "pastoor", "imam", "wethouder", "burgemeester", "oma", "opa",
          "tante", "oom", "collega", "buurvrouw", "buurman", "moeder", "vader", "cliënt", "client"}
# Capitalised words that deduce or NER may take for names but are roles, places or institutions here.
NOT_NAMES = {
    "wijkteam", "wijkteams", "werkplaats", "sociaal", "domein", "gemeente", "jeugdzorg", "wmo",
    "participatiewet", "buurtteam", "sociale", "dienst", "gebiedsteam", "welzijn", "zorg", "thuiszorg",
    "huisarts", "wethouder", "burgemeester", "raad", "college", "team", "afdeling", "rijk", "provincie",
}


# deduce's person and street annotators only: its dates, ages, institutions and urls are not our concern.
DEDUCE_PROCESSORS = {
    "names", "prefix_with_initial", "prefix_with_interfix", "prefix_with_name", "interfix_with_name",
    "initial_with_name", "initial_interfix", "first_name_lookup", "surname_lookup", "patient_name",
    "name_context", "eponymous_disease", "person_annotation_converter", "locations", "placename",
    "street_pattern", "street_lookup", "housenumber", "postal_code", "postbus", "remove_street_tags",
    "clean_street_tags", "post_processing", "overlap_resolver", "merge_adjacent_annotations",
}


@functools.lru_cache(maxsize=1)
def load_deduce():
    """The deduce de-identifier, loaded once per process (about 10 s; the first run ever builds its lookup
    tables, which takes 1-2 minutes). Its lookup tries are millions of small objects that live as long as the
    process: they are moved out of the garbage collector's way (gc.freeze), or every full collection walks them
    (measured: deduce 2-3x slower on 1,500 statutes once other tables were loaded too)."""
    import gc

    from deduce import Deduce

    deduce = Deduce()
    gc.collect()
    gc.freeze()
    return deduce


@functools.lru_cache(maxsize=1)
def _name_prefixes() -> frozenset[str]:
    """Titles such as mevrouw, dhr., dr. (deduce's list): kept outside the placeholder."""
    return frozenset(str(w).lower().rstrip(".") for w in load_deduce().lookup_structs["prefix"])


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def deduce_spans(text: str) -> list[Span]:
    """Person names (cleaned, citations excluded) and street addresses found by deduce."""
    annotations = []
    for offset, chunk in deduce_chunks(text):
        found = list(load_deduce().deidentify(chunk, enabled=DEDUCE_PROCESSORS).annotations)
        if _SHOUTED.search(chunk):  # 'JANSEN': name lookups need 'Jansen'; same length, so offsets still fit
            calm = _SHOUTED.sub(lambda m: m.group().capitalize(), chunk)
            found += [a for a in load_deduce().deidentify(calm, enabled=DEDUCE_PROCESSORS).annotations
                      if a.tag in ("persoon", "patient") and _SHOUTED.search(chunk, a.start_char, a.end_char)]
        annotations += [(a.tag, a.start_char + offset, a.end_char + offset) for a in found]
    citations = citation_regions(text)
    spans = []
    for tag, start, end in annotations:
        if tag in ("persoon", "patient"):
            spans.extend(clean_person_span(text, start, end, citations))
        elif tag == "locatie" and re.search(r"[^\W\d]\s*\d", text[start:end]) and not _POSTCODE.match(text[start:end]) \
                and not _DATE_REST.match(text, end):  # 'Bijeenkomst 13-03-2025': a date, no house number
            spans.append(Span(start, end, "adres", text[start:end]))
    return spans


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
_LOWER_WORD = re.compile(r"(?<![\w@./-])[a-zà-ÿ][a-zà-ÿ'’-]{2,}(?![\w@])")
ENGLISH_WORD_MIN_ZIPF = 4.0  # 'buddy', 'done': English words that are first names too


def context_name_spans(text: str) -> list[Span]:
    """Names deduce's lists may lack, found by their context: a word after a relation or role ('partner
    Shurandy', 'ik ben Fatou'), a capitalised word with an age ('Tesfay (22)'), and a first name written in
    lower case ('met anouk en karim'). Never a Dutch word, except a known first name right after a cue."""
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
    return spans


def _is_cued_name(word: str) -> bool:
    if word[:1].isupper():
        return (_is_unknown_word(word) or is_first_name(word)) and not word.isupper()
    return _is_lower_first_name(word)


def is_acronym(word: str) -> bool:
    """'GGZ', 'UWV' in 'van de GGZ': an organisation (a shouted surname, 'JANSEN', is longer)."""
    word = word.strip(".,;:!?()'\"")
    return word.isupper() and 2 <= len(word) <= 4 and not is_first_name(word.capitalize())


def is_first_name(word: str) -> bool:
    """In deduce's list of first names ('Kees', not 'kees')."""
    return word in _deduce_names("lst_first_name")


def is_surname(word: str) -> bool:
    """In deduce's list of surnames (one-word entries: 'Mulder')."""
    return word in _deduce_names("lst_surname")


@functools.lru_cache(maxsize=2)
def _deduce_names(name: str) -> frozenset[str]:
    """deduce's name list read from its source files (items minus exceptions), without loading deduce itself (10 s):
    a rerun whose privacy spans come from the cache still decides which names are hunted."""
    from importlib.resources import files

    folder = files("deduce") / "data" / "lookup" / "src" / "names" / name
    read = lambda file: {line.strip() for line in (folder / file).read_text(encoding="utf-8").splitlines()}  # noqa: E731
    return frozenset(read("items.txt") - read("exceptions.txt") - {""})


def _is_unknown_word(word: str) -> bool:
    """A capitalised word that is no Dutch word, role, title or place: a name."""
    lower = word.lower()
    return not (is_dutch_word(word) or lower in NOT_NAMES or lower in TITLES or lower in INTERFIXES
                or lower in _stop_words() or [word] in load_deduce().lookup_structs["placename"])


def _is_lower_first_name(word: str) -> bool:
    from wordfreq import zipf_frequency  # imported here: only lower-case first names get this far

    return ([word.capitalize()] in load_deduce().lookup_structs["first_name"] and not is_dutch_word(word)
            and word not in INTERFIXES and zipf_frequency(word, "en") < ENGLISH_WORD_MIN_ZIPF)


def _name_end(text: str, end: int) -> int:
    """Extend a first name with a surname that follows: 'Glenn Martina', 'Sanne de Wit', 'Amal El Idrissi'."""
    tail = _SURNAME_TAIL.match(text, end)
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


def citation_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of literature citations: 'Stam en Wilken (2015)', '(Jansen, 2019)'."""
    return [m.span() for pattern in (_CITATION_NARRATIVE, _CITATION_PARENTHETICAL) for m in pattern.finditer(text)]


def clean_person_span(text: str, start: int, end: int, citations: list[tuple[int, int]]) -> list[Span]:
    """Split a name guess at sentence breaks, strip titles and sentence words, keep the particles of a surname
    ('De Vries'); drop role words and citations."""
    spans = []
    for piece_start, piece_end in _sentence_pieces(text, start, end):
        piece = text[piece_start:piece_end]
        tokens = [(m.start() + piece_start, m.end() + piece_start, m.group()) for m in re.finditer(r"\S+", piece)]
        tokens = _strip_non_name_tokens(tokens)
        if not tokens or all(t[2].lower().strip(".,") in NOT_NAMES or is_acronym(t[2]) for t in tokens) or (
                len(tokens) == 1 and _is_opening_word(text, *tokens[0])):
            continue
        s, e = tokens[0][0], tokens[-1][1]
        while e > s and text[e - 1] in ".,;:!?)'\"":
            e -= 1
        s = _surname_head_start(text, s)
        joined = _JOINED_HEAD.search(text, max(0, s - 4), s)
        s = joined.start() if joined else s
        if _names_a_place(text[s:e]):
            continue
        if any(c_start <= s and e <= c_end for c_start, c_end in citations) or e - s < 2:
            continue
        tail = _SURNAME_TAIL.match(text, e)
        e = tail.end() if tail else e
        spans.append(Span(s, e, "persoon", text[s:e]))
    return spans


# A name guess ending in one of these is a street ('Graaf Florislaan') or an institution ('Willem de
# Zwijgerschool', 'het Anne Frank Huis'), not a person. Street suffixes that end surnames too ('Verlaan',
# 'Versteeg', 'Van Dijk') are left out.
STREET_ENDINGS = ("straat", "plein", "singel", "gracht", "kade", "dreef", "plantsoen", "boulevard", "allee")
INSTITUTION_ENDINGS = ("school", "college", "lyceum", "gymnasium", "academie", "ziekenhuis", "kliniek", "museum",
                       "centrum", "bibliotheek", "theater")
INSTITUTION_WORDS = {"huis", "kerk", "moskee", "stichting", "kruis"}


def _names_a_place(name: str) -> bool:
    """'Graaf Florislaan', 'Willem de Zwijgerschool', 'Anne Frank Huis': the last word makes it a place, as does a
    street name deduce knows ('Florislaan'), or a
    phrase of capitalised Dutch words without particles or first names ('Rode Kruis', 'Goede Vrijdag')."""
    words = name.split()
    last = words[-1].lower().strip(".,;:!?'\"") if words else ""
    if last.endswith(STREET_ENDINGS + INSTITUTION_ENDINGS) and len(last) > 6 or last in INSTITUTION_WORDS:
        return True
    if last.endswith(STREET_ENDINGS + ("laan", "weg", "steeg")) and words in load_deduce().lookup_structs["street"]:
        return True  # a street deduce knows, such as 'Florislaan' ('Verlaan' is a surname, no street)
    return len(words) > 1 and all(w[:1].isupper() and w.lower() not in INTERFIXES and is_dutch_word(w)
                                  and [w] not in load_deduce().lookup_structs["first_name"] for w in words)


def _surname_head_start(text: str, start: int) -> int:
    """Where the surname at `start` begins with its particles: 'De Vries belde', 'dhr. El Amrani', 'mevrouw de Jong'.
    Particles join after a title, or when capitalised before a name that is no first name: in 'met de Jong' 'de'
    may be the article, in 'Van Jan kreeg ik' 'Van' is the preposition."""
    head = _SURNAME_HEAD.search(text, max(0, start - 20), start)
    if not head:
        return start
    before = re.search(r"(\S*)\s*$", text[max(0, head.start() - 20):head.start()]).group(1).lower().strip(".,'\"‘’“”(")
    if before in TITLES or before in _name_prefixes():
        return head.start()
    name = re.match(r"[\w'’-]*", text[start:start + 40]).group()
    capital = re.search(r"(?<!\S)[A-Z]", head.group())  # 'in De Vries': the surname starts at 'De'
    surname = capital is not None and [name] not in load_deduce().lookup_structs["first_name"]
    return head.start() + capital.start() if surname else start


# A word this common in Dutch (wordfreq Zipf: 'mooi' 5.6, 'groot' 5.6) that opens a sentence alone is the word,
# not a surname; surnames that are words too stay below it ('Bakker' 4.3, 'Bos' 4.8, 'Koning' 5.1, 'Klein' 5.3).
# A word of the social domain that is a surname too ('Burger') only in a short answer ('Burger centraal').
OPENING_WORD_MIN_ZIPF = 5.5
OPENING_ANSWER_WORDS = 3  # 'Burger centraal', 'Burger meer centraal!': the words after it in a short answer
OPENING_DOMAIN_WORDS = NOT_NAMES | {"burger", "burgers", "bewoner", "bewoners", "inwoner", "inwoners", "mens",
                                   "mensen", "klant", "klanten", "buurt", "wijk", "jeugd", "hulp"}


def _is_opening_word(text: str, start: int, end: int, word: str) -> bool:
    """'Mooi' in the answer 'Mooi woord', 'Burger' in 'Burger centraal': it opens a sentence (not after a title
    such as 'dhr.' or a label such as 'Aanwezig:') and is a very common Dutch word that is no first name, or,
    in a short answer of a few words, a word of the social domain."""
    from wordfreq import zipf_frequency  # imported here: only name candidates get this far

    before = text[:start].rstrip()
    previous = before.split()[-1].lower().rstrip(".") if before else ""
    if before and (before[-1] not in ".!?;\n-*•" or previous in TITLES or previous in _name_prefixes()) \
            and text[before.rfind("\n") + 1:start].strip():
        return False
    word = word.strip(".,;:!?")
    rest = re.split(r"[.!?\n]", text[end:], maxsplit=1)[0].split()
    return (word.lower() in OPENING_DOMAIN_WORDS and len(rest) <= OPENING_ANSWER_WORDS) or (
        [word] not in load_deduce().lookup_structs["first_name"]
        and zipf_frequency(word.lower(), "nl") >= OPENING_WORD_MIN_ZIPF)


def _sentence_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split text[start:end] at sentence breaks, but not after an initial ('A.') or a title ('Dhr.')."""
    pieces, piece_start = [], start
    for match in _SENTENCE_BREAK.finditer(text, start, end):
        before = text[piece_start:match.start() + 1].split()
        last = before[-1] if before else ""
        if match.group().startswith(".") and (_INITIALS.fullmatch(last) or last.lower().rstrip(".") in TITLES
                                              or last.lower().rstrip(".") in _name_prefixes()):
            continue
        pieces.append((piece_start, match.start()))
        piece_start = match.end()
    return [*pieces, (piece_start, end)]


def _strip_non_name_tokens(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    def is_title(word: str) -> bool:
        return word.lower().rstrip(".,") in TITLES or word.lower().rstrip(".,") in _name_prefixes()

    def is_filler(word: str) -> bool:
        lower = word.lower().strip(".,")
        if _INITIALS.fullmatch(word):
            return False
        return is_title(word) or word[:1].islower() and lower not in INTERFIXES or (
            lower in _stop_words() and lower not in INTERFIXES) or not any(c.isalpha() for c in word)

    def is_sentence_word(word: str) -> bool:  # 'Bel Jan Jansen': a Dutch word that is no first name
        return is_dutch_word(word) and [word] not in load_deduce().lookup_structs["first_name"]

    while tokens and (is_filler(tokens[0][2]) or len(tokens) > 1 and (
            is_sentence_word(tokens[0][2]) or tokens[0][2].lower() in INTERFIXES and is_title(tokens[1][2]))):
        tokens = tokens[1:]
    while tokens and (is_filler(tokens[-1][2]) or tokens[-1][2].lower() in INTERFIXES):
        tokens = tokens[:-1]
    return tokens
