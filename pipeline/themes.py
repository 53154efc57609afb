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
the learned part in `pipeline.theme_examples`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.language import Language

from pipeline.framework import Framework, load_framework
from pipeline.sentence_vectors import load_sentence_encoder, pool_vectors
from pipeline.theme_examples import (LEARNED_EVIDENCE, ExampleClassifier, VectorClassifier, check_labels,
                                     example_keys, example_rows_from_frame, fit_example_classifier,
                                     fit_vector_classifier, read_example_rows, text_key)
from pipeline.theme_lexicon import (compound_columns, framework_texts, is_content, make_lemmatiser,  # noqa: F401
                                    normalise_key, phrase_occurs, word_specificity)
from pipeline.theme_profiles import ProfileBuilder, theme_vectors, vector_similarity

# Sentence vectors cost about as much time per word as tagging, so they are computed only where they can
# matter: a lexical score of at least VECTOR_MIN_SCORE, or a word classifier that gives 'geen thema' less
# than VECTOR_MAX_NONE. Measured: the same figures on all ten labelled sets as without the gate, and 19 % of
# statute sentences encoded instead of 56 %.
SENTENCE_VECTOR_WEIGHT = 0.5  # the setting themes.sentence_vectors switches between this and 0
VECTOR_MIN_SCORE = 0.3
VECTOR_MAX_NONE = 0.25
MEANING_EVIDENCE = "betekenis van de tekst (zinsvector)"
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
        learned_words = self._learned_words(segments, own_keys, learned, assigned, meaning)
        rows = []
        for i, seg_id in enumerate(segments["seg_id"].tolist()):
            for t, theme_id in enumerate(self.theme_ids_):
                evidence = self._evidence(matches[i], t)
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
        scores, learned, own, meaning = self._add_learned(segments, near, scores)
        return scores, matches, learned, own, meaning

    def _add_learned(self, segments: pd.DataFrame, near: list[tuple[int, list[int]]], scores: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, list[list[str]], np.ndarray]:
        """The lexical `scores` shifted by the classifiers (see the module docstring), the most probable
        theme (-1: none), the segments' own keys and which segments the sentence vectors were used for."""
        own, pooled = self._learned_keys(segments, near)
        themes, none, known = self.classifier_.probabilities(pooled, self.theme_ids_)
        # 'dichtbij' as a poll answer is not a paragraph: too few words for what the classifier learned
        known &= np.array([len(keys) >= self.learned_min_words for keys in pooled], dtype=bool)
        meaning = np.zeros(len(scores), dtype=bool)
        if getattr(self, "sentence_classifier_", None) is not None and "text" in segments.columns:
            # meaning only where the words already point at the framework: vectors cost time per word
            meaning = known & ((scores.max(axis=1) >= VECTOR_MIN_SCORE) | (none < VECTOR_MAX_NONE))
            themes, none = self._mix_sentence_vectors(segments, near, themes, none, np.flatnonzero(meaning))
        top = np.maximum(themes.max(axis=1), none)[:, None]
        # each probability counts by its share of the most probable label, so the label the classifier
        # prefers counts fully and the others less; a text without a word it knows is left alone
        shift = (self.learned_weight * themes * themes - self.none_weight * (none * none)[:, None]) / top
        scores = np.clip(scores + np.where(known[:, None], shift, 0.0), 0.0, 1.0)
        learned = np.where(known, most_probable(themes, none), -1)
        if pooled is not own:  # a sentence's own words must point the same way as its paragraph
            own_themes, own_none, own_known = self.classifier_.probabilities(own, self.theme_ids_)
            learned = np.where(own_known & (most_probable(own_themes, own_none) == learned), learned, -1)
        return scores, learned, own, meaning

    def _mix_sentence_vectors(self, segments: pd.DataFrame, near: list[tuple[int, list[int]]],
                              themes: np.ndarray, none: np.ndarray, rows: np.ndarray
                              ) -> tuple[np.ndarray, np.ndarray]:
        """The word classifier's probabilities of `rows`, mixed with the sentence-vector classifier's
        (`sentence_vector_weight`); a sentence is read with its neighbours, as for the word classifier."""
        if not len(rows):
            return themes, none
        neighbours = dict(near)
        groups = [neighbours.get(row, [row]) for row in rows]
        needed = sorted({other for group in groups for other in group})
        encoded = load_sentence_encoder().encode(segments["text"].astype(str).iloc[needed].tolist())
        position = {row: j for j, row in enumerate(needed)}
        pooled = pool_vectors(encoded, [[position[other] for other in group] for group in groups])
        vector_themes, vector_none = self.sentence_classifier_.probabilities(pooled, self.theme_ids_)
        w = self.sentence_vector_weight
        themes, none = themes.copy(), none.copy()
        themes[rows] = (1 - w) * themes[rows] + w * vector_themes
        none[rows] = (1 - w) * none[rows] + w * vector_none
        return themes, none

    @staticmethod
    def _learned_keys(segments: pd.DataFrame, near: list[tuple[int, list[int]]]
                      ) -> tuple[list[list[str]], list[list[str]]]:
        """Keys per segment for the classifier: its own, and pooled with the sentences around it (`near`,
        see neighbour_rows), since the classifier learned from paragraphs (the same list without neighbours)."""
        own = [example_keys(lemmas) for lemmas in segments["lemmas"]]
        if not near:
            return own, own
        pooled = list(own)
        for row, rows in near:
            pooled[row] = [key for other in rows for key in own[other]]
        return own, pooled

    def _learned_words(self, segments: pd.DataFrame, own_keys: list[list[str]] | None, learned: np.ndarray,
                       assigned: list[set[str]], meaning: np.ndarray) -> list[str]:
        """Per segment 'uit voorbeelden: ...': the words of the segment itself that made the classifier pick
        the theme it assigned, as the lemmas in the text (not matching keys); '' elsewhere."""
        result = [""] * len(learned)
        picked = [i for i, t in enumerate(learned) if t >= 0 and self.theme_ids_[t] in assigned[i]]
        if own_keys is None or not picked:
            return result
        words = self.classifier_.top_words([own_keys[i] for i in picked], [self.theme_ids_[learned[i]] for i in picked])
        for i, keys in zip(picked, words):
            readable: dict[str, str] = {}
            for lemma in segments["lemmas"].iloc[i]:
                if is_content(lemma):
                    readable.setdefault(normalise_key(lemma), lemma)
            if keys:
                result[i] = LEARNED_EVIDENCE + ", ".join(readable.get(key, key) for key in keys)
            elif meaning[i]:  # the meaning of the text, not a word, decided
                result[i] = LEARNED_EVIDENCE + MEANING_EVIDENCE
        return result

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

    def _evidence(self, found: dict[int, float], t: int) -> str:
        contributions = [(self.weights_[t, col] * value, col) for col, value in found.items()
                         if self.weights_[t, col] > 0]
        contributions.sort(key=lambda item: (-item[0], item[1]))
        return "; ".join(self.feature_labels_[col] for _, col in contributions[: self.max_evidence])


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


