"""The analysis stages as functions over a run folder: each reads its inputs from the folder and
writes its outputs there. Flows wrap these as tasks and pass only paths and small summaries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import framework as framework_module
from pipeline import language, nlp, privacy, reports, runs, themes, wordles
from pipeline.config import ConfigError, Settings
from pipeline.ingest import ingest_corpus, read_corpus_description
from pipeline.paths import resolve_project_path

Progress = Callable[[int, int], None] | None


@dataclass
class IngestSummary:
    corpus_name: str
    n_documents: int
    n_words: int
    identifiers: set[str] = field(default_factory=set, repr=False)  # raw, in memory only


def corpus_name_of(corpus_dir: Path) -> str:
    """The corpus name (corpus.yaml `naam`, else the folder name); ConfigError if there is no folder."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise ConfigError(f"De map '{corpus_dir}' bestaat niet of is geen map. Geef een map met notities of antwoorden.")
    return str(read_corpus_description(corpus_dir).get("naam") or corpus_dir.resolve().name)


def run_ingest(corpus_dir: Path, run_dir: Path, *, settings: Settings, on_progress: Progress = None) -> IngestSummary:
    """Ingest, detect language, pseudonymise; write documents.parquet and inputs.csv."""
    result = ingest_corpus(Path(corpus_dir), settings=settings.ingest, on_progress=on_progress)
    documents = language.mark_languages(result.documents)
    documents, inputs = language.filter_languages(documents, result.inputs, languages=settings.ingest.languages)
    protected = privacy.pseudonymise_documents(documents, mode=settings.privacy.mode)
    protected.documents.to_parquet(run_dir / "documents.parquet", index=False)
    protected.findings.to_csv(run_dir / "privacy-findings.csv", index=False)
    inputs.to_csv(run_dir / "inputs.csv", index=False)
    return IngestSummary(result.corpus_name, len(documents), int(documents["n_words"].sum()),
                         protected.identifiers)


def plan_batches(run_dir: Path, *, max_words: int) -> list[tuple[int, int]]:
    """Split the documents table into row ranges of about `max_words` words each."""
    n_words = pd.read_parquet(run_dir / "documents.parquet", columns=["n_words"])["n_words"].tolist()
    batches, start, total = [], 0, 0
    for i, words in enumerate(n_words):
        total += words
        if total >= max_words:
            batches.append((start, i + 1))
            start, total = i + 1, 0
    if start < len(n_words):
        batches.append((start, len(n_words)))
    return batches


def run_annotate(run_dir: Path, batch: tuple[int, int], *, settings: Settings, on_progress: Progress = None) -> Path:
    """Annotate one batch of documents; write annotated/part-<start>.parquet files."""
    documents = pd.read_parquet(run_dir / "documents.parquet").iloc[batch[0]:batch[1]]
    pipe = load_pipeline(settings)
    segments, tokens = nlp.annotate_documents(pipe, documents, batch_size=settings.nlp.batch_size,
                                              n_process=settings.nlp.n_process, on_progress=on_progress)
    parts = run_dir / "annotated"
    parts.mkdir(exist_ok=True)
    segments.to_parquet(parts / f"segments-{batch[0]:08d}.parquet", index=False)
    tokens.to_parquet(parts / f"tokens-{batch[0]:08d}.parquet", index=False)
    return parts


def merge_annotations(run_dir: Path) -> int:
    """Join the batch parts into segments.parquet and tokens.parquet; returns the segment count."""
    parts = run_dir / "annotated"
    n_segments = 0
    for name in ("segments", "tokens"):
        files = sorted(parts.glob(f"{name}-*.parquet"))
        frames = [pd.read_parquet(f) for f in files]
        columns = nlp.SEGMENT_COLUMNS if name == "segments" else nlp.TOKEN_COLUMNS
        table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        table.to_parquet(run_dir / f"{name}.parquet", index=False)
        n_segments = len(table) if name == "segments" else n_segments
    for f in parts.glob("*.parquet"):
        f.unlink()
    parts.rmdir()
    return n_segments


