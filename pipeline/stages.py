"""The analysis stages as functions over a run folder: each reads its inputs from the folder and
writes its outputs there. Flows wrap these as tasks and pass only paths and small summaries.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import framework as framework_module
from pipeline import annotation, language, nlp, privacy, reports, runs, stage_cache, themes, wordles
from pipeline.config import ConfigError, Settings, load_settings
from pipeline.corpus_description import read_corpus_description
from pipeline.ingest import ingest_corpus, warn_skipped
from pipeline.paths import PROJECT_ROOT, resolve_project_path
from pipeline.sentence_vectors import STORE_DIR, STORE_FILE, encoder_version
from pipeline.text_cache import TextCache
from pipeline.wordle_output import PRIVATE_TERMS_FILE
from pipeline.wordle_text import read_word_list

Progress = Callable[[int, int], None] | None


@dataclass
class IngestSummary:
    corpus_name: str
    n_documents: int
    n_words: int
    identifiers: set[str] = field(default_factory=set, repr=False)  # raw, in memory only
    names: dict[str, str] = field(default_factory=dict, repr=False)  # raw name -> published (PrivacyResult.names)
    origins: dict[str, str] = field(default_factory=dict, repr=False)  # identifier -> place (privacy.PLACES)


def corpus_name_of(corpus_dir: Path) -> str:
    """The name the runs of a corpus are filed under (outputs/<name>/): corpus.yaml `naam`, else the folder
    name, as it is: the folder sits on the researcher's own machine beside the corpus folder of that name, and
    only a run folder (outputs/<name>/<time>/, whose contents are coded) is shared. Coding it would load the
    name lists for every command and give two folders with different people one name. ConfigError if there
    is no folder."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise ConfigError(f"De map '{corpus_dir}' bestaat niet of is geen map. Geef een map met notities of antwoorden.")
    return str(read_corpus_description(corpus_dir).get("naam") or corpus_dir.resolve().name)


def published_names(corpus_dir: Path, corpus_name: str, *, also: Sequence[Path | str] = ()) -> list[str]:
    """The names besides the file names that a run publishes and that may hold a person's name: the corpus
    name, its folder and the paths in `also` (as given and resolved). Not the command line: how a command was
    typed must not change the codes of the same files (manifest.json codes `argv` on its own, published_argv)."""
    paths = [str(p) for p in also if p] + [str(Path(p).resolve()) for p in also if p]
    return [corpus_name, str(Path(corpus_dir).resolve()), *paths]


def published_argv(argv: Sequence[str], names: dict[str, str]) -> list[str]:
    """The command line as manifest.json publishes it: a path the run coded as in the run (PrivacyResult.names),
    any other argument with a person's name in it coded on its own, numbers left out ('[PERSOON]')."""
    return [published_name(arg, names) if str(arg) in names else privacy.code_name(str(arg)) for arg in argv]


def published_name(value: Path | str, names: dict[str, str]) -> str:
    """How `value` is published: its coded form from PrivacyResult.names, else as it is."""
    return names.get(str(value), str(value))


def run_settings(settings_path: Path | str | None = None, *, framework_path: Path | str | None = None) -> Settings:
    """The settings of a run: defaults, the user's file, then `--kader` (framework_path) over themes.framework."""
    overrides = {"themes": {"framework": str(framework_path)}} if framework_path else None
    return load_settings(Path(settings_path) if settings_path else None, overrides=overrides)


def check_run_inputs(corpus_dir: Path, *, settings_path: Path | None = None,
                     framework_path: Path | str | None = None, corrections: Path | None = None) -> Settings:
    """Raise ConfigError (Dutch) for a missing folder, bad settings, a bad framework or corrections with ids
    the framework does not know, before a run starts."""
    from pipeline.corrections import read_correction_examples

    settings = run_settings(settings_path, framework_path=framework_path)
    corpus_name_of(corpus_dir)
    read_corpus_description(Path(corpus_dir))
    framework = load_framework(settings)
    if corrections:
        read_correction_examples(Path(corrections), theme_ids=framework.theme_ids)
    return settings


