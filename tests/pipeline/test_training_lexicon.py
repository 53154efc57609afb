"""Word-class lexicon vectors: built from spaCy's Dutch tables, read by a real 2-step training, ignored by themes."""

from __future__ import annotations

import pandas as pd
import pytest
import spacy
from spacy.attrs import IDS
from spacy.strings import get_string_id

from pipeline import training, training_lexicon
from pipeline.lexicon import LEXICON_VECTORS_NAME
from pipeline.nlp import describe_pipeline
from pipeline.themes import ThemeScorer
from tests.pipeline.test_training import conllu_text

FRAMEWORK = "corpora/kader/transformatieleren.yaml"


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory):
    out = tmp_path_factory.mktemp("lexicon") / "nlp"
    return training_lexicon.build_lexicon_vectors(out_dir=out, min_zipf=3.5)


def row_of(vectors, word):
    return vectors.data[vectors.find(key=get_string_id(word))].tolist()


def test_rows_say_which_word_classes_a_form_can_have(lexicon):
    vectors = spacy.load(lexicon["path"]).vocab.vectors
    assert vectors.name == LEXICON_VECTORS_NAME and vectors.shape == (lexicon["rows"], 4)
    assert vectors.n_keys == lexicon["words"] > 10 * lexicon["rows"]  # words with the same row share it
    keys, rows = training_lexicon.lexicon_rows(min_zipf=3.5)
    assert [row_of(vectors, word) for word in keys[::500]] == rows[::500].tolist()
    assert row_of(vectors, "liepen")[:3] == [0.0, 1.0, 0.0]  # past plural of 'lopen': a verb, not a plural noun
    assert row_of(vectors, "gesprekken")[:3] == [1.0, 0.0, 0.0]
    assert row_of(vectors, "kwetsbare")[:3] == [0.0, 0.0, 1.0]
    assert row_of(vectors, "de")[3] > row_of(vectors, "gesprekken")[3] > 0.5  # zipf / 7
    assert vectors.find(key=get_string_id("xqzplen")) == -1


def test_the_tok2vec_reads_the_lexicon_by_the_lower_case_form(lexicon, tmp_path):
    conllu = tmp_path / "mini.conllu"
    conllu.write_text(conllu_text(), encoding="utf-8")
    corpora = training.prepare_corpora(train_files=[conllu], test_file=conllu, out_dir=tmp_path / "corpus",
                                       n_sents=1, dev_fraction=0.25)
    config = training.build_config(train_path=corpora["train"]["path"], dev_path=corpora["dev"]["path"], max_steps=2,
                                   eval_frequency=1, width=32, depth=1, rows=(500, 50, 200, 50),
                                   vectors=lexicon["path"])
    trained = training.train_pipeline(config_path=training.write_config(config, tmp_path / "config.cfg"),
                                      output_dir=tmp_path / "model")
    nlp = spacy.load(trained["model_best"])
    assert nlp.config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is True
    assert nlp.vocab.vectors.name == LEXICON_VECTORS_NAME and nlp.vocab.vectors.shape == (lexicon["rows"], 4)
    assert nlp.vocab.vectors.n_keys == lexicon["words"]
    assert "liepen" not in nlp.vocab.strings  # the keys are hashes; the words are not shipped
    # looked up by the lower-case form, also after spaCy saved and loaded the checkpoint
    assert nlp.vocab.vectors.attr == IDS["LOWER"] == training_lexicon.vectors_key_attr(trained["model_best"])
    doc = nlp("Zij liepen mee, Liepen niet.")
    assert nlp.vocab.vectors.find(key=doc[4].orth) == -1 and nlp.vocab.vectors.find(key=doc[4].lower) >= 0
    assert nlp.vocab.vectors.find(key=doc[1].lower) == nlp.vocab.vectors.find(key=doc[4].lower)
    packaged = training.package_pipeline(trained["model_best"], tmp_path / "packaged", lemmatizer="trainable",
                                         meta={"name": "test", "version": "0.0.1"})
    assert spacy.load(packaged).vocab.vectors.attr == IDS["LOWER"]

    # the theme scorer and the manifest do not take word classes for meaning
    assert describe_pipeline(nlp).has_vectors is False
    scorer = ThemeScorer(threshold=0.4, max_themes=2).fit(FRAMEWORK, nlp=nlp)
    assert scorer.vectors_ is None
    segments = pd.DataFrame({"seg_id": ["s"], "text": ["Ontmoeting in de wijk."], "lemmas": [["ontmoeting", "wijk"]]})
    assert scorer.transform(segments).shape == (1, len(scorer.theme_ids_))


def test_model_card_describes_the_lexicon_and_its_licences():
    from pipeline.training_card import lexicon_notes, raw_text_notes

    training = {"pretrain_epochs": 0, "lexicon": training_lexicon.lexicon_settings(min_zipf=2.0, words=73993,
                                                                                  rows=2086)}
    notes = lexicon_notes(training, raw_text_notes(training))
    assert "73993 lower-case Dutch words with wordfreq zipf >= 2.0 sharing 2086 distinct rows" in notes["vectors_summary"]
    old = {"pretrain_epochs": 0, "lexicon": {**training["lexicon"], "words": None, "rows": 73993}}  # 0.3.0 metrics
    assert "(73993 lower-case Dutch words with wordfreq zipf >= 2.0," in lexicon_notes(old, raw_text_notes(old))[
        "vectors_summary"]
    assert "spacy-lookups-data (MIT)" in notes["raw_text_licence"] and "wordfreq" in notes["raw_text_licence"]
    assert "not meaning" in notes["vectors_lack"]
    assert lexicon_notes({"pretrain_epochs": 0}, raw_text_notes({})) == raw_text_notes({})
