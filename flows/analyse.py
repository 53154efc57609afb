"""The analyse flow: corpus folder -> documents -> annotations -> themes -> wordles -> report.

Thin orchestration: every task wraps a function of `pipeline.stages`, and tasks pass paths and
small summaries, never spaCy objects.
"""

from __future__ import annotations

import logging
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.progress import reporter
from pipeline import corrections as corrections_module
from pipeline import reports, runs, stages
from pipeline.paths import OUTPUTS_DIR

stage_task = task(cache_policy=NO_CACHE, persist_result=False)

ingest = stage_task(stages.run_ingest)
plan_batches = stage_task(stages.plan_batches)
annotate = stage_task(stages.run_annotate)
annotate_on_dask = stage_task(stages.run_annotate_on_dask)
merge_annotations = stage_task(stages.merge_annotations)
describe_model = stage_task(stages.describe_model)
score_themes = stage_task(stages.run_themes)
find_clusters = stage_task(stages.run_clusters)
make_wordles = stage_task(stages.run_wordles)
write_report = stage_task(stages.run_report)
write_exports = stage_task(stages.run_exports)
guard_privacy = stage_task(stages.guard_privacy)
write_manifest = stage_task(stages.write_run_manifest)
list_unmatched_corrections = stage_task(corrections_module.write_unmatched_corrections)


@flow(name="analyse", log_prints=False)
def analyse_corpus(corpus_dir: str, outputs_dir: str | None = None, settings_path: str | None = None,
                   dask: str | None = None, corrections: str | None = None,
                   framework_path: str | None = None) -> dict:
    """Analyse a folder of Dutch notes and answers; returns the paths of the run, report and wordles.

    `dask`: parse on a Dask cluster, 'lokaal' (started here) or a scheduler address 'tcp://host:port'.
    `corrections`: the researcher's corrections; they teach the theme engine and fix the themes of the
    fragments they were made for (see `ontmoeting importeer-correcties`, docs/rapport.md).
    `framework_path`: a framework YAML instead of themes.framework of the settings (`--kader`).
    """
    settings = stages.run_settings(settings_path, framework_path=framework_path)
    corpus = Path(corpus_dir)
    outputs = Path(outputs_dir) if outputs_dir else OUTPUTS_DIR
    run_dir = runs.start_run(outputs, stages.corpus_name_of(corpus))
    # Annotations, text facts and stage memos: an unchanged rerun repeats no work (pipeline.stage_cache).
    cache_dir = stages.annotation_cache_dir(outputs, settings)
    if warning := stages.privacy_warning(settings):  # 'rapporteren' or 'uit': the user must know, now
        logging.getLogger(__name__).warning(warning)
    ingested = ingest(corpus, run_dir, settings=settings, on_progress=reporter("inlezen"), cache_dir=cache_dir,
                      also_published=[corrections] if corrections else [])
    # Batches of ~nlp.words_per_batch words: Prefect's ~10 ms per task is noise, memory stays flat.
    batches = plan_batches(run_dir, settings=settings, cache_dir=cache_dir)
    if dask:
        annotate_on_dask(run_dir, batches, settings=settings, address=dask, cache_dir=cache_dir,
                         on_progress=reporter("annoteren"))
    else:
        for batch in batches:
            annotate(run_dir, batch, settings=settings, cache_dir=cache_dir, on_progress=reporter("annoteren"))
    merge_annotations(run_dir)
    model = describe_model(settings)
    score_themes(run_dir, settings=settings, examples_path=Path(corrections) if corrections else None,
                 cache_dir=cache_dir)
    find_clusters(run_dir, settings=settings, cache_dir=cache_dir)
    wordle_outputs = make_wordles(run_dir, settings=settings, blocked_terms=ingested.identifiers,
                                  cache_dir=cache_dir)
    report_paths = write_report(run_dir, settings=settings, corpus_name=ingested.corpus_name, model=model,
                                wordle_outputs=wordle_outputs)
    write_exports(run_dir, settings=settings, corpus_name=ingested.corpus_name, cache_dir=cache_dir)
    unmatched = (list_unmatched_corrections(run_dir, Path(corrections), identifiers=ingested.identifiers)
                 if corrections else 0)
    write_manifest(run_dir, corpus_dir=corpus, settings=settings, model=model, wordle_outputs=wordle_outputs,
                   report_paths=report_paths, corrections=Path(corrections) if corrections else None,
                   names=ingested.names)
    guard_privacy(run_dir, identifiers=ingested.identifiers, settings=settings, origins=ingested.origins,
                  cache_dir=cache_dir)
    final = runs.finish_run(run_dir)
    if unmatched:  # a logging warning reaches the console of `analyse` and of `serve` (its runs' output) alike
        logging.getLogger(__name__).warning(corrections_module.unmatched_warning(
            unmatched, final / "export" / corrections_module.UNMATCHED_FILE))
    summary, theme_table = reports.artifact_contents(final)
    create_markdown_artifact(key="themarapport", markdown=summary, description=f"Themarapport {ingested.corpus_name}")
    create_table_artifact(key="themaverdeling", table=theme_table, description=f"Thema's in {ingested.corpus_name}")
    return {"run": str(final), "report_html": str(final / "report.html"), "report_md": str(final / "report.md"),
            "review": str(final / "export" / "review.xlsx"), "qdpx": str(final / "export" / "project.qdpx"),
            "wordles": [str(final / Path(w.png).relative_to(run_dir)) for w in wordle_outputs],
            "unmatched_corrections": unmatched}
