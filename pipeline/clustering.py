"""Find topics the framework does not explain: deterministic clustering of segments.

Segments without an assigned theme (or all segments) are turned into TF-IDF vectors of their
content lemmas and clustered with k-means; k is chosen by the silhouette score over a small
range, with a fixed random_state. Each cluster gets its top terms, representative sentences and
the framework theme it maps to. A cluster that does not map but whose top terms stand in a theme's word
lists ('samenwerking' is a supporting term of P5) is 'dicht bij' that theme: too weak, or too mixed, to map;
only a cluster that shares no word with any theme is a 'nieuw thema'. A group whose fragments share few
words is labelled 'overig'. Fragments without a word to group on are left out (`grouping_terms`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from pipeline.framework import Framework, load_framework
from pipeline.theme_lexicon import is_content, make_lemmatiser, word_specificity
from pipeline.themes import ThemeScorer

CLUSTER_COLUMNS = ["cluster_id", "top_terms", "size", "mapped_theme", "similarity", "cohesion", "label", "examples",
                   "nearest_theme", "shared_terms"]
SEGMENT_CLUSTER_COLUMNS = ["seg_id", "cluster_id"]
NEW_THEME = "nieuw thema"
RESIDUAL = "overig"
# k-means on short texts leaves one large group of fragments that share few words: their mean cosine to
# the centroid is low (sample corpus: 0.10 for the rest group against 0.66-1.0 for real groups). Such a
# group is reported as 'overig', not as a new theme named after its accidental top words.
MIN_COHESION = 0.3
# The best theme must beat the second by this factor; a cluster between two themes is reported as new.
MAP_MARGIN = 1.25
MIN_SPECIFICITY = 0.45
# Words that name a part of the document, not a topic: the headings of a long report ('Hoofdstuk 3',
# 'Bijlage 2', 'Paragraaf 4.1') would otherwise form an emerging theme of their own.
DOCUMENT_PART_TERMS = frozenset({"hoofdstuk", "paragraaf", "bijlage", "inhoudsopgave", "pagina", "blz", "deel",
                                 "sectie", "voetnoot", "tabel", "figuur", "bijlagen", "hoofdstukken"})
NAME_TERMS = 3  # a cluster is named after its first top terms ('Nieuw thema: loslaten, vertrouwen, verandering')


def empty_result() -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(columns=CLUSTER_COLUMNS), pd.DataFrame(columns=SEGMENT_CLUSTER_COLUMNS)


def is_informative(lemma: str) -> bool:
    """Content words that are not among the most frequent Dutch words ('samen', 'maken', 'jaar')."""
    return len(lemma) > 2 and is_content(lemma) and word_specificity(lemma) >= MIN_SPECIFICITY


def grouping_terms(lemmas, *, neutral: set[str]) -> list[str]:
    """The lemmas a segment is grouped on; empty for 'samen doen 💪' or '2015' (such a segment is not clustered)."""
    return [lemma for lemma in lemmas if is_informative(lemma) and lemma not in neutral]


def select_unexplained(segments: pd.DataFrame, theme_scores: pd.DataFrame) -> pd.DataFrame:
    """Segments that got no theme in `theme_scores` (long table with seg_id, assigned)."""
    explained = set(theme_scores.loc[theme_scores["assigned"].astype(bool), "seg_id"])
    return segments[~segments["seg_id"].isin(explained)]


def cluster_segments(segments: pd.DataFrame, *, framework: Framework | str | Path, map_threshold: float,
                     theme_scores: pd.DataFrame | None = None, only_unexplained: bool = True,
                     min_segments: int = 10, k_range: tuple[int, int] = (2, 8), random_state: int = 0,
                     n_top_terms: int = 8, n_examples: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster segments (seg_id, text, lemmas) -> (clusters, segment_clusters); empty frames when too few.

    The framework's neutral terms ('bewoner', 'gemeente') are left out: they do not tell topics apart; so are
    words for parts of a document (DOCUMENT_PART_TERMS: 'hoofdstuk', 'bijlage').
    With `only_unexplained` and `theme_scores` (from score_segments) only segments without a theme
    are clustered. A cluster is mapped to the framework theme its top terms score highest on, or
    to 'nieuw thema' when that score stays below `map_threshold` or another theme comes close (MAP_MARGIN);
    such a cluster still names its `nearest_theme` when its top terms stand in that theme's word lists.
    The top terms are only a few words, so `map_threshold` is lower than a sentence's theme threshold:
    a cluster of answers 'ontmoeting' scores 0.35 on L1 and belongs there.
    """
    if only_unexplained and theme_scores is not None:
        segments = select_unexplained(segments, theme_scores)
    if not isinstance(framework, Framework):
        framework = load_framework(framework)
    neutral = set(framework.neutral_terms) | DOCUMENT_PART_TERMS
    documents = [grouping_terms(lemmas, neutral=neutral) for lemmas in segments["lemmas"]]
    keep = [i for i, doc in enumerate(documents) if doc]
    if len(keep) < min_segments:
        return empty_result()
    segments = segments.iloc[keep].reset_index(drop=True)
    vectorizer = TfidfVectorizer(analyzer=lambda doc: doc, min_df=2 if len(keep) >= 20 else 1, sublinear_tf=True)
    try:
        matrix = normalize(vectorizer.fit_transform([documents[i] for i in keep]))
    except ValueError:  # no term occurs often enough
        return empty_result()
    labels = choose_clustering(matrix, k_range=k_range, random_state=random_state)
    if labels is None:
        return empty_result()
    # a cluster is scored by its top terms, a word list: sentence vectors are for running text
    scorer = ThemeScorer(threshold=map_threshold, max_themes=1, sentence_vector_weight=0.0).fit(framework)
    terms = np.array(vectorizer.get_feature_names_out())
    rows = [describe_cluster(cluster_id, matrix, labels, terms, segments, scorer, n_top_terms=n_top_terms,
                             n_examples=n_examples) for cluster_id in sorted(set(labels))]
    clusters = sort_clusters(pd.DataFrame(rows, columns=CLUSTER_COLUMNS))
    assignments = pd.DataFrame({"seg_id": segments["seg_id"].to_numpy(), "cluster_id": labels})
    return clusters.reset_index(drop=True), assignments


