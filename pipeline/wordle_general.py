"""General Dutch words in a notes wordle: terms the notes use no more than ordinary Dutch does.

Running text is full of words every text has ('tijd', 'nieuw', 'kijken'); counted by notes they fill a wordle
as much as the words that say what the meetings were about. A term is *general* when the notes do not use it
clearly more often than Dutch in general, as wordfreq counts it (books, news, subtitles, web text): its word
forms make up less than RATIO_MIN times their general share of the notes' words, or the difference could be
chance (log-likelihood G2 below G2_MIN, the 5 % critical value of chi-square with one degree of freedom; as only
more frequent counts, the test is one-sided at 2.5 %). Both sides count the same thing: every token of the word
forms the notes used for the term ('nieuwe' and 'nieuw' for 'nieuw'), whatever its word class, against wordfreq's
share of those forms. A word wordfreq does not know (a compound such as 'wijkteammedewerker') and a collocation of
two words are never general: their rarity in general Dutch is what makes them say something about these notes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from wordfreq import word_frequency

from pipeline.wordle_text import normalise_term

RATIO_MIN = 2.0  # 'Log Ratio' >= 1: at least twice as frequent as in general Dutch
G2_MIN = 3.84  # chi-square, 1 degree of freedom, 5 % (one-sided 2.5 %)


@dataclass(frozen=True)
class TextWords:
    """How many words some texts have, and the forms each lemma key took in them."""

    n_words: int
    forms: Mapping[str, frozenset[str]]  # key (normalise_term of the lemma) -> lower-case word forms
    form_counts: Mapping[str, int]  # lower-case word form -> its tokens in the texts

    def count_of(self, forms: Iterable[str]) -> int:
        """The tokens of these word forms in the texts."""
        return sum(self.form_counts.get(form, 0) for form in set(forms))


def text_words(tokens: pd.DataFrame, *, doc_ids: Sequence[str]) -> TextWords:
    """The words of these documents and their forms. A word is what the report counts (annotation.is_word:
    every token but punctuation), so a notes wordle and the report speak of the same number of words."""
    part = tokens.loc[tokens["doc_id"].isin(doc_ids), ["text", "lemma", "is_punct"]]
    part = part[~part["is_punct"].astype(bool)]
    words = pd.DataFrame({"lemma": part["lemma"].fillna("").astype(str), "form": part["text"].astype(str).str.lower()})
    # distinct (lemma, form) pairs first: a long corpus has ~60k forms for 1.2M tokens
    pairs = words.drop_duplicates()
    keys = {lemma: normalise_term(lemma) for lemma in pairs["lemma"].unique()}
    pairs = pairs.assign(key=pairs["lemma"].map(keys))
    return TextWords(len(part), {k: frozenset(f) for k, f in pairs.groupby("key")["form"]},
                     {str(f): int(n) for f, n in words["form"].value_counts().items()})


def general_share(forms: Iterable[str]) -> float:
    """The share of these word forms among the words of general Dutch (0 for forms wordfreq does not know)."""
    return sum(word_frequency(form, "nl") for form in set(forms) if " " not in form)


def log_likelihood(count: int, n_words: int, share: float) -> float:
    """G2 of `count` occurrences in `n_words` words against an expected share `share` (a reference corpus
    far larger than the notes, so the Poisson form); 0 when the term is not more frequent than expected."""
    expected = n_words * share
    if count <= expected:
        return 0.0
    if expected == 0:
        return math.inf
    return 2.0 * (count * math.log(count / expected) - (count - expected))


def is_general_word(forms: Iterable[str], *, count: int, n_words: int) -> bool:
    """Whether texts of `n_words` words that use a term `count` times, in these forms, use it no more than
    general Dutch does."""
    share = general_share(forms)
    if share == 0 or n_words <= 0:
        return False
    return count < RATIO_MIN * n_words * share or log_likelihood(count, n_words, share) < G2_MIN
