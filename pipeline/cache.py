"""Content-addressed cache of annotations, so a rerun parses only texts it has not seen before.

Layout under `<outputs>/.cache/<pipeline fingerprint>/`:
```
shard-<id>/keys.arrow      every key in the shard (also texts that gave no segments)
shard-<id>/segments.arrow  doc_tables.SEGMENT_SCHEMA with `key` instead of `doc_id`
shard-<id>/tokens.arrow    doc_tables.TOKEN_SCHEMA with `key` instead of `doc_id`
index.arrow                key -> shard (rebuilt from the shards whenever it is stale)
```
Files are Arrow IPC (Feather v2, lz4), not parquet: the cache is internal, and IPC reads and
writes about ten times faster (measured: 167k token rows read in 2 ms against 30-70 ms).
The key is a hash of the text as annotated and of how it is segmented (`annotation_key`), not the
document id: a pseudonymised text or a re-exported spreadsheet row is then still found, and a
changed privacy setting changes the text and thus the key. The fingerprint directory
(`nlp.PipelineInfo.fingerprint()`) separates models and configurations.

Robust to interruption and to parallel writers: a shard is written into a temporary folder and
renamed into place in one step; the index is only a summary and is repaired from the shards.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather

from pipeline.config import ConfigError

log = logging.getLogger(__name__)

SHARD_PREFIX = "shard-"
TMP_PREFIX = ".tmp-"
INDEX = "index.arrow"
_STALE_TMP_SECONDS = 3600


def annotation_key(kind: str, text: str) -> str:
    """Cache key of a text: its content plus the segmentation it gets (answers stay whole)."""
    mode = "answer" if kind == "antwoord" else "sentences"
    return hashlib.sha256(f"{mode}\0{text}".encode("utf-8")).hexdigest()[:32]


class AnnotationCache:
    """Annotated texts of one pipeline fingerprint, in Arrow shards under `root/fingerprint/`."""

    def __init__(self, root: Path, fingerprint: str):
        self.fingerprint = fingerprint
        self.dir = Path(root) / fingerprint
        self._index: dict[str, str] | None = None

    def lookup(self, keys: Sequence[str]) -> list[str | None]:
        """The shard holding each key, or None when it must be parsed."""
        index = self.index()
        return [index.get(key) for key in keys]

    def index(self) -> dict[str, str]:
        """key -> shard for all complete shards on disk (loaded once; repaired and saved when stale)."""
        if self._index is None:
            self._index = self._load_index()
        return self._index

    def read(self, shard: str, keys: Sequence[str]) -> tuple[pa.Table, pa.Table]:
        """(segments, tokens) rows of `keys` from one shard, in stored order."""
        folder = self.dir / shard
        wanted = pa.array(sorted(set(keys)), pa.string())
        try:
            tables = [read_arrow(folder / f"{name}.arrow") for name in ("segments", "tokens")]
        except (OSError, pa.ArrowException) as error:
            raise ConfigError(f"De annotatiecache in {folder} is beschadigd ({error}). Verwijder de map "
                              f"{self.dir} en start de analyse opnieuw.") from None
        return tuple(table.filter(pc.is_in(table["key"], value_set=wanted)) for table in tables)

    def write(self, keys: Sequence[str], segments: pa.Table, tokens: pa.Table) -> str:
        """Store the annotation of `keys` (tables with a `key` column) as a new shard; returns its name."""
        unique = sorted(set(keys))
        shard = SHARD_PREFIX + hashlib.sha256("\n".join(unique).encode()).hexdigest()[:16]
        target = self.dir / shard
        if target.is_dir():
            return shard
        tmp = self.dir / f"{TMP_PREFIX}{uuid.uuid4().hex}"
        tmp.mkdir(parents=True)
        try:
            write_arrow(pa.table({"key": pa.array(unique, pa.string())}), tmp / "keys.arrow")
            write_arrow(segments, tmp / "segments.arrow")
            write_arrow(tokens, tmp / "tokens.arrow")
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # left over only when another writer won the race
        if self._index is not None:
            self._index.update(dict.fromkeys(unique, shard))
        return shard

    def _load_index(self) -> dict[str, str]:
        if not self.dir.is_dir():
            return {}
        self._remove_stale_tmp()
        shards = {p.name for p in self.dir.glob(f"{SHARD_PREFIX}*") if p.is_dir()}
        stored: dict[str, str] = {}
        if (self.dir / INDEX).is_file():
            try:
                table = read_arrow(self.dir / INDEX)
                stored = dict(zip(table["key"].to_pylist(), table["shard"].to_pylist()))
            except (OSError, pa.ArrowException):  # rebuilt from the shards below
                stored = {}
        index = {key: shard for key, shard in stored.items() if shard in shards}
        for shard in sorted(shards - set(stored.values())):
            try:
                index.update(dict.fromkeys(read_arrow(self.dir / shard / "keys.arrow")["key"].to_pylist(), shard))
            except (OSError, pa.ArrowException):  # unreadable: its texts are simply parsed again
                log.warning("Annotatiecache: %s is onleesbaar en wordt overgeslagen.", self.dir / shard)
                shards.discard(shard)
        if set(stored.values()) != shards:
            self._save_index(index)
        return index

    def _save_index(self, index: dict[str, str]) -> None:
        tmp = self.dir / f"{TMP_PREFIX}index-{uuid.uuid4().hex}.arrow"
        write_arrow(pa.table({"key": list(index), "shard": list(index.values())},
                                schema=pa.schema([("key", pa.string()), ("shard", pa.string())])), tmp)
        os.replace(tmp, self.dir / INDEX)

    def _remove_stale_tmp(self) -> None:
        """Temporary folders of writers that were interrupted (older than an hour)."""
        for path in self.dir.glob(f"{TMP_PREFIX}*"):
            try:
                if time.time() - path.stat().st_mtime > _STALE_TMP_SECONDS:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
            except OSError:
                continue


def write_arrow(table: pa.Table, path: Path) -> None:
    """Write an Arrow IPC file (lz4): the fast format for the cache and the parts of a run."""
    feather.write_feather(table, path, compression="lz4")


def read_arrow(path: Path) -> pa.Table:
    return feather.read_table(path, memory_map=False)
