"""Learning from labelled paragraphs: the second, learned half of the theme engine.

A framework can name CSV files of labelled paragraphs (`voorbeeldalineas:` in its YAML: columns `text`,
`themes`, empty = no theme); researchers add their own corrections. `ExampleClassifier` learns from them
which words go with each theme and with 'geen thema' (TF-IDF on the same lemma keys as the lexical
profiles, multinomial logistic regression, balanced classes). `ThemeScorer` adds its probabilities to the
lexical scores and lets the most probable theme count as evidence, so a paragraph that describes a
situation without the framework's words can still get its theme; the 'geen thema' probability lowers
every score. Training texts are lemmatised with the lookup lemmas (fast, the same for every model); the
keys (`pipeline.theme_lexicon.normalise_key`) make them meet the lemmas of a trained pipeline.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.config import ConfigError
from pipeline.readers import UnreadableInput
from pipeline.readers.tables import read_text_columns
from pipeline.theme_lexicon import is_content, make_lemmatiser, normalise_key

NO_THEME = "-"
LEARNED_EVIDENCE = "uit voorbeelden: "  # starts the part of an evidence string that the classifier gave
LABELLED_COLUMNS = ("text", "themes")
FEW_ROWS = 50


def read_labelled_paragraphs(path: str | Path) -> pd.DataFrame:
    """Read a labelled CSV (columns text, themes; ids separated by ';', empty = none) -> text, gold (lists)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Bestand met gelabelde alinea's niet gevonden: {path}.")
    try:
        frame = read_text_columns(path, candidates=list(LABELLED_COLUMNS))
    except (pd.errors.ParserError, UnreadableInput) as error:
        raise ConfigError(f"{path} is geen leesbaar CSV-bestand: {error}") from None
    missing = [column for column in LABELLED_COLUMNS if column not in frame.columns]
    if missing:
        raise ConfigError(f"{path} mist de kolom(men) {', '.join(missing)}. Verwacht: text, themes "
                          f"(gevonden: {', '.join(map(str, frame.columns))}).")
    frame = frame[frame["text"].str.strip() != ""].reset_index(drop=True)
    return pd.DataFrame({"text": frame["text"], "gold": [parse_theme_list(v) for v in frame["themes"]]})


def parse_theme_list(value) -> list[str]:
    """'L1; P3' (also 'L1, P3' or 'L1 P3') or ['L1', 'P3'] -> ['L1', 'P3']; empty or NaN -> []."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    # ids never contain separators, so 'L1, P3' and 'L1 P3' (how people also type them) mean the same
    items = value if isinstance(value, (list, tuple, np.ndarray)) else re.split(r"[;,|\s]+", str(value))
    return [str(item).strip() for item in items if str(item).strip()]


def example_keys(lemmas: Iterable[str]) -> list[str]:
    """The features of a text: matching keys of its content lemmas."""
    return [normalise_key(lemma) for lemma in lemmas if is_content(lemma)]


@functools.lru_cache(maxsize=16)
def _file_rows(path: str, sha256: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(text, keys, first theme or NO_THEME) per row of one labelled file; cached per file content.

    A row with two themes trains on its first (dominant) one: the classifier picks one label per text."""
    labelled = read_labelled_paragraphs(path)
    lemmatise = make_lemmatiser(None)
    lemmatise.prefetch(labelled["text"].tolist())
    return tuple((text, tuple(example_keys(lemmatise(text))), gold[0] if gold else NO_THEME)
                 for text, gold in zip(labelled["text"], labelled["gold"]))


def read_example_rows(paths: Sequence[str | Path], *, theme_ids: Sequence[str] | None = None,
                      ) -> list[tuple[str, tuple[str, ...], str]]:
    """Training rows (text, keys, label) of the labelled files of a framework, in file order.

    With `theme_ids`, a file that uses another id (a typo, or a set made for another framework) is a
    ConfigError that names the file and the ids."""
    rows = []
    for path in paths:
        path = Path(path).resolve()
        file_rows = _file_rows(str(path), hashlib.sha256(path.read_bytes()).hexdigest())
        check_labels(file_rows, theme_ids, where=str(path))
        rows.extend(file_rows)
    return rows


