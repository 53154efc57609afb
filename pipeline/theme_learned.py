"""The learned part of a theme score: how the classifiers of `pipeline.theme_examples` shift the lexical scores.

The word classifier reads a sentence together with its neighbours (it learned from paragraphs); the
sentence-vector classifier is mixed in only for texts whose words already point at the framework. The rules
are described in the module docstring of `pipeline.themes`, which calls `add_learned`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.sentence_vectors import load_sentence_encoder, pool_vectors
from pipeline.theme_examples import ExampleClassifier, VectorClassifier, example_keys

# Sentence vectors cost about as much time per word as tagging, so they are computed only where they can
# matter: a lexical score of at least VECTOR_MIN_SCORE, or a word classifier that gives 'geen thema' less
# than VECTOR_MAX_NONE. Measured: the same figures on all ten labelled sets as without the gate, and 19 % of
# statute sentences encoded instead of 56 %.
VECTOR_MIN_SCORE = 0.3
VECTOR_MAX_NONE = 0.25


def add_learned(segments: pd.DataFrame, near: list[tuple[int, list[int]]], scores: np.ndarray, *,
                classifier: ExampleClassifier, sentence_classifier: VectorClassifier | None, theme_ids: list[str],
                min_words: int, learned_weight: float, none_weight: float, sentence_vector_weight: float
                ) -> tuple[np.ndarray, np.ndarray, list[list[str]], np.ndarray]:
    """The lexical `scores` shifted by the classifiers (see the module docstring of pipeline.themes), the most
    probable theme (-1: none), the segments' own keys and which segments the sentence vectors were used for."""
    own, pooled = learned_keys(segments, near)
    themes, none, known = classifier.probabilities(pooled, theme_ids)
    # 'dichtbij' as a poll answer is not a paragraph: too few words for what the classifier learned
    known &= np.array([len(keys) >= min_words for keys in pooled], dtype=bool)
    meaning = np.zeros(len(scores), dtype=bool)
    if sentence_classifier is not None and "text" in segments.columns:
        # meaning only where the words already point at the framework: vectors cost time per word
        meaning = known & ((scores.max(axis=1) >= VECTOR_MIN_SCORE) | (none < VECTOR_MAX_NONE))
        themes, none = mix_sentence_vectors(segments, near, themes, none, np.flatnonzero(meaning),
                                            classifier=sentence_classifier, theme_ids=theme_ids,
                                            weight=sentence_vector_weight)
    top = np.maximum(themes.max(axis=1), none)[:, None]
    # each probability counts by its share of the most probable label, so the label the classifier
    # prefers counts fully and the others less; a text without a word it knows is left alone
    shift = (learned_weight * themes * themes - none_weight * (none * none)[:, None]) / top
    scores = np.clip(scores + np.where(known[:, None], shift, 0.0), 0.0, 1.0)
    learned = np.where(known, most_probable(themes, none), -1)
    if pooled is not own:  # a sentence's own words must point the same way as its paragraph
        own_themes, own_none, own_known = classifier.probabilities(own, theme_ids)
        learned = np.where(own_known & (most_probable(own_themes, own_none) == learned), learned, -1)
    return scores, learned, own, meaning


def mix_sentence_vectors(segments: pd.DataFrame, near: list[tuple[int, list[int]]], themes: np.ndarray,
                         none: np.ndarray, rows: np.ndarray, *, classifier: VectorClassifier, theme_ids: list[str],
                         weight: float) -> tuple[np.ndarray, np.ndarray]:
    """The word classifier's probabilities of `rows`, mixed with the sentence-vector `classifier`'s (`weight`
    for the latter); a sentence is read with its neighbours, as for the word classifier."""
    if not len(rows):
        return themes, none
    neighbours = dict(near)
    groups = [neighbours.get(row, [row]) for row in rows]
    needed = sorted({other for group in groups for other in group})
    encoded = load_sentence_encoder().encode(segments["text"].astype(str).iloc[needed].tolist())
    position = {row: j for j, row in enumerate(needed)}
    pooled = pool_vectors(encoded, [[position[other] for other in group] for group in groups])
    vector_themes, vector_none = classifier.probabilities(pooled, theme_ids)
    themes, none = themes.copy(), none.copy()
    themes[rows] = (1 - weight) * themes[rows] + weight * vector_themes
    none[rows] = (1 - weight) * none[rows] + weight * vector_none
    return themes, none


def learned_keys(segments: pd.DataFrame, near: list[tuple[int, list[int]]]) -> tuple[list[list[str]], list[list[str]]]:
    """Keys per segment for the classifier: its own, and pooled with the sentences around it (`near`,
    see neighbour_rows), since the classifier learned from paragraphs (the same list without neighbours)."""
    own = [example_keys(lemmas) for lemmas in segments["lemmas"]]
    if not near:
        return own, own
    pooled = list(own)
    for row, rows in near:
        pooled[row] = [key for other in rows for key in own[other]]
    return own, pooled


def most_probable(themes: np.ndarray, none: np.ndarray) -> np.ndarray:
    """Per row the index of the most probable theme, or -1 when 'geen thema' is at least as probable."""
    if not themes.shape[1]:
        return np.full(len(themes), -1)
    return np.where(themes.max(axis=1) > none, themes.argmax(axis=1), -1)
