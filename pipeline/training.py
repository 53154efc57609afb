"""Train, evaluate and package the embedded Dutch spaCy pipeline from Universal Dependencies files.

Plain functions (no Prefect): CoNLL-U -> DocBin, config, training, evaluation, lemmatizer comparison,
speed, packaging. `flows/train_dutch_model.py` wires them together.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Corpus, Example
from spacy.training.converters import conllu_to_docs
from spacy.util import registry

DEFAULT_TRAIN_FILES = ("nl_lassysmall-ud-dev.conllu", "nl_lassysmall-ud-test.conllu", "nl_alpino-ud-dev.conllu")
DEFAULT_TEST_FILE = "nl_alpino-ud-test.conllu"
LEMMATIZER_MODES = ("rule", "lookup", "trainable")
VERBAL_POS = ("VERB", "AUX")
METRIC_KEYS = {"pos": "pos_acc", "morph": "morph_acc", "lemma": "lemma_acc", "uas": "dep_uas",
               "las": "dep_las", "sents_f": "sents_f", "token_acc": "token_acc"}

CONFIG_TEMPLATE = """
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 0

[nlp]
lang = "nl"
pipeline = ["tok2vec","morphologizer","parser","trainable_lemmatizer"]
batch_size = 256
tokenizer = {"@tokenizers":"spacy.Tokenizer.v1"}

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = ${components.tok2vec.model.encode.width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[components.morphologizer]
factory = "morphologizer"

[components.morphologizer.model]
@architectures = "spacy.Tagger.v2"
nO = null

[components.morphologizer.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "tok2vec"

[components.parser]
factory = "parser"
learn_tokens = false
min_action_freq = 5

[components.parser.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "parser"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.parser.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "tok2vec"

[components.trainable_lemmatizer]
factory = "trainable_lemmatizer"
backoff = "orth"
min_tree_freq = 2
top_k = 1

[components.trainable_lemmatizer.model]
@architectures = "spacy.Tagger.v2"
nO = null

[components.trainable_lemmatizer.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode.width}
upstream = "tok2vec"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
max_length = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
max_length = 0

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${system.seed}
dropout = 0.1
patience = 2000
max_epochs = 0
max_steps = 4000
eval_frequency = 200

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.001

[training.score_weights]
pos_acc = 0.2
morph_acc = 0.1
lemma_acc = 0.2
dep_uas = 0.0
dep_las = 0.4
sents_f = 0.1
"""


@registry.augmenters("ontmoeting.lexicon_swap.v1")
def create_lexicon_swap(*, level: float, swap_prob: float):
    """Training-time augmenter: besides each example, with probability `level` also yield a copy in
    which base-form nouns, plural nouns, infinitives and base adjectives are swapped (each with
    `swap_prob`) for random words of the same kind from spaCy's Dutch lexicon (spacy-lookups-data).
    Words outside the small treebank thus get trained embeddings and lemmas; syntax stays valid."""
    lexicon = _dutch_lexicon()

    def augment(nlp: Language, example: Example):
        yield example
        rng = random.Random(random.getrandbits(32))  # spaCy seeds `random` from [training] seed
        if rng.random() < level:
            reference = _swap_words(example.reference, lexicon, rng=rng, swap_prob=swap_prob)
            yield Example(nlp.make_doc(reference.text), reference)

    return augment


def _dutch_lexicon() -> dict[str, list[tuple[str, str]]]:
    """(form, lemma) pairs per swap class, from spaCy's Dutch lemma tables (spacy-lookups-data)."""
    files = registry.lookups.get("nl")
    index, lookup = (spacy.util.load_language_data(files[name]) for name in ("lemma_index", "lemma_lookup"))
    nouns, verbs, adjs = (sorted(w for w in index[pos] if w.isalpha() and len(w) > 3) for pos in ("noun", "verb", "adj"))
    noun_set = set(nouns)
    plurals = sorted((form, lemma) for form, lemma in lookup.items()
                     if lemma in noun_set and form.isalpha() and form.startswith(lemma[:-1])
                     and form.endswith(("en", "s")) and not form.endswith("jes"))
    return {"NOUN": [(w, w) for w in nouns], "NOUN_PLUR": plurals,
            "VERB": [(w, w) for w in verbs if w.endswith("en")], "ADJ": [(w, w) for w in adjs]}


def _swap_class(token) -> str | None:
    """Which lexicon class may replace this gold token, if any."""
    lower, lemma, morph = token.text.lower(), token.lemma_, token.morph
    if not token.text.isalpha() or token.pos_ not in ("NOUN", "VERB", "ADJ"):
        return None
    if token.pos_ == "NOUN" and morph.get("Number") == ["Plur"] and lower != lemma:
        return "NOUN_PLUR"
    if lower != lemma or (token.pos_ == "VERB" and morph.get("VerbForm") != ["Inf"]):
        return None
    return token.pos_


def _swap_words(doc: Doc, lexicon: dict, *, rng: random.Random, swap_prob: float) -> Doc:
    """A copy of gold `doc` with some words swapped for lexicon words of the same class."""
    words, lemmas = [t.text for t in doc], [t.lemma_ for t in doc]
    for token in doc:
        kind = _swap_class(token)
        if kind and rng.random() < swap_prob:
            form, lemma = rng.choice(lexicon[kind])
            words[token.i] = form.capitalize() if token.text[0].isupper() else form
            lemmas[token.i] = lemma
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc], tags=[t.tag_ for t in doc],
               pos=[t.pos_ for t in doc], morphs=[str(t.morph) for t in doc], lemmas=lemmas,
               heads=[t.head.i for t in doc], deps=[t.dep_ for t in doc])


def join_compound_lemma(form: str, lemma: str, upos: str) -> str:
    """UD Dutch marks compound and particle boundaries in lemmas (`mee_doen`, `opleiding_ploeg`).

    Verbs are joined (`meedoen`, `aansporen`); other compounds keep the surface prefix so linking
    sounds survive (`opleidingsploeg`, `24-jarig`). Falls back to plain joining.
    """
    parts = [part for part in lemma.split("_") if part]
    if len(parts) < 2:
        return lemma
    head = parts[-1]
    start = form.lower().rfind(head.lower()[:4])
    prefix = form[:start]
    if upos in VERBAL_POS or start <= 0 or not prefix.lower().startswith(parts[0].lower()[:1]):
        return "".join(parts)
    return (prefix.lower() if lemma[:1].islower() else prefix) + head


def read_conllu(path: str | Path, *, join_compounds: bool = True) -> str:
    """Return the text of a CoNLL-U file, with compound lemmas joined when `join_compounds`."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    if join_compounds:
        lines = [_join_line(line) for line in lines]
    return "\n".join(lines) + "\n"


def _join_line(line: str) -> str:
    cols = line.split("\t")
    if len(cols) != 10 or not cols[0].isdigit():
        return line
    cols[2] = join_compound_lemma(cols[1], cols[2], cols[3])
    return "\t".join(cols)


def conllu_files_to_docs(paths: Iterable[str | Path], *, n_sents: int = 10,
                         join_compounds: bool = True) -> list[Doc]:
    """Convert CoNLL-U files to spaCy Docs of `n_sents` sentences each (in file order)."""
    docs: list[Doc] = []
    for path in paths:
        text = read_conllu(path, join_compounds=join_compounds)
        docs.extend(conllu_to_docs(text, n_sents=n_sents, no_print=True))
    return docs


def split_docs(docs: Sequence[Doc], *, dev_fraction: float, seed: int) -> tuple[list[Doc], list[Doc]]:
    """Shuffle `docs` with `seed` and return (train, dev); dev holds about `dev_fraction` of them."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(docs) * dev_fraction))
    dev_ids = set(order[:n_dev])
    train = [doc for i, doc in enumerate(docs) if i not in dev_ids]
    return train, [doc for i, doc in enumerate(docs) if i in dev_ids]


def count_docs(docs: Iterable[Doc]) -> dict[str, int]:
    """Number of sentences and tokens in gold-annotated docs."""
    docs = list(docs)
    return {"sentences": sum(len(list(doc.sents)) for doc in docs), "tokens": sum(len(doc) for doc in docs)}


def write_docbin(docs: Iterable[Doc], path: str | Path) -> Path:
    """Write `docs` to a .spacy DocBin at `path` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    return path


def prepare_corpora(*, train_files: Sequence[str | Path], test_file: str | Path, out_dir: str | Path,
                    n_sents: int = 10, dev_fraction: float = 0.1, seed: int = 0) -> dict:
    """Write train/dev/test DocBins to `out_dir`; return their paths and sentence/token counts."""
    out_dir = Path(out_dir)
    train, dev = split_docs(conllu_files_to_docs(train_files, n_sents=n_sents),
                            dev_fraction=dev_fraction, seed=seed)
    test = conllu_files_to_docs([test_file], n_sents=n_sents)
    test_ud = conllu_files_to_docs([test_file], n_sents=n_sents, join_compounds=False)
    splits = {"train": train, "dev": dev, "test": test, "test_ud_lemmas": test_ud}
    return {name: {"path": str(write_docbin(docs, out_dir / f"{name}.spacy")), **count_docs(docs)}
            for name, docs in splits.items()}


def build_config(*, train_path: str | Path, dev_path: str | Path, seed: int = 0, max_steps: int = 4000,
                 max_epochs: int = 0, patience: int = 2000, eval_frequency: int = 200, width: int = 96,
                 depth: int = 4, parser_hidden_width: int = 64, dropout: float = 0.1) -> str:
    """Fill the training config template with paths and hyperparameters; return the config text."""
    config = spacy.util.load_config_from_str(CONFIG_TEMPLATE, interpolate=False)
    config["paths"].update({"train": str(train_path), "dev": str(dev_path)})
    config["system"]["seed"] = seed
    config["training"].update({"max_steps": max_steps, "max_epochs": max_epochs, "patience": patience,
                               "eval_frequency": eval_frequency, "dropout": dropout})
    config["components"]["tok2vec"]["model"]["encode"].update({"width": width, "depth": depth})
    config["components"]["parser"]["model"]["hidden_width"] = parser_hidden_width
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True).config.to_str()


def write_config(config_text: str, path: str | Path) -> Path:
    """Write config text to `path` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text, encoding="utf-8")
    return path


