"""Clustering of segments the framework does not explain, on real Dutch sentences."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.clustering import (CLUSTER_COLUMNS, MIN_COHESION, NEW_THEME, RESIDUAL, SEGMENT_CLUSTER_COLUMNS,
                                 choose_clustering, cluster_segments, count_distinct_rows)
from pipeline.nlp import annotate_documents
from pipeline.paths import CORPORA_DIR
from pipeline.themes import assign_themes

FRAMEWORK_FILE = CORPORA_DIR / "kader" / "transformatieleren.yaml"

WASTE = [
    "De afvalcontainers bij de flat zitten elke week overvol met afval.",
    "Bewoners klagen dat het afval naast de containers wordt gezet.",
    "Het ophalen van het grofvuil en het afval gebeurt te weinig.",
    "Meeuwen trekken de afvalzakken bij de containers open.",
    "De gemeente plaatst extra containers voor plastic afval.",
    "Afval en zwerfvuil rond de containers trekken ratten aan.",
]
PARKING = [
    "Er zijn te weinig parkeerplaatsen voor auto's in de straat.",
    "Bezoekers parkeren hun auto op de stoep omdat parkeerplaatsen ontbreken.",
    "De parkeervergunning voor een tweede auto is erg duur.",
    "Bestelbusjes nemen 's avonds alle parkeerplaatsen in beslag.",
    "Het parkeren van auto's bij de school zorgt voor gevaarlijke situaties.",
    "Bewoners vragen om meer parkeerplaatsen en een parkeervergunning.",
]
FOOD = [
    "De voedselbank deelt elke vrijdag voedselpakketten uit.",
    "Steeds meer gezinnen zijn afhankelijk van de voedselbank.",
    "Vrijwilligers van de voedselbank sorteren de voedselpakketten.",
    "Supermarkten schenken houdbaar voedsel aan de voedselbank.",
    "Een voedselpakket van de voedselbank bevat brood, groente en zuivel.",
    "Bij de voedselbank staan elke week langere rijen voor een voedselpakket.",
]


@pytest.fixture(scope="module")
def segments(dutch_nlp):
    texts = WASTE + PARKING + FOOD
    documents = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))], "kind": "antwoord", "text": texts})
    return annotate_documents(dutch_nlp, documents, batch_size=32)[0]


def test_three_topics_become_three_new_theme_clusters(segments):
    clusters, assignments = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2,
                                             only_unexplained=False)
    assert list(clusters.columns) == CLUSTER_COLUMNS
    assert list(assignments.columns) == SEGMENT_CLUSTER_COLUMNS
    assert 3 <= len(clusters) <= 4 and clusters["size"].sum() == len(segments)
    assert set(assignments["seg_id"]) == set(segments["seg_id"])
    # every cluster holds one topic (k is chosen by the silhouette: a topic may be split in two, never mixed)
    topics = assignments.assign(topic=[i // 6 for i in range(len(assignments))])
    assert topics.groupby("cluster_id")["topic"].nunique().eq(1).all()
    assert topics.groupby("topic")["cluster_id"].nunique().le(2).all()
    assert (clusters["mapped_theme"] == NEW_THEME).all() and (clusters["nearest_theme"] == "").all()
    tops = " ".join(clusters["top_terms"])
    assert "voedselbank" in tops and "afval" in tops
    assert clusters["label"].str.startswith("Nieuw thema").all()
    assert clusters["examples"].str.len().gt(0).all()


def test_clustering_is_deterministic(segments):
    first = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2, only_unexplained=False)
    second = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2, only_unexplained=False)
    for a, b in zip(first, second):
        pd.testing.assert_frame_equal(a, b)


def test_a_cluster_close_to_a_theme_is_mapped_to_it(dutch_nlp):
    texts = [f"De {who} voelde spanning en frustratie; het conflict werd bespreekbaar gemaakt." for who in
             ("buurvrouw", "wijkagent", "huisarts", "leerkracht", "buurman", "vrijwilliger")] + FOOD + PARKING
    documents = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))], "kind": "antwoord", "text": texts})
    segments = annotate_documents(dutch_nlp, documents, batch_size=32)[0]
    clusters, assignments = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2,
                                             only_unexplained=False)
    conflict = assignments.loc[assignments["seg_id"] == segments["seg_id"].iloc[0], "cluster_id"].iloc[0]
    row = clusters.set_index("cluster_id").loc[conflict]
    assert row["mapped_theme"] == "P4" and row["label"].startswith("Lijkt op P4")


def test_only_segments_without_a_theme_are_clustered(segments, dutch_nlp):
    extra = pd.DataFrame({"doc_id": ["x"], "kind": "antwoord",
                          "text": ["In de intervisie reflecteerden we op een casus uit de eigen praktijk."]})
    themed = annotate_documents(dutch_nlp, extra, batch_size=4)[0]
    combined = pd.concat([segments, themed], ignore_index=True)
    scores = assign_themes(combined, framework=FRAMEWORK_FILE, threshold=0.4, max_themes=2,
                           sentence_vectors=True)
    assert scores.loc[scores["seg_id"] == "x-0000", "assigned"].any()
    _, assignments = cluster_segments(combined, framework=FRAMEWORK_FILE, map_threshold=0.2, theme_scores=scores)
    assert "x-0000" not in set(assignments["seg_id"])


@pytest.mark.parametrize("n", [0, 1, 5, 9])
def test_few_segments_give_empty_frames(segments, n):
    clusters, assignments = cluster_segments(segments.head(n), framework=FRAMEWORK_FILE, map_threshold=0.2,
                                             only_unexplained=False)
    assert clusters.empty and assignments.empty
    assert list(clusters.columns) == CLUSTER_COLUMNS and list(assignments.columns) == SEGMENT_CLUSTER_COLUMNS


def test_a_large_corpus_is_clustered_on_a_sample_and_every_segment_gets_its_nearest_cluster(segments, monkeypatch):
    from pipeline import clustering

    monkeypatch.setattr(clustering, "FIT_SAMPLE", 16)  # 18 segments: k-means sees 16 (seeded), all 18 get a cluster
    first, assignments = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2, only_unexplained=False)
    again, same = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2, only_unexplained=False)
    assert set(assignments["seg_id"]) == set(segments["seg_id"]) and first["size"].sum() == len(segments)
    pd.testing.assert_frame_equal(assignments, same)
    groups = assignments.assign(topic=[i // 6 for i in range(len(assignments))]).groupby("topic")["cluster_id"]
    assert groups.nunique().eq(1).all() and groups.first().nunique() == 3


def cluster_answers(nlp, texts):
    """Segments of `texts` as poll answers, their clusters (map threshold 0.2) by id, and the first one's id."""
    documents = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))], "kind": "antwoord", "text": texts})
    segments = annotate_documents(nlp, documents, batch_size=32)[0]
    clusters, assignments = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2,
                                             only_unexplained=False)
    first = assignments.loc[assignments["seg_id"] == segments["seg_id"].iloc[0], "cluster_id"].iloc[0]
    return segments, clusters.set_index("cluster_id"), first


