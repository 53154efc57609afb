"""Memo of whole stages (themes, clusters, wordles, exports), so an unchanged rerun copies instead of recomputing.

A stage's key is a hash of: its name, the bytes of its input files, its configuration (settings,
framework, model fingerprint) and the code of `pipeline/` and `flows/`, templates included
(runs.code_fingerprint, also in the manifest: any code change invalidates every memo: safe, and simple to reason
about). Layout: `<outputs>/.cache/stages/<code>/<name>-<key>/` with
the stage's output files and `result.json` (its small return value); memos of other code versions are
removed when a new memo is stored. Written into a temporary folder
and renamed into place, so an interrupted run never leaves half a memo. Files are copied, not
hard-linked: a researcher who edits review.xlsx in a run folder must not change the memo.

Memos hold only what the run folder itself publishes (pseudonymised tables, figures), never raw input.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import runs

log = logging.getLogger(__name__)

RESULT_FILE = "result.json"


def file_digest(path: Path | None) -> str:
    """runs.file_sha256 of an input file, '-' for None or a missing file (an optional input)."""
    return runs.file_sha256(Path(path)) if path is not None and Path(path).is_file() else "-"


class StageMemo:
    """The memo of one stage for one set of inputs; `restore` or `store` it in a run folder."""

    def __init__(self, cache_dir: Path | None, name: str, *, inputs: Iterable[Path | None], config: Any):
        self.name = name
        self.enabled = cache_dir is not None
        if not self.enabled:
            self.dir = None
            return
        parts = {"stage": name, "config": config, "inputs": [file_digest(p) for p in inputs]}
        key = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]
        self.root = Path(cache_dir) / "stages"
        self.dir = self.root / runs.code_fingerprint() / f"{name}-{key}"

    def restore(self, run_dir: Path) -> Any | None:
        """Put the memo's files into `run_dir` and return the stored result; None when there is no memo."""
        if not self.enabled or not (self.dir / RESULT_FILE).is_file():
            return None
        try:
            for source in self.dir.rglob("*"):
                if source.is_file() and source.name != RESULT_FILE:
                    _copy(source, Path(run_dir) / source.relative_to(self.dir))
            return json.loads((self.dir / RESULT_FILE).read_text(encoding="utf-8"))["result"]
        except (OSError, ValueError, KeyError) as error:  # a damaged memo only costs the time to recompute
            log.warning("Tussenresultaat van stap %s niet bruikbaar (%s); de stap wordt opnieuw uitgevoerd.",
                        self.name, error)
            return None

    def store(self, run_dir: Path, outputs: Iterable[str], result: Any) -> None:
        """Keep the files `outputs` (paths relative to `run_dir`; folders included whole) and `result`."""
        if not self.enabled or self.dir.exists():
            return
        prune_other_versions(self.root, keep=runs.code_fingerprint())
        self.dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.dir.parent / f".tmp-{uuid.uuid4().hex}"
        try:
            for name in outputs:
                source = Path(run_dir) / name
                files = [p for p in source.rglob("*") if p.is_file()] if source.is_dir() else [source]
                for path in files:
                    _copy(path, tmp / path.relative_to(run_dir))
            tmp.mkdir(parents=True, exist_ok=True)
            (tmp / RESULT_FILE).write_text(json.dumps({"stage": self.name, "result": result}), encoding="utf-8")
            os.replace(tmp, self.dir)
        except OSError as error:  # another run stored it first, or the disk is full: the run goes on
            log.debug("Tussenresultaat van stap %s niet bewaard: %s", self.name, error)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def prune_other_versions(folder: Path, *, keep: str) -> None:
    """Remove what older code left under `folder` (one entry per code version, named after its code):
    after an update of ontmoeting it can never be used again."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if keep not in path.name and not path.name.startswith(".tmp-"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