def run_ingest(corpus_dir: Path, run_dir: Path, *, settings: Settings, on_progress: Progress = None,
               cache_dir: Path | None = None, also_published: Sequence[Path | str] = ()) -> IngestSummary:
    """Ingest, detect language, pseudonymise; write documents.parquet and inputs.csv. With `cache_dir`,
    language and personal data of a text seen before come from the text cache (see pipeline.text_cache).
    File and folder names are coded with the texts (see published_names; `also_published`: more paths the
    run names, such as the corrections file); the summary's corpus_name is the coded one."""
    result = ingest_corpus(Path(corpus_dir), settings=settings.ingest, on_progress=on_progress)
    cache = TextCache(cache_dir) if cache_dir is not None else None
    documents = language.mark_languages(result.documents, cache=cache)
    documents, inputs = language.filter_languages(documents, result.inputs, languages=settings.ingest.languages)
    # the reasons quote files (column names of a file not analysed), so they are coded with the texts
    protected = privacy.pseudonymise_documents(
        documents, mode=settings.privacy.mode, cache=cache, inputs=inputs,
        names=published_names(corpus_dir, result.corpus_name, also=also_published))
    # after the language check (the console agrees with inputs.csv) and the privacy step: console lines end
    # up in the logs of scheduled runs and in Prefect's database
    warn_skipped(protected.inputs.to_dict("records"))
    protected.documents.to_parquet(run_dir / "documents.parquet", index=False)
    protected.findings.to_csv(run_dir / privacy.FINDINGS_FILE, index=False)
    protected.inputs.to_csv(run_dir / "inputs.csv", index=False)
    return IngestSummary(published_name(result.corpus_name, protected.names), len(documents),
                         int(documents["n_words"].sum()), protected.identifiers, protected.names, protected.origins)


def privacy_warning(settings: Settings) -> str | None:
    """The console warning of a run that publishes personal data ('rapporteren', 'uit'); None otherwise."""
    if settings.privacy.mode == "pseudonimiseren":
        return None
    return (f"Let op: privacymodus '{settings.privacy.mode}': namen, e-mailadressen en telefoonnummers worden in "
            "deze run NIET vervangen. Rapport, tabellen, wordles en exports kunnen persoonsgegevens bevatten; "
            "deel ze niet buiten het team. Zet privacy.mode op 'pseudonimiseren' om ze te vervangen.")


def annotation_cache_dir(outputs_dir: Path, settings: Settings) -> Path | None:
    """Where annotations, text facts and stage memos are cached (<outputs>/.cache/), or None when nlp.cache
    is off."""
    return Path(outputs_dir) / ".cache" if settings.nlp.cache else None


def plan_batches(run_dir: Path, *, settings: Settings, cache_dir: Path | None = None,
                 max_words: int | None = None) -> list[tuple[int, int]]:
    """Row ranges of about nlp.words_per_batch words; looks every text up in the cache (see annotation)."""
    return annotation.plan_batches(run_dir, max_words=max_words or settings.nlp.words_per_batch,
                                   cache=annotation.open_cache(cache_dir, settings.nlp))


def run_annotate(run_dir: Path, batch: tuple[int, int], *, settings: Settings, cache_dir: Path | None = None,
                 on_progress: Progress = None) -> annotation.AnnotateSummary:
    """Annotate one planned batch in this process (only texts not in the cache are parsed)."""
    return annotation.run_batch(run_dir, batch, settings=settings.nlp,
                                cache=annotation.open_cache(cache_dir, settings.nlp), on_progress=on_progress)


def run_annotate_on_dask(run_dir: Path, batches: list[tuple[int, int]], *, settings: Settings, address: str,
                         cache_dir: Path | None = None, on_progress: Progress = None) -> list:
    """Annotate all planned batches with parsing on a Dask cluster ('lokaal' or 'tcp://host:port')."""
    from pipeline import cluster

    return cluster.annotate_on_dask(run_dir, batches, settings=settings.nlp, address=address,
                                    cache=annotation.open_cache(cache_dir, settings.nlp), on_progress=on_progress)


def merge_annotations(run_dir: Path) -> int:
    """Append the batch parts to segments.parquet and tokens.parquet; returns the segment count."""
    return annotation.merge_annotations(run_dir)


def load_pipeline(settings: Settings):
    """The Dutch spaCy pipeline named in the settings (cached per process)."""
    return nlp.load_dutch_pipeline(settings.nlp.model, embedded_model=settings.nlp.embedded_model)


def describe_model(settings: Settings) -> dict:
    """Model facts for the manifest and the report."""
    return vars(nlp.describe_pipeline(load_pipeline(settings))) | {
        "fingerprint": nlp.describe_pipeline(load_pipeline(settings)).fingerprint()}


def load_framework(settings: Settings):
    return framework_module.load_framework(resolve_project_path(settings.themes.framework))