def test_short_answers_naming_a_lesson_map_to_it_and_mixed_ones_stay_new(dutch_nlp):
    # Conference answers are one or two words: their top terms score below a sentence's threshold
    meeting = ["Ontmoeting", "Echte ontmoeting", "Ontmoeting!", "Ontmoeting en gesprek", "De ontmoeting",
               "Ontmoeting.", "Meer ontmoeting"]
    segments, by_id, first = cluster_answers(dutch_nlp, meeting + FOOD + PARKING)
    assert by_id.loc[first, "mapped_theme"] == "L1"
    assert (by_id.drop(index=first)["mapped_theme"] == NEW_THEME).all()
    # with the sentence threshold the same cluster would have been called new
    strict, _ = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.4, only_unexplained=False)
    assert (strict["mapped_theme"] == NEW_THEME).all()


def test_a_cluster_of_a_supporting_term_is_near_its_theme_not_new(dutch_nlp):
    # 'samenwerking' is a supporting term of P5 (never enough for a theme on its own) and among P5's top terms
    together = ["Samenwerking", "samenwerking!", "Samenwerking.", "Meer samenwerking", "De samenwerking",
                "Goede samenwerking"]
    _, by_id, first = cluster_answers(dutch_nlp, together + FOOD + PARKING)
    row = by_id.loc[first]
    assert row["mapped_theme"] == NEW_THEME and 0 < row["similarity"] < 0.2  # too weak to map ...
    assert row["nearest_theme"] == "P5" and row["shared_terms"] == "samenwerking"  # ... but not a new theme
    assert row["label"] == "Dicht bij P5 Boundary crossing: samenwerking"
    others = by_id.drop(index=first)
    assert others["nearest_theme"].eq("").all() and others["label"].str.startswith("Nieuw thema").all()


UNRELATED = ["De fietsenstalling bij het station is vaak vol.", "Mijn oma viert volgende week haar verjaardag.",
             "Het regent al drie dagen achter elkaar.", "De bibliotheek heeft nieuwe openingstijden.",
             "Op dinsdag is er markt op het plein.", "De trein naar Utrecht had vertraging.",
             "Hij kocht een tweedehands laptop.", "De zwemles begint om vier uur.", "Het museum is gratis op zondag.",
             "De kapper heeft een nieuwe stoel gekocht.", "Er staat een kraan in de straat voor de nieuwbouw.",
             "Ze speelt viool in het orkest."]


