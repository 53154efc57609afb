"""Count terms by distinct respondents, merge their variants, and give every left-out term a reason.

`count_terms` returns the full table (for the analyst and the tests). `publishable_counts` hides
what could identify someone (terms of fewer than `min_respondents` respondents, names,
placeholders) behind one summary row per reason, so a published counts.csv never prints them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from pipeline.wordle_general import TextWords, is_general_word
from pipeline.wordle_terms import FLAG_NAME, FLAG_PLACEHOLDER
from pipeline.wordle_text import compact_key, is_stop_key, key_variants, normalise_term
from pipeline.wordle_variants import resolve_terms

COUNT_COLUMNS = ["term", "respondents", "occurrences", "kept", "reason", "variants"]
TABLE_COLUMNS = ["key", *COUNT_COLUMNS, "rank", "respondent_ids"]

REASON_PLACEHOLDER = "privacy: gepseudonimiseerd gegeven"
REASON_NAME = "privacy: naam"
REASON_NOT_A_WORD = "geen woord"
REASON_STOP = "stopwoord"
REASON_QUESTION = "sleutelwoord van de vraag"
REASON_TOO_SMALL = "te klein om leesbaar te tonen"
REASON_NO_ROOM = "past niet in de afbeelding"
REASON_GENERAL = "algemeen woord: niet duidelijk vaker dan in gewoon Nederlands (wordle.drop_general_words)"
# Reasons whose terms may be published verbatim even when only one respondent gave them.
PUBLIC_REASONS = frozenset({REASON_STOP, REASON_QUESTION})
# A term is a name, or a stop word, when at least this share of its occurrences was tagged PROPN, or
# was a stop word before variants were merged ('zeggen' and 'zeg' form one term).
NAME_SHARE = 0.5
STOP_SHARE = 0.5
MAX_VARIANTS_SHOWN = 8


def reason_min_respondents(n: int) -> str:
    return f"minder dan {n} respondent{'en' if n != 1 else ''}"


def reason_max_words(n: int) -> str:
    return f"niet bij de {n} meest genoemde termen (wordle.max_words)"


@dataclass(frozen=True)
class TermRules:
    """What to leave out and what to merge, as plain values (normalised keys)."""

    stopwords: frozenset[str]
    merges: Mapping[str, str] = field(default_factory=dict)  # compact key of a variant -> term as shown
    min_respondents: int = 2
    max_words: int = 80
    question_word: str | None = None
    blocked: frozenset[str] = frozenset()  # from `blocked_keys`
    merge_typos: bool = True
    drop_general_words: bool = False  # only where count_terms is told how many words the texts have (notes)


def blocked_keys(identifiers: Iterable[str], *, stopwords: frozenset[str]) -> frozenset[str]:
    """Compact keys of identifiers found by the privacy step, and of their words ('Petra de Vries')."""
    keys = {normalise_term(str(i)) for i in identifiers}
    words = {w for k in keys for w in k.split() if len(w) >= 2 and w not in stopwords}
    return frozenset({compact_key(k) for k in keys if k} | words)


@dataclass(frozen=True)
class TermVocabulary:
    """Which key belongs to which term, and how each term is written, decided once for several wordles
    (the panels of a series), so that a term is merged and labelled alike in every panel."""

    group_of: Mapping[str, str]  # key -> key of its term
    labels: Mapping[str, str]  # key of a term -> the term as shown


def term_vocabulary(occurrences: pd.DataFrame, *, rules: TermRules) -> TermVocabulary:
    """The vocabulary of all `occurrences` together (their respondent ids must be distinct across groups)."""
    if occurrences.empty:
        return TermVocabulary({}, {})
    occ = occurrences.assign(respondent=occurrences["respondent"].astype(str))
    group_of, shown = resolve_groups(occ, rules=rules)
    labels = display_terms(occ.assign(group=occ["key"].map(group_of)), shown=shown)
    return TermVocabulary(group_of, dict(zip(labels["key"], labels["term"])))


def resolve_groups(occ: pd.DataFrame, *, rules: TermRules) -> tuple[dict[str, str], dict[str, str]]:
    """resolve_terms on the respondents per key of `occ` (respondent as text): key -> term key, and shown forms."""
    return resolve_terms(occ.groupby("key")["respondent"].nunique().to_dict(), merges=rules.merges,
                         merge_typos=rules.merge_typos)


def count_terms(occurrences: pd.DataFrame, *, rules: TermRules, vocabulary: TermVocabulary | None = None,
                words: TextWords | None = None) -> pd.DataFrame:
    """One row per term (columns TABLE_COLUMNS), kept terms first by rank, with a reason for the rest.
    Variants are merged and terms labelled by `vocabulary` when given, else from these occurrences.
    `words`: the words of the texts (notes), for rules.drop_general_words (see wordle_general)."""
    if occurrences.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    occ = occurrences.assign(respondent=occurrences["respondent"].astype(str))
    stop = {k: is_stop_key(k, rules.stopwords) for k in occ["key"].unique()}
    group_of, shown = (resolve_groups(occ, rules=rules) if vocabulary is None
                       else (vocabulary.group_of, vocabulary.labels))
    # a key the vocabulary does not know is a term of its own, never dropped
    occ = occ.assign(group=occ["key"].map(lambda key: group_of.get(key, key)), stop=occ["key"].map(stop),
                     placeholder=occ["flag"] == FLAG_PLACEHOLDER, name=occ["flag"] == FLAG_NAME)
    grouped = occ.groupby("group", sort=True)
    table = pd.DataFrame({
        "respondents": grouped["respondent"].nunique(), "occurrences": grouped.size(),
        "placeholder": grouped["placeholder"].any(), "name_share": grouped["name"].mean(),
        "stop_share": grouped["stop"].mean(),
    }).rename_axis("key").reset_index()
    table["respondent_ids"] = table["key"].map(_respondent_sets(occ))
    table = table.merge(display_terms(occ, shown=shown), on="key", how="left")
    table["reason"] = [_reason(row, rules) for row in table.itertuples(index=False)]
    if rules.drop_general_words and words is not None:
        table.loc[_general_terms(table, occ, words), "reason"] = REASON_GENERAL
    return rank_terms(table.drop(columns=["placeholder", "name_share", "stop_share"]), max_words=rules.max_words)


def _general_terms(table: pd.DataFrame, occ: pd.DataFrame, words: TextWords) -> list[bool]:
    """Per row of `table`: a term that would be kept, used no more than in general Dutch (wordle_general)."""
    forms: dict[str, set[str]] = {}
    for group, key in occ[["group", "key"]].drop_duplicates().itertuples(index=False):
        forms.setdefault(group, set()).update(words.forms.get(key, ()))
    return [reason == "" and is_general_word(forms.get(group, ()), count=words.count_of(forms.get(group, ())),
                                             n_words=words.n_words)
            for group, reason in zip(table["key"], table["reason"])]


def _respondent_sets(occ: pd.DataFrame) -> dict[str, frozenset[str]]:
    sets: dict[str, set[str]] = {}
    pairs = occ[["group", "respondent"]].drop_duplicates()
    for group, respondent in zip(pairs["group"].tolist(), pairs["respondent"].tolist()):
        sets.setdefault(group, set()).add(respondent)
    return {g: frozenset(r) for g, r in sets.items()}


def display_terms(occurrences: pd.DataFrame, *, shown: Mapping[str, str]) -> pd.DataFrame:
    """Per group (key): the term shown and its other surfaces, most frequent first ('variants').

    The term is the merge table's term, else the most frequent surface; ties go to the base form,
    the accented form, lower case, then alphabetical order.
    """
    surfaces = occurrences.groupby(["group", "surface"]).size().rename("n").reset_index()
    unique = surfaces["surface"].unique()
    compact = dict(zip(unique, (compact_key(normalise_term(t)) for t in unique)))
    surfaces = surfaces.assign(
        other_form=surfaces["surface"].map(compact) != surfaces["group"].map(compact_key),
        accents=-surfaces["surface"].map(lambda t: sum(not c.isascii() for c in t)),
        upper=surfaces["surface"] != surfaces["surface"].str.lower())
    surfaces = surfaces.sort_values(["group", "n", "other_form", "accents", "upper", "surface"],
                                    ascending=[True, False, True, True, True, True], kind="stable")
    terms = surfaces.drop_duplicates("group").set_index("group")["surface"]
    terms = pd.Series({g: shown.get(g, t) for g, t in terms.items()}, dtype=object)
    others = surfaces[surfaces["surface"].to_numpy() != surfaces["group"].map(terms).to_numpy()]
    variants = others.groupby("group")["surface"].agg(lambda v: "; ".join(v.head(MAX_VARIANTS_SHOWN)))
    return pd.DataFrame({"key": terms.index, "term": terms.to_numpy(),
                         "variants": variants.reindex(terms.index).fillna("").to_numpy()})


def _reason(row, rules: TermRules) -> str:
    if row.placeholder:
        return REASON_PLACEHOLDER
    if row.name_share >= NAME_SHARE or _is_blocked(row.key, rules.blocked):
        return REASON_NAME
    if not any(c.isalpha() for c in row.key):
        return REASON_NOT_A_WORD
    if row.stop_share >= STOP_SHARE or is_stop_key(row.key, rules.stopwords):
        return REASON_STOP
    if rules.question_word and is_question_word(row.key, rules.question_word):
        return REASON_QUESTION
    if row.respondents < rules.min_respondents:
        return reason_min_respondents(rules.min_respondents)
    return ""


def _is_blocked(key: str, blocked: frozenset[str]) -> bool:
    return compact_key(key) in blocked or any(w in blocked for w in key.split())


def same_word(a: str, b: str) -> bool:
    """Whether two normalised keys are one word up to spacing and one inflection step."""
    ca, cb = compact_key(a), compact_key(b)
    inflected = cb in {compact_key(v) for v in key_variants(a)} or ca in {compact_key(v) for v in key_variants(b)}
    return ca == cb or inflected


def is_question_word(key: str, question_word: str) -> bool:
    """Whether a term is the question's key word: `same_word`, or a noun in -atie and its verb
    ('transformatie', 'transformeren', 'getransformeerd'). Only for the question word: elsewhere
    'participatie' and 'participeren' stay two words."""
    family = verb_family(compact_key(key))
    return same_word(key, question_word) or (family is not None and family == verb_family(compact_key(question_word)))


def mentions_word(question: str | None, word: str) -> bool:
    """Whether the (normalised) question contains `word`, a form of it or a word of its verb family."""
    if not question or not word:
        return False
    text = normalise_term(question)
    if f" {compact_key(word)} " in f" {text} " or f" {word} " in f" {text} ":
        return True
    return any(is_question_word(part, word) for part in text.split())


# Endings of a noun in -atie and of its verb in -eren (with their inflections).
_FAMILY_ENDINGS = ("aties", "atie", "erende", "erend", "eerde", "eerd", "eert", "eren", "eer")
_MIN_FAMILY_STEM = 5  # 'transform', 'organis', 'inform': shorter stems ('rel' of relatie) are too vague


def verb_family(word: str) -> str | None:
    """The shared stem of 'transformatie', 'transformeren', 'transformeert' and 'getransformeerd'
    ('transform'), or None for other words."""
    for ending in _FAMILY_ENDINGS:
        if word.endswith(ending):
            stem = word[:-len(ending)]
            stem = stem[2:] if ending.startswith("eerd") and stem.startswith("ge") else stem
            return stem if len(stem) >= _MIN_FAMILY_STEM else None
    return None


def rank_terms(table: pd.DataFrame, *, max_words: int) -> pd.DataFrame:
    """Rank eligible terms (respondents, then occurrences, then alphabetically); cut at max_words."""
    table = table.sort_values(["respondents", "occurrences", "term"], ascending=[False, False, True], kind="stable")
    eligible = table["reason"] == ""
    table["rank"] = 0
    table.loc[eligible, "rank"] = range(1, int(eligible.sum()) + 1)
    table.loc[eligible & (table["rank"] > max_words), "reason"] = reason_max_words(max_words)
    table["kept"] = table["reason"] == ""
    table = table.sort_values(["kept", "rank"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return table[TABLE_COLUMNS]


def tie_note(counts: pd.DataFrame, *, max_words: int, unit: str = "respondenten") -> str:
    """A Dutch sentence when terms counted in as many `unit` (respondenten, notities, zinnen) as the last term
    shown fell outside the max_words limit (the order among them is occurrences, then alphabetical: not a
    difference in `unit`); '' otherwise. The settings key comes once, at the end, for the researcher."""
    cut = counts[counts["reason"] == reason_max_words(max_words)]
    shown = counts[(counts["rank"] > 0) & (counts["rank"] <= max_words)]
    if cut.empty or shown.empty or cut["respondents"].max() != shown["respondents"].min():
        return ""
    n, tied = int((cut["respondents"] == cut["respondents"].max()).sum()), int(shown["respondents"].min())
    return (f"{n} {'term' if n == 1 else 'termen'} met evenveel {unit} ({tied}) als het laatst getoonde woord "
            f"{'viel' if n == 1 else 'vielen'} buiten de wordle: die toont hoogstens {max_words} woorden; "
            f"verhoog wordle.max_words om meer te tonen.")


def mark_left_out(counts: pd.DataFrame, keys: Iterable[str], *, reason: str) -> pd.DataFrame:
    """A copy of `counts` with `keys` no longer kept, for `reason` (e.g. after the layout)."""
    counts = counts.copy()
    hit = counts["key"].isin(set(keys)) & counts["kept"]
    counts.loc[hit, ["kept", "reason"]] = [False, reason]
    return counts


def publishable_counts(counts: pd.DataFrame, *, min_respondents: int) -> pd.DataFrame:
    """COUNT_COLUMNS, with rare, name-like and pseudonymised terms folded into one row per reason."""
    hidden = counts["reason"].str.startswith("privacy") | (
        (counts["respondents"] < min_respondents) & ~counts["reason"].isin(PUBLIC_REASONS))
    summary = [{"term": f"({len(part)} {'term' if len(part) == 1 else 'termen'} verborgen)",
                "respondents": len(frozenset().union(*part["respondent_ids"])),
                "occurrences": int(part["occurrences"].sum()), "kept": False, "reason": reason, "variants": ""}
               for reason, part in counts[hidden].groupby("reason", sort=True)]
    return pd.concat([counts.loc[~hidden, COUNT_COLUMNS], pd.DataFrame(summary, columns=COUNT_COLUMNS)],
                     ignore_index=True)
