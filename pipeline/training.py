"""Train, evaluate and package the embedded Dutch spaCy pipeline from Universal Dependencies files.

Plain functions (no Prefect): CoNLL-U -> DocBin, config, training, evaluation, lemmatizer comparison,
speed, packaging. `flows/train_dutch_model.py` wires them together. The config text is in
pipeline.training_template, the augmenter it names in pipeline.training_augment, the lemmatizer modes
in pipeline.training_lemmatizers.
"""

from __future__ import annotations

import hashlib
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

from pipeline import training_augment  # noqa: F401  registers the augmenter CONFIG_TEMPLATE names, for `spacy train`
from pipeline import training_lexicon
from pipeline.training_lemmatizers import LEMMATIZER_MODES, with_lemmatizer
from pipeline.training_template import CONFIG_TEMPLATE, PRETRAIN_DEFAULTS

DEFAULT_TRAIN_FILES = ("nl_lassysmall-ud-dev.conllu", "nl_lassysmall-ud-test.conllu", "nl_alpino-ud-dev.conllu")
DEFAULT_TEST_FILE = "nl_alpino-ud-test.conllu"
# hash-embedding rows for NORM, PREFIX, SUFFIX, SHAPE; 10000 NORM rows (12000 up to 0.2.0, 8000 in 0.3.0) fit
# under 15 MB beside the word-class lexicon vectors (pipeline.training_lexicon) now that its words share rows
DEFAULT_ROWS = (10000, 1000, 4000, 1000)
VERBAL_POS = ("VERB", "AUX")
METRIC_KEYS = {"pos": "pos_acc", "morph": "morph_acc", "lemma": "lemma_acc", "uas": "dep_uas",
               "las": "dep_las", "sents_f": "sents_f", "token_acc": "token_acc"}


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


def count_docs(docs: Iterable[Doc], *, known: set[str] | None = None) -> dict:
    """Sentences and tokens in gold-annotated docs, and the percentage of tokens outside `known` forms."""
    docs = list(docs)
    counts = {"sentences": sum(len(list(doc.sents)) for doc in docs), "tokens": sum(len(doc) for doc in docs)}
    if known is not None:
        unseen = sum(token.text.lower() not in known for doc in docs for token in doc)
        counts["unseen_pct"] = round(100 * unseen / max(1, counts["tokens"]), 1)
    return counts


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
    known = {token.text.lower() for doc in train for token in doc}
    return {name: {"path": str(write_docbin(docs, out_dir / f"{name}.spacy")),
                   **count_docs(docs, known=None if name == "train" else known)}
            for name, docs in splits.items()}


def build_config(*, train_path: str | Path, dev_path: str | Path, seed: int = 0, max_steps: int = 4500,
                 max_epochs: int = 0, patience: int = 2000, eval_frequency: int = 250, width: int = 96,
                 depth: int = 4, rows: Sequence[int] = DEFAULT_ROWS, parser_hidden_width: int = 128,
                 dropout: float = 0.1, augment_level: float = 0.5, swap_prob: float = 0.3,
                 vectors: str | Path | None = None, init_tok2vec: str | Path | None = None) -> str:
    """Fill the training config template with paths and hyperparameters; return the full config text.

    `rows` are the hash-embedding rows for NORM, PREFIX, SUFFIX and SHAPE; `augment_level` 0 turns
    the lexicon-swap augmenter off. `vectors` (a spaCy pipeline dir with static vectors) switches the
    tok2vec's static vectors on; `init_tok2vec` starts the tok2vec from pretrained weights.
    """
    config = spacy.util.load_config_from_str(CONFIG_TEMPLATE, interpolate=False)
    if init_tok2vec:  # spaCy loads `init_tok2vec` only when a [pretraining] block names the component
        config = spacy.util.load_config(PRETRAIN_DEFAULTS, interpolate=False).merge(config)
    config["paths"].update({"train": str(train_path), "dev": str(dev_path),
                            "vectors": str(vectors) if vectors else None,
                            "init_tok2vec": str(init_tok2vec) if init_tok2vec else None})
    config["components"]["tok2vec"]["model"]["embed"]["include_static_vectors"] = bool(vectors)
    config["system"]["seed"] = seed
    config["training"].update({"max_steps": max_steps, "max_epochs": max_epochs, "patience": patience,
                               "eval_frequency": eval_frequency, "dropout": dropout})
    config["components"]["tok2vec"]["model"]["encode"].update({"width": width, "depth": depth})
    config["components"]["tok2vec"]["model"]["embed"]["rows"] = list(rows)
    config["components"]["parser"]["model"]["hidden_width"] = parser_hidden_width
    if augment_level:
        config["corpora"]["train"]["augmenter"].update({"level": augment_level, "swap_prob": swap_prob})
    else:
        config["corpora"]["train"]["augmenter"] = None
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True).config.to_str()


def write_config(config_text: str, path: str | Path) -> Path:
    """Write config text to `path` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text, encoding="utf-8")
    return path


def train_pipeline(*, config_path: str | Path, output_dir: str | Path, reuse: bool = False) -> dict:
    """Train with `spacy.cli.train`; return the path of model-best, the wall time and the config hash.

    With `reuse`, an earlier run in `output_dir` made from the very same config is returned instead.
    """
    from spacy.cli.train import train

    output_dir, config_sha1 = Path(output_dir), hashlib.sha1(Path(config_path).read_bytes()).hexdigest()
    info_path = output_dir / "train_info.json"
    if reuse and info_path.is_file():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        if info["config_sha1"] == config_sha1 and Path(info["model_best"]).is_dir():
            return info
    start = time.perf_counter()
    train(Path(config_path), output_dir, use_gpu=-1)
    vectors_dir = spacy.util.load_config(config_path)["paths"].get("vectors")
    attr = training_lexicon.vectors_key_attr(vectors_dir) if vectors_dir else None
    for saved in ("model-best", "model-last"):  # spaCy drops the key attribute when it saves
        training_lexicon.set_vectors_key_attr(output_dir / saved, attr)
    info = {"model_best": str(output_dir / "model-best"), "seconds": round(time.perf_counter() - start, 1),
            "config_sha1": config_sha1}
    write_json(info, info_path)
    return info


def load_examples(nlp: Language, path: str | Path) -> list[Example]:
    """Read a DocBin as Examples whose predicted side is tokenized by `nlp` (as `spacy evaluate`)."""
    return list(Corpus(path, gold_preproc=False)(nlp))


def evaluate_pipeline(nlp: Language, path: str | Path) -> dict[str, float]:
    """Score `nlp` on a DocBin; return the headline metrics in percent."""
    scores = nlp.evaluate(load_examples(nlp, path))
    return {name: round(100 * scores[key], 2) for name, key in METRIC_KEYS.items() if scores.get(key) is not None}


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
    training_lexicon.set_vectors_key_attr(target_dir, training_lexicon.vectors_key_attr(model_dir))
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


def score_pipeline(model_dir: str | Path, corpora: dict) -> dict:
    """Test and dev scores, UD-lemma accuracy and words/s of the pipeline in `model_dir` (percentages)."""
    nlp = spacy.load(model_dir)
    test = evaluate_pipeline(nlp, corpora["test"]["path"])
    return {**test,
            "lemma_ud_underscores": evaluate_pipeline(nlp, corpora["test_ud_lemmas"]["path"])["lemma"],
            "words_per_second": measure_speed(nlp, docbin_texts(corpora["test"]["path"])),
            "dev": evaluate_pipeline(nlp, corpora["dev"]["path"])}
