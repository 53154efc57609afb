"""Scale-out: annotation on a local Dask cluster (2 worker processes) gives the same tables as the default run.

The Dask run goes through the code path of `ontmoeting analyse PAD --dask lokaal`
(`stages.run_annotate_on_dask`), the default run through the per-batch tasks' `stages.run_annotate`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from pipeline import stages
from pipeline.cluster import local_workers
from pipeline.config import ConfigError
from pipeline.ingest import ingest_corpus
from pipeline.paths import SAMPLE_CORPUS_DIR

TABLES = ("segments", "tokens", "themes")


@pytest.fixture(scope="module")
def small_batches(settings):
    """Small batches, so that several batches are in flight on the two workers at once."""
    return dataclasses.replace(settings, nlp=dataclasses.replace(settings.nlp, words_per_batch=400))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, small_batches) -> Path:
    """documents.parquet of the sample corpus (read only: language and privacy steps are not under test)."""
    run_dir = tmp_path_factory.mktemp("ingested")
    result = ingest_corpus(SAMPLE_CORPUS_DIR, settings=small_batches.ingest)
    result.documents.to_parquet(run_dir / "documents.parquet", index=False)
    return run_dir


def analyse_tables(ingested: Path, run_dir: Path, settings, *, dask: str | None) -> tuple[dict, list]:
    """Annotate (default or on Dask, each with its own empty cache) and score themes; read the tables back."""
    run_dir.mkdir()
    (run_dir / "documents.parquet").write_bytes((ingested / "documents.parquet").read_bytes())
    cache_dir = run_dir.parent / f"{run_dir.name}-cache"
    batches = stages.plan_batches(run_dir, settings=settings, cache_dir=cache_dir)
    if dask:
        summaries = stages.run_annotate_on_dask(run_dir, batches, settings=settings, address=dask,
                                                cache_dir=cache_dir)
    else:
        summaries = [stages.run_annotate(run_dir, batch, settings=settings, cache_dir=cache_dir) for batch in batches]
    stages.merge_annotations(run_dir)
    stages.run_themes(run_dir, settings=settings)
    return {name: pd.read_parquet(run_dir / f"{name}.parquet") for name in TABLES}, summaries


def test_local_dask_cluster_gives_the_same_tables_as_the_default_run(tmp_path, ingested, small_batches):
    default, default_summaries = analyse_tables(ingested, tmp_path / "default", small_batches, dask=None)
    on_dask, dask_summaries = analyse_tables(ingested, tmp_path / "dask", small_batches, dask="lokaal")
    assert len(dask_summaries) == len(default_summaries) > 2
    assert sum(s.parsed for s in dask_summaries) == sum(s.parsed for s in default_summaries) > 0
    for name in TABLES:
        assert len(default[name]) > 0, name
        pd.testing.assert_frame_equal(default[name], on_dask[name], obj=name)


def test_dask_addresses():
    assert local_workers("lokaal") == 2 and local_workers("local") == 2 and local_workers("Lokaal:3") == 3
    assert local_workers("tcp://10.0.0.5:8786") is None
    with pytest.raises(ConfigError, match="Dask-adres"):
        local_workers("ergens")


def test_unreachable_scheduler_is_a_dutch_error(tmp_path, ingested, settings):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "documents.parquet").write_bytes((ingested / "documents.parquet").read_bytes())
    batches = stages.plan_batches(run_dir, settings=settings)
    with pytest.raises(ConfigError, match="Dask-scheduler"):
        stages.run_annotate_on_dask(run_dir, batches, settings=settings, address="tcp://127.0.0.1:1")