def load_pipeline(settings: Settings):
    """The Dutch spaCy pipeline named in the settings (cached per process)."""
    return nlp.load_dutch_pipeline(settings.nlp.model, embedded_model=settings.nlp.embedded_model)


def describe_model(settings: Settings) -> dict:
    """Model facts for the manifest and the report."""
    return vars(nlp.describe_pipeline(load_pipeline(settings))) | {
        "fingerprint": nlp.describe_pipeline(load_pipeline(settings)).fingerprint()}


def load_framework(settings: Settings):
    return framework_module.load_framework(resolve_project_path(settings.themes.framework))


def run_themes(run_dir: Path, *, settings: Settings) -> int:
    """Score every segment against the framework; write themes.parquet; returns assignments."""
    segments = pd.read_parquet(run_dir / "segments.parquet")
    scores = themes.assign_themes(segments, framework=load_framework(settings),
                                  threshold=settings.themes.threshold, max_themes=settings.themes.max_themes)
    scores.to_parquet(run_dir / "themes.parquet", index=False)
    return int(scores["assigned"].sum()) if len(scores) else 0


def run_wordles(run_dir: Path, *, settings: Settings, blocked_terms: set[str]) -> list:
    """Write the wordles of this run under wordles/."""
    return wordles.write_wordles(
        documents=pd.read_parquet(run_dir / "documents.parquet"), tokens=pd.read_parquet(run_dir / "tokens.parquet"),
        segments=pd.read_parquet(run_dir / "segments.parquet"), settings=settings.wordle,
        out_dir=run_dir / "wordles", blocked_terms=blocked_terms)


def run_report(run_dir: Path, *, settings: Settings, corpus_name: str, model: dict, wordle_outputs: list
               ) -> tuple[Path, Path]:
    """Write report.md and report.html from the tables in the run folder."""
    data = reports.ReportInputs(
        corpus_name=corpus_name, documents=pd.read_parquet(run_dir / "documents.parquet"),
        inputs=pd.read_csv(run_dir / "inputs.csv", keep_default_na=False),
        segments=pd.read_parquet(run_dir / "segments.parquet"), themes=pd.read_parquet(run_dir / "themes.parquet"),
        framework=load_framework(settings), wordles=wordle_outputs, model=model,
        n_top_terms=settings.report.n_top_terms, n_quotes=settings.report.n_quotes)
    return reports.write_report(data, out_dir=run_dir)


def guard_privacy(run_dir: Path, *, identifiers: set[str], settings: Settings) -> None:
    """Fail the publish step when a raw identifier from the input appears in a published output."""
    if settings.privacy.mode != "pseudonimiseren":
        return
    published = [p for p in run_dir.rglob("*") if p.is_file() and p.name != "privacy-findings.csv"]
    leaks = privacy.check_published_outputs(published, identifiers)
    if leaks:
        raise privacy.PrivacyLeakError(leaks)


def write_run_manifest(run_dir: Path, *, corpus_dir: Path, settings: Settings, model: dict,
                       wordle_outputs: list, report_paths: tuple[Path, Path]) -> Path:
    """manifest.json: inputs with hash and status, model, framework version, config, versions."""
    inputs = pd.read_csv(run_dir / "inputs.csv", keep_default_na=False)
    framework = load_framework(settings)
    return runs.write_manifest(
        run_dir, corpus=str(Path(corpus_dir).resolve()), inputs=inputs.to_dict("records"),
        counts={"inputs": len(inputs), "analysed": int((inputs["status"] == "analysed").sum()),
                "skipped": int((inputs["status"] != "analysed").sum())},
        model=model, framework={"name": framework.name, "version": framework.version},
        settings=settings.to_dict(),
        outputs={"report_html": "report.html", "report_md": "report.md",
                 "wordles": [Path(w.png).relative_to(run_dir).as_posix() for w in wordle_outputs]})