def sort_clusters(clusters: pd.DataFrame) -> pd.DataFrame:
    """Largest groups first; the 'overig' group last."""
    residual = clusters["mapped_theme"].eq(RESIDUAL)
    return clusters.assign(_rest=residual).sort_values(["_rest", "size", "cluster_id"],
                                                       ascending=[True, False, True]).drop(columns="_rest")


SILHOUETTE_SAMPLE = 3_000
FIT_SAMPLE = 5_000


def choose_clustering(matrix, *, k_range: tuple[int, int], random_state: int) -> np.ndarray | None:
    """k-means labels for the k with the best cosine silhouette; None when no k fits the data.

    A large corpus is clustered on a seeded sample of FIT_SAMPLE rows (k and centroids), and every row then
    gets its nearest centroid: the cost stays flat with corpus size (1.2M words: 28 s -> a few seconds).
    """
    n_rows = matrix.shape[0]
    sample = matrix
    if n_rows > FIT_SAMPLE:
        rows = np.sort(np.random.default_rng(random_state).choice(n_rows, size=FIT_SAMPLE, replace=False))
        sample = matrix[rows]
    best = (-2.0, None)
    # more clusters than distinct rows (short answers repeat: 'samenwerking') leaves clusters empty
    for k in range(k_range[0], min(k_range[1], sample.shape[0] - 1, count_distinct_rows(sample)) + 1):
        model = KMeans(n_clusters=k, random_state=random_state, n_init=5).fit(sample)
        labels = model.labels_
        if len(set(labels)) < 2:
            continue
        # The silhouette costs n^2 distances: on a sample of SILHOUETTE_SAMPLE (seeded) it stays linear.
        score = silhouette_score(sample, labels, metric="cosine", random_state=random_state,
                                 sample_size=min(sample.shape[0], SILHOUETTE_SAMPLE))
        if score > best[0] + 1e-9:
            best = (score, model)
    if best[1] is None:
        return None
    return best[1].labels_ if sample is matrix else best[1].predict(matrix)


def count_distinct_rows(matrix) -> int:
    """Number of different rows of a dense or sparse (CSR) matrix."""
    if sparse.issparse(matrix):
        matrix = sparse.csr_matrix(matrix, copy=True)
        matrix.sort_indices()
        bounds = zip(matrix.indptr[:-1], matrix.indptr[1:])
        return len({(matrix.indices[a:b].tobytes(), matrix.data[a:b].tobytes()) for a, b in bounds})
    return len(np.unique(np.asarray(matrix), axis=0))