def test_fragments_sharing_no_topic_are_reported_as_rest_not_as_a_new_theme(dutch_nlp):
    texts = FOOD + PARKING + WASTE + UNRELATED
    documents = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))], "kind": "antwoord", "text": texts})
    segments = annotate_documents(dutch_nlp, documents, batch_size=32)[0]
    clusters, assignments = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2,
                                             only_unexplained=False)
    rest = clusters[clusters["mapped_theme"] == RESIDUAL]
    assert len(rest) == 1 and clusters.index[-1] == rest.index[0]  # reported last
    assert rest["cohesion"].iloc[0] < MIN_COHESION <= clusters.drop(index=rest.index)["cohesion"].min()
    assert rest["label"].iloc[0].startswith("Overig") and rest["nearest_theme"].iloc[0] == ""
    members = set(assignments.loc[assignments["cluster_id"] == rest["cluster_id"].iloc[0], "seg_id"])
    unrelated = set(segments["seg_id"].iloc[-len(UNRELATED):])
    assert len(members & unrelated) >= len(UNRELATED) // 2
    assert not members & set(segments["seg_id"].iloc[:len(FOOD)])


def test_a_framework_of_one_theme_clusters_without_error(segments, tmp_path):
    one = tmp_path / "een-thema.yaml"
    one.write_text("naam: Eén thema\nversie: '1'\nthemas:\n  - id: V1\n    label: Voedselhulp\n"
                   "    beschrijving: Hulp met voedsel voor gezinnen.\n    termen: [voedselbank, voedselpakket]\n",
                   encoding="utf-8")
    clusters, _ = cluster_segments(segments, framework=one, map_threshold=0.2, only_unexplained=False)
    assert len(clusters) >= 2
    food = clusters[clusters["top_terms"].str.contains("voedselbank")]
    assert (food["mapped_theme"] == "V1").all() and (clusters["mapped_theme"] != "V1").any()


def test_repeated_short_answers_never_ask_for_more_clusters_than_distinct_answers():
    answers = ["samenwerking in de wijk", "samenwerking in de wijk", "vertrouwen", "vertrouwen", "vertrouwen",
               "elkaar ontmoeten", "elkaar ontmoeten", "minder regels"]
    matrix = TfidfVectorizer().fit_transform(answers)
    assert count_distinct_rows(matrix) == count_distinct_rows(matrix.toarray()) == 4
    assert count_distinct_rows(sparse.csr_matrix(np.zeros((3, 2)))) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # sklearn warns when k-means gets more clusters than distinct rows
        labels = choose_clustering(matrix, k_range=(2, 6), random_state=0)
    assert len(set(labels)) <= 4
    assert labels[0] == labels[1] and labels[2] == labels[3] == labels[4] and labels[5] == labels[6]


def test_headings_of_a_long_report_do_not_become_a_theme(dutch_nlp):
    headings = [f"Hoofdstuk {n}" for n in range(1, 9)] + [f"Bijlage {n}" for n in range(1, 5)]
    texts = WASTE + PARKING + headings
    documents = pd.DataFrame({"doc_id": [f"d{i:02d}" for i in range(len(texts))], "kind": "notitie", "text": texts})
    segments = annotate_documents(dutch_nlp, documents, batch_size=32)[0]
    clusters, assignments = cluster_segments(segments, framework=FRAMEWORK_FILE, map_threshold=0.2,
                                             only_unexplained=False)
    tops = " ".join(clusters["top_terms"])
    assert "hoofdstuk" not in tops and "bijlage" not in tops
    assert "afval" in tops and "parkeerplaats" in tops  # the real topics are still found
    heading_ids = set(segments.loc[segments["text"].str.startswith(("Hoofdstuk", "Bijlage")), "seg_id"])
    assert not heading_ids & set(assignments["seg_id"])  # nothing to group a heading on: left out


def test_a_cluster_named_after_a_word_of_a_theme_name_is_not_new(dutch_nlp):
    # 'ruimte' stands in the names of L1 and L3 ('Ruimte voor ontmoeting'): a cluster 'ruimte' is near them
    from pipeline.clustering import map_to_theme
    from pipeline.framework import load_framework
    from pipeline.themes import ThemeScorer

    scorer = ThemeScorer(threshold=0.9, max_themes=1, sentence_vector_weight=0.0).fit(load_framework(FRAMEWORK_FILE))
    mapped, _, nearest, shared = map_to_theme(["ruimte", "tijd", "vertrouwen"], scorer)
    assert mapped == NEW_THEME and nearest in {"L1", "L3", "P2", "P7"} and "ruimte" in shared
    assert map_to_theme(["parkeerplaats", "auto"], scorer)[2] == ""  # a real new topic stays new
