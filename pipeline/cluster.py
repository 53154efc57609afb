"""Parse the annotation batches on a Dask cluster: a local one, or an existing scheduler.

Why plain Dask futures and not Prefect's DaskTaskRunner: with the runner every worker process
runs Prefect task machinery and, without a Prefect server, starts its own temporary API server
(tens of seconds and a SQLite database per worker). Here the workers only run
`annotation.parse_texts`, a plain function of this package: texts go in, Arrow tables come out.
So workers need the `ontmoeting` package and the same spaCy model, but no Prefect server and no
access to the run folder or the cache; all reading and writing stays in the calling process.
A window of batches in flight keeps the memory of the caller flat.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.annotation import (AnnotateSummary, Progress, finish_batch, load_batch, parse_texts,
                                 texts_to_parse)
from pipeline.cache import AnnotationCache
from pipeline.config import ConfigError, NlpSettings

LOCAL_NAMES = ("lokaal", "local")
LOCAL_WORKERS = 2
CONNECT_TIMEOUT = "10s"
_LOCAL = re.compile(rf"^({'|'.join(LOCAL_NAMES)})(?::(\d+))?$", re.IGNORECASE)
_LOG_VARIABLE = "DASK_LOGGING__DISTRIBUTED"
_REMOTE = re.compile(r"^(tcp|tls|ws|wss|inproc)://\S+$", re.IGNORECASE)


def local_workers(address: str) -> int | None:
    """Number of workers for 'lokaal' / 'local' / 'lokaal:4'; None for a scheduler address."""
    match = _LOCAL.match(address.strip())
    if match:
        return int(match.group(2) or LOCAL_WORKERS)
    if _REMOTE.match(address.strip()):
        return None
    raise ConfigError(f"Onbekend Dask-adres '{address}'. Gebruik 'lokaal' (een cluster op deze computer, "
                      f"eventueel 'lokaal:4' voor 4 processen) of het adres van een scheduler, zoals "
                      f"'tcp://server:8786'.")


@contextlib.contextmanager
def dask_client(address: str) -> Iterator:
    """A distributed.Client for `address`; a local cluster is started and stopped here."""
    from distributed import Client, LocalCluster

    workers = local_workers(address)
    if workers is not None:
        with quiet_dask_logs(), LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address.strip(), timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        raise ConfigError(f"Kan geen verbinding maken met de Dask-scheduler {address}: {error}. "
                          f"Controleer het adres en of de scheduler draait.") from None
    with client:
        yield client


@contextlib.contextmanager
def quiet_dask_logs() -> Iterator[None]:
    """Only errors from the scheduler and the worker processes (they inherit the environment variable)."""
    previous = os.environ.get(_LOG_VARIABLE)
    os.environ[_LOG_VARIABLE] = "error"
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
        if previous is None:
            os.environ.pop(_LOG_VARIABLE, None)
        else:
            os.environ[_LOG_VARIABLE] = previous


def annotate_on_dask(run_dir: Path, batches: list[tuple[int, int]], *, settings: NlpSettings,
                     cache: AnnotationCache | None, address: str, on_progress: Progress = None
                     ) -> list[AnnotateSummary]:
    """Annotate planned batches: parsing on the cluster, cache and run-folder writes here, in batch order."""
    from distributed import as_completed

    with dask_client(address) as client:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
        todo, waiting, done = iter(batches), {}, {}
        running = as_completed()

        def submit_next() -> None:
            for batch in todo:
                plan = load_batch(run_dir, batch)
                keys, kinds, texts = texts_to_parse(plan)
                if not keys:  # everything cached: nothing for the cluster to do
                    done[batch] = finish_batch(run_dir, batch, plan, None, cache=cache, on_progress=on_progress)
                    continue
                future = client.submit(parse_texts, keys, kinds, texts, settings=settings, n_process=1, pure=False)
                waiting[future.key] = (batch, plan)
                running.add(future)
                return

        for _ in range(window):
            submit_next()
        for future in running:
            batch, plan = waiting.pop(future.key)
            parsed = future.result()
            future.release()
            if on_progress:
                on_progress(len(parsed.keys), parsed.words)
            done[batch] = finish_batch(run_dir, batch, plan, parsed, cache=cache, on_progress=on_progress)
            submit_next()
    return [done[batch] for batch in batches]