def train_pipeline(*, config_path: str | Path, output_dir: str | Path) -> dict:
    """Train with `spacy.cli.train`; return the path of model-best and the wall time in seconds."""
    from spacy.cli.train import train

    start = time.perf_counter()
    train(Path(config_path), Path(output_dir), use_gpu=-1)
    return {"model_best": str(Path(output_dir) / "model-best"), "seconds": round(time.perf_counter() - start, 1)}


def load_examples(nlp: Language, path: str | Path) -> list[Example]:
    """Read a DocBin as Examples whose predicted side is tokenized by `nlp` (as `spacy evaluate`)."""
    return list(Corpus(path, gold_preproc=False)(nlp))


def evaluate_pipeline(nlp: Language, path: str | Path) -> dict[str, float]:
    """Score `nlp` on a DocBin; return the headline metrics in percent."""
    scores = nlp.evaluate(load_examples(nlp, path))
    return {name: round(100 * scores[key], 2) for name, key in METRIC_KEYS.items() if scores.get(key) is not None}


def with_lemmatizer(nlp: Language, mode: str) -> Language:
    """Return `nlp` with its lemmatizer swapped for spaCy's Dutch `rule` or `lookup` lemmatizer.

    `trainable` keeps the trained edit-tree lemmatizer. Lookup tables come from spacy-lookups-data
    and are serialized with the pipeline.
    """
    if mode == "trainable":
        return nlp
    if mode not in LEMMATIZER_MODES:
        raise ValueError(f"unknown lemmatizer mode {mode!r}")
    nlp.remove_pipe("trainable_lemmatizer")
    nlp.add_pipe("lemmatizer", config={"mode": mode}).initialize()
    return nlp


