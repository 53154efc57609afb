"""`ontmoeting serve`: analyse a corpus folder on a schedule, but only when something in it changed.

A Prefect deployment of the `bewaak-map` flow runs every interval. Each run asks `pipeline.watch`
whether the folder differs from its last finished run; only then it starts the analyse flow (as a
subflow, with retries). Schedules need a real Prefect server: we use the one given by `--server` or
PREFECT_API_URL, or start `prefect server start` ourselves and stop it again on Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal
from prefect.settings import PREFECT_API_URL, PREFECT_LOGGING_LEVEL, get_current_settings, temporary_settings

from pipeline import runs, watch
from pipeline.config import ConfigError
from pipeline.framework import load_framework
from pipeline.paths import OUTPUTS_DIR, resolve_project_path

FLOW_NAME = "bewaak-map"
PREFERRED_PORT = 4200
SERVER_START_TIMEOUT = 180  # seconds; a fresh database takes 20-30 s on a small machine
SETTLE_SECONDS = 30  # a file changed this recently may still be being copied: wait for the next round
ANALYSE_RETRIES, ANALYSE_RETRY_DELAY = 2, 30
PAGE_SIZE = 200  # the most flow runs the API returns at once
Echo = Callable[[str], None]


@task(name="controleer-map", retries=2, retry_delay_seconds=5, cache_policy=NO_CACHE, persist_result=False)
def check_folder(corpus_dir: str, outputs_dir: str, corpus_name: str, settings_path: str | None,
                 settle_seconds: float, corrections: str | None = None,
                 framework_path: str | None = None) -> watch.Decision:
    """Is an analysis needed? (new, changed or removed files; other settings, framework or corrections)"""
    from pipeline.stages import corrections_changed, run_settings

    settings = run_settings(settings_path, framework_path=framework_path)
    framework = load_framework(resolve_project_path(settings.themes.framework))
    decision = watch.analysis_needed(Path(corpus_dir), Path(outputs_dir), corpus_name=corpus_name,
                                     settings=settings.to_dict(), framework_version=framework.version,
                                     settle_seconds=settle_seconds)
    if decision.analyse or decision.changes.settling:
        return decision
    if corrections_changed(watch.latest_run_of_folder(Path(outputs_dir), Path(corpus_dir), corpus_name), corrections):
        return watch.Decision(True, "Opnieuw analyseren: de correcties zijn gewijzigd.", decision.changes)
    return decision


@flow(name=FLOW_NAME, log_prints=False)
def watch_corpus(corpus_dir: str, outputs_dir: str, corpus_name: str, settings_path: str | None = None,
                 settle_seconds: float = SETTLE_SECONDS, corrections: str | None = None,
                 framework_path: str | None = None) -> dict:
    """Analyse `corpus_dir` into `outputs_dir` when it changed since its last finished run (or the corrections
    or framework did); every analysis applies the `corrections` again."""
    logger = get_run_logger()
    decision = check_folder(corpus_dir, outputs_dir, corpus_name, settings_path, settle_seconds,
                            corrections=corrections, framework_path=framework_path)
    reason = watch.published_reason(decision)
    logger.info(reason)  # logs of scheduled runs are kept in Prefect's database
    if not decision.analyse:
        return {"status": "overgeslagen", "reason": reason}
    from flows.analyse import analyse_corpus  # only now: a round without changes stays light

    result = analyse_corpus.with_options(retries=ANALYSE_RETRIES, retry_delay_seconds=ANALYSE_RETRY_DELAY)(
        corpus_dir, outputs_dir=outputs_dir, settings_path=settings_path, corrections=corrections,
        framework_path=framework_path)
    logger.info(f"Analyse klaar: {result['run']}")
    return {"status": "geanalyseerd", "reason": reason, **result}


def serve_folder(corpus_dir: Path, *, interval_minutes: float, outputs_dir: Path | None = None,
                 settings_path: Path | None = None, server_url: str | None = None, corrections: Path | None = None,
                 framework_path: str | None = None, echo: Echo = print) -> None:
    """Serve the watch flow for one folder until Ctrl+C or SIGTERM; blocks."""
    from pipeline.stages import check_run_inputs, corpus_name_of

    corpus_dir = Path(corpus_dir).resolve()
    # fail now, in the terminal, rather than in every scheduled run: folder, settings, framework, corrections
    check_run_inputs(corpus_dir, settings_path=settings_path, framework_path=framework_path, corrections=corrections)
    corpus_name = corpus_name_of(corpus_dir)
    if interval_minutes <= 0:
        raise ConfigError("--interval moet groter dan 0 zijn (minuten tussen twee controles).")
    interval = dt.timedelta(minutes=interval_minutes)
    parameters = {"corpus_dir": str(corpus_dir), "outputs_dir": str(Path(outputs_dir or OUTPUTS_DIR).resolve()),
                  "corpus_name": corpus_name,
                  "settings_path": str(Path(settings_path).resolve()) if settings_path else None,
                  "settle_seconds": min(SETTLE_SECONDS, interval.total_seconds() / 2),
                  "corrections": str(Path(corrections).resolve()) if corrections else None,
                  "framework_path": framework_path}
    with _stop_on_sigterm(), prefect_api(server_url, echo=echo) as api_url:
        os.environ.update(PREFECT_API_URL=api_url, PREFECT_LOGGING_LEVEL="INFO")  # also for the run processes
        logging.getLogger("prefect").setLevel(logging.INFO)
        logging.getLogger("prefect.runner").setLevel(logging.WARNING)  # not "n scheduled runs skipped" each poll
        with temporary_settings(updates={PREFECT_API_URL: api_url, PREFECT_LOGGING_LEVEL: "INFO"}):
            _run_runner(deployment_name(corpus_name, corpus_dir), interval=interval, parameters=parameters,
                        ui_url=ui_url_of(api_url), echo=echo)


def deployment_name(corpus_name: str, corpus_dir: Path) -> str:
    """Readable and unique per folder: two folders with the same corpus name on one server stay apart."""
    return f"{runs.slugify(corpus_name)}-{hashlib.sha256(str(corpus_dir).encode()).hexdigest()[:6]}"


def _run_runner(name: str, *, interval: dt.timedelta, parameters: dict, ui_url: str, echo: Echo) -> None:
    """Register the deployment, start one run right away, then run on schedule until stopped."""
    from prefect.deployments import run_deployment
    from prefect.runner import Runner
    from prefect.types.entrypoint import EntrypointType

    poll = max(1.0, min(10.0, interval.total_seconds() / 2))
    runner = Runner(name=f"ontmoeting-{name}", query_seconds=poll, limit=1, pause_on_shutdown=True)
    deployment_id = runner.add_flow(
        watch_corpus, name=name, interval=interval, parameters=parameters, tags=["ontmoeting"],
        description=f"Analyseert {parameters['corpus_dir']} als daar iets nieuws staat.",
        entrypoint_type=EntrypointType.MODULE_PATH)
    stale = remove_stale_runs(deployment_id, parameters=parameters)
    if stale:
        echo(f"{stale} verouderde geplande controles van een eerdere sessie verwijderd.")
    run_deployment(deployment_id, timeout=0)  # the first check now, not one interval from now
    minutes = interval.total_seconds() / 60
    echo(f"Map {parameters['corpus_dir']} wordt bewaakt: elke {minutes:g} minuten wordt gekeken of er iets "
         f"nieuw of gewijzigd is; alleen dan volgt een analyse (resultaten in {parameters['outputs_dir']}).")
    echo(f"Runs bekijken in de Prefect-UI: {ui_url}/deployments/deployment/{deployment_id}")
    echo("Stoppen: Ctrl+C.")
    _serve_until_stopped(runner, echo=echo)


def _serve_until_stopped(runner, *, echo: Echo) -> None:
    """Run the runner; Ctrl+C is handled like SIGTERM: stop polling, end running checks, pause the schedule.
    (A second Ctrl+C stops at once.)"""
    def stop(signum, frame):
        echo("ontmoeting serve stopt...")
        runner.handle_sigterm()
    previous = signal.signal(signal.SIGINT, stop)  # set before asyncio.run, which then leaves SIGINT alone
    try:
        with contextlib.suppress(KeyboardInterrupt, TerminationSignal):
            asyncio.run(runner.start())
    finally:
        signal.signal(signal.SIGINT, previous)
    echo("Bewaking gestopt; het schema is gepauzeerd.")


def remove_stale_runs(deployment_id, *, parameters: dict) -> int:
    """Delete scheduled runs of the deployment that are overdue (left over while ontmoeting was stopped
    or busy) or carry other parameters (an earlier `serve` of the same folder); returns how many."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterState, FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType

    scheduled = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
    of_deployment = DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
    now = dt.datetime.now(dt.timezone.utc)
    with get_client(sync_client=True) as client:
        found, page = [], None
        while page is None or len(page) == PAGE_SIZE:
            page = client.read_flow_runs(flow_run_filter=scheduled, deployment_filter=of_deployment,
                                         limit=PAGE_SIZE, offset=len(found))
            found += page
        stale = [run for run in found if run.parameters != parameters
                 or (run.expected_start_time is not None and run.expected_start_time < now)]
        for run in stale:
            client.delete_flow_run(run.id)
    return len(stale)


