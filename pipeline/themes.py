"""Theme scoring: which lessons/principles of a framework a segment speaks about, with evidence.

`ThemeScorer` builds a weighted lemma profile per theme from the framework (terms, supporting
terms, phrases, description, examples) and optional labelled examples. A segment's score for a theme
is the weighted sum of the profile features it contains (exact lemma, part of a Dutch compound, or a
phrase whose words occur close together; a phrase inside a longer matched phrase counts once),
damped for long texts, optionally enriched with the neighbouring sentences and with word vectors,
and squashed to 0-1. A theme is assigned above the threshold only with evidence of its own: a term
or phrase of the theme, or (above `support_only_threshold`) many supporting words. Every assignment
lists the matched words and phrases as evidence. Everything is deterministic.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.language import Language
from wordfreq import zipf_frequency

from pipeline.framework import Framework, load_framework

SCORE_COLUMNS = ["seg_id", "theme_id", "score", "assigned", "evidence", "framework_version"]
PHRASE_PREFIX = "frase:"
MIN_COMPOUND_PART = 4
SEPARABLE_PARTICLES = ("samen", "terug", "kennis", "binnen", "tegen", "open", "door", "over", "vast", "weg",
                       "los", "uit", "aan", "mee", "toe", "bij", "voor", "rond", "op", "af", "in", "na", "om")
PART_SPECIFICITY = 0.4
COMMON_PHRASE_SPECIFICITY = 0.5
# stressed and unstressed pronouns are one key, so 'waar wij voor staan' matches 'waar we voor staan'
PRONOUN_FORMS = {"wij": "we", "zij": "ze", "jij": "je", "mij": "me", "jou": "je", "jullie": "jullie"}
DIAERESIS = str.maketrans("ïëöüä", "ieoua")
ARTICLES = frozenset({"de", "het", "een", "'t", "'n"})


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
        builder = ProfileBuilder(lemmatise, alternative=make_lemmatiser(None) if nlp is not None else None)
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


# -- lemma keys and matching -------------------------------------------------------------------------
@functools.lru_cache(maxsize=200_000)
def normalise_key(lemma: str) -> str:
    """A canonical matching key for a Dutch lemma or word form.

    Lemmatisers differ (lookup tables miss plurals and participles; UD lemmas mark compounds with
    '_'), so both profile words and segment lemmas are reduced with the same light rules.
    """
    word = lemma.lower().replace("_", "").strip("'’-")
    if word in PRONOUN_FORMS:
        return PRONOUN_FORMS[word]
    word = word.translate(DIAERESIS)
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif len(word) >= 6 and word.startswith("ge") and word.endswith(("d", "t")) \
            and not word.endswith(("heid", "teit", "ied", "cht", "ent", "aat")):
        word = word[2:-1]
    elif len(word) >= 5 and word.endswith("en") and word[-3] not in "aeiou":
        word = undo_spelling(word[:-2])
    elif len(word) >= 6 and word.endswith("e") and word[-2] not in "aeiouy":
        # 'kernwaarde(n)' -> 'kernwaard'; inflected adjectives: 'narratieve' -> 'narratief', 'sociale' -> 'sociaal'
        word = undo_spelling(word[:-1])

    elif len(word) >= 5 and word.endswith("s") and word.endswith(("ers", "els", "ems", "ies", "jes", "ams", "ops")):
        word = word[:-1]
    return collapse_final_syllable(word)


def collapse_final_syllable(word: str) -> str:
    """One spelling for the last syllable of a long word: 'leervraag' and 'leervrag' -> 'leervrag'.

    Trained lemmatisers strip '-en' from unseen compounds without respelling ('leervragen' ->
    'leervrag', 'leergemeenschappen' -> 'leergemeenschapp'); short words are left alone because
    there the vowel length tells words apart ('kop', 'koop')."""
    if len(word) < 6 or " " in word:
        return word
    word = re.sub(r"(aa|ee|oo|uu)([^aeiouy]+)$", lambda m: m.group(1)[0] + m.group(2), word)
    if word[-1] == word[-2] and word[-1] not in "aeiouy":
        word = word[:-1]
    return word


def same_word(base: str, key: str) -> bool:
    """Whether a lemmatiser's reading `key` of a term is a form of the term `base` and not another word.

    Out of context a lemmatiser picks readings like 'vroeg' -> 'vragen' or 'borgen' -> 'bergen';
    such a reading would make every 'vraag' count for 'vroeg' (early). A form of the term keeps its
    first letters once a participle's 'ge-' is removed ('gespannen' -> 'spannen')."""
    def stem(word: str) -> str:
        return word[2:] if word.startswith("ge") and len(word) > 5 else word
    a, b = stem(base), stem(key)
    n = min(3, len(a), len(b))
    return a[:n] == b[:n]


def split_separable(word: str) -> tuple[str, str] | None:
    """A separable verb as the two keys it has in a main clause: 'uitwisselen' -> ('wissel', 'uit')."""
    if " " in word or not word.endswith("en"):
        return None
    for particle in SEPARABLE_PARTICLES:
        rest = word[len(particle):]
        if word.startswith(particle) and len(rest) >= 5:
            return normalise_key(rest), particle
    return None