def run_themes(run_dir: Path, *, settings: Settings, examples_path: Path | None = None,
               cache_dir: Path | None = None) -> int:
    """Score every segment against the framework; write themes.parquet; returns assignments. Corrections
    from `examples_path` (corrections.read_correction_examples) teach the engine and then overrule it on the
    fragments they were made for (corrections.apply_corrections; counts in corrections.json). Memoised under
    `cache_dir` (see stage_cache)."""
    from pipeline.corrections import CORRECTIONS_FILE, apply_corrections, read_correction_examples

    non_answers = resolve_project_path(settings.themes.non_answers)
    memo = stage_cache.StageMemo(cache_dir, "themes", inputs=[run_dir / "segments.parquet", examples_path, non_answers],
                                 config=framework_config(settings) | {"themes": vars(settings.themes)})
    if (assigned := memo.restore(run_dir)) is not None:
        return assigned
    segments = pd.read_parquet(run_dir / "segments.parquet")
    framework = load_framework(settings)
    corrections = (read_correction_examples(examples_path, theme_ids=framework.theme_ids)
                   if examples_path else None)
    scores = themes.assign_themes(segments, framework=framework,
                                  threshold=settings.themes.threshold, max_themes=settings.themes.max_themes,
                                  sentence_vectors=settings.themes.sentence_vectors, nlp=load_pipeline(settings),
                                  examples=None if corrections is None else corrections[["text", "themes"]])
    scores = themes.unassign_non_answers(scores, segments, non_answers=read_word_list(non_answers))
    outputs = ["themes.parquet"]
    if corrections is not None:
        scores, counts = apply_corrections(scores, segments, corrections)
        (run_dir / CORRECTIONS_FILE).write_text(json.dumps(counts), encoding="utf-8")
        outputs.append(CORRECTIONS_FILE)
    scores.to_parquet(run_dir / "themes.parquet", index=False)
    assigned = int(scores["assigned"].sum()) if len(scores) else 0
    memo.store(run_dir, outputs, assigned)
    return assigned


def privacy_counts(run_dir: Path) -> dict[str, int]:
    """The different codes per category the privacy step gave (privacy-findings.csv; one person named 40 times is
    one): counts only, which the report may say; the findings themselves stay private."""
    path = Path(run_dir) / privacy.FINDINGS_FILE
    if not path.is_file() or not path.stat().st_size:
        return {}
    findings = pd.read_csv(path, usecols=["category", "placeholder"])
    return {str(c): int(n) for c, n in findings.groupby("category")["placeholder"].nunique().items()}


def correction_counts(run_dir: Path) -> dict | None:
    """What run_themes did with the corrections (given, applied, unmatched, fragments); None without."""
    from pipeline.corrections import CORRECTIONS_FILE

    path = Path(run_dir) / CORRECTIONS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def corrections_changed(run_dir: Path | None, corrections: Path | str | None) -> bool:
    """Whether the run in `run_dir` used other corrections than the file `corrections` now holds (by SHA-256);
    False without a run (a first run is started anyway)."""
    manifest = Path(run_dir) / runs.MANIFEST if run_dir else None
    if manifest is None or not manifest.is_file():
        return False
    used = (json.loads(manifest.read_text(encoding="utf-8")).get("corrections") or {}).get("sha256")
    now = runs.file_sha256(Path(corrections)) if corrections and Path(corrections).is_file() else None
    return used != now


def run_clusters(run_dir: Path, *, settings: Settings, cache_dir: Path | None = None) -> int:
    """Group the segments without a theme (pipeline.clustering): clusters.parquet, cluster_segments.parquet."""
    from pipeline import clustering

    memo = stage_cache.StageMemo(cache_dir, "clusters",
                                 inputs=[run_dir / "segments.parquet", run_dir / "themes.parquet"],
                                 config=framework_config(settings) | {"themes": vars(settings.themes)})
    if (n_clusters := memo.restore(run_dir)) is not None:
        return n_clusters
    clusters, members = clustering.cluster_segments(
        pd.read_parquet(run_dir / "segments.parquet"), framework=load_framework(settings),
        map_threshold=settings.themes.cluster_threshold, theme_scores=pd.read_parquet(run_dir / "themes.parquet"))
    clusters.to_parquet(run_dir / "clusters.parquet", index=False)
    members.to_parquet(run_dir / "cluster_segments.parquet", index=False)
    memo.store(run_dir, ["clusters.parquet", "cluster_segments.parquet"], len(clusters))
    return len(clusters)