def compare_lemmatizers(model_dir: str | Path, *, dev_path: str | Path, test_path: str | Path) -> dict:
    """Lemma accuracy (percent) of each lemmatizer mode on dev and test, and the best mode on dev."""
    scores = {}
    for mode in LEMMATIZER_MODES:
        nlp = with_lemmatizer(spacy.load(model_dir), mode)
        scores[mode] = {split: _lemma_acc(nlp, path) for split, path in (("dev", dev_path), ("test", test_path))}
    best = max(LEMMATIZER_MODES, key=lambda mode: scores[mode]["dev"])
    return {"scores": scores, "best_on_dev": best}


def _lemma_acc(nlp: Language, path: str | Path) -> float:
    examples = load_examples(nlp, path)
    return round(100 * nlp.evaluate(examples)["lemma_acc"], 2)


def measure_speed(nlp: Language, texts: Sequence[str], *, batch_size: int = 64, repeats: int = 2) -> float:
    """Words per second of `nlp.pipe` over `texts` on one process (best of `repeats` runs)."""
    n_words = sum(len(text.split()) for text in texts)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass
        best = min(best, time.perf_counter() - start)
    return round(n_words / best)


def docbin_texts(path: str | Path) -> list[str]:
    """The raw texts of the docs in a DocBin."""
    return [doc.text for doc in DocBin().from_disk(path).get_docs(spacy.blank("nl").vocab)]