# --- The Prefect server: one given to us, or one we start and stop ourselves ------------------------

@contextlib.contextmanager
def prefect_api(server_url: str | None, *, echo: Echo = print) -> Iterator[str]:
    """The API URL of a running Prefect server: `server_url`, PREFECT_API_URL, or a server we start."""
    given = server_url or get_current_settings().api.url
    if given:
        api_url = normalise_api_url(given)
        if not api_is_healthy(api_url):
            raise ConfigError(f"Geen Prefect-server bereikbaar op {api_url}. Start er een met 'prefect server start' "
                              "of laat --server (en PREFECT_API_URL) weg; dan start ontmoeting er zelf een.")
        echo(f"Verbonden met de Prefect-server op {api_url} (UI: {ui_url_of(api_url)}).")
        yield api_url
        return
    port = free_port(PREFERRED_PORT)
    log_path = Path(get_current_settings().home) / "ontmoeting-prefect-server.log"
    echo(f"Er draait geen Prefect-server; ontmoeting start er een op poort {port} (duurt ongeveer een halve minuut)...")
    process = start_prefect_server(port, log_path=log_path)
    try:
        api_url = f"http://127.0.0.1:{port}/api"
        wait_until_healthy(api_url, process, log_path=log_path)
        echo(f"Prefect-server gestart: {api_url}. De Prefect-UI staat op {ui_url_of(api_url)} "
             f"(logboek van de server: {log_path}).")
        yield api_url
    finally:
        stop_prefect_server(process)
        echo("Prefect-server gestopt.")


