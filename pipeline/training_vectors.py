"""Static subword vectors for the embedded Dutch pipeline: raw text -> floret -> spaCy vectors.

Plain functions (no Prefect). floret hashes words and their character n-grams into a fixed table, so
the vectors also cover words outside the treebank; `flows/train_dutch_model.py` wires the steps.
floret is only needed for training; loading the pipeline needs spaCy alone.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import spacy
import srsly
from spacy.tokens import DocBin
from spacy.training.initialize import convert_vectors

from pipeline.config import ConfigError

RAW_TEXT_ATTRIBUTION = """
The static vectors and/or tok2vec pretraining also learned from raw text: Dutch statutes (articles of
laws from wetten.overheid.nl; public domain under article 11 of the Dutch Copyright Act, Auteurswet)
and the text of the UD training split above.
"""
FLORET_DEFAULTS = {"model": "cbow", "dim": 64, "bucket": 10000, "minn": 3, "maxn": 5, "hash_count": 2,
                   "epoch": 10, "min_count": 2}


def csv_texts(path: str | Path, *, column: str) -> list[str]:
    """The non-empty values of `column` in a CSV file (UTF-8), one text per row."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Tekstbestand voor de woordvectoren niet gevonden: {path}. "
                          "Geef een bestaand CSV-bestand op (--raw-text-files).")
    csv.field_size_limit(2**31 - 1)  # statute articles can be long
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if column not in (reader.fieldnames or []):
            raise ConfigError(f"{path} heeft geen kolom '{column}'. Kolommen: {', '.join(reader.fieldnames or [])}.")
        return [row[column] for row in reader if (row[column] or "").strip()]


def docbin_raw_texts(paths: Iterable[str | Path]) -> list[str]:
    """The raw texts of the docs in DocBins (annotations are ignored)."""
    vocab = spacy.blank("nl").vocab
    return [doc.text for path in paths for doc in DocBin().from_disk(path).get_docs(vocab)]


def raw_text_lines(*, csv_files: Sequence[str | Path], csv_column: str, docbins: Sequence[str | Path]) -> list[str]:
    """The non-empty lines of the `csv_column` texts of `csv_files` and of the texts in `docbins`."""
    texts = [text for path in csv_files for text in csv_texts(path, column=csv_column)]
    texts += docbin_raw_texts(docbins)
    return [line for text in texts for line in (part.strip() for part in text.splitlines()) if line]


def write_tokenized_text(lines: Iterable[str], path: str | Path) -> dict:
    """Tokenize `lines` with spaCy's Dutch tokenizer (as the pipeline will see them) and write them one a
    line, tokens separated by spaces (floret's input); return the path and the line and token counts."""
    tokenizer = spacy.blank("nl").tokenizer
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n_lines = n_tokens = 0
    with path.open("w", encoding="utf-8") as out:
        for doc in tokenizer.pipe(lines):
            tokens = [t.text for t in doc if not t.is_space]
            out.write(" ".join(tokens) + "\n")
            n_lines, n_tokens = n_lines + 1, n_tokens + len(tokens)
    return {"path": str(path), "lines": n_lines, "tokens": n_tokens}


def train_floret(*, text_path: str | Path, out_dir: str | Path, model: str = "cbow", dim: int = 64,
                 bucket: int = 10000, minn: int = 3, maxn: int = 5, hash_count: int = 2, epoch: int = 10,
                 min_count: int = 2) -> Path:
    """Train floret vectors on the tokenized text at `text_path`; return the `.floret` table file.

    One thread, so the result is reproducible (fastText seeds each thread with its index).
    """
    import floret

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ft = floret.train_unsupervised(str(text_path), model=model, mode="floret", dim=dim, bucket=bucket,
                                   minn=minn, maxn=maxn, hashCount=hash_count, epoch=epoch,
                                   minCount=min_count, thread=1, verbose=0)
    target = out_dir / "vectors.floret"
    ft.save_floret_vectors(str(target))
    return target


def init_floret_vectors(floret_path: str | Path, out_dir: str | Path) -> Path:
    """Turn a `.floret` table into a blank Dutch spaCy pipeline holding the vectors (as
    `spacy init vectors nl ... --mode floret`); return its directory for `[initialize] vectors`."""
    nlp = spacy.blank("nl")
    convert_vectors(nlp, Path(floret_path), truncate=0, prune=-1, mode="floret")
    out_dir = Path(out_dir)
    nlp.to_disk(out_dir)
    return out_dir


def prepare_raw_text(*, csv_files: Sequence[str | Path], csv_column: str, docbins: Sequence[str | Path],
                     out_dir: str | Path) -> dict:
    """Write the raw text twice into `out_dir`: tokenized for floret (`raw.txt`) and as JSONL for
    `spacy pretrain` (`raw.jsonl`); return both paths and the line and token counts."""
    lines = raw_text_lines(csv_files=csv_files, csv_column=csv_column, docbins=docbins)
    tokenized = write_tokenized_text(lines, Path(out_dir) / "raw.txt")
    srsly.write_jsonl(Path(out_dir) / "raw.jsonl", ({"text": line} for line in lines))
    return {"tokenized": tokenized["path"], "jsonl": str(Path(out_dir) / "raw.jsonl"),
            "lines": tokenized["lines"], "tokens": tokenized["tokens"]}


def build_vectors(*, text_path: str | Path, out_dir: str | Path, **floret_options) -> str:
    """Tokenized raw text -> floret table -> spaCy vectors pipeline in `out_dir`/nlp; return that dir."""
    table = train_floret(text_path=text_path, out_dir=out_dir, **{**FLORET_DEFAULTS, **floret_options})
    return str(init_floret_vectors(table, Path(out_dir) / "nlp"))


def vectors_settings(*, rows: int, dim: int) -> dict | None:
    """What metrics.json records about the floret vectors (None when there are none)."""
    if not rows:
        return None
    options = {**FLORET_DEFAULTS, "bucket": rows, "dim": dim}
    return {"kind": "floret", "rows": rows, "dim": dim, "threads": 1,
            **{key: options[key] for key in ("model", "minn", "maxn", "hash_count", "epoch", "min_count")}}


def describe_raw_text(raw: dict, *, files: Sequence[str | Path], column: str, root: str | Path) -> dict:
    """Provenance of the raw text behind the vectors and pretraining, for metrics.json."""
    return {"files": [os.path.relpath(path, root) for path in files], "column": column,
            "plus": "the text of the training split (UD, CC BY-SA 4.0); never the dev or test split",
            "lines": raw["lines"], "tokens": raw["tokens"],
            "licence": "Dutch statutes: public domain (Auteurswet art. 11); UD treebank text: CC BY-SA 4.0"}