def package_pipeline(model_dir: str | Path, target_dir: str | Path, *, lemmatizer: str, meta: dict) -> Path:
    """Load the trained pipeline, install the chosen lemmatizer, set `meta`, write it to `target_dir`."""
    nlp = with_lemmatizer(spacy.load(model_dir), lemmatizer)
    nlp.meta.update(meta)
    nlp.meta.pop("performance", None)
    target_dir = Path(target_dir)
    if target_dir.exists():
        shutil.rmtree(target_dir)
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target_dir)
    return target_dir


def directory_size_mb(path: str | Path) -> float:
    """Total size of the files under `path` in MB."""
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6, 2)


def write_json(data: dict, path: str | Path) -> Path:
    """Write `data` as indented UTF-8 JSON to `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_license(target: str | Path, *, data_dir: str | Path, attribution: str) -> Path:
    """Write the model's licence: the attribution text followed by the CC BY-SA 4.0 legal code."""
    legal_code = (Path(data_dir) / "LICENSE-Alpino.txt").read_text(encoding="utf-8")
    target = Path(target)
    target.write_text(attribution.strip() + "\n\n" + "=" * 71 + "\n\n" + legal_code, encoding="utf-8")
    return target


def score_pipeline(model_dir: str | Path, corpora: dict) -> dict:
    """Test and dev scores, UD-lemma accuracy and words/s of the pipeline in `model_dir` (percentages)."""
    nlp = spacy.load(model_dir)
    test = evaluate_pipeline(nlp, corpora["test"]["path"])
    return {**test,
            "lemma_ud_underscores": evaluate_pipeline(nlp, corpora["test_ud_lemmas"]["path"])["lemma"],
            "words_per_second": measure_speed(nlp, docbin_texts(corpora["test"]["path"])),
            "dev": evaluate_pipeline(nlp, corpora["dev"]["path"])}


MODEL_CARD = """# {name} {version}

Dutch spaCy {spacy_version} pipeline for the ontmoeting project, trained offline on Universal
Dependencies treebanks (UD_Dutch-LassySmall dev+test and UD_Dutch-Alpino dev; CC BY-SA 4.0).
Components: {components}. No static vectors. Load it with `spacy.load("models/{name}/pipeline")`.

## Scores on the held-out UD_Dutch-Alpino test file ({test_sentences} sentences, {test_tokens} tokens)

| POS | morph | lemma | UAS | LAS | sentences F | words/s (1 CPU core) |
|---|---|---|---|---|---|---|
| {pos} | {morph} | {lemma} | {uas} | {las} | {sents_f} | {words_per_second} |

Tokenization is spaCy's own (not gold), as in `spacy evaluate`.

## Lemmatizer

| lemmatizer | dev | test |
|---|---|---|
{lemma_rows}

Shipped: **{shipped}** (best lemma accuracy on the dev split carved from the training data;
the test file was never used for choices). {lemma_note}

Lemmas follow UD Dutch with one change: UD marks compound and particle boundaries with `_`
(`mee_doen`, `opleiding_ploeg`). We join them (`meedoen`, `opleidingsploeg`: verbs by plain joining,
other compounds by keeping the surface prefix with its linking sound), in training and evaluation alike.
Against the untouched UD lemmas the shipped pipeline scores {lemma_ud} % lemma accuracy.

## Training

{train_sentences} training sentences ({train_tokens} tokens), {dev_sentences} dev sentences
({dev_tokens} tokens), seed {seed}, {train_seconds} s on 2 shared CPU cores. Config: `config.cfg`;
metrics: `metrics.json`; retrain with `python -m flows.train_dutch_model`.

## What it lacks

- No named-entity recognizer (no NER annotation in these treebanks); no fine-grained `tag_` (XPOS).
- No word vectors: `similarity()` and `.vector` are not meaningful.
- Trained on about a third of the data of `nl_core_news_sm` (which also uses the UD train splits),
  and on news, Wikipedia and encyclopedic text, not on social-domain notes: expect lower accuracy on
  informal text, and lemma errors on rare words and unseen compounds.

## Licence

CC BY-SA 4.0, as the treebanks it was trained on: see `LICENSE`.
"""


def write_model_card(path: str | Path, metrics: dict) -> Path:
    """Write the short model card for `metrics` (as in metrics.json) to `path`."""
    lem = metrics["lemmatizer"]
    rows = "\n".join(f"| {mode} | {s['dev']} | {s['test']} |" for mode, s in lem["scores"].items())
    counts = metrics["data"]["counts"]
    values = {**metrics, "components": ", ".join(metrics["pipeline"]), "lemma_rows": rows,
              "shipped": lem["shipped"], "lemma_note": lem["reason"], "lemma_ud": metrics["lemma_ud_underscores"],
              "seed": metrics["training"]["seed"], "train_seconds": metrics["training"]["seconds"],
              **{f"{split}_{unit}": counts[split][unit] for split in ("train", "dev", "test")
                 for unit in ("sentences", "tokens")}}
    path = Path(path)
    path.write_text(MODEL_CARD.format(**values), encoding="utf-8")
    return path