def start_prefect_server(port: int, *, log_path: Path) -> subprocess.Popen:
    """`prefect server start` in its own session (Ctrl+C in the terminal is ours to handle, not its)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
             "--analytics-off"], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent if sys.platform == "linux" else None)


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when we die, even by SIGKILL, so it never outlives us."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def wait_until_healthy(api_url: str, process: subprocess.Popen, *, log_path: Path,
                       timeout: float = SERVER_START_TIMEOUT) -> None:
    """Poll /health until the server answers; ConfigError when it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ConfigError(f"De Prefect-server stopte meteen (code {process.returncode}); zie {log_path}.")
        if api_is_healthy(api_url):
            return
        time.sleep(0.5)
    raise ConfigError(f"De Prefect-server antwoordde niet binnen {timeout:.0f} s; zie {log_path}.")


def stop_prefect_server(process: subprocess.Popen, *, timeout: float = 20) -> None:
    """SIGTERM to the server's process group, SIGKILL if it lingers; waits until it is gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def api_is_healthy(api_url: str, *, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def normalise_api_url(url: str) -> str:
    """Accept the UI address too: http://host:4200 -> http://host:4200/api."""
    url = url.rstrip("/")
    return f"{url}/api" if urlparse(url).path in ("", "/") else url


def ui_url_of(api_url: str) -> str:
    url = api_url.rstrip("/")
    return url[: -len("/api")] if url.endswith("/api") else url


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else a free port chosen by the system."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise ConfigError("Geen vrije poort gevonden voor de Prefect-server.")


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM becomes KeyboardInterrupt, so `finally` blocks (stopping our server) always run."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
