"""The analyse flow: corpus folder -> documents -> annotations -> themes -> wordles -> report.

Thin orchestration: every task wraps a function of `pipeline.stages`, and tasks pass paths and
small summaries, never spaCy objects.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.progress import reporter
from pipeline import runs, stages
from pipeline.config import load_settings
from pipeline.paths import OUTPUTS_DIR

# Words per annotation task: large enough that Prefect's per-task cost (~10 ms) is noise.
WORDS_PER_BATCH = 50_000

stage_task = task(cache_policy=NO_CACHE, persist_result=False)

ingest = stage_task(stages.run_ingest)
plan_batches = stage_task(stages.plan_batches)
annotate = stage_task(stages.run_annotate)
merge_annotations = stage_task(stages.merge_annotations)
describe_model = stage_task(stages.describe_model)
score_themes = stage_task(stages.run_themes)
make_wordles = stage_task(stages.run_wordles)
write_report = stage_task(stages.run_report)
guard_privacy = stage_task(stages.guard_privacy)
write_manifest = stage_task(stages.write_run_manifest)


@flow(name="analyse", log_prints=False)
def analyse_corpus(corpus_dir: str, outputs_dir: str | None = None, settings_path: str | None = None) -> dict:
    """Analyse a folder of Dutch notes and answers; returns the paths of the run, report and wordles."""
    settings = load_settings(Path(settings_path) if settings_path else None)
    corpus = Path(corpus_dir)
    run_dir = runs.start_run(Path(outputs_dir) if outputs_dir else OUTPUTS_DIR, stages.corpus_name_of(corpus))
    ingested = ingest(corpus, run_dir, settings=settings, on_progress=reporter("inlezen"))
    for batch in plan_batches(run_dir, max_words=WORDS_PER_BATCH):
        annotate(run_dir, batch, settings=settings, on_progress=reporter("annoteren"))
    merge_annotations(run_dir)
    model = describe_model(settings)
    score_themes(run_dir, settings=settings)
    wordle_outputs = make_wordles(run_dir, settings=settings, blocked_terms=ingested.identifiers)
    report_paths = write_report(run_dir, settings=settings, corpus_name=ingested.corpus_name, model=model,
                                wordle_outputs=wordle_outputs)
    write_manifest(run_dir, corpus_dir=corpus, settings=settings, model=model, wordle_outputs=wordle_outputs,
                   report_paths=report_paths)
    guard_privacy(run_dir, identifiers=ingested.identifiers, settings=settings)
    final = runs.finish_run(run_dir)
    create_markdown_artifact(key="themarapport", markdown=(final / "report.md").read_text(encoding="utf-8"),
                             description=f"Themarapport {ingested.corpus_name}")
    return {"run": str(final), "report_html": str(final / "report.html"), "report_md": str(final / "report.md"),
            "wordles": [str(final / Path(w.png).relative_to(run_dir)) for w in wordle_outputs]}
