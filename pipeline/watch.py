"""Is there anything new in a corpus folder since its last finished run? The check behind `ontmoeting serve`.

A file is unchanged when the newest run of the same folder lists it in its manifest with the same
SHA-256. Files the manifest lists without a hash (too large to be read; pipes; links out
of the folder) are compared by modification time with the time the run was written. Hidden files are ignored:
ingest never reads them, so they cannot change a result.
A run is also outdated when the settings or the framework version differ from the ones it used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import runs

CHUNK = 1 << 20


@dataclass(frozen=True)
class FolderChanges:
    """Sources (paths relative to the corpus folder) that differ from the last run of the folder.

    `settling`: files modified so recently that they may still be being written; a caller waits
    for them instead of analysing half a file.
    """

    previous_run: Path | None
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    settling: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return self.previous_run is None or bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        """One Dutch line for logs and the terminal."""
        if self.previous_run is None:
            return "Nog geen eerdere run van deze map."
        parts = [f"{label}: {', '.join(items)}" for label, items in
                 (("nieuw", self.added), ("gewijzigd", self.changed), ("verwijderd", self.removed)) if items]
        return "; ".join(parts) if parts else "Geen nieuwe of gewijzigde bestanden sinds de vorige run."


def corpus_files(folder: Path) -> dict[str, Path]:
    """Every file below `folder` that ingest could read, by source path; hidden files left out."""
    folder = Path(folder)
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        source = path.relative_to(folder).as_posix()
        if not any(part.startswith(".") for part in Path(source).parts):
            found[source] = path
    return found


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks (the same hash ingest writes to the manifest)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(run_dir: Path) -> dict[str, Any]:
    return json.loads((Path(run_dir) / runs.MANIFEST).read_text(encoding="utf-8"))


def latest_run_of_folder(outputs_dir: Path, folder: Path, corpus_name: str) -> Path | None:
    """The newest finished run under outputs/<corpus>/ that analysed this very folder, or None."""
    corpus_dir = Path(outputs_dir) / runs.slugify(corpus_name)
    if not corpus_dir.is_dir():
        return None
    wanted, key = str(Path(folder).resolve()), runs.folder_key(folder)
    for run_dir in sorted((p for p in corpus_dir.glob("[0-9]*") if (p / runs.MANIFEST).is_file()), reverse=True):
        manifest = read_manifest(run_dir)
        # `corpus` is published with a person's name coded; runs before that wrote the plain path
        if manifest.get("corpus_key", "") == key or manifest.get("corpus") == wanted:
            return run_dir
    return None


def folder_changes(folder: Path, run_dir: Path | None, *, settle_seconds: float = 0.0,
                   now: dt.datetime | None = None) -> FolderChanges:
    """Compare the files below `folder` with the inputs listed in `run_dir`'s manifest."""
    files = corpus_files(folder)
    listed, written = {}, None
    if run_dir is not None:
        manifest = read_manifest(run_dir)
        listed = {row["source"]: row for row in manifest.get("inputs", [])
                  if not any(part.startswith(".") for part in Path(row["source"]).parts)}
        written = dt.datetime.fromisoformat(manifest["created"])
        listed = _match_coded_sources(files, listed)
    added = tuple(s for s in files if s not in listed)
    changed = tuple(s for s, p in files.items() if s in listed and _differs(p, listed[s], written))
    now = now or dt.datetime.now()
    settling = tuple(s for s in added + changed if _age_seconds(files[s], now) < settle_seconds)
    return FolderChanges(run_dir, added=added, changed=changed,
                         removed=tuple(s for s in listed if s not in files), settling=settling)


def _match_coded_sources(files: dict[str, Path], listed: dict[str, dict]) -> dict[str, dict]:
    """`listed` with the rows of files the manifest names coded ('gesprek [PERSOON-1].txt': a person's name in a
    file name is never published) keyed by the file's real name, matched by content (SHA-256): an unchanged file
    must not look new and removed at every round. Files with the same content take the rows in name order."""
    coded: dict[str, list[str]] = {}
    for name, row in sorted(listed.items()):
        if name not in files and "[" in name and row.get("sha256"):
            coded.setdefault(row["sha256"], []).append(name)
    if not coded:
        return listed
    listed = dict(listed)
    for source, path in sorted(files.items()):
        names = coded.get(_sha_or_none(path) or "", [])
        if source not in listed and names:
            listed[source] = listed.pop(names.pop(0))
    return listed


def _sha_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None


def _differs(path: Path, row: dict[str, Any], written: dt.datetime) -> bool:
    if row.get("sha256"):
        try:
            return file_sha256(path) != row["sha256"]
        except OSError:
            return True
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime) >= written
    except OSError:  # a dangling link: it was skipped before and nothing can be read now either
        return False


def _age_seconds(path: Path, now: dt.datetime) -> float:
    try:
        return (now - dt.datetime.fromtimestamp(path.stat().st_mtime)).total_seconds()
    except OSError:
        return float("inf")


def outdated_reasons(run_dir: Path, *, settings: dict[str, Any], framework_version: str | None = None) -> list[str]:
    """Dutch reasons why a run no longer matches the current settings or framework ([] = still current)."""
    manifest = read_manifest(run_dir)
    reasons = []
    if _normalised(manifest.get("settings")) != _normalised(settings):
        reasons.append("de instellingen zijn gewijzigd")
    used = (manifest.get("framework") or {}).get("version")
    if framework_version is not None and str(used) != str(framework_version):
        reasons.append(f"het kader is gewijzigd (versie {used} -> {framework_version})")
    return reasons


def _normalised(value: Any) -> Any:
    """The value as it reads back from JSON (tuples become lists, paths strings)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class Decision:
    """Whether to analyse now, with the Dutch reason shown in logs and the Prefect UI."""

    analyse: bool
    reason: str
    changes: FolderChanges


def published_reason(decision: Decision) -> str:
    """The decision's reason as logs keep it (serve's logs sit in Prefect's database): a person's name in a listed
    file name coded (privacy.code_name); a round that lists no files does not load the name lists."""
    changes = decision.changes
    if not (changes.added or changes.changed or changes.removed or changes.settling):
        return decision.reason
    from pipeline.privacy import code_name

    return code_name(decision.reason)


def analysis_needed(folder: Path, outputs_dir: Path, *, corpus_name: str, settings: dict[str, Any],
                    framework_version: str | None = None, settle_seconds: float = 0.0) -> Decision:
    """Analyse when files changed since the folder's last finished run, or its settings or framework did;
    wait while a changed file is younger than `settle_seconds` (it may still be being copied)."""
    run_dir = latest_run_of_folder(outputs_dir, folder, corpus_name)
    changes = folder_changes(folder, run_dir, settle_seconds=settle_seconds)
    if changes.settling:
        return Decision(False, f"Wacht tot deze bestanden klaar zijn met schrijven: {', '.join(changes.settling)}.",
                        changes)
    if changes.any:
        return Decision(True, changes.describe(), changes)
    reasons = outdated_reasons(run_dir, settings=settings, framework_version=framework_version)
    if reasons:
        return Decision(True, f"Opnieuw analyseren: {' en '.join(reasons)}.", changes)
    return Decision(False, changes.describe(), changes)
