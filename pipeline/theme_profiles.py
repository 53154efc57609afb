"""Theme profiles: the weighted words and phrases of each theme, built from a framework.

`ProfileBuilder` collects terms (core evidence), supporting terms, phrases, the words of the
description and examples (weak profile) and optional labelled examples, and turns them into a theme x
feature weight matrix (`effective_weights`: word specificity x theme-IDF). `theme_vectors` and
`vector_similarity` add an optional word-vector boost when the spaCy pipeline has vectors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from spacy.language import Language

from pipeline.lexicon import has_word_vectors
from pipeline.theme_examples import parse_theme_list
from pipeline.theme_lexicon import (ARTICLES, checked_lemmas, is_content, is_reading_of, normalise_key,
                                    split_separable, word_specificity)

PHRASE_PREFIX = "frase:"
PART_SPECIFICITY = 0.4


class ProfileBuilder:
    """Collects weighted features per theme row; `effective_weights` turns them into a matrix."""

    def __init__(self, lemmatise, *, alternative=None, part_weight: float = 0.25, min_specificity: float = 0.5):
        self.lemmatise = lemmatise
        self.alternative = alternative
        self.part_weight = part_weight
        self.min_specificity = min_specificity
        self.index: dict[str, int] = {}
        self.labels: list[str] = []
        self.words: list[str] = []
        self.entries: dict[tuple[int, int], float] = {}
        self.phrases: list[tuple[int, tuple[str, ...]]] = []
        self.compound_parts: dict[str, int] = {}
        self.neutral: set[int] = set()
        self.core: set[tuple[int, int]] = set()

    def add(self, row: int, key: str, *, label: str, word: str, weight: float) -> int:
        if key not in self.index:
            self.index[key] = len(self.labels)
            self.labels.append(label)
            self.words.append(word)
        col = self.index[key]
        self.entries[row, col] = max(self.entries.get((row, col), 0.0), weight)
        return col

    def add_theme(self, row: int, theme, *, phrase_weight: float, support_weight: float,
                  description_weight: float, example_weight: float) -> None:
        for term in theme.terms:
            self.add_term(row, term, weight=1.0, core=True)
        for term in getattr(theme, "support_terms", ()):
            self.add_term(row, term, weight=support_weight, core=False)
        for phrase in theme.phrases:
            self.core.add((row, self.add_phrase(row, phrase, weight=phrase_weight)))
        self.add_bag(row, checked_lemmas(self.lemmatise, theme.description), weight=description_weight)
        for example in theme.examples:
            self.add_bag(row, checked_lemmas(self.lemmatise, example), weight=example_weight)

    def add_term(self, row: int, term: str, *, weight: float, core: bool) -> None:
        """One word (all its lemma keys, also as part of compounds) or a multiword term."""
        cols = []
        if " " in term:
            cols.append(self.add_phrase(row, term, weight=weight))
        else:
            base = normalise_key(term)
            for lemma in sorted({term, *self.lemmatise(term), *self.alternative_lemmas(term)}):
                key = normalise_key(lemma)
                if key != base and not is_reading_of(base, key, lemma):
                    continue
                cols.append(self.add(row, key, label=term, word=term, weight=weight))
                self.compound_parts.setdefault(key, cols[-1])
            split = split_separable(term)
            if split:
                cols.append(self.add_words(row, split, label=term, weight=weight))
        if core:
            self.core.update((row, col) for col in cols)

    def alternative_lemmas(self, text: str) -> tuple[str, ...]:
        return self.alternative(text) if self.alternative is not None else ()

    def add_neutral(self, terms: Iterable[str]) -> None:
        """Whole-word entries without weight: they stop a compound like 'wijkteam' counting as 'wijk'."""
        for term in terms:
            for lemma in {term, *self.lemmatise(term)}:
                key = normalise_key(lemma)
                if key not in self.index:
                    self.index[key] = len(self.labels)
                    self.labels.append(term)
                    self.words.append(term)
                self.neutral.add(self.index[key])

    def add_phrase(self, row: int, phrase: str, *, weight: float) -> int:
        """A phrase as one feature (its column is returned), plus its specific words at a low weight."""
        words = tuple(normalise_key(lemma) for lemma in self.lemmatise(phrase) if lemma not in ARTICLES)
        if len(words) < 2:
            return self.add(row, words[0], label=phrase, word=words[0], weight=weight) if words else -1
        col = self.add_words(row, words, label=phrase, weight=weight)
        lemmas = [lemma for lemma in self.lemmatise(phrase) if lemma not in ARTICLES]
        variant = tuple(part for lemma, word in zip(lemmas, words) for part in (split_separable(lemma) or (word,)))
        other = tuple(normalise_key(lemma) for lemma in self.alternative_lemmas(phrase) if lemma not in ARTICLES)
        checked = [lemma for lemma in checked_lemmas(self.lemmatise, phrase) if lemma not in ARTICLES]
        surface = tuple(normalise_key(lemma) for lemma in checked)
        for extra in dict.fromkeys((variant, other, surface)):
            if len(extra) >= 2 and extra != words:
                self.phrases.append((col, extra))
        for lemma in checked:
            if is_content(lemma) and len(lemma) >= 4 and word_specificity(lemma) >= PART_SPECIFICITY:
                self.add(row, normalise_key(lemma), label=lemma, word=lemma, weight=self.part_weight)
        return col

    def add_words(self, row: int, words: tuple[str, ...], *, label: str, weight: float) -> int:
        """A multiword feature: it matches when all `words` occur close together (in any order, so
        phrases with the same words share one feature and are not counted twice)."""
        key = PHRASE_PREFIX + " ".join(sorted(words))
        is_new = key not in self.index
        col = self.add(row, key, label=label, word="", weight=weight)
        if is_new:
            self.phrases.append((col, words))
        return col

    def add_bag(self, row: int, lemmas: Iterable[str], *, weight: float) -> None:
        for lemma in lemmas:
            if is_content(lemma) and len(lemma) >= 4 and word_specificity(lemma) >= self.min_specificity:
                self.add(row, normalise_key(lemma), label=lemma, word=lemma, weight=weight)

    def add_labelled(self, examples: pd.DataFrame, theme_ids: list[str], *, weight: float) -> None:
        """Add words of labelled examples (columns themes + lemmas or text) to their themes' profiles."""
        rows = {theme_id: row for row, theme_id in enumerate(theme_ids)}
        for item in examples.itertuples(index=False):
            lemmas = getattr(item, "lemmas", None)
            if lemmas is None:
                lemmas = self.lemmatise(str(item.text))
            for theme_id in parse_theme_list(item.themes):
                if theme_id in rows:
                    self.add_bag(rows[theme_id], lemmas, weight=weight)

    def core_mask(self, n_themes: int) -> np.ndarray:
        """Theme x feature: True where the feature is a term or phrase of the theme itself."""
        mask = np.zeros((n_themes, len(self.labels)), dtype=bool)
        for row, col in self.core:
            if col >= 0 and col not in self.neutral:
                mask[row, col] = True
        return mask

    def effective_weights(self, n_themes: int) -> np.ndarray:
        """Theme x feature weights, times word specificity (rare words count more) and theme-IDF."""
        weights = np.zeros((n_themes, len(self.labels)))
        for (row, col), weight in self.entries.items():
            weights[row, col] = 0.0 if col in self.neutral else weight
        specificity = np.array([word_specificity(word) for word in self.words])
        soft_df = (weights / np.maximum(weights.max(axis=0), 1e-9)).sum(axis=0)
        idf = np.log((n_themes + 1) / (soft_df + 0.5)) / math.log((n_themes + 1) / 1.5)
        return weights * specificity * np.clip(idf, 0.05, 1.0)