def short_answer_factor(segments: pd.DataFrame, lemma_lists: list[list[str]], matches: list[dict[int, float]],
                        core: np.ndarray, max_words: int) -> np.ndarray:
    """2 for a theme whose own term or phrase stands in a short answer (at most `max_words` content words,
    'ontmoeting', 'samen leren', 'co-creatie'), else 1: such an answer names the theme, while one term in a
    sentence or paragraph is weak evidence."""
    factor = np.ones((len(lemma_lists), core.shape[0]))
    if max_words < 1 or "kind" not in segments.columns:
        return factor
    for i, kind in enumerate(segments["kind"].tolist()):
        if kind == "answer" and matches[i] and sum(map(is_content, lemma_lists[i])) <= max_words:
            cols = list(matches[i])
            factor[i] += core[:, cols].any(axis=1)
    return factor


def length_factor(lemmas: Sequence[str], reference_length: int, power: float) -> float:
    """BM25-like damping: long texts collect matches by chance, so divide by (length/ref)^power."""
    n_content = sum(1 for lemma in lemmas if lemma not in STOP_WORDS)
    return max(1.0, n_content / reference_length) ** power


def context_sum(near: list[tuple[int, list[int]]], raw: np.ndarray) -> np.ndarray:
    """Mean raw score of the neighbouring segments of the same document (`near`: see neighbour_rows)."""
    context = np.zeros_like(raw)
    for row, rows in near:
        context[row] = raw[[other for other in rows if other != row]].mean(axis=0)
    return context


def most_probable(themes: np.ndarray, none: np.ndarray) -> np.ndarray:
    """Per row the index of the most probable theme, or -1 when 'geen thema' is at least as probable."""
    if not themes.shape[1]:
        return np.full(len(themes), -1)
    return np.where(themes.max(axis=1) > none, themes.argmax(axis=1), -1)


def neighbour_rows(segments: pd.DataFrame, window: int) -> list[tuple[int, list[int]]]:
    """(row, rows within `window` sentences in the same document, itself included) for every segment that
    has neighbours; none without the columns doc_id and n. Sorted once: linear in the number of segments."""
    if window < 1 or not {"doc_id", "n"} <= set(segments.columns) or not len(segments):
        return []
    frame = pd.DataFrame({"doc_id": segments["doc_id"].to_numpy(), "n": segments["n"].to_numpy(),
                          "row": np.arange(len(segments))}).sort_values(["doc_id", "n"], kind="stable")
    docs, ns, rows = frame["doc_id"].to_numpy(), frame["n"].to_numpy(), frame["row"].to_numpy()
    result = []
    for j in range(len(rows)):
        lo, hi = j, j
        while lo > 0 and docs[lo - 1] == docs[j] and ns[j] - ns[lo - 1] <= window:
            lo -= 1
        while hi + 1 < len(rows) and docs[hi + 1] == docs[j] and ns[hi + 1] - ns[j] <= window:
            hi += 1
        if hi > lo:
            result.append((int(rows[j]), [int(r) for r in rows[lo:hi + 1]]))
    return sorted(result)