def undo_spelling(stem: str) -> str:
    """Dutch stem spelling after removing -en: 'grenz' -> 'grens', 'vrag' -> 'vraag', 'kenniss' -> 'kennis'."""
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou":
        return stem[:-1]
    if stem.endswith("z"):
        stem = stem[:-1] + "s"
    elif stem.endswith("v"):
        stem = stem[:-1] + "f"
    one_syllable = len(re.findall(r"[aeiouy]+", stem)) == 1
    if len(stem) >= 3 and stem[-1] not in "aeiouj" and stem[-2] in "aeou" and stem[-3] not in "aeiou":
        # an open syllable was written with one vowel: 'vrag' -> 'vraag', 'inkop' -> 'inkoop'; a final
        # unstressed e before l, r or n stays ('luister', 'wissel')
        if one_syllable or stem[-2] in "aou" or stem[-1] not in "lrn":
            stem = stem[:-1] + stem[-2] + stem[-1]
    return stem


def compound_columns(key: str, vocabulary: dict[str, int]) -> list[int]:
    """Framework terms that form the head or the first part of the compound `key` ('buurthuis' -> buurt, huis).

    A whole word that is itself in the vocabulary (including the neutral terms) is never split."""
    cols = []
    for end in range(MIN_COMPOUND_PART, len(key) - MIN_COMPOUND_PART + 1):
        head, tail = collapse_final_syllable(key[:end]), key[end:]
        if head in vocabulary:
            cols.append(vocabulary[head])
        elif head.endswith("s") and head[:-1] in vocabulary and len(head) > MIN_COMPOUND_PART:
            cols.append(vocabulary[head[:-1]])
        if tail in vocabulary:
            cols.append(vocabulary[tail])
    return sorted(set(cols))


def phrase_occurs(content: tuple[str, ...], keys: Sequence[str]) -> bool:
    """True when all content words of a phrase occur within a small window of `keys`."""
    window = phrase_window(content)
    positions = [i for i, key in enumerate(keys) if key == content[0]]
    rest = set(content[1:])
    for start in positions:
        lo, hi = max(0, start - window), start + window + 1
        if rest <= set(keys[lo:hi]):
            return True
    return False


@functools.lru_cache(maxsize=20_000)
def phrase_window(content: tuple[str, ...]) -> int:
    """How far apart the words of a phrase may stand. A phrase of only everyday words ('binnen kunnen
    lopen', 'in de buurt zijn') must stand almost as written; spread over a sentence those words mean
    something else ('binnen twee dagen ... een lopende aanvraag')."""
    if max(word_specificity(word) for word in content) < COMMON_PHRASE_SPECIFICITY:
        return len(content)
    return 2 * len(content) + 2


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


# -- profiles --------------------------------------------------------------------------------------
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
                if not same_word(base, key):
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


def word_specificity(word: str) -> float:
    """1 for rare words and phrases, down to 0.1 for very common Dutch words (wordfreq Zipf scale)."""
    if not word:
        return 1.0
    # wordfreq splits 'niet-weten' into two common words; the hyphenated compound itself is rare
    return float(np.clip((7.0 - zipf_frequency(word.replace("-", ""), "nl")) / 3.0, 0.1, 1.0))


def is_content(lemma: str) -> bool:
    return lemma not in STOP_WORDS and any(ch.isalpha() for ch in lemma)


def parse_theme_list(value) -> list[str]:
    """'L1; P3' or ['L1', 'P3'] -> ['L1', 'P3']; empty or NaN -> []."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    items = value if isinstance(value, (list, tuple, np.ndarray)) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


@functools.lru_cache(maxsize=1)
def lookup_pipeline() -> Language:
    from pipeline.nlp import build_blank_dutch_pipeline

    return build_blank_dutch_pipeline()


def make_lemmatiser(nlp: Language | None):
    """text -> lower-cased lemmas of its non-punctuation tokens, using `nlp` or the lookup pipeline."""
    pipeline = nlp if nlp is not None else lookup_pipeline()

    @functools.lru_cache(maxsize=4096)
    def pairs(text: str) -> tuple[tuple[str, str], ...]:
        doc = pipeline(text)
        return tuple((t.text.lower(), (t.lemma_ or t.text).lower()) for t in doc if not (t.is_punct or t.is_space))

    def lemmatise(text: str) -> tuple[str, ...]:
        return tuple(lemma for _, lemma in pairs(text))

    lemmatise.pairs = pairs
    return lemmatise


def checked_lemmas(lemmatise, text: str) -> list[str]:
    """Lemmas of running text, but the word itself where the lemma is another word ('vroeg' -> 'vragen')."""
    pairs = getattr(lemmatise, "pairs", None)
    if pairs is None:
        return list(lemmatise(text))
    return [lemma if same_word(normalise_key(word), normalise_key(lemma)) else word for word, lemma in pairs(text)]


# -- word vectors (only when the spaCy pipeline has them) ---------------------------------------------
class ThemeVectors:
    """Unit-length theme centroids in the vector space of a spaCy vocab."""

    def __init__(self, vocab, centroids: np.ndarray):
        self.vocab = vocab
        self.centroids = centroids


def theme_vectors(nlp: Language | None, builder: ProfileBuilder, weights: np.ndarray) -> ThemeVectors | None:
    """Weighted mean vector of each theme's profile words; None when the pipeline has no vectors."""
    if nlp is None or not nlp.vocab.vectors.shape[0]:
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
