"""Cleaning a person-name guess (of deduce or NER) down to the name itself.

In: a text and the offsets of a name guess; out: Spans of category 'persoon', with titles and sentence words
stripped, the particles of a surname kept ('De Vries'), split at sentence breaks, and nothing for role words,
places, institutions, very common opening words and literature citations ('Stam en Wilken (2015)').
"""

from __future__ import annotations

import re

from pipeline.lexicon import is_dutch_compound, is_dutch_word
from pipeline.privacy_name_lookup import (
    INTERFIXES, NOT_NAMES, TITLES, dutch_stop_words, fold_letters, is_acronym, is_first_name, is_surname, load_deduce,
    name_prefixes,
)
from pipeline.privacy_patterns import Span

_SENTENCE_BREAK = re.compile(r"[.!?;:]\s+|\n")
_NAME = r"(?:[A-Z]\.\s*){0,3}(?:(?:van|de|der|den|ter|ten)\s+){0,3}[A-Z][\w'’-]+"
# Bounded repetitions: an unbounded run of names before '(' would make this quadratic.
_CITATION_NARRATIVE = re.compile(
    _NAME + r"(?:(?:\s*(?:,|en|&)\s*|\s+)" + _NAME + r"){0,5}(?:\s+et\s+al\.?)?"
    r"\s*\((?:19|20)\d{2}[a-z]?(?:[,;:][^()]{0,100})?\)"
)
_CITATION_PARENTHETICAL = re.compile(r"\((?=[^()]{0,300}\))[^()]*?[A-Z][^()]*?,?\s(?:19|20)\d{2}[a-z]?[^()]*\)")
_INITIALS = re.compile(r"(?:[A-Z]\.){1,4}")  # matched on fold_letters(word): 'Ç.' is an initial too
# 'Petra J. zei' takes the full stop into the code; before a capital or at the end it may end the sentence, so
# 'Ik sprak Petra J. Dat was fijn.' keeps it: '[PERSOON-1]. Dat was fijn.'
_INITIAL_TAIL_IN_SENTENCE = re.compile(r"\s[A-Z]\.(?=\s+[a-z(,;:]|[,;:)])")
_INITIAL_TAIL = re.compile(r"\s[A-Z](?=\.(?:\s|$))")
# 'Lotte' + ' van der Meer': a surname with interfixes that a detector left out.
SURNAME_TAIL = re.compile(r"(?:\s+(?:van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|el|al|El|Al|Abu|Ben|Bin|Ibn))"
                          r"{1,3}\s+[A-Z][\w'’-]+")
# 'Al-' + 'Hussein': an Arabic article joined to a surname by a hyphen that a detector left out.
_JOINED_HEAD = re.compile(r"(?<![\w-])(?:[Aa]l|[Ee]l|[Aa]bu|[Bb]en|[Bb]in|[Ii]bn)-$")
# 'De' + 'Jong', 'van der' + 'Meer': the particles right before a surname that the cleaning stripped as words.
_SURNAME_HEAD = re.compile(r"(?<!\S)(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op|von|la|le|du|da|el|al)\s+){1,3}$",
                           re.IGNORECASE)


def _initial_tail(text: str, start: int, end: int) -> re.Match | None:
    """'Petra' + ' J.': the initial of a surname after a first name alone (left out, it became a wordle term 'j')."""
    return (_INITIAL_TAIL_IN_SENTENCE.match(text, end) or _INITIAL_TAIL.match(text, end)
            if is_first_name(text[start:end]) else None)


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
        tail = SURNAME_TAIL.match(text, e) or _initial_tail(text, s, e)
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
    if before in TITLES or before in name_prefixes():
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
    if before and (before[-1] not in ".!?;\n-*•" or previous in TITLES or previous in name_prefixes()) \
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
        if match.group().startswith(".") and (_INITIALS.fullmatch(fold_letters(last))
                                              or last.lower().rstrip(".") in TITLES
                                              or last.lower().rstrip(".") in name_prefixes()):
            continue
        pieces.append((piece_start, match.start()))
        piece_start = match.end()
    return [*pieces, (piece_start, end)]


# The last part of a compound that makes it a role or job ('wijkcoach', 'casusregisseur', 'Wmo-consulent'). Only
# these: surnames are compounds too, with other endings ('Groenhuis', 'Bergkamp', 'Zandbergen').
ROLE_HEADS = ("coach", "werker", "medewerker", "regisseur", "consulent", "voogd", "leider", "begeleider", "adviseur",
              "verpleegkundige", "hulpverlener", "ambtenaar", "deskundige", "professional", "functionaris", "agent",
              "arts", "therapeut", "psycholoog", "manager", "coördinator", "coordinator", "trainer", "docent",
              "mentor", "ondersteuner", "specialist", "bemiddelaar", "vrijwilliger", "kwartiermaker", "makelaar",
              "verpleger", "assistent", "directeur", "beleidsmaker", "onderzoeker", "student", "stagiair")


def is_role_word(word: str) -> bool:
    """'Wijkcoach', 'Jongerenwerker', 'GGZ-consulent': a compound of Dutch words ending in a role, with no part
    that is a surname or first name ('Bos-Visser' is a double surname)."""
    lower = word.lower()
    if not lower.endswith(ROLE_HEADS) or not is_dutch_compound(word):
        return False
    return not any(is_surname(part) or is_first_name(part) for part in word.split("-"))


def _strip_non_name_tokens(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    def is_title(word: str) -> bool:
        return word.lower().rstrip(".,") in TITLES or word.lower().rstrip(".,") in name_prefixes()

    def is_filler(word: str) -> bool:
        lower = word.lower().strip(".,")
        if _INITIALS.fullmatch(fold_letters(word)):
            return False
        return is_title(word) or word[:1].islower() and lower not in INTERFIXES or (
            lower in dutch_stop_words() and lower not in INTERFIXES) or not any(c.isalpha() for c in word)

    def is_sentence_word(word: str, following: str) -> bool:
        # 'Bel Jan Jansen': a Dutch word that is no first name; 'Wijkcoach Priya Ramdin': a role (kept in the name,
        # it would be hunted as a name in every note). Not a surname before a first name ('Aanwezig: Hoogland Petra').
        bare = word.strip(".,:;")
        if [word] in load_deduce().lookup_structs["first_name"] or is_surname(bare) and is_first_name(following):
            return False
        return is_dutch_word(word) or is_role_word(bare)

    while tokens and (is_filler(tokens[0][2]) or len(tokens) > 1 and (
            is_sentence_word(tokens[0][2], tokens[1][2].strip(".,:;")) or tokens[0][2].lower() in INTERFIXES
            and is_title(tokens[1][2]))):
        tokens = tokens[1:]
    while tokens and (is_filler(tokens[-1][2]) or tokens[-1][2].lower() in INTERFIXES):
        tokens = tokens[:-1]
    return tokens
