"""The shipped Dutch pipeline models/nl_ontmoeting_ud: loads offline, annotates real Dutch, and
reproduces its metrics.json on the held-out UD_Dutch-Alpino test file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import spacy
from spacy.attrs import IDS

from pipeline import training
from pipeline.lexicon import LEXICON_VECTORS_NAME
from pipeline.sentences import sentence_spans

REPO = Path(__file__).resolve().parents[2]
# NL_ONTMOETING_UD_DIR: test a candidate (a flow's --model-dir) before it replaces the shipped model
MODEL_DIR = Path(os.environ.get("NL_ONTMOETING_UD_DIR") or REPO / "models" / "nl_ontmoeting_ud")
UD_DIR = REPO.parent / "shared" / "ud-dutch"
SENTENCE = "De sociale wijkteams in Rotterdam bieden snelle hulp aan kwetsbare bewoners."


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL_DIR / "pipeline")


@pytest.fixture(scope="module")
def metrics():
    return json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))


def test_model_folder_is_complete_small_and_has_the_recorded_vectors(nlp, metrics):
    for name in ("config.cfg", "metrics.json", "LICENSE", "MODEL_CARD.md", "pipeline/meta.json"):
        assert (MODEL_DIR / name).is_file(), name
    assert training.directory_size_mb(MODEL_DIR) < 15
    vectors, lexicon = metrics["training"].get("vectors"), metrics["training"].get("lexicon")
    if vectors:  # floret: a fixed hashed table that also covers words outside the treebank
        assert (nlp.vocab.vectors.mode, nlp.vocab.vectors.shape) == ("floret", (vectors["rows"], vectors["dim"]))
        assert nlp.vocab.has_vector("wijkteamcoördinator")
    elif lexicon:  # word classes of known Dutch words (pipeline.training_lexicon)
        assert (nlp.vocab.vectors.name, nlp.vocab.vectors.shape) == (LEXICON_VECTORS_NAME, (lexicon["rows"], 4))
        assert nlp.vocab.vectors.n_keys == (lexicon.get("words") or lexicon["rows"])
        assert nlp.vocab.has_vector("liepen") and not nlp.vocab.has_vector("wijkteamcoördinator")
        # 0.4.0 on: looked up by the lower-case form, so 'Liepen' at a sentence start finds its row too
        assert nlp.vocab.vectors.attr == IDS[lexicon.get("key_attr", "ORTH")]
    else:
        assert nlp.vocab.vectors.shape[0] == 0
    assert (nlp.meta["name"], nlp.meta["lang"]) == ("nl_ontmoeting_ud", "nl")
    assert "CC BY-SA 4.0" in (MODEL_DIR / "LICENSE").read_text(encoding="utf-8")


def test_pos_and_lemmas(nlp):
    doc = nlp(SENTENCE)
    assert [t.pos_ for t in doc] == ["DET", "ADJ", "NOUN", "ADP", "PROPN", "VERB", "ADJ", "NOUN", "ADP", "ADJ",
                                     "NOUN", "PUNCT"]
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["wijkteams"] == "wijkteam" and lemmas["bewoners"] == "bewoner"
    assert lemmas["sociale"] == "sociaal" and lemmas["kwetsbare"] == "kwetsbaar"
    assert lemmas["bieden"] == "bieden" and lemmas["Rotterdam"] == "Rotterdam"


@pytest.mark.parametrize(("text", "expected"), [
    ("Ze hadden geen tijd om de formulieren in te vullen.", {"hadden": "hebben", "formulieren": "formulier"}),
    ("De buurvrouw werd gisteren door de huisarts bezocht.", {"werd": "worden", "bezocht": "bezoeken"}),
    ("De mantelzorgers kregen gisteren meer ondersteuning van het wijkteam.",
     {"mantelzorgers": "mantelzorger", "kregen": "krijgen", "wijkteam": "wijkteam"}),
    ("Wij hebben met de bewoners gesproken over eenzaamheid.", {"bewoners": "bewoner", "gesproken": "spreken"}),
])
def test_lemmas_of_everyday_sentences(nlp, text, expected):
    lemmas = {t.text: t.lemma_ for t in nlp(text)}
    assert {word: lemmas[word] for word in expected} == expected


def test_sentences(nlp):
    # the parser alone may split off a full stop ('Dordrecht | . Mijn ...'); the project keeps only
    # boundaries after a sentence end (pipeline.sentences), as the analysis does
    doc = nlp("Ik woon al twintig jaar in Dordrecht. Mijn buurvrouw helpt mij met de boodschappen. "
              "Dat vind ik fijn, want lopen gaat moeilijk.")
    assert [s.text.split()[0] for s in sentence_spans(doc)] == ["Ik", "Mijn", "Dat"]
    assert 3 <= len(list(doc.sents)) <= 4


def test_noun_chunks(nlp):
    chunks = [chunk.text for chunk in nlp(SENTENCE).noun_chunks]
    assert {"De sociale wijkteams", "snelle hulp", "kwetsbare bewoners"} <= set(chunks)


def test_metrics_json_records_what_was_asked(metrics):
    for key in ("pos", "morph", "lemma", "uas", "las", "sents_f", "words_per_second"):
        assert isinstance(metrics[key], (int, float)), key
    assert set(metrics["lemmatizer"]["scores"]) == {"rule", "lookup", "trainable", "hybrid"}
    assert metrics["lemmatizer"]["shipped"] in metrics["lemmatizer"]["scores"]
    assert set(metrics["data"]["counts"]) == {"train", "dev", "test"}
    assert metrics["spacy_version"] == spacy.about.__version__


def test_reproduces_metrics_on_held_out_alpino_test(nlp, metrics, tmp_path):
    test_file = UD_DIR / training.DEFAULT_TEST_FILE
    if not test_file.is_file():
        pytest.skip(f"held-out UD file not found: {test_file} (the shared UD folder sits beside the repository)")
    docs = training.conllu_files_to_docs([test_file])
    scores = training.evaluate_pipeline(nlp, training.write_docbin(docs, tmp_path / "test.spacy"))
    for key in ("pos", "morph", "lemma", "uas", "las", "sents_f"):
        assert scores[key] == pytest.approx(metrics[key], abs=0.5), key
