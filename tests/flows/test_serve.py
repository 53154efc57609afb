"""`ontmoeting serve` for real: it starts its own Prefect server, checks the folder on a schedule,
analyses a note dropped into it, skips rounds in which nothing changed, and stops without leaving
processes behind."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from flows.serve import free_port, normalise_api_url, ui_url_of
from pipeline.paths import PROJECT_ROOT

NOTES = {
    "2025-01-16-leerkring-noord.md": (
        "---\nbijeenkomst: Leerkring wijkteam Noord\ndatum: 2025-01-16\ngemeente: Dordrecht\n---\n\n"
        "We spraken over de wachtlijst bij schuldhulpverlening. De huisarts en het wijkteam willen vaker samen "
        "op huisbezoek. Een collega vroeg om meer ruimte voor maatwerk.\n"),
    "2025-02-20-intervisie.md": (
        "---\nbijeenkomst: Intervisie\ndatum: 2025-02-20\ngemeente: Zwijndrecht\n---\n\n"
        "De casus liet zien hoe weinig we van elkaars werk weten. Door samen aan tafel te zitten werd het plaatje "
        "compleet. We willen dit vaker doen met de praktijkondersteuner.\n"),
    "2025-03-13-werkconferentie.md": (
        "---\nbijeenkomst: Werkconferentie\ndatum: 2025-03-13\ngemeente: Gorinchem\n---\n\n"
        "Ervaringsdeskundigen vertelden wat een goed eerste gesprek is. Inwoners willen niet steeds opnieuw hun "
        "verhaal doen. Het team gaat oefenen met gesprekken aan de keukentafel.\n"),
}
NEW_NOTE = ("2025-04-10-werkgroep-toegang.md",
            "---\nbijeenkomst: Werkgroep toegang\ndatum: 2025-04-10\ngemeente: Sliedrecht\n---\n\n"
            "De werkgroep besprak de toegang tot het wijkteam. Het loket moet eenvoudiger en er moet een vast "
            "aanspreekpunt komen voor huisartsen.\n")


def test_api_urls_are_normalised():
    assert normalise_api_url("http://127.0.0.1:4200") == "http://127.0.0.1:4200/api"
    assert normalise_api_url("http://127.0.0.1:4200/api/") == "http://127.0.0.1:4200/api"
    assert ui_url_of("http://127.0.0.1:4200/api") == "http://127.0.0.1:4200"
    assert 0 < free_port(4200) < 65536


def test_serve_refuses_a_server_that_does_not_answer(tmp_path):
    corpus = write_corpus(tmp_path / "kring")
    done = subprocess.run([sys.executable, "-m", "flows.cli", "serve", str(corpus), "--server", "http://127.0.0.1:9"],
                          cwd=PROJECT_ROOT, env=serve_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Geen Prefect-server bereikbaar op http://127.0.0.1:9/api" in done.stderr


@pytest.mark.slow
def test_serve_analyses_a_new_note_and_stops_cleanly(tmp_path):
    corpus, outputs, log_path = write_corpus(tmp_path / "kring"), tmp_path / "outputs", tmp_path / "serve.log"
    # Privacy has its own tests; here it would add ~30 s of model loading to every analysis.
    settings = tmp_path / "instellingen.yaml"
    settings.write_text("privacy:\n  mode: uit\n", encoding="utf-8")
    started = time.monotonic()
    with open(log_path, "wb") as log:
        serve = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", str(corpus), "--interval", "0.1", "--uit", str(outputs),
             "--instellingen", str(settings)],
            cwd=tmp_path, env=serve_env(tmp_path), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    seen: dict[int, tuple[psutil.Process, str]] = {}
    try:
        first = wait_for_runs(outputs, 1, serve, seen, log_path, timeout=180)[0]
        assert analysed_sources(first) == set(NOTES)
        print(f"first run after {time.monotonic() - started:.0f} s")
        write_corpus(corpus, dict([NEW_NOTE]))
        second = wait_for_runs(outputs, 2, serve, seen, log_path, timeout=120)[1]
        assert analysed_sources(second) == set(NOTES) | {NEW_NOTE[0]}
        print(f"second run after {time.monotonic() - started:.0f} s")
        for _ in range(15):  # two more rounds in which nothing changed: no new run
            remember_children(serve, seen)
            time.sleep(1)
        assert len(run_folders(outputs)) == 2
        text = log_path.read_text(encoding="utf-8", errors="replace")
        assert "Prefect-server gestart" in text and "Runs bekijken in de Prefect-UI: http://127.0.0.1:" in text
        assert any("prefect server start" in cmd for _, cmd in seen.values()), "no Prefect server started"

        os.killpg(serve.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
        assert serve.wait(timeout=60) == 0, tail(log_path)
        _, alive = psutil.wait_procs([process for process, _ in seen.values()], timeout=15)
        assert not alive, f"left behind: {[seen[p.pid][1] for p in alive]}"
        assert "Prefect-server gestopt" in log_path.read_text(encoding="utf-8", errors="replace")
        assert not list(outputs.glob("*/.tmp-*")), "an unfinished run folder was left behind"
        print(f"stopped after {time.monotonic() - started:.0f} s")
    finally:
        for process, _ in seen.values():
            with contextlib.suppress(psutil.Error):
                process.kill()
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()


def write_corpus(folder: Path, notes: dict[str, str] = NOTES) -> Path:
    """Notes written a minute ago, so none of them counts as still being copied."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (dt.datetime.now() - dt.timedelta(minutes=1)).timestamp()
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, (stamp, stamp))
    return folder


def serve_env(tmp_path: Path) -> dict[str, str]:
    """A Prefect home of its own, no server configured, so `serve` starts one."""
    env = {k: v for k, v in os.environ.items() if k not in {"PREFECT_API_URL", "PREFECT_PROFILE"}}
    return env | {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PYTHONUNBUFFERED": "1"}


def run_folders(outputs: Path) -> list[Path]:
    return sorted(p for p in outputs.glob("*/[0-9]*") if (p / "manifest.json").is_file())


def wait_for_runs(outputs: Path, n: int, serve: subprocess.Popen, seen: dict, log_path: Path, *,
                  timeout: float) -> list[Path]:
    """Wait until `n` run folders exist, remembering every process `serve` starts on the way."""
    deadline = time.monotonic() + timeout
    while len(found := run_folders(outputs)) < n:
        if serve.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{len(found)} runs instead of {n} after {timeout} s; log:\n{tail(log_path)}")
        remember_children(serve, seen)
        time.sleep(1)
    remember_children(serve, seen)
    return found


def remember_children(serve: subprocess.Popen, seen: dict[int, tuple[psutil.Process, str]]) -> None:
    with contextlib.suppress(psutil.Error):
        for child in psutil.Process(serve.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                seen.setdefault(child.pid, (child, " ".join(child.cmdline())))


def analysed_sources(run_dir: Path) -> set[str]:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    return {row["source"] for row in manifest["inputs"] if row["status"] == "analysed"}


def tail(log_path: Path) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