def run_wordles(run_dir: Path, *, settings: Settings, blocked_terms: set[str],
                cache_dir: Path | None = None) -> list:
    """Write the wordles of this run under wordles/."""
    tables = [run_dir / name for name in ("documents.parquet", "tokens.parquet", "segments.parquet")]
    blocked = hashlib.sha256("\0".join(sorted(blocked_terms)).encode()).hexdigest()  # the hash, not the names
    memo = stage_cache.StageMemo(cache_dir, "wordles", inputs=tables,
                                 config={"wordle": settings.to_dict()["wordle"], "blocked": blocked})
    if (stored := memo.restore(run_dir)) is not None:
        return [wordles.WordleOutput(**(item | {key: run_dir / item[key] for key in ("png", "svg", "counts_csv")}
                                        | {"top_terms": [tuple(t) for t in item["top_terms"]]}))
                for item in stored]
    outputs = wordles.write_wordles(
        documents=pd.read_parquet(tables[0]), tokens=pd.read_parquet(tables[1]),
        segments=pd.read_parquet(tables[2]), settings=settings.wordle,
        out_dir=run_dir / "wordles", blocked_terms=blocked_terms,
        style=wordles.style_from_settings(settings.wordle), private_terms_dir=run_dir)
    # the private list of all terms sits in the run folder, next to privacy-findings.csv, not among the wordles;
    # the final guard still reads it: a raw identifier in it must not stay on disk either
    private = [PRIVATE_TERMS_FILE] if (run_dir / PRIVATE_TERMS_FILE).exists() else []
    memo.store(run_dir, ["wordles", *private], [
        vars(w) | {key: Path(getattr(w, key)).relative_to(run_dir).as_posix() for key in ("png", "svg", "counts_csv")}
        for w in outputs])
    return outputs


def framework_config(settings: Settings) -> dict:
    """What a memo of a theme stage depends on besides its tables: framework file, its labelled paragraphs
    and the model."""
    path = resolve_project_path(settings.themes.framework)
    store = STORE_DIR / STORE_FILE  # the results depend on the shipped sentence vectors too
    return {"framework": runs.file_sha256(path), "examples": example_file_hashes(load_framework(settings)),
            "model": describe_model(settings)["fingerprint"], "sentence_encoder": encoder_version(),
            "sentence_vector_store": runs.file_sha256(store) if store.is_file() else None}


def example_file_hashes(framework) -> dict[str, str]:
    """SHA-256 of each labelled-paragraph file of the framework, by path (relative to the project if inside)."""
    return {project_relative(path): runs.file_sha256(path) for path in framework.example_files}


