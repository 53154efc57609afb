"""Flow: train the embedded Dutch spaCy pipeline (models/nl_ontmoeting_ud) from UD CoNLL-U files.

Thin orchestration of `pipeline.training`; tasks pass paths and small dicts, never spaCy objects.
Run it with `python -m flows.train_dutch_model [--help]`. On a fresh machine Prefect's temporary
server needs more than its default 20 s to start: `PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=120`
(set below, and by `flows/__init__.py`; or `[server.ephemeral] startup_timeout_seconds = 120` in prefect.toml).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from pipeline import training, training_card, training_lexicon, training_pretrain, training_vectors  # noqa: E402
from pipeline.paths import PROJECT_ROOT, SHARED_DIR, resolve_project_path  # noqa: E402

UD_DIR = SHARED_DIR / "ud-dutch"
RAW_TEXT_FILES = (str(SHARED_DIR / "bench" / "wetten-artikelen.csv"),)  # Dutch statutes, public domain
WORK_DIR = "outputs/training"
MODEL_DIR = "models/nl_ontmoeting_ud"

step = task(cache_policy=NO_CACHE, persist_result=False)
prepare_corpora = step(training.prepare_corpora)
prepare_raw_text = step(training_vectors.prepare_raw_text)
build_vectors = step(training_vectors.build_vectors)
build_lexicon_vectors = step(training_lexicon.build_lexicon_vectors)
build_config = step(training.build_config)
pretrain_tok2vec = step(training_pretrain.pretrain_tok2vec)
write_config = step(training.write_config)
train_pipeline = step(training.train_pipeline)
compare_lemmatizers = step(training.compare_lemmatizers)
package_pipeline = step(training.package_pipeline)
score_pipeline = step(training.score_pipeline)
build_metrics = step(training_card.build_metrics)
relative_config = step(training_card.relative_config)
write_model_files = step(training_card.write_model_files)


@flow(name="train-dutch-model", log_prints=False)
def train_dutch_model(ud_dir: str = str(UD_DIR), train_files: tuple[str, ...] = training.DEFAULT_TRAIN_FILES,
                      test_file: str = training.DEFAULT_TEST_FILE, work_dir: str = WORK_DIR,
                      model_dir: str = MODEL_DIR, version: str = "0.4.0", seed: int = 0,
                      max_steps: int = 4500, patience: int = 2000, eval_frequency: int = 250,
                      dev_fraction: float = 0.1, width: int = 96, depth: int = 4,
                      rows: tuple[int, ...] = training.DEFAULT_ROWS, parser_hidden_width: int = 128,
                      augment_level: float = 0.5, raw_text_files: tuple[str, ...] = RAW_TEXT_FILES,
                      raw_text_column: str = "tekst", vectors_rows: int = 0, vectors_dim: int = 64,
                      pretrain_epochs: int = 3, init_tok2vec: str | None = None, lexicon_min_zipf: float = 1.0,
                      reuse_trained: bool = False) -> dict:
    """Train on `train_files`, choose the lemmatizer on a dev split, score on `test_file`, write `model_dir`.

    Files are names inside `ud_dir`; relative dirs are read from the project root. Static floret vectors
    (`vectors_rows` x `vectors_dim`; 0 rows = none) and tok2vec pretraining (`pretrain_epochs`; 0 = none)
    learn from raw text: the `raw_text_column` of the CSV `raw_text_files` plus the training split's text.
    `init_tok2vec` skips the pretraining and starts from weights an earlier `spacy pretrain` of the same
    tok2vec made on the same raw text in `pretrain_epochs` epochs (e.g. `<work_dir>/pretrain/model2.bin`).
    `lexicon_min_zipf` > 0 gives the tok2vec word-class vectors (pipeline.training_lexicon) for the Dutch words
    with at least that wordfreq zipf value instead of floret vectors.
    `reuse_trained` skips training when `work_dir` holds a run made from the same config. Returns the
    metrics.json data.
    """
    ud, work, target = Path(ud_dir), resolve_project_path(work_dir), resolve_project_path(model_dir)
    if init_tok2vec and not pretrain_epochs:
        raise ValueError("init_tok2vec needs pretrain_epochs: the number of epochs that made the weights")
    if init_tok2vec and not resolve_project_path(init_tok2vec).is_file():
        raise FileNotFoundError(f"init_tok2vec: no pretrained weights at {init_tok2vec}")
    if vectors_rows and lexicon_min_zipf:
        raise ValueError("choose floret vectors (vectors_rows) or lexicon vectors (lexicon_min_zipf), not both")
    corpora = prepare_corpora(train_files=[ud / name for name in train_files], test_file=ud / test_file,
                              out_dir=work / "corpus", dev_fraction=dev_fraction, seed=seed)
    raw = None
    if vectors_rows or pretrain_epochs:
        raw = prepare_raw_text(csv_files=list(raw_text_files), csv_column=raw_text_column,
                               docbins=[corpora["train"]["path"]], out_dir=work / "raw")
    vectors = build_vectors(text_path=raw["tokenized"], out_dir=work / "vectors", bucket=vectors_rows,
                            dim=vectors_dim) if vectors_rows else None
    lexicon = build_lexicon_vectors(out_dir=work / "lexicon", min_zipf=lexicon_min_zipf) if lexicon_min_zipf else None
    if lexicon:
        vectors = lexicon["path"]
    config_args = {"train_path": corpora["train"]["path"], "dev_path": corpora["dev"]["path"], "seed": seed,
                   "max_steps": max_steps, "patience": patience, "eval_frequency": eval_frequency, "width": width,
                   "depth": depth, "rows": rows, "parser_hidden_width": parser_hidden_width,
                   "augment_level": augment_level, "vectors": vectors}
    config_text = build_config(**config_args)
    if pretrain_epochs:
        weights = resolve_project_path(init_tok2vec) if init_tok2vec else pretrain_tok2vec(
            config_text, raw_text=raw["jsonl"], out_dir=work / "pretrain", max_epochs=pretrain_epochs)
        config_text = build_config(**config_args, init_tok2vec=weights)
    config_path = write_config(config_text, work / "config.cfg")
    trained = train_pipeline(config_path=config_path, output_dir=work / "model", reuse=reuse_trained)
    lemmatizers = compare_lemmatizers(trained["model_best"], dev_path=corpora["dev"]["path"],
                                      test_path=corpora["test"]["path"])
    meta = {"name": target.name, "version": version, "lang": "nl", "license": "CC BY-SA 4.0",
            "description": "Dutch pipeline trained on UD Dutch LassySmall + Alpino (ontmoeting)"}
    pipeline_dir = package_pipeline(trained["model_best"], target / "pipeline",
                                    lemmatizer=lemmatizers["best_on_dev"], meta=meta)
    scores = score_pipeline(pipeline_dir, corpora)
    data = {"source_dir": os.path.relpath(ud, PROJECT_ROOT), "train_files": list(train_files), "test_file": test_file,
            "dev_fraction": dev_fraction, "split_seed": seed, "licence": "CC BY-SA 4.0",
            "treebanks": ["UD_Dutch-LassySmall", "UD_Dutch-Alpino"]}
    settings = {"seed": seed, "max_steps": max_steps, "patience": patience, "width": width, "depth": depth,
                "rows": list(rows), "parser_hidden_width": parser_hidden_width, "augment_level": augment_level,
                "seconds": trained["seconds"],
                "raw_text": training_vectors.describe_raw_text(raw, files=raw_text_files, column=raw_text_column,
                                                               root=PROJECT_ROOT) if raw else None,
                "vectors": training_vectors.vectors_settings(rows=vectors_rows, dim=vectors_dim),
                "pretrain_epochs": pretrain_epochs,
                "lexicon": training_lexicon.lexicon_settings(min_zipf=lexicon_min_zipf, **{
                    key: lexicon[key] for key in ("words", "rows")} if lexicon else {})}
    metrics = build_metrics(scores=scores, lemmatizers=lemmatizers, corpora=corpora, training=settings,
                            meta=meta, data=data, pipeline_dir=pipeline_dir)
    write_model_files(target, metrics=metrics, config_text=relative_config(config_path, root=PROJECT_ROOT),
                      data_dir=ud, attribution=training_card.ATTRIBUTION
                      + (training_vectors.RAW_TEXT_ATTRIBUTION if raw else "")
                      + (training_lexicon.LEXICON_ATTRIBUTION if lexicon else ""))
    create_markdown_artifact(key="dutch-model-card", markdown=(target / "MODEL_CARD.md").read_text(encoding="utf-8"),
                             description=f"{target.name} {version}")
    return metrics


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options; defaults match the flow's."""
    parser = argparse.ArgumentParser(description="Train the embedded Dutch spaCy pipeline from UD CoNLL-U files.")
    parser.add_argument("--ud-dir", default=str(UD_DIR), help="folder with the .conllu files")
    parser.add_argument("--train-files", nargs="+", default=list(training.DEFAULT_TRAIN_FILES))
    parser.add_argument("--test-file", default=training.DEFAULT_TEST_FILE, help="held out, only for scoring")
    parser.add_argument("--work-dir", default=WORK_DIR, help="DocBins and checkpoints (git-ignored)")
    parser.add_argument("--model-dir", default=MODEL_DIR)
    parser.add_argument("--version", default="0.4.0")
    for name, default in (("seed", 0), ("max-steps", 4500), ("patience", 2000), ("eval-frequency", 250),
                          ("width", 96), ("depth", 4), ("parser-hidden-width", 128)):
        parser.add_argument(f"--{name}", type=int, default=default)
    for name, default in (("vectors-rows", 0), ("vectors-dim", 64), ("pretrain-epochs", 3)):
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument("--lexicon-min-zipf", type=float, default=1.0,
                        help="word-class lexicon vectors for words with at least this wordfreq zipf (0 = off)")
    parser.add_argument("--rows", type=int, nargs=4, default=list(training.DEFAULT_ROWS),
                        help="hash-embedding rows for NORM, PREFIX, SUFFIX, SHAPE")
    parser.add_argument("--raw-text-files", nargs="+", default=list(RAW_TEXT_FILES),
                        help="CSV files whose text column feeds the vectors and pretraining")
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--augment-level", type=float, default=0.5, help="share of lexicon-swapped copies; 0 = off")
    parser.add_argument("--init-tok2vec", default=None,
                        help="skip pretraining: start from these `spacy pretrain` weights (same tok2vec and raw "
                             "text; give the epochs that made them with --pretrain-epochs)")
    parser.add_argument("--reuse-trained", action="store_true", help="re-package the last run of the same config")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = vars(parse_args())
    for key in ("train_files", "raw_text_files", "rows"):
        args[key] = tuple(args[key])
    result = train_dutch_model(**args)
    print({key: result[key] for key in ("pos", "morph", "lemma", "uas", "las", "sents_f", "words_per_second")})
