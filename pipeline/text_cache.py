"""Per-text facts that are slow to find and depend only on the text: its language, where its personal data is.

Stored in one SQLite file, `<outputs>/.cache/texts/<code>.sqlite` (code: runs.code_fingerprint(), so
changed detection code starts afresh, and the file of older code is removed), keyed by kind and the
sha256 of the text. Values are JSON.
Privacy spans are kept as offsets and category only: the cache holds no names, e-mail addresses or
numbers, only where they stand in a text that is itself on disk next to it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline import runs, stage_cache

log = logging.getLogger(__name__)

_CHUNK = 500  # SQLite's limit on parameters per statement is 999 in old builds


class TextCache:
    """Facts per (kind, text); `map` computes only what is missing and stores it."""

    def __init__(self, cache_dir: Path):
        self.path = Path(cache_dir) / "texts" / f"{runs.code_fingerprint()}.sqlite"

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=60)
        connection.execute("CREATE TABLE IF NOT EXISTS facts (kind TEXT, key TEXT, value TEXT, PRIMARY KEY (kind, key))")
        return connection

    def map(self, kind: str, texts: Sequence[str], compute: Callable[[str], Any]) -> list[Any]:
        """`compute(text)` for every text (JSON-serialisable), from the cache where it was computed before."""
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        try:
            with self._connect() as connection:
                known = self._read(connection, kind, sorted(set(keys)))
        except sqlite3.Error as error:  # the cache only saves time
            log.warning("Tekstcache niet leesbaar (%s); alles wordt opnieuw bepaald.", error)
            return [compute(text) for text in texts]
        new: dict[str, Any] = {}
        values = []
        for key, text in zip(keys, texts):
            if key not in known and key not in new:
                new[key] = compute(text)
            values.append(known[key] if key in known else new[key])
        if new:
            self._write(kind, new)
        return values

    @staticmethod
    def _read(connection: sqlite3.Connection, kind: str, keys: list[str]) -> dict[str, Any]:
        found = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i:i + _CHUNK]
            rows = connection.execute(f"SELECT key, value FROM facts WHERE kind = ? AND key IN "
                                      f"({','.join('?' * len(chunk))})", [kind, *chunk])
            found.update((key, json.loads(value)) for key, value in rows)
        return found

    def _write(self, kind: str, values: dict[str, Any]) -> None:
        stage_cache.prune_other_versions(self.path.parent, keep=runs.code_fingerprint())
        try:
            with self._connect() as connection:
                connection.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)",
                                       [(kind, key, json.dumps(value)) for key, value in values.items()])
        except sqlite3.Error as error:  # a full disk or a locked file must not stop the analysis
            log.warning("Tekstcache niet bijgewerkt (%s); de analyse gaat door.", error)


def map_texts(cache: TextCache | None, kind: str, texts: Sequence[str], compute: Callable[[str], Any]) -> list[Any]:
    """`compute` over `texts`, through `cache` when there is one."""
    return cache.map(kind, texts, compute) if cache is not None else [compute(text) for text in texts]
