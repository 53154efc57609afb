"""Which words are names, titles or particles: our word lists and deduce's name lists.

In: a word; out: whether it is a first name, a surname, an acronym, a title (deduce's prefixes, Dutch stop
words). Also INTERFIXES, TITLES and NOT_NAMES, and `load_deduce`, the deduce de-identifier loaded once.
The first-name and surname lists are read from deduce's source files, so a rerun whose privacy spans come
from the text cache decides which names are hunted without loading deduce.
"""

from __future__ import annotations

import functools
import unicodedata

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
    "dot", "punt", "apenstaartje",  # 'p.jansen AT dordrecht DOT nl': 'DOT' is no 'Dot'
    # tools of meetings and polls, also in file names ('Poll Mentimeter.xlsx'), whose codes a run then hunts
    "mentimeter", "menti", "slido", "wooclap", "kahoot", "padlet", "zoom", "teams", "webex", "miro",
}

# Frequent Chinese family names, written in pinyin, that deduce's lists lack ('Li Na', 'Wang Fang'). Left out:
# those that are Dutch or English words too ('He', 'Ma', 'Long', 'Pan', 'Fan', 'Song', 'Tang', 'Sun', 'Tan').
CHINESE_SURNAMES = {
    "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Zhu", "Hu", "Guo", "Lin",
    "Gao", "Luo", "Zheng", "Liang", "Xie", "Deng", "Feng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Yuan",
    "Cai", "Jiang", "Zhong", "Cui", "Qian", "Xiong", "Qiu", "Xue",
}
# First names common in the Netherlands that deduce 3.0.6's list lacks (checked by
# tests/pipeline/test_privacy_names.py): Eritrean and Ethiopian, Syrian, Somali, West African, Surinamese and
# Antillean, Polish and Vietnamese names. Curated by hand for this project (2026) from the names met in
# intervision notes and poll answers; none is a Dutch word. deduce's list has most Turkish and Moroccan names,
# but without diacritics ('Ozlem'): is_first_name folds them (fold_letters).
EXTRA_FIRST_NAMES = frozenset("""
    Tesfay Tesfaye Tesfalem Tesfom Senait Semhar Yonas Yohannes Filmon Merhawi Mulu Selam Selamawit Semere Teklay
    Haile Freweyni Mebrat Mussie Kibrom Biniam Hagos Luwam Tedros Efrem Yordanos Kidane Tekle Tekie Tsega Tsegay
    Tsehaye Rahwa Abrehet Aklilu Amanuel Berhane Berhe Dawit Ermias Feven Fikru Ghebre Goitom Hiwet Kiflom
    Medhanie Mekonnen Meron Mesfin Misgina Natnael Nebiat Simret Weldu Yemane Yafet Yosief Zerai Zewdi Awet
    Bereket Ftsum Habtom Henok Kesete Rezene Segen Teame Winta
    Bashar Bassel Ghada Ayham Majd Kinan Louai Lujain Muhannad Obaida Qusai Raneem Razan Joudi Ghaith Hazem Rouba
    Ruba Suha
    Shurandy Churandy Jurandy Rudsel Rigoberto Shudayra Giandro Jeandro Dinayra Shanaira Ruthsela Wiendra
    Dewkoemar Faadumo Khadar
    Małgorzata Paweł Grzegorz Wojciech Dorota Bożena Elżbieta Przemysław Wiesław Zbigniew Jarosław Mirosław
    Radosław Sławomir Grażyna Iwona Urszula Wioletta Zdzisław
    Abena Adjoa Efua Kojo Fatou Ibrahima Chidi Ngozi Xiaoling Huong Nguyet Nurşen Nülüfer
""".split())
# Letters that have no decomposition to fold them by: Turkish dotless i, Polish ł, Scandinavian ø, Croatian đ.
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D"})
# One pinyin syllable (without tone marks): an initial, then a final.
PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                   r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo"
                   r"|ui|ue|a|o|e|i|u)")


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
def name_prefixes() -> frozenset[str]:
    """Titles such as mevrouw, dhr., dr. (deduce's list): kept outside the placeholder."""
    return frozenset(str(w).lower().rstrip(".") for w in load_deduce().lookup_structs["prefix"])


@functools.lru_cache(maxsize=1)
def dutch_stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def is_acronym(word: str) -> bool:
    """'GGZ', 'UWV' in 'van de GGZ': an organisation (a shouted surname, 'JANSEN', is longer)."""
    word = word.strip(".,;:!?()'\"")
    return word.isupper() and 2 <= len(word) <= 4 and not is_first_name(word.capitalize())


def fold_letters(text: str) -> str:
    """'Özlem Yıldız' -> 'Ozlem Yildiz', 'Paweł' -> 'Pawel': letters without their accents, one character for
    one, so offsets in the folded text fit the original (deduce's name lists are written without accents)."""
    return "".join(_fold_letter(c) for c in text.translate(_UNDECOMPOSABLE))


@functools.lru_cache(maxsize=4096)
def _fold_letter(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1]
    return base if base.isalpha() else char


def is_first_name(word: str) -> bool:
    """In deduce's list of first names or EXTRA_FIRST_NAMES, with or without accents ('Kees', 'Özlem'; not 'kees')."""
    return _in_deduce_list("lst_first_name", word) or is_extra_first_name(word)


def is_surname(word: str) -> bool:
    """In deduce's list of surnames (one-word entries: 'Mulder', 'Yıldız' as 'Yildiz')."""
    return _in_deduce_list("lst_surname", word)


def is_interfix_surname(word: str) -> bool:
    """In deduce's list of surnames that follow particles ('Jong' of 'de Jong', 'Vries' of 'de Vries')."""
    return _in_deduce_list("lst_interfix_surname", word)


def _in_deduce_list(name: str, word: str) -> bool:
    """`word` in one of deduce's name lists as written or without accents (the lists have 'Ozlem', 'Yildiz')."""
    names = _deduce_names(name)
    return word in names or fold_letters(word) in names


def is_extra_first_name(word: str) -> bool:
    """In EXTRA_FIRST_NAMES, the names deduce does not know ('Tesfay', 'Paweł' or 'Pawel')."""
    return fold_letters(word) in _extra_first_names()


@functools.lru_cache(maxsize=1)
def _extra_first_names() -> frozenset[str]:
    return frozenset(fold_letters(name) for name in EXTRA_FIRST_NAMES)


@functools.lru_cache(maxsize=3)
def _deduce_names(name: str) -> frozenset[str]:
    """deduce's name list read from its source files (items minus exceptions), without loading deduce itself (10 s):
    a rerun whose privacy spans come from the cache still decides which names are hunted."""
    from importlib.resources import files

    folder = files("deduce") / "data" / "lookup" / "src" / "names" / name
    read = lambda file: {line.strip() for line in (folder / file).read_text(encoding="utf-8").splitlines()}  # noqa: E731
    return frozenset(read("items.txt") - read("exceptions.txt") - {""})