def describe_cluster(cluster_id: int, matrix, labels: np.ndarray, terms: np.ndarray, segments: pd.DataFrame,
                     scorer: ThemeScorer, *, n_top_terms: int, n_examples: int) -> dict:
    """Top terms, size, representative sentences and the closest theme of one cluster."""
    members = np.where(labels == cluster_id)[0]
    centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
    top = [terms[i] for i in np.argsort(-centroid, kind="stable")[:n_top_terms] if centroid[i] > 0]
    closeness = np.asarray(matrix[members] @ centroid).ravel()
    norm = float(np.linalg.norm(centroid))
    cohesion = float(closeness.mean() / norm) if norm else 0.0  # mean cosine of the members to the centroid
    examples = [segments["text"].iloc[members[i]] for i in np.argsort(-closeness, kind="stable")[:n_examples]]
    mapped, similarity, nearest, shared = map_to_theme(top, scorer)
    names = scorer.framework_.labels
    if cohesion < MIN_COHESION:  # not a topic, so no theme is near it either
        mapped, nearest, shared, label = RESIDUAL, "", [], "Overig: fragmenten zonder gedeeld onderwerp"
    elif mapped != NEW_THEME:
        label = f"Lijkt op {mapped} {names[mapped]}: {', '.join(top[:NAME_TERMS])}"
    elif nearest:
        label = f"Dicht bij {nearest} {names[nearest]}: {', '.join(top[:NAME_TERMS])}"
    else:
        label = f"Nieuw thema: {', '.join(top[:NAME_TERMS])}"
    return {"cluster_id": int(cluster_id), "top_terms": "; ".join(top), "size": int(len(members)),
            "mapped_theme": mapped, "similarity": round(similarity, 4), "cohesion": round(cohesion, 4),
            "label": label, "examples": " | ".join(examples), "nearest_theme": nearest,
            "shared_terms": "; ".join(shared)}


def theme_words(framework: Framework) -> dict[str, set[str]]:
    """Per theme the words a reader of the report links to it: its terms and supporting terms, and the content
    words of its name and of its multiword terms ('ruimte' of 'Ruimte voor ontmoeting' and 'professionele ruimte')."""
    lemmatise = make_lemmatiser(None)
    words = {}
    for theme in framework.themes:
        found = {w.lower() for w in (*theme.terms, *theme.support_terms)}
        for text in (theme.label, *theme.terms, *theme.phrases):
            found |= {lemma for lemma in lemmatise(text) if is_informative(lemma)}
        words[theme.id] = found
    return words


def map_to_theme(top: list[str], scorer: ThemeScorer) -> tuple[str, float, str, list[str]]:
    """(mapped theme or NEW_THEME, its score, nearest theme or '', the top terms in its word lists).

    The top terms are scored like a short answer. The best theme maps when it reaches the threshold and
    beats the runner-up by MAP_MARGIN. Otherwise the nearest theme is the best-scoring one whose terms or
    supporting terms (or the words of its name and multiword terms, `theme_words`) include one of the NAME_TERMS
    words that name the cluster: the report lists those words under that theme, so the cluster must not be called new ('samenwerking' alone is a supporting term of
    P5: too weak to map). A word further down the top terms does not make a cluster near a theme.
    The score is that of the mapped or nearest theme, else the best score.
    """
    pseudo = pd.DataFrame({"seg_id": ["cluster"], "text": [" ".join(top)], "lemmas": [top]})
    scores = scorer.transform(pseudo)[0]
    order = np.argsort(-scores, kind="stable")
    best, runner_up = order[0], (scores[order[1]] if len(order) > 1 else 0.0)
    words = theme_words(scorer.framework_)
    shared = [[term for term in top[:NAME_TERMS] if term in words[theme_id]] for theme_id in scorer.theme_ids_]
    if scores[best] >= scorer.threshold and scores[best] >= MAP_MARGIN * runner_up:
        return scorer.theme_ids_[best], float(scores[best]), scorer.theme_ids_[best], shared[best]
    near = next((t for t in order if shared[t] and scores[t] > 0), None)
    if near is None:
        return NEW_THEME, float(scores[best]), "", []
    return NEW_THEME, float(scores[near]), scorer.theme_ids_[near], shared[near]