def check_labels(rows: Sequence[tuple[str, tuple[str, ...], str]], theme_ids: Sequence[str] | None, *,
                 where: str, remedy: str = "Pas de kolom themes aan of haal het bestand weg uit 'voorbeeldalineas'."
                 ) -> None:
    """Raise ConfigError when `rows` use theme ids that are not in `theme_ids` (None: no check); `remedy`
    tells the user what to do (a labelled file of the framework by default)."""
    if theme_ids is None:
        return
    unknown = sorted({label for _, _, label in rows} - set(theme_ids) - {NO_THEME})
    if unknown:
        raise ConfigError(f"De gelabelde alinea's in {where} gebruiken thema-ids die niet in het kader staan: "
                          f"{', '.join(unknown)}. Bekende ids: {', '.join(theme_ids)}. {remedy}")


def example_rows_from_frame(examples: pd.DataFrame) -> list[tuple[str, tuple[str, ...], str]]:
    """Training rows from labelled examples given to `fit` (columns themes and lemmas or text)."""
    lemmatise = make_lemmatiser(None)
    rows = []
    for item in examples.itertuples(index=False):
        lemmas = getattr(item, "lemmas", None)
        text = str(getattr(item, "text", "") or "")
        gold = parse_theme_list(item.themes)
        rows.append((text, tuple(example_keys(lemmas if lemmas is not None else lemmatise(text))),
                     gold[0] if gold else NO_THEME))
    return rows


