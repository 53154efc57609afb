"""Theme scoring: which lessons/principles of a framework a segment speaks about, with evidence.

`ThemeScorer` builds a weighted lemma profile per theme from the framework (terms, supporting
terms, phrases, description, examples) and optional labelled examples. A segment's score for a theme
is the weighted sum of the profile features it contains (exact lemma, part of a Dutch compound, or a
phrase whose words occur close together; a phrase inside a longer matched phrase counts once),
damped for long texts, optionally enriched with the neighbouring sentences and with word vectors,
and squashed to 0-1. A theme is assigned above the threshold only with evidence of its own: a term
or phrase of the theme, or (above `support_only_threshold`) many supporting words. Every assignment
lists the matched words and phrases as evidence. Everything is deterministic.

Lemma keys and matching live in `pipeline.theme_lexicon`, profile building in `pipeline.theme_profiles`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.language import Language

from pipeline.framework import Framework, load_framework
from pipeline.theme_lexicon import (compound_columns, framework_texts, is_content, make_lemmatiser,  # noqa: F401
                                    normalise_key, phrase_occurs, word_specificity)
from pipeline.theme_profiles import ProfileBuilder, parse_theme_list, theme_vectors, vector_similarity  # noqa: F401

SCORE_COLUMNS = ["seg_id", "theme_id", "score", "assigned", "evidence", "framework_version"]


class ThemeScorer(BaseEstimator):
    """Score segments against the themes of a framework (scikit-learn style estimator).

    Parameters are only stored here; `fit(framework, examples=None, nlp=None)` builds the profiles.
    """

    def __init__(self, *, threshold: float = 0.4, max_themes: int = 2, relative_threshold: float = 0.9,
                 scale: float = 2.0, length_norm: float = 0.8, reference_length: int = 20,
                 context_weight: float = 0.4, context_window: int = 1, phrase_weight: float = 1.5,
                 description_weight: float = 0.35, example_weight: float = 0.3, label_weight: float = 0.5,
                 compound_weight: float = 0.6, support_weight: float = 0.4, support_only_threshold: float = 0.5,
                 use_vectors: bool = True, vector_weight: float = 1.0, max_evidence: int = 8):
        self.threshold = threshold
        self.max_themes = max_themes
        self.relative_threshold = relative_threshold
        self.scale = scale
        self.length_norm = length_norm
        self.reference_length = reference_length
        self.context_weight = context_weight
        self.context_window = context_window
        self.phrase_weight = phrase_weight
        self.description_weight = description_weight
        self.example_weight = example_weight
        self.label_weight = label_weight
        self.compound_weight = compound_weight
        self.support_weight = support_weight
        self.support_only_threshold = support_only_threshold
        self.use_vectors = use_vectors
        self.vector_weight = vector_weight
        self.max_evidence = max_evidence

    # -- learning -------------------------------------------------------------------------------
    def fit(self, framework: Framework | str | Path, examples: pd.DataFrame | None = None, *,
            nlp: Language | None = None) -> ThemeScorer:
        """Learn theme profiles from `framework` and optional labelled `examples` (text/lemmas, themes)."""
        if not isinstance(framework, Framework):
            framework = load_framework(framework)
        lemmatise = make_lemmatiser(nlp)
        # a trained lemmatiser sees a term without its sentence; the lookup lemmas add the other readings
        alternative = make_lemmatiser(None) if nlp is not None else None
        for lemmatiser in filter(None, (lemmatise, alternative)):
            lemmatiser.prefetch(framework_texts(framework))
        builder = ProfileBuilder(lemmatise, alternative=alternative)
        for row, theme in enumerate(framework.themes):
            builder.add_theme(row, theme, phrase_weight=self.phrase_weight, support_weight=self.support_weight,
                              description_weight=self.description_weight, example_weight=self.example_weight)
        builder.add_neutral(framework.neutral_terms)
        if examples is not None and len(examples):
            builder.add_labelled(examples, [t.id for t in framework.themes], weight=self.label_weight)
        self.framework_ = framework
        self.theme_ids_ = [t.id for t in framework.themes]
        self.framework_version_ = f"{framework.name} {framework.version}"
        self.feature_labels_ = builder.labels
        self.vocabulary_ = builder.index
        self.compound_parts_ = builder.compound_parts
        self.phrases_ = builder.phrases
        self.weights_ = builder.effective_weights(len(framework.themes))
        self.core_ = builder.core_mask(len(framework.themes))
        self.vectors_ = theme_vectors(nlp, builder, self.weights_) if self.use_vectors else None
        self._compound_cache: dict[str, list[int]] = {}
        return self

    # -- scoring --------------------------------------------------------------------------------
    def transform(self, segments: pd.DataFrame) -> np.ndarray:
        """Scores (n_segments x n_themes) between 0 and 1."""
        return self._score(segments)[0]

    def predict(self, segments: pd.DataFrame) -> list[list[str]]:
        """Assigned theme ids per segment, best first; an empty list means 'geen thema'."""
        scores, matches = self._score(segments)
        return [self._assign(scores[i], matches[i]) for i in range(len(scores))]

    def score_segments(self, segments: pd.DataFrame) -> pd.DataFrame:
        """Long table: seg_id, theme_id, score, assigned, evidence, framework_version."""
        scores, matches = self._score(segments)
        rows = []
        for i, seg_id in enumerate(segments["seg_id"].tolist()):
            assigned = set(self._assign(scores[i], matches[i]))
            for t, theme_id in enumerate(self.theme_ids_):
                rows.append({"seg_id": seg_id, "theme_id": theme_id, "score": round(float(scores[i, t]), 4),
                             "assigned": theme_id in assigned, "evidence": self._evidence(matches[i], t),
                             "framework_version": self.framework_version_})
        return pd.DataFrame(rows, columns=SCORE_COLUMNS)

    def _score(self, segments: pd.DataFrame) -> tuple[np.ndarray, list[dict[int, float]]]:
        lemma_lists = [list(lemmas) for lemmas in segments["lemmas"]]
        matches = [self._match(lemmas) for lemmas in lemma_lists]
        raw = np.zeros((len(matches), len(self.theme_ids_)))
        for i, found in enumerate(matches):
            if found:
                cols = np.fromiter(found, dtype=int)
                raw[i] = self.weights_[:, cols] @ np.fromiter(found.values(), dtype=float)
            raw[i] /= length_factor(lemma_lists[i], self.reference_length, self.length_norm)
        raw = raw + self.context_weight * context_sum(segments, raw, self.context_window)
        if self.vectors_ is not None:  # a boost for themes with lexical evidence, never a theme on its own
            raw = raw + self.vector_weight * vector_similarity(lemma_lists, self.vectors_) * np.minimum(raw, 1.0)
        return 1.0 - np.exp(-raw / self.scale), matches

    def _match(self, lemmas: Sequence[str]) -> dict[int, float]:
        """Features found in one segment: column -> strength (sublinear count x match quality)."""
        keys = [normalise_key(lemma) for lemma in lemmas]
        strength: dict[int, float] = {}
        counts: Counter[int] = Counter()
        for key in keys:
            for col, quality in self._unigram_columns(key):
                strength[col] = max(strength.get(col, 0.0), quality)
                counts[col] += 1
        present = set(keys)
        matched = {col: set(content) for col, content in self.phrases_
                   if present.issuperset(content) and phrase_occurs(content, keys)}
        for col, words in matched.items():
            # 'wat werkt' inside 'wat werkt en wat niet' is one piece of evidence, not two
            if not any(words < other for other in matched.values()):
                strength[col] = 1.0
                counts[col] += 1
        return {col: strength[col] * (1.0 + math.log(counts[col])) for col in sorted(strength)}

    def _unigram_columns(self, key: str) -> list[tuple[int, float]]:
        if key in self.vocabulary_:
            return [(self.vocabulary_[key], 1.0)]
        if not hasattr(self, "_compound_cache"):
            self._compound_cache = {}
        if key not in self._compound_cache:
            self._compound_cache[key] = compound_columns(key, self.compound_parts_)
        return [(col, self.compound_weight) for col in self._compound_cache[key]]

    def _assign(self, scores: np.ndarray, found: dict[int, float]) -> list[str]:
        order = sorted(range(len(scores)), key=lambda t: (-scores[t], t))
        best = scores[order[0]] if len(order) else 0.0
        chosen = [t for t in order if scores[t] >= self.threshold and scores[t] >= self.relative_threshold * best
                  and self._has_evidence(found, t, scores[t])]
        return [self.theme_ids_[t] for t in chosen[: self.max_themes]]

    def _has_evidence(self, found: dict[int, float], t: int, score: float) -> bool:
        """A term or phrase of the theme itself, or (above `support_only_threshold`) many supporting words."""
        if score >= self.support_only_threshold:
            return any(self.weights_[t, col] > 0 for col in found)
        return any(self.core_[t, col] and self.weights_[t, col] > 0 for col in found)

    def _evidence(self, found: dict[int, float], t: int) -> str:
        contributions = [(self.weights_[t, col] * value, col) for col, value in found.items()
                         if self.weights_[t, col] > 0]
        contributions.sort(key=lambda item: (-item[0], item[1]))
        return "; ".join(self.feature_labels_[col] for _, col in contributions[: self.max_evidence])


def assign_themes(segments: pd.DataFrame, *, framework: Framework | str | Path, threshold: float,
                  max_themes: int, nlp: Language | None = None, examples: pd.DataFrame | None = None,
                  ) -> pd.DataFrame:
    """Score `segments` (seg_id, text, lemmas) against `framework`; long table as in score_segments."""
    scorer = ThemeScorer(threshold=threshold, max_themes=max_themes).fit(framework, examples, nlp=nlp)
    return scorer.score_segments(segments)


def length_factor(lemmas: Sequence[str], reference_length: int, power: float) -> float:
    """BM25-like damping: long texts collect matches by chance, so divide by (length/ref)^power."""
    n_content = sum(1 for lemma in lemmas if lemma not in STOP_WORDS)
    return max(1.0, n_content / reference_length) ** power


def context_sum(segments: pd.DataFrame, raw: np.ndarray, window: int) -> np.ndarray:
    """Mean raw score of the neighbouring segments of the same document (sentences only)."""
    context = np.zeros_like(raw)
    if window < 1 or not {"doc_id", "n"} <= set(segments.columns) or not len(raw):
        return context
    frame = pd.DataFrame({"doc_id": segments["doc_id"].to_numpy(), "n": segments["n"].to_numpy(),
                          "row": np.arange(len(segments))})
    for _, group in frame.groupby("doc_id", sort=False):
        rows, ns = group["row"].to_numpy(), group["n"].to_numpy()
        for row, n in zip(rows, ns):
            near = rows[(np.abs(ns - n) <= window) & (ns != n)]
            if len(near):
                context[row] = raw[near].mean(axis=0)
    return context