def project_relative(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return Path(path).resolve().as_posix()


def run_report(run_dir: Path, *, settings: Settings, corpus_name: str, model: dict, wordle_outputs: list
               ) -> tuple[Path, Path]:
    """Write report.md and report.html from the tables in the run folder, with tables/*.csv and, for Excel,
    tables/tabellen.xlsx. The workbook is written here, not in the report itself, which reads only its
    templates (openpyxl writes and reads back scratch files)."""
    from pipeline import exports

    clusters, cluster_segments = reports.read_clusters(run_dir)
    data = reports.ReportInputs(
        corpus_name=corpus_name, documents=report_documents(run_dir),
        inputs=pd.read_csv(run_dir / "inputs.csv", keep_default_na=False),
        segments=pd.read_parquet(run_dir / "segments.parquet"), themes=pd.read_parquet(run_dir / "themes.parquet"),
        framework=load_framework(settings), wordles=wordle_outputs, model=model,
        n_top_terms=settings.report.n_top_terms, n_quotes=settings.report.n_quotes,
        clusters=clusters, cluster_segments=cluster_segments, method={
            "threshold": settings.themes.threshold, "max_themes": settings.themes.max_themes,
            "cluster_threshold": settings.themes.cluster_threshold, "privacy": settings.privacy.mode,
            "sentence_vectors": settings.themes.sentence_vectors,
            "corrections": correction_counts(run_dir), "privacy_counts": privacy_counts(run_dir)})
    paths = reports.write_report(data, out_dir=run_dir)
    exports.write_tables_workbook(run_dir / "tables")
    return paths


def report_documents(run_dir: Path) -> pd.DataFrame:
    """documents.parquet with `n_words` as annotation counted them (annotation.is_word), the count the
    console shows while annotating. Ingest's estimate splits on whitespace, so it also counts a lone '-' or
    '...'; it only sizes the annotation batches."""
    documents = pd.read_parquet(Path(run_dir) / "documents.parquet")
    words = annotation.word_counts(run_dir)
    return documents.assign(n_words=documents["doc_id"].map(words).fillna(0).astype(int))


def run_exports(run_dir: Path, *, settings: Settings, corpus_name: str, cache_dir: Path | None = None) -> None:
    """Write export/: review.xlsx + review.csv (to correct), project.qdpx and kader.qdc (REFI-QDA)."""
    from pipeline import exports

    tables = [run_dir / name for name in ("documents.parquet", "segments.parquet", "themes.parquet")]
    memo = stage_cache.StageMemo(cache_dir, "exports", inputs=tables,
                                 config=framework_config(settings) | {"name": corpus_name})
    if memo.restore(run_dir) is not None:
        return
    # A memo keeps the first run's creation date in project.qdpx: same input, same export.
    exports.write_exports(run_dir, framework=load_framework(settings), name=corpus_name,
                          created=datetime.datetime.now())
    memo.store(run_dir, ["export"], True)


def guard_privacy(run_dir: Path, *, identifiers: set[str], settings: Settings, origins: dict[str, str] | None = None,
                  cache_dir: Path | None = None) -> None:
    """Fail the publish step when a raw identifier from the input appears in a published output: the run
    folder is deleted, and so are the stage memos (under `cache_dir`) that hold the leak, or the next run
    would copy it back (and it would sit in outputs/.cache meanwhile). `origins` (identifier -> place) lets
    the message say where the name came from."""
    if settings.privacy.mode != "pseudonimiseren":
        return
    published = [p for p in run_dir.rglob("*") if p.is_file() and p.name != privacy.FINDINGS_FILE]
    leaks = privacy.leak_places(published, identifiers, root=run_dir, origins=origins or {})
    if leaks:
        shutil.rmtree(run_dir, ignore_errors=True)  # leaked data must not stay on disk, not even unpublished
        drop_leaking_memos(cache_dir, identifiers)
        raise privacy.PrivacyLeakError(leaks)


def drop_leaking_memos(cache_dir: Path | None, identifiers: set[str]) -> list[Path]:
    """Delete every stage memo under `cache_dir` with an identifier in one of its files; returns them."""
    memos = Path(cache_dir) / "stages" if cache_dir is not None else None
    if memos is None or not memos.is_dir():
        return []
    leaking = [memo for memo in sorted(memos.glob("*/*")) if memo.is_dir()
               and privacy.check_published_outputs([memo], identifiers)]
    for memo in leaking:
        shutil.rmtree(memo, ignore_errors=True)
    return leaking


def write_run_manifest(run_dir: Path, *, corpus_dir: Path, settings: Settings, model: dict,
                       wordle_outputs: list, report_paths: tuple[Path, Path],
                       corrections: Path | None = None, names: dict[str, str] | None = None) -> Path:
    """manifest.json: inputs with hash and status, model, framework version, config, corrections used,
    versions, and every output file with its hash (so two runs can be compared file by file). The corpus
    folder, the command line and the corrections file as `names` (IngestSummary.names) publishes them."""
    inputs = pd.read_csv(run_dir / "inputs.csv", keep_default_na=False)
    framework = load_framework(settings)
    names = names or {}
    return runs.write_manifest(
        run_dir, corpus=published_name(Path(corpus_dir).resolve(), names), inputs=inputs.to_dict("records"),
        argv=(published_argv(sys.argv[1:], names) if settings.privacy.mode == "pseudonimiseren" else sys.argv[1:]),
        corpus_key=runs.folder_key(corpus_dir),
        counts={"inputs": len(inputs), "analysed": int((inputs["status"] == "analysed").sum()),
                "skipped": int((inputs["status"] != "analysed").sum())},
        model=model, framework={"name": framework.name, "version": framework.version,
                                "file": settings.themes.framework,
                                "sha256": runs.file_sha256(resolve_project_path(settings.themes.framework)),
                                "labelled_paragraphs": example_file_hashes(framework)},
        corrections=({"file": published_name(Path(corrections).resolve(), names),
                      "sha256": runs.file_sha256(Path(corrections))}
                     | (correction_counts(run_dir) or {}) if corrections else None),
        settings=settings.to_dict(),
        outputs={"report_html": "report.html", "report_md": "report.md",
                 "wordles": [Path(w.png).relative_to(run_dir).as_posix() for w in wordle_outputs],
                 "files": runs.list_outputs(run_dir)})