class ExampleClassifier(BaseEstimator):
    """Which theme (or 'geen thema') a text resembles, learned from labelled paragraphs.

    `fit(key_lists, labels)` learns a TF-IDF vocabulary (words in at least `min_df` paragraphs) and a
    multinomial logistic regression with balanced class weights (regularisation `C`)."""

    def __init__(self, *, C: float = 2.0, min_df: int = 2, max_iter: int = 3000):
        self.C = C
        self.min_df = min_df
        self.max_iter = max_iter

    def fit(self, key_lists: Sequence[Sequence[str]], labels: Sequence[str]) -> ExampleClassifier:
        self.vectorizer_ = TfidfVectorizer(analyzer=list, sublinear_tf=True, min_df=self.min_df)
        features = self.vectorizer_.fit_transform(key_lists)
        self.model_ = LogisticRegression(C=self.C, max_iter=self.max_iter, class_weight="balanced")
        self.model_.fit(features, list(labels))
        self.classes_ = list(self.model_.classes_)
        self.n_rows_ = features.shape[0]
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        # one weight row per class, also for two classes (scikit-learn then keeps one row for class 1)
        coef = self.model_.coef_
        self.class_weights_ = np.vstack([-coef[0], coef[0]]) if len(self.classes_) == 2 else coef
        return self

    def probabilities(self, key_lists: Sequence[Sequence[str]], theme_ids: Sequence[str]
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(n x themes) probability per theme (0 for a theme without examples), (n,) for 'geen thema',
        and (n,) whether the text has any word the classifier knows (without one it has nothing to say)."""
        features = self.vectorizer_.transform(key_lists)
        themes, none = split_probabilities(self.model_, features, len(key_lists), theme_ids)
        return themes, none, np.diff(features.indptr) > 0

    def top_words(self, key_lists: Sequence[Sequence[str]], theme_ids: Sequence[str | None], *, n: int = 4
                  ) -> list[list[str]]:
        """Per text, the words that add most to its theme in `theme_ids` (weight x TF-IDF), strongest first
        (nothing for None or a theme without examples). One transform for all texts."""
        features = self.vectorizer_.transform(key_lists)
        result = []
        for i, theme_id in enumerate(theme_ids):
            if theme_id not in self.classes_:
                result.append([])
                continue
            weights = self.class_weights_[self.classes_.index(theme_id)]
            row = slice(features.indptr[i], features.indptr[i + 1])
            contributions = [(weights[j] * value, self.feature_names_[j])
                             for j, value in zip(features.indices[row], features.data[row]) if weights[j] > 0]
            result.append([word for _, word in sorted(contributions, key=lambda item: (-item[0], item[1]))[:n]])
        return result


class VectorClassifier(BaseEstimator):
    """Which theme (or 'geen thema') a text resembles by meaning: multinomial logistic regression with
    balanced class weights on sentence vectors (`pipeline.sentence_vectors`) of labelled paragraphs.

    It sees what a text says beyond its exact words, so a paraphrase of an example counts even when it uses
    other words; `ThemeScorer` mixes its probabilities with those of `ExampleClassifier`."""

    def __init__(self, *, C: float = 4.0, max_iter: int = 3000):
        self.C = C
        self.max_iter = max_iter

    def fit(self, vectors: np.ndarray, labels: Sequence[str]) -> VectorClassifier:
        self.model_ = LogisticRegression(C=self.C, max_iter=self.max_iter, class_weight="balanced")
        self.model_.fit(vectors, list(labels))
        self.classes_ = list(self.model_.classes_)
        self.n_rows_ = len(vectors)
        return self

    def probabilities(self, vectors: np.ndarray, theme_ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(n x themes) probability per theme (0 for a theme without examples) and (n,) for 'geen thema'."""
        return split_probabilities(self.model_, vectors, len(vectors), theme_ids)


def split_probabilities(model: LogisticRegression, features, n: int, theme_ids: Sequence[str]
                        ) -> tuple[np.ndarray, np.ndarray]:
    """The model's probabilities for `n` rows as (n x themes), 0 for a theme it never saw, and (n,) for
    'geen thema' (0 when it never saw that label)."""
    classes = list(model.classes_)
    proba = model.predict_proba(features) if n else np.zeros((0, len(classes)))
    themes = np.zeros((n, len(theme_ids)))
    for t, theme_id in enumerate(theme_ids):
        if theme_id in classes:
            themes[:, t] = proba[:, classes.index(theme_id)]
    none = proba[:, classes.index(NO_THEME)] if NO_THEME in classes else np.zeros(n)
    return themes, none


def fit_vector_classifier(rows: Sequence[tuple[str, tuple[str, ...], str]], encoder, *, C: float,
                          exclude_texts: Iterable[str] = ()) -> VectorClassifier | None:
    """As fit_example_classifier, on the sentence vectors of the rows' texts (`encoder`: SentenceEncoder)."""
    excluded = {text_key(text) for text in exclude_texts}
    kept = [row for row in rows if text_key(row[0]) not in excluded and row[0].strip()]
    if encoder is None or len({label for _, _, label in kept}) < 2:
        return None
    return VectorClassifier(C=C).fit(encoder.encode([text for text, _, _ in kept]), [label for _, _, label in kept])


def text_key(text: str) -> str:
    """How texts are compared when a measured set is left out of training: case and spacing do not count."""
    return " ".join(str(text).split()).lower()


def fit_example_classifier(rows: Sequence[tuple[str, tuple[str, ...], str]], *, C: float,
                           exclude_texts: Iterable[str] = ()) -> ExampleClassifier | None:
    """Train on `rows` minus those whose text is in `exclude_texts`; None with fewer than two labels."""
    excluded = {text_key(text) for text in exclude_texts}
    kept = [row for row in rows if text_key(row[0]) not in excluded]
    if len({label for _, _, label in kept}) < 2:
        return None
    # a few corrections on a framework without labelled paragraphs share few words: keep every word then
    min_df = 1 if len(kept) < FEW_ROWS else 2
    try:
        return ExampleClassifier(C=C, min_df=min_df).fit([list(keys) for _, keys, _ in kept],
                                                         [label for _, _, label in kept])
    except ValueError:  # no word left at all (rows without content words): nothing to learn
        return None