ATTRIBUTION = """
nl_ontmoeting_ud - a Dutch spaCy pipeline trained on Universal Dependencies treebanks

This model is an adaptation (a statistical model trained on the data) of:

- UD_Dutch-LassySmall (Wikipedia section of the Lassy Small Treebank), dev and test splits.
  Gosse Bouma and Gertjan van Noord; https://github.com/UniversalDependencies/UD_Dutch-LassySmall
- UD_Dutch-Alpino (Alpino treebank material, University of Groningen), dev split for training,
  test split for evaluation only. Gosse Bouma and Gertjan van Noord;
  https://github.com/UniversalDependencies/UD_Dutch-Alpino

Reference: Gosse Bouma and Gertjan van Noord (2017), Increasing return on annotation investment: the
automatic construction of a Universal Dependency treebank for Dutch. UD Workshop, Gothenburg.

Both treebanks are licensed CC BY-SA 4.0 (snapshot of 2025-05-10). Changes made: converted to spaCy
DocBin; lemma compound/particle boundaries ('_') joined; used to train the pipeline in pipeline/.
Under the ShareAlike condition this model is licensed under the same licence, CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/); its full legal code follows.
"""

LEMMATIZER_NOTES = {
    "trainable": "The edit-tree lemmatizer learns the treebank's lemma conventions from context (proper "
                 "nouns keep their capital, ambiguous forms follow the POS) and generalises to unseen words "
                 "through edit trees; the rule and lookup tables lower-case everything and miss words "
                 "outside their lists.",
    "rule": "spaCy's rule-based Dutch lemmatizer (spacy-lookups-data tables driven by the predicted POS) "
            "beat the trained edit-tree lemmatizer on this small training set.",
    "lookup": "The plain lookup table (spacy-lookups-data) beat both POS-aware lemmatizers.",
}


def build_metrics(*, scores: dict, lemmatizers: dict, corpora: dict, training: dict, meta: dict,
                  data: dict, pipeline_dir: str | Path) -> dict:
    """Gather everything metrics.json records: headline test scores, lemmatizer comparison, provenance."""
    shipped = lemmatizers["best_on_dev"]
    return {"name": meta["name"], "version": meta["version"], "lang": meta["lang"],
            "spacy_version": spacy.about.__version__, "pipeline": spacy.load(pipeline_dir).pipe_names,
            "evaluated_on": "held-out UD_Dutch-Alpino test (" + Path(data["test_file"]).name + ")",
            **{key: value for key, value in scores.items() if key != "dev"},
            "dev": scores["dev"],
            "lemmatizer": {"shipped": shipped, "selected_on": "dev split", "scores": lemmatizers["scores"],
                           "reason": LEMMATIZER_NOTES[shipped]},
            "lemma_normalisation": "UD '_' compound/particle boundaries joined (mee_doen -> meedoen, "
                                   "opleiding_ploeg -> opleidingsploeg); 'lemma_ud_underscores' scores "
                                   "against the untouched UD lemmas",
            "data": {**data, "counts": {split: {"sentences": corpora[split]["sentences"],
                                                "tokens": corpora[split]["tokens"]}
                                        for split in ("train", "dev", "test")}},
            "training": training, "size_mb": directory_size_mb(pipeline_dir)}


def relative_config(config_path: str | Path, *, root: str | Path) -> str:
    """The training config with its corpus paths written relative to `root` where possible."""
    config = spacy.util.load_config(config_path, interpolate=False)
    for key in ("train", "dev"):
        path = Path(config["paths"][key])
        if path.is_relative_to(root):
            config["paths"][key] = str(path.relative_to(root))
    return config.to_str()


def write_model_files(model_dir: str | Path, *, metrics: dict, config_text: str, data_dir: str | Path,
                      attribution: str) -> list[Path]:
    """Write config.cfg, metrics.json, LICENSE and MODEL_CARD.md next to the pipeline in `model_dir`."""
    model_dir = Path(model_dir)
    return [write_config(config_text, model_dir / "config.cfg"),
            write_json(metrics, model_dir / "metrics.json"),
            write_license(model_dir / "LICENSE", data_dir=data_dir, attribution=attribution),
            write_model_card(model_dir / "MODEL_CARD.md", metrics)]
