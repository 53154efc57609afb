"""pipeline.training: CoNLL-U conversion and a real 2-step spaCy training run on a tiny treebank."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

from pipeline import (
    training, training_augment, training_card, training_lemmatizers, training_pretrain, training_vectors,
)
from pipeline.config import ConfigError

# Three real Dutch sentences in UD format (made for this test), with compound and particle lemmas.
SENTENCES = [
    [("De", "de", "DET", "Definite=Def", 2, "det"), ("wijkteams", "wijk_team", "NOUN", "Number=Plur", 3, "nsubj"),
     ("helpen", "helpen", "VERB", "VerbForm=Fin", 0, "root"), ("bewoners", "bewoner", "NOUN", "Number=Plur", 3, "obj"),
     (".", ".", "PUNCT", "_", 3, "punct")],
    [("Zij", "zij", "PRON", "Person=3", 2, "nsubj"), ("doen", "mee_doen", "VERB", "VerbForm=Fin", 0, "root"),
     ("mee", "mee", "ADP", "_", 2, "compound:prt"), (".", ".", "PUNCT", "_", 2, "punct")],
    [("De", "de", "DET", "Definite=Def", 2, "det"), ("opleidingsploeg", "opleiding_ploeg", "NOUN", "Number=Sing", 3,
     "nsubj"), ("wint", "winnen", "VERB", "VerbForm=Fin", 0, "root"), (".", ".", "PUNCT", "_", 3, "punct")],
]


# Raw text standing in for the statutes CSV (real Dutch sentences made for this test).
STATUTE_ROWS = [
    ("Artikel 1", "In deze wet wordt verstaan onder gemeente: de gemeente waar de cliënt woont.\n"
                  "Het college verleent een maatwerkvoorziening aan de cliënt die daarom vraagt."),
    ("Artikel 2", "De gemeenteraad stelt bij verordening regels over de toegang tot de voorzieningen."),
    ("Artikel 3", "Het college draagt zorg voor de ondersteuning van mantelzorgers en vrijwilligers in de wijk."),
]


def conllu_text(sentences=SENTENCES, repeat: int = 4) -> str:
    """A CoNLL-U file holding `sentences`, each `repeat` times."""
    blocks = []
    for n, sentence in enumerate(sentences * repeat):
        lines = [f"# sent_id = s{n}", "# text = " + " ".join(word for word, *_ in sentence)]
        lines += [f"{i}\t{w}\t{lemma}\t{pos}\t{pos}\t{morph}\t{head}\t{dep}\t_\t_"
                  for i, (w, lemma, pos, morph, head, dep) in enumerate(sentence, start=1)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n\n"


@pytest.mark.parametrize(("form", "lemma", "upos", "expected"), [
    ("Kloosterorden", "klooster_orde", "NOUN", "kloosterorde"),
    ("opleidingsploeg", "opleiding_ploeg", "NOUN", "opleidingsploeg"),
    ("levensomstandigheden", "leven_omstandigheid", "NOUN", "levensomstandigheid"),
    ("hoofdsteden", "hoofd_stad", "NOUN", "hoofdstad"),
    ("24-jarige", "24_jarig", "ADJ", "24-jarig"),
    ("G8-top", "G8_top", "NOUN", "G8-top"),
    ("afgelopen", "af_lopen", "VERB", "aflopen"),
    ("viel", "mee_vallen", "VERB", "meevallen"),
    ("huis", "huis", "NOUN", "huis"),
    ("_", "_", "SYM", "_"),
])
def test_join_compound_lemma(form, lemma, upos, expected):
    assert training.join_compound_lemma(form, lemma, upos) == expected


def test_conllu_files_to_docs_joins_lemmas_and_groups_sentences(tmp_path):
    path = tmp_path / "mini.conllu"
    path.write_text(conllu_text(repeat=1), encoding="utf-8")
    (doc,) = training.conllu_files_to_docs([path], n_sents=10)
    assert len(list(doc.sents)) == 3
    assert [t.lemma_ for t in doc if "_" in t.lemma_] == []
    assert {t.lemma_ for t in doc} >= {"wijkteam", "meedoen", "opleidingsploeg"}
    (raw,) = training.conllu_files_to_docs([path], join_compounds=False)
    assert "mee_doen" in {t.lemma_ for t in raw}


def test_split_docs_is_seeded_and_disjoint(tmp_path):
    path = tmp_path / "mini.conllu"
    path.write_text(conllu_text(repeat=4), encoding="utf-8")
    docs = training.conllu_files_to_docs([path], n_sents=1)
    train, dev = training.split_docs(docs, dev_fraction=0.25, seed=3)
    again_train, again_dev = training.split_docs(docs, dev_fraction=0.25, seed=3)
    assert (len(train), len(dev)) == (9, 3)
    assert [d.text for d in dev] == [d.text for d in again_dev]


def test_lexicon_swap_keeps_the_syntax_and_swaps_words(tmp_path):
    path = tmp_path / "mini.conllu"
    path.write_text(conllu_text(repeat=1), encoding="utf-8")
    (doc,) = training.conllu_files_to_docs([path])
    nlp = spacy.blank("nl")
    random.seed(0)
    augment = training_augment.create_lexicon_swap(level=1.0, swap_prob=1.0)
    original, swapped = augment(nlp, Example(nlp.make_doc(doc.text), doc))
    assert original.reference is doc
    ref = swapped.reference
    for attr in ("pos_", "dep_", "tag_"):
        assert [getattr(t, attr) for t in ref] == [getattr(t, attr) for t in doc]
    assert [t.head.i for t in ref] == [t.head.i for t in doc]
    changed = {a.text: b.text for a, b in zip(doc, ref) if a.text != b.text}
    assert {"wijkteams", "bewoners", "opleidingsploeg"} <= set(changed)
    assert all(b.text.isalpha() and b.lemma_ for a, b in zip(doc, ref) if a.text in changed)
    assert swapped.predicted.text == ref.text


def write_statutes_csv(folder):
    path = folder / "wetten.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "artikel", "tekst"])
        writer.writerows([(n, artikel, tekst) for n, (artikel, tekst) in enumerate(STATUTE_ROWS)])
    return path


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """Convert a tiny treebank, learn tiny floret vectors and a 1-epoch pretrained tok2vec from raw text,
    and train the real config on top of them for 2 steps."""
    work = tmp_path_factory.mktemp("train")
    conllu = work / "mini.conllu"
    conllu.write_text(conllu_text(), encoding="utf-8")
    corpora = training.prepare_corpora(train_files=[conllu], test_file=conllu, out_dir=work / "corpus",
                                       n_sents=1, dev_fraction=0.25)
    raw = training_vectors.prepare_raw_text(csv_files=[write_statutes_csv(work)], csv_column="tekst",
                                            docbins=[corpora["train"]["path"]], out_dir=work / "raw")
    vectors = training_vectors.build_vectors(text_path=raw["tokenized"], out_dir=work / "vectors", bucket=200,
                                             dim=8, epoch=2, min_count=1)
    args = {"train_path": corpora["train"]["path"], "dev_path": corpora["dev"]["path"], "max_steps": 2,
            "eval_frequency": 1, "width": 32, "depth": 1, "rows": (500, 50, 200, 50), "vectors": vectors}
    weights = training_pretrain.pretrain_tok2vec(training.build_config(**args), raw_text=raw["jsonl"],
                                                 out_dir=work / "pretrain", max_epochs=1)
    config_path = training.write_config(training.build_config(**args, init_tok2vec=weights), work / "config.cfg")
    trained = training.train_pipeline(config_path=config_path, output_dir=work / "model")
    return {"work": work, "corpora": corpora, "config": config_path, "raw": raw, "vectors": vectors,
            "weights": weights, **trained}


def test_raw_text_joins_csv_and_training_text(tiny_run):
    raw = tiny_run["raw"]
    lines = Path(raw["tokenized"]).read_text(encoding="utf-8").splitlines()
    assert raw["lines"] == len(lines) == 4 + 9  # statute lines + training docs (one sentence each)
    assert "In deze wet wordt verstaan onder gemeente : de gemeente waar de cliënt woont ." in lines
    records = [json.loads(line) for line in Path(raw["jsonl"]).read_text(encoding="utf-8").splitlines()]
    assert records[0] == {"text": "In deze wet wordt verstaan onder gemeente: de gemeente waar de cliënt woont."}


def test_raw_text_csv_errors_say_what_to_do_in_dutch(tmp_path):
    path = write_statutes_csv(tmp_path)
    with pytest.raises(ConfigError, match="geen kolom 'text'"):
        training_vectors.csv_texts(path, column="text")
    with pytest.raises(ConfigError, match="niet gevonden"):
        training_vectors.csv_texts(tmp_path / "weg.csv", column="tekst")


def test_floret_vectors_cover_unseen_words_and_reach_the_pipeline(tiny_run):
    vectors = spacy.load(tiny_run["vectors"]).vocab.vectors
    assert (vectors.mode, vectors.shape) == ("floret", (200, 8))
    nlp = spacy.load(tiny_run["model_best"])
    assert nlp.vocab.vectors.shape == (200, 8) and nlp.vocab.has_vector("ondersteuningsplan")
    assert nlp.config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] is True
    assert nlp.config["paths"]["init_tok2vec"] == str(tiny_run["weights"])
    assert Path(tiny_run["weights"]).stat().st_size > 0


def test_relative_config_shortens_vectors_and_weights_paths(tiny_run):
    text = training_card.relative_config(tiny_run["config"], root=tiny_run["work"])
    config = spacy.util.load_config_from_str(text, interpolate=False)
    assert config["paths"]["vectors"] == "vectors/nlp"
    assert config["paths"]["init_tok2vec"] == "pretrain/model0.bin"


def test_training_two_steps_gives_a_loadable_scored_pipeline(tiny_run):
    assert tiny_run["corpora"]["train"] == {"path": tiny_run["corpora"]["train"]["path"], "sentences": 9, "tokens": 39}
    assert tiny_run["corpora"]["test"]["unseen_pct"] == 0.0  # test file = training file here
    assert training.count_docs(training.conllu_files_to_docs([tiny_run["work"] / "mini.conllu"]),
                               known={"de", "."})["unseen_pct"] == pytest.approx(100 * 32 / 52, abs=0.1)
    nlp = spacy.load(tiny_run["model_best"])
    assert nlp.pipe_names == ["tok2vec", "morphologizer", "parser", "trainable_lemmatizer"]
    scores = training.evaluate_pipeline(nlp, tiny_run["corpora"]["test"]["path"])
    assert set(scores) >= {"pos", "morph", "lemma", "uas", "las", "sents_f"}
    assert all(0 <= value <= 100 for value in scores.values())


def test_train_pipeline_reuses_a_run_of_the_same_config(tiny_run):
    again = training.train_pipeline(config_path=tiny_run["config"], output_dir=tiny_run["work"] / "model", reuse=True)
    assert again == {key: tiny_run[key] for key in ("model_best", "seconds", "config_sha1")}


def test_package_with_hybrid_lemmatizer_and_model_files(tiny_run):
    meta = {"name": "nl_test", "version": "0.0.1", "lang": "nl"}
    target = tiny_run["work"] / "package"
    pipeline_dir = training.package_pipeline(tiny_run["model_best"], target / "pipeline", lemmatizer="hybrid",
                                             meta=meta)
    nlp = spacy.load(pipeline_dir)
    assert nlp.pipe_names[-3:] == ["trainable_lemmatizer", "lemma_router", "lemmatizer"]
    rules = nlp.get_pipe("lemmatizer")
    index = rules.lookups.get_table("lemma_index")
    assert rules.mode == "rule" and "noun" in index and "verb" in index and "adj" not in index
    doc = nlp("formulieren")
    doc[0].pos_ = "NOUN"
    assert rules(nlp.get_pipe("lemma_router")(doc))[0].lemma_ == "formulier"
    assert nlp.meta["name"] == "nl_test"
    lemmatizers = {"scores": {mode: {"dev": 1.0, "test": 1.0} for mode in training_lemmatizers.LEMMATIZER_MODES},
                   "best_on_dev": "hybrid"}
    scores = training.score_pipeline(pipeline_dir, tiny_run["corpora"])
    metrics = training_card.build_metrics(scores=scores, lemmatizers=lemmatizers, corpora=tiny_run["corpora"],
                                     training={"seed": 0, "seconds": 1.0}, meta=meta,
                                     data={"test_file": "mini.conllu"}, pipeline_dir=pipeline_dir)
    assert metrics["words_per_second"] > 0 and metrics["lemmatizer"]["shipped"] == "hybrid"
    files = training_card.write_model_files(target, metrics=metrics, config_text=tiny_run["config"].read_text(),
                                       data_dir=training_data_dir_with_licence(tiny_run["work"]),
                                       attribution=training_card.ATTRIBUTION)
    assert [f.name for f in files] == ["config.cfg", "metrics.json", "LICENSE", "MODEL_CARD.md"]
    assert "CC BY-SA 4.0" in (target / "LICENSE").read_text() and "hybrid" in (target / "MODEL_CARD.md").read_text()


def training_data_dir_with_licence(work):
    """A stand-in data folder with the licence file `write_license` copies (the real one is in ../shared)."""
    folder = work / "ud"
    folder.mkdir(exist_ok=True)
    (folder / "LICENSE-Alpino.txt").write_text("Attribution-ShareAlike 4.0 International\n", encoding="utf-8")
    return folder


def test_flow_option_init_tok2vec_reuses_weights_and_needs_the_epochs():
    from flows import train_dutch_model as flow

    args = flow.parse_args(["--pretrain-epochs", "3", "--init-tok2vec", "outputs/training/pretrain/model2.bin"])
    assert (args.pretrain_epochs, args.init_tok2vec) == (3, "outputs/training/pretrain/model2.bin")
    assert flow.parse_args([]).init_tok2vec is None
    with pytest.raises(ValueError, match="pretrain_epochs"):  # raised before any task runs
        flow.train_dutch_model.fn(pretrain_epochs=0, init_tok2vec="weights.bin")
    with pytest.raises(FileNotFoundError, match="no pretrained weights"):
        flow.train_dutch_model.fn(pretrain_epochs=3, init_tok2vec="outputs/bestaat-niet/model2.bin")
    with pytest.raises(ValueError, match="not both"):
        flow.train_dutch_model.fn(pretrain_epochs=0, vectors_rows=100, lexicon_min_zipf=2.0)
