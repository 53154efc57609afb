"""One benchmark configuration, run in a fresh process so that its peak memory is its own.

`python -m benchmarks.measure CONFIG --work DIR --size N [--outputs DIR] [--n-process K] [--dask ADRES]`
prints one line `RESULT {json}`. Loading the model, starting Prefect's temporary server and
starting a Dask cluster happen before the clock starts and are reported as `startup_s`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

import psutil

RESULT_MARK = "RESULT "
CONFIGS = ("raw", "annotate", "flow")


class PeakMemory:
    """Peak RSS of this process (exact, from the kernel) and of its process tree (sampled every 50 ms)."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.tree_peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            with contextlib.suppress(psutil.Error):
                total = me.memory_info().rss
                for child in me.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        total += child.memory_info().rss
            self.tree_peak = max(self.tree_peak, total)
            self._stop.wait(self.interval)

    @staticmethod
    def own_peak_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settings_for(args):
    from pipeline.config import load_settings

    settings = load_settings(args.instellingen)
    nlp_settings = dataclasses.replace(settings.nlp, n_process=args.n_process)
    return dataclasses.replace(settings, nlp=nlp_settings)


def documents_words(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.read_table(path, columns=["n_words"])["n_words"].to_numpy().sum())


def measure_raw(args, settings, clock: float) -> dict:
    """nlp.pipe over the same texts with the same batch size: the limit for everything else."""
    import pyarrow.parquet as pq

    from pipeline import stages

    nlp = stages.load_pipeline(settings)
    texts = pq.read_table(args.work / "documents.parquet", columns=["text"])["text"].to_pylist()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.nlp.batch_size, n_process=settings.nlp.n_process):
        pass
    return {"seconds": time.perf_counter() - start, "startup_s": start - clock,
            "words": documents_words(args.work / "documents.parquet")}


def measure_annotate(args, settings, cluster_address: str | None, clock: float) -> dict:
    """The annotate stage as the flow runs it: plan, batches (in-process or on Dask), merge."""
    from pipeline import stages

    stages.load_pipeline(settings)
    run_dir = args.outputs / f"run-{time.time_ns()}"
    run_dir.mkdir(parents=True)
    shutil.copy(args.work / "documents.parquet", run_dir / "documents.parquet")
    cache_dir = args.outputs / ".cache"
    start = time.perf_counter()
    batches = stages.plan_batches(run_dir, settings=settings, cache_dir=cache_dir)
    if cluster_address:
        summaries = stages.run_annotate_on_dask(run_dir, batches, settings=settings, address=cluster_address,
                                                cache_dir=cache_dir)
    else:
        summaries = [stages.run_annotate(run_dir, b, settings=settings, cache_dir=cache_dir) for b in batches]
    stages.merge_annotations(run_dir)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "startup_s": start - clock, "words": documents_words(run_dir / "documents.parquet"),
            "parsed_documents": sum(s.parsed for s in summaries), "batches": len(batches)}


TASK_PREFIXES = ("run_", "plan_", "merge_", "write_", "guard_", "describe_")


def timed_stages() -> tuple[dict[str, float], dict[str, float]]:
    """Wrap the stage functions with a timer, before flows.analyse turns them into tasks.

    Returns (seconds per stage, peak RSS of the process in MB right after each stage): the stage
    after which the peak jumps is the one that needs the memory.
    """
    import inspect

    from pipeline import stages

    timings: dict[str, float] = {}
    peaks: dict[str, float] = {}
    for name, function in inspect.getmembers(stages, inspect.isfunction):
        if function.__module__ != stages.__name__ or not name.startswith(TASK_PREFIXES):
            continue  # helpers such as load_framework run inside the stages and would be counted twice

        @functools.wraps(function)
        def timed(*a, _function=function, _name=name, **k):
            start = time.perf_counter()
            try:
                return _function(*a, **k)
            finally:
                timings[_name] = timings.get(_name, 0.0) + time.perf_counter() - start
                peaks[_name] = round(PeakMemory.own_peak_mb(), 1)

        setattr(stages, name, timed)
    return timings, peaks


WARMUP_NOTE = """# Warm-up

Het wijkteam sprak met de huisarts over samenwerking. Professionals kregen ruimte om zelf te beslissen.
Inwoners voelden zich gehoord en de gemeente leerde mee.
"""


def measure_flow(args, settings, cluster_address: str | None, clock: float) -> dict:
    """The whole analyse flow (Prefect), after a warm-up flow has started Prefect's server."""
    timings, peaks = timed_stages()
    from flows.analyse import analyse_corpus
    from pipeline import stages

    # A first flow on a tiny corpus starts Prefect's server and loads every model (spaCy, deduce,
    # lingua) once, as in a long-running `ontmoeting serve`; its time is reported as startup_s.
    warmup = args.outputs.parent / f"{args.outputs.name}-opwarmen"
    (warmup / "corpus").mkdir(parents=True, exist_ok=True)
    (warmup / "corpus" / "notitie.md").write_text(WARMUP_NOTE, encoding="utf-8")
    settings_path = str(args.instellingen) if args.instellingen else None
    analyse_corpus(str(warmup / "corpus"), outputs_dir=str(warmup / "uit"), settings_path=settings_path,
                   dask=cluster_address)
    stages.load_pipeline(settings)
    timings.clear()
    peaks.clear()
    start = time.perf_counter()
    result = analyse_corpus(str(args.work / "corpus"), outputs_dir=str(args.outputs), settings_path=settings_path,
                            dask=cluster_address)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "startup_s": start - clock,
            "words": documents_words(Path(result["run"]) / "documents.parquet"),
            "stages": {name: round(value, 3) for name, value in timings.items()}, "stage_peak_rss_mb": dict(peaks)}


@contextlib.contextmanager
def started_cluster(address: str | None, settings):
    """A running local Dask cluster with the model loaded in every worker, or nothing."""
    if not address:
        yield None
        return
    from distributed import Client, LocalCluster

    from pipeline.annotation import load_pipeline
    from pipeline.cluster import local_workers

    with LocalCluster(n_workers=local_workers(address), threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(load_pipeline, settings.nlp)
        yield cluster.scheduler_address


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("config", choices=CONFIGS)
    parser.add_argument("--work", type=Path, required=True, help="map met corpus/ en documents.parquet")
    parser.add_argument("--outputs", type=Path, help="uitvoermap (met .cache/) voor annotate en flow")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--dask", help="'lokaal' of 'lokaal:N': start vooraf een lokaal cluster")
    parser.add_argument("--instellingen", type=Path, help="YAML met afwijkende instellingen")
    args = parser.parse_args(argv)
    clock = time.perf_counter()
    import flows  # noqa: F401  (Prefect defaults)

    settings = settings_for(args)
    with PeakMemory() as memory, started_cluster(args.dask, settings) as address:
        if args.config == "raw":
            result = measure_raw(args, settings, clock)
        elif args.config == "annotate":
            result = measure_annotate(args, settings, address, clock)
        else:
            result = measure_flow(args, settings, address, clock)
    from pipeline import nlp, stages

    result["pipeline_fingerprint"] = nlp.describe_pipeline(stages.load_pipeline(settings)).fingerprint()
    result |= {"config": args.config, "n_process": args.n_process, "dask": args.dask,
               "startup_s": round(result["startup_s"], 2), "peak_rss_mb": round(memory.own_peak_mb(), 1),
               "peak_tree_rss_mb": round(memory.tree_peak / 2**20, 1)}
    result["words_per_s"] = result["words"] / result["seconds"] if result["seconds"] else 0.0
    print(RESULT_MARK + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
