"""Notebook helpers, on real Dutch sentences annotated by the project's Dutch pipeline."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline import explore, runs
from pipeline.nlp import annotate_documents

NOTES = [
    ("d1", "2024-02-15", "Dordrecht", "Werkgroep wijkteams",
     "Het wijkteam werkt samen met de huisarts. Schuldhulpverlening bleek een te hoge drempel voor mevrouw Jansen. "
     "De wijkteams willen minder regels en meer ruimte voor maatwerk."),
    ("d2", "2024-06-20", "Rotterdam", "Uitwisseling Rotterdam",
     "In de uitwisseling leerden we van elkaars werk. De huisarts en het wijkteam kennen elkaar nu beter. "
     "Schuldhulpverlening en het wijkteam voerden samen het eerste gesprek."),
    ("d3", "2025-03-13", "Dordrecht", "Werkconferentie",
     "Ervaringsdeskundigen denken mee over de toegang. Ervaringsdeskundigen maken het gesprek met inwoners "
     "gelijkwaardiger. Ook de ervaringsdeskundigen uit de buurt sloten aan bij het gesprek over maatwerk."),
]
# Which themes each sentence speaks about (as a theme scorer would assign them), with a score.
ASSIGNED = {
    "d1-0000": {"samenwerking": 0.8}, "d1-0001": {"toegang": 0.6}, "d1-0002": {"maatwerk": 0.9},
    "d2-0000": {"samenwerking": 0.5}, "d2-0001": {"samenwerking": 0.7},
    "d2-0002": {"samenwerking": 0.6, "toegang": 0.4},
    "d3-0000": {"toegang": 0.7, "burgerkracht": 0.9}, "d3-0001": {"burgerkracht": 0.8},
    "d3-0002": {"burgerkracht": 0.5, "maatwerk": 0.4},
}
THEMES = ["burgerkracht", "maatwerk", "samenwerking", "toegang"]


def lemma_of(tokens: pd.DataFrame, word: str) -> str:
    """The lemma the pipeline gave `word` (a trained model and the lookup tables may differ)."""
    return tokens.loc[tokens["text"] == word, "lemma"].iloc[0]


@pytest.fixture(scope="module")
def corpus(dutch_nlp):
    documents = pd.DataFrame(
        [{"doc_id": d, "datum": datum, "gemeente": gemeente, "bijeenkomst": meeting, "kind": "notitie",
          "source": f"{d}.md", "rol": None, "text": text, "n_words": len(text.split())}
         for d, datum, gemeente, meeting, text in NOTES])
    segments, tokens = annotate_documents(dutch_nlp, documents, batch_size=8)
    assert list(segments["seg_id"]) == list(ASSIGNED), "the sentences should split into three each"
    themes = pd.DataFrame([{"seg_id": seg_id, "theme_id": theme, "score": found.get(theme, 0.05),
                            "assigned": theme in found, "evidence": "", "framework_version": "1.0"}
                           for seg_id, found in ASSIGNED.items() for theme in THEMES])
    return documents, segments, tokens, themes


def test_keyword_in_context_finds_whole_words_with_a_wildcard(corpus):
    _, segments, _, _ = corpus
    hits = explore.keyword_in_context(segments, "wijkteam*", width=20)
    assert sorted(hits["trefwoord"]) == ["wijkteam", "wijkteam", "wijkteam", "wijkteams"]
    first = hits.iloc[0]
    assert first["links"] == "Het " and first["rechts"] == " werkt samen met de …"
    assert explore.keyword_in_context(segments, "WIJKTEAM")["trefwoord"].tolist() == ["wijkteam"] * 3
    assert explore.keyword_in_context(segments, "team").empty  # no part of a word


def test_keyword_in_context_matches_phrases_and_formats_a_concordance(corpus):
    _, segments, _, _ = corpus
    hits = explore.keyword_in_context(segments, "het eerste gesprek", width=30)
    assert len(hits) == 1 and hits.iloc[0]["doc_id"] == "d2"
    lines = explore.format_kwic(explore.keyword_in_context(segments, "huisarts")).splitlines()
    assert len(lines) == 2 and len({line.index("[huisarts]") for line in lines}) == 1
    assert explore.format_kwic(hits.iloc[:0]) == "(geen treffers)"


def test_term_frequencies_leave_out_stop_words_and_punctuation(corpus):
    _, _, tokens, _ = corpus
    table = explore.term_frequencies(tokens).set_index("term")
    assert table.loc[lemma_of(tokens, "Ervaringsdeskundigen"), "aantal"] == 3
    assert table.loc["gesprek", "aantal"] == 3
    assert not {"de", "het", "en", "."} & set(table.index)
    assert 0 < table.loc["gesprek", "aandeel"] < 1


def test_keyness_puts_specialist_words_above_everyday_words(corpus):
    _, _, tokens, _ = corpus
    table = explore.keyness(tokens, min_count=2).set_index("term")
    assert (table["aantal"] >= 2).all()
    assert table["keyness"].map(math.isfinite).all()
    # Both occur twice; 'schuldhulpverlening' is rare in general Dutch, 'samen' is everyday language.
    assert table.loc["schuldhulpverlening", "keyness"] > table.loc["samen", "keyness"] + 3
    assert table.loc["schuldhulpverlening", "referentie_per_miljoen"] < 5
    assert table.index[0] in {lemma_of(tokens, w) for w in ("Ervaringsdeskundigen", "Schuldhulpverlening", "wijkteam")}


def test_keyness_against_a_reference_corpus(corpus):
    _, _, tokens, _ = corpus
    recent, earlier = tokens[tokens["doc_id"] == "d3"], tokens[tokens["doc_id"] != "d3"]
    table = explore.keyness(recent, reference=earlier, min_count=2).set_index("term")
    expert = lemma_of(tokens, "Ervaringsdeskundigen")
    assert table.index[0] == expert and table.loc[expert, "referentie_per_miljoen"] == 0
    assert table.loc["gesprek", "keyness"] < table.loc[expert, "keyness"]


def test_emerging_terms_compare_later_with_earlier_meetings(corpus):
    documents, _, tokens, _ = corpus
    table = explore.emerging_terms(tokens, documents, min_count=2)
    assert table.iloc[0]["term"] == lemma_of(tokens, "Ervaringsdeskundigen")
    assert lemma_of(tokens, "wijkteam") not in set(table["term"])  # only in the earlier notes


def test_theme_summary_and_evidence(corpus):
    documents, segments, _, themes = corpus
    summary = explore.theme_summary(themes, labels={"samenwerking": "Samenwerken"}).set_index("theme_id")
    assert summary.loc["samenwerking", ["fragmenten", "documenten"]].tolist() == [4, 2]
    assert summary.loc["samenwerking", "label"] == "Samenwerken" and summary.loc["toegang", "label"] == ""
    evidence = explore.theme_evidence(themes, segments, "burgerkracht", n=2, documents=documents)
    assert evidence["seg_id"].tolist() == ["d3-0000", "d3-0001"]
    assert evidence.iloc[0]["text"].startswith("Ervaringsdeskundigen denken mee")
    assert evidence.iloc[0]["gemeente"] == "Dordrecht"


def test_theme_cooccurrence_counts_and_normalises(corpus):
    _, _, _, themes = corpus
    counts = explore.theme_cooccurrence(themes)
    assert counts.loc["samenwerking", "toegang"] == 1 and counts.loc["samenwerking", "samenwerking"] == 4
    assert counts.loc["burgerkracht", "samenwerking"] == 0
    by_doc = explore.theme_cooccurrence(themes, unit="document")
    assert by_doc.loc["burgerkracht", "maatwerk"] == 1 and by_doc.loc["maatwerk", "samenwerking"] == 1
    jaccard = explore.theme_cooccurrence(themes, measure="jaccard")
    assert jaccard.loc["burgerkracht", "toegang"] == pytest.approx(1 / 5)
    assert math.isnan(jaccard.loc["toegang", "toegang"])
    lift = explore.theme_cooccurrence(themes, measure="lift")
    assert lift.loc["burgerkracht", "toegang"] == pytest.approx(9 * 1 / (3 * 3), abs=1e-3)
    with pytest.raises(ValueError):
        explore.theme_cooccurrence(themes, measure="pmi")


def test_compare_groups_gives_shares_per_gemeente(corpus):
    documents, segments, _, themes = corpus
    table = explore.compare_groups(themes, segments, documents, by="gemeente").set_index("gemeente")
    assert table.loc["Dordrecht", "fragmenten"] == 6 and table.loc["Rotterdam", "fragmenten"] == 3
    assert table.loc["Rotterdam", "samenwerking"] == 1.0
    assert table.loc["Dordrecht", "burgerkracht"] == 0.5
    relative = explore.compare_groups(themes, segments, documents, by="gemeente", relative=True).set_index("gemeente")
    assert relative.loc["Rotterdam", "samenwerking"] == pytest.approx(1.0 / (4 / 9), abs=1e-3)


def test_rising_themes_over_meetings_in_date_order(corpus):
    documents, segments, _, themes = corpus
    trend = explore.theme_trend(themes, segments, documents)
    assert trend["datum"].tolist() == ["2024-02-15", "2024-06-20", "2025-03-13"]
    rising = explore.rising_themes(trend)
    assert rising.iloc[0]["theme_id"] == "burgerkracht" and rising.iloc[0]["helling"] > 0
    assert rising.set_index("theme_id").loc["samenwerking", "verschil"] < 0


def test_open_run_prefers_the_environment_variable(tmp_path, monkeypatch):
    tmp = runs.start_run(tmp_path, "voorbeeld")
    runs.write_manifest(tmp, corpus="x")
    final = runs.finish_run(tmp)
    monkeypatch.setenv(explore.RUN_ENV, str(final))
    assert explore.open_run().path == final
    monkeypatch.delenv(explore.RUN_ENV)
    assert explore.open_run(outputs_dir=tmp_path).path == final
    with pytest.raises(FileNotFoundError, match="Nog geen run"):
        explore.open_run(outputs_dir=tmp_path / "leeg", analyse_if_missing=False)


def finished_run(outputs_dir, corpus_name: str):
    tmp = runs.start_run(outputs_dir, corpus_name)
    runs.write_manifest(tmp, corpus=corpus_name)
    return runs.finish_run(tmp)


def test_open_run_accepts_the_folder_given_to_analyse_uit(tmp_path, monkeypatch):
    """`ontmoeting analyse --uit <map>` writes <map>/<corpus>/<tijdstempel>/: <map> itself opens its newest run."""
    finished_run(tmp_path, "lectoraat")
    newest = finished_run(tmp_path, "lectoraat")
    (tmp_path / "lectoraat" / "atelier").mkdir()
    assert explore.open_run(tmp_path).path == newest
    assert explore.open_run(tmp_path / "lectoraat").path == newest
    monkeypatch.setenv(explore.RUN_ENV, str(tmp_path))
    assert explore.open_run().path == newest


def test_open_run_of_a_folder_with_several_corpora_says_how_to_choose(tmp_path):
    finished_run(tmp_path, "lectoraat")
    finished_run(tmp_path, "voorbeeld")
    with pytest.raises(FileNotFoundError, match="2 corpora") as raised:
        explore.open_run(tmp_path)
    assert str(tmp_path / "lectoraat") in str(raised.value) and str(tmp_path / "voorbeeld") in str(raised.value)
    assert explore.RUN_ENV in str(raised.value)
    with pytest.raises(FileNotFoundError, match="Geen afgeronde run"):
        explore.open_run(tmp_path / "leeg")