# -- word vectors (only when the spaCy pipeline has them) ---------------------------------------------
class ThemeVectors:
    """Unit-length theme centroids in the vector space of a spaCy vocab."""

    def __init__(self, vocab, centroids: np.ndarray):
        self.vocab = vocab
        self.centroids = centroids


def theme_vectors(nlp: Language | None, builder: ProfileBuilder, weights: np.ndarray) -> ThemeVectors | None:
    """Weighted mean vector of each theme's profile words; None when the pipeline has no word vectors
    (none at all, or only the embedded model's word-class lexicon, which says nothing about meaning)."""
    if nlp is None or not has_word_vectors(nlp.vocab):
        return None
    dim = nlp.vocab.vectors.shape[1]
    centroids = np.zeros((weights.shape[0], dim))
    for col, word in enumerate(builder.words):
        if word and nlp.vocab.has_vector(word):
            centroids += np.outer(weights[:, col], nlp.vocab.get_vector(word))
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    return ThemeVectors(nlp.vocab, centroids / np.maximum(norms, 1e-9))


def vector_similarity(lemma_lists: list[list[str]], vectors: ThemeVectors) -> np.ndarray:
    """How much more a segment resembles each theme than the average theme (0 when not at all)."""
    result = np.zeros((len(lemma_lists), vectors.centroids.shape[0]))
    for i, lemmas in enumerate(lemma_lists):
        found = [vectors.vocab.get_vector(lemma) for lemma in lemmas
                 if is_content(lemma) and vectors.vocab.has_vector(lemma)]
        if not found:
            continue
        mean = np.mean(found, axis=0)
        cosine = vectors.centroids @ (mean / max(float(np.linalg.norm(mean)), 1e-9))
        result[i] = np.maximum(0.0, cosine - cosine.mean()) * 5.0
    return result
