"""Theme scoring: which lessons/principles of a framework a segment speaks about, with evidence.

`ThemeScorer` builds a weighted lemma profile per theme from the framework (terms, supporting
terms, phrases, description, examples) and optional labelled examples. A segment's score for a theme
is the weighted sum of the profile features it contains (exact lemma, part of a Dutch compound, or a
phrase whose words occur close together; a phrase inside a longer matched phrase counts once),
damped for long texts (and doubled for a theme whose own term or phrase stands in a short answer),
optionally enriched with the neighbouring sentences and with word vectors,
and squashed to 0-1. When the framework names labelled paragraphs (or examples are given), a classifier
learned from them (`pipeline.theme_examples`) adds `learned_weight` x its probability for the theme and
subtracts `none_weight` x its probability of 'geen thema', each multiplied by its share of the most probable
label (the label the classifier prefers counts fully, the others less); the result is clipped to 0-1. Its
probabilities are those of the word classifier mixed (`sentence_vector_weight`) with those of a classifier
on sentence vectors (`pipeline.sentence_vectors`), which also recognises texts that say what the examples say
in other words (a text still needs words the word classifier knows); the vectors are only computed for texts
whose words already point at the framework. A
text without any word the classifier knows, or with fewer than `learned_min_words` content words (a sentence
counted with its neighbours), keeps its lexical score: the classifier learned from paragraphs. A theme is
assigned above the threshold only with evidence of its own: a term or phrase of the theme, many supporting
words (above `support_only_threshold`), or being the classifier's most probable label (for a sentence: both read alone
and read with its neighbours). The evidence lists the matched words and phrases and, for the classifier's
pick, the words of the segment that pointed to it ('uit voorbeelden: ...'). Everything is deterministic.

Lemma keys and matching live in `pipeline.theme_lexicon`, profile building in `pipeline.theme_profiles`,
the classifiers in `pipeline.theme_examples` and how they shift the scores in `pipeline.theme_learned`, the
length, short-answer and neighbour factors in `pipeline.theme_weighting`, the evidence text in
`pipeline.theme_evidence`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from spacy.language import Language

from pipeline.framework import Framework, load_framework
from pipeline.sentence_vectors import load_sentence_encoder
from pipeline.theme_evidence import learned_evidence, lexical_evidence
from pipeline.theme_examples import (ExampleClassifier, VectorClassifier, check_labels, example_rows_from_frame,
                                     fit_example_classifier, fit_vector_classifier, read_example_rows, text_key)
from pipeline.theme_learned import add_learned
from pipeline.theme_lexicon import compound_columns, framework_texts, make_lemmatiser, normalise_key, phrase_occurs
from pipeline.theme_profiles import ProfileBuilder, theme_vectors, vector_similarity
from pipeline.theme_weighting import context_sum, length_factor, neighbour_rows, short_answer_factor

SENTENCE_VECTOR_WEIGHT = 0.5  # the setting themes.sentence_vectors switches between this and 0
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
                 use_vectors: bool = True, vector_weight: float = 1.0, use_examples: bool = True,
                 learned_weight: float = 0.5, none_weight: float = 1.0, learned_c: float = 2.0,
                 learned_min_words: int = 4, sentence_vector_weight: float = SENTENCE_VECTOR_WEIGHT,
                 sentence_vector_c: float = 4.0, short_answer_words: int = 3, max_evidence: int = 8):
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
        self.use_examples = use_examples
        self.learned_weight = learned_weight
        self.none_weight = none_weight
        self.learned_c = learned_c
        self.learned_min_words = learned_min_words
        self.sentence_vector_weight = sentence_vector_weight
        self.sentence_vector_c = sentence_vector_c
        self.short_answer_words = short_answer_words
        self.max_evidence = max_evidence

    # -- learning -------------------------------------------------------------------------------
    def fit(self, framework: Framework | str | Path, examples: pd.DataFrame | None = None, *,
            nlp: Language | None = None, exclude_texts: Sequence[str] = ()) -> ThemeScorer:
        """Learn theme profiles from `framework` and optional labelled `examples` (text/lemmas, themes).

        The classifier learns from the framework's labelled paragraphs plus `examples`, without the
        paragraphs whose text is in `exclude_texts` (so an evaluation set is never scored by a model that
        saw it)."""
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
        excluded = {text_key(text) for text in exclude_texts}
        if examples is not None and len(examples):
            kept = examples[[text_key(text) not in excluded for text in examples["text"]]] \
                if excluded and "text" in examples.columns else examples
            builder.add_labelled(kept, [t.id for t in framework.themes], weight=self.label_weight)
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
        self.classifier_, self.sentence_classifier_, self.n_excluded_ = self._fit_classifier(
            framework, examples, excluded)
        self._compound_cache: dict[str, list[int]] = {}
        return self

    def _fit_classifier(self, framework: Framework, examples: pd.DataFrame | None, excluded: set[str]
                        ) -> tuple[ExampleClassifier | None, VectorClassifier | None, int]:
        """The word classifier and the sentence-vector classifier (None without two labels, or without
        the encoder or `sentence_vector_weight`), and how many of the `excluded` texts (see text_key) were
        among the labelled paragraphs and examples, and so left out."""
        if not self.use_examples:
            return None, None, 0
        theme_ids = framework.theme_ids
        rows = read_example_rows(framework.example_files, theme_ids=theme_ids)
        if examples is not None and len(examples):
            given = example_rows_from_frame(examples)
            check_labels(given, theme_ids, where="de correcties",
                         remedy="Pas de thema's in het correctiebestand aan (ids van het kader van deze run).")
            rows += given
        n_excluded = len(excluded & {text_key(text) for text, _, _ in rows})
        encoder = load_sentence_encoder() if self.sentence_vector_weight > 0 else None
        vector_classifier = fit_vector_classifier(rows, encoder, C=self.sentence_vector_c, exclude_texts=excluded)
        return fit_example_classifier(rows, C=self.learned_c, exclude_texts=excluded), vector_classifier, n_excluded

    # -- scoring --------------------------------------------------------------------------------
    def transform(self, segments: pd.DataFrame) -> np.ndarray:
        """Scores (n_segments x n_themes) between 0 and 1."""
        return self._score(segments)[0]

    def predict(self, segments: pd.DataFrame) -> list[list[str]]:
        """Assigned theme ids per segment, best first; an empty list means 'geen thema'."""
        scores, matches, learned, *_ = self._score(segments)
        return [self._assign(scores[i], matches[i], learned[i]) for i in range(len(scores))]

    def score_segments(self, segments: pd.DataFrame) -> pd.DataFrame:
        """Long table: seg_id, theme_id, score, assigned, evidence, framework_version."""
        scores, matches, learned, own_keys, meaning = self._score(segments)
        assigned = [set(self._assign(scores[i], matches[i], learned[i])) for i in range(len(scores))]
        learned_words = learned_evidence(segments, own_keys, learned, assigned, meaning,
                                         classifier=getattr(self, "classifier_", None), theme_ids=self.theme_ids_)
        rows = []
        for i, seg_id in enumerate(segments["seg_id"].tolist()):
            for t, theme_id in enumerate(self.theme_ids_):
                evidence = lexical_evidence(matches[i], t, weights=self.weights_, labels=self.feature_labels_,
                                            max_evidence=self.max_evidence)
                if t == learned[i] and learned_words[i]:
                    evidence = f"{evidence}; {learned_words[i]}" if evidence else learned_words[i]
                rows.append({"seg_id": seg_id, "theme_id": theme_id, "score": round(float(scores[i, t]), 4),
                             "assigned": theme_id in assigned[i], "evidence": evidence,
                             "framework_version": self.framework_version_})
        return pd.DataFrame(rows, columns=SCORE_COLUMNS)

    def _score(self, segments: pd.DataFrame) -> tuple[np.ndarray, list[dict[int, float]], np.ndarray,
                                                      list[list[str]] | None, np.ndarray]:
        """Scores (0-1), lexical matches per segment, the classifier's most probable theme (-1: none or no
        classifier), the segments' own classifier keys (None without classifier) and which segments the
        sentence vectors were used for."""
        lemma_lists = [list(lemmas) for lemmas in segments["lemmas"]]
        matches = [self._match(lemmas) for lemmas in lemma_lists]
        raw = np.zeros((len(matches), len(self.theme_ids_)))
        for i, found in enumerate(matches):
            if found:
                cols = np.fromiter(found, dtype=int)
                raw[i] = self.weights_[:, cols] @ np.fromiter(found.values(), dtype=float)
            raw[i] /= length_factor(lemma_lists[i], self.reference_length, self.length_norm)
        raw = raw * short_answer_factor(segments, lemma_lists, matches, self.core_, self.short_answer_words)
        near = neighbour_rows(segments, self.context_window)
        raw = raw + self.context_weight * context_sum(near, raw)
        if self.vectors_ is not None:  # a boost for themes with lexical evidence, never a theme on its own
            raw = raw + self.vector_weight * vector_similarity(lemma_lists, self.vectors_) * np.minimum(raw, 1.0)
        scores = 1.0 - np.exp(-raw / self.scale)
        meaning = np.zeros(len(scores), dtype=bool)
        if getattr(self, "classifier_", None) is None or not len(scores):
            return scores, matches, np.full(len(scores), -1), None, meaning
        scores, learned, own, meaning = add_learned(
            segments, near, scores, classifier=self.classifier_,
            sentence_classifier=getattr(self, "sentence_classifier_", None), theme_ids=self.theme_ids_,
            min_words=self.learned_min_words, learned_weight=self.learned_weight, none_weight=self.none_weight,
            sentence_vector_weight=self.sentence_vector_weight)
        return scores, matches, learned, own, meaning

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

    def _assign(self, scores: np.ndarray, found: dict[int, float], learned: int = -1) -> list[str]:
        order = sorted(range(len(scores)), key=lambda t: (-scores[t], t))
        best = scores[order[0]] if len(order) else 0.0
        chosen = [t for t in order if scores[t] >= self.threshold and scores[t] >= self.relative_threshold * best
                  and (t == learned or self._has_evidence(found, t, scores[t]))]
        return [self.theme_ids_[t] for t in chosen[: self.max_themes]]

    def _has_evidence(self, found: dict[int, float], t: int, score: float) -> bool:
        """A term or phrase of the theme itself, or (above `support_only_threshold`) many supporting words."""
        if score >= self.support_only_threshold:
            return any(self.weights_[t, col] > 0 for col in found)
        return any(self.core_[t, col] and self.weights_[t, col] > 0 for col in found)


def assign_themes(segments: pd.DataFrame, *, framework: Framework | str | Path, threshold: float,
                  max_themes: int, sentence_vectors: bool, nlp: Language | None = None,
                  examples: pd.DataFrame | None = None) -> pd.DataFrame:
    """Score `segments` (seg_id, text, lemmas) against `framework`; long table as in score_segments."""
    scorer = make_scorer(threshold=threshold, max_themes=max_themes, sentence_vectors=sentence_vectors)
    return scorer.fit(framework, examples, nlp=nlp).score_segments(segments)


def unassign_non_answers(scores: pd.DataFrame, segments: pd.DataFrame, *, non_answers: Iterable[str]) -> pd.DataFrame:
    """No theme for an answer that is exactly a non-answer ('weet ik niet', 'geen idee', 'n.v.t.'; the list of
    themes.non_answers): its words may match a theme ('niet weten' of P2), but it says nothing about the question.
    Scores and evidence stay for inspection."""
    from pipeline.wordle_text import normalise_term

    if "kind" not in segments.columns or scores.empty:
        return scores
    empty_keys = {normalise_term(entry) for entry in non_answers}
    answers = segments[segments["kind"] == "answer"]
    empty = set(answers.loc[[normalise_term(str(text)) in empty_keys for text in answers["text"]], "seg_id"])
    return scores.assign(assigned=scores["assigned"] & ~scores["seg_id"].isin(empty))


def make_scorer(*, threshold: float, max_themes: int, sentence_vectors: bool) -> ThemeScorer:
    """An unfitted ThemeScorer with the settings a user controls (themes.threshold, themes.max_themes,
    themes.sentence_vectors); everything else at its measured defaults."""
    return ThemeScorer(threshold=threshold, max_themes=max_themes,
                       sentence_vector_weight=SENTENCE_VECTOR_WEIGHT if sentence_vectors else 0.0)
