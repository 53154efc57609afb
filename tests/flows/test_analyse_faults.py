"""The real analyse flow on hostile inputs and on interruptions: it completes, and accounts for everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline import runs
from tests.pipeline.faults import DUTCH, DUTCH_2, FAULT_SETTINGS, build_fault_corpus


@pytest.fixture(scope="module")
def fault_run(prefect_harness, tmp_path_factory):
    """analyse_corpus on the fault corpus, with the small limits the expectations are written for."""
    from flows.analyse import analyse_corpus

    root = tmp_path_factory.mktemp("fouten-flow")
    expected = build_fault_corpus(root)
    settings_path = root / "instellingen.yaml"
    settings_path.write_text(yaml.safe_dump({"ingest": FAULT_SETTINGS}), encoding="utf-8")
    result = analyse_corpus(str(root / "corpus"), outputs_dir=str(root / "uit"), settings_path=str(settings_path))
    return result, expected


@pytest.mark.slow  # about 35 s: the flow reads, annotates and reports the whole fault corpus
def test_the_run_completes_and_its_manifest_accounts_for_every_file(fault_run):
    result, expected = fault_run
    run = Path(result["run"])
    assert (run / "report.html").is_file() and not list(run.parent.glob(".tmp-*"))
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    rows = {row["source"]: row for row in manifest["inputs"]}
    assert sorted(rows) == sorted(expected)
    counts = manifest["counts"]
    assert counts["inputs"] == len(expected) == counts["analysed"] + counts["skipped"]
    wrong = {source: (row["status"], row["reason"]) for source, row in rows.items()
             if row["status"] != expected[source].status or expected[source].reason not in str(row["reason"])}
    assert not wrong


def _tiny_corpus(root: Path) -> Path:
    folder = root / "klein"
    folder.mkdir()
    (folder / "a.txt").write_text(DUTCH, encoding="utf-8")
    (folder / "b.txt").write_text(DUTCH_2, encoding="utf-8")
    return folder


def _looks_complete(corpus_outputs: Path) -> list[Path]:
    return [p for p in corpus_outputs.iterdir() if (p / runs.MANIFEST).is_file() and not p.name.startswith(".")]


@pytest.mark.parametrize("stage", ["score_themes", "guard_privacy"])
def test_an_interrupted_run_leaves_nothing_that_looks_complete(prefect_harness, tmp_path, monkeypatch, stage):
    """An exception between start_run and finish_run (here: in the theme step, or in the privacy guard after
    the manifest is written) publishes nothing; the next run works and clears the remains."""
    import flows.analyse as analyse_module
    from prefect import task

    folder, outputs = _tiny_corpus(tmp_path), tmp_path / "uit"

    @task
    def interrupted(*args, **kwargs):
        raise RuntimeError("onderbroken")

    original = getattr(analyse_module, stage)
    monkeypatch.setattr(analyse_module, stage, interrupted)
    with pytest.raises(RuntimeError, match="onderbroken"):
        analyse_module.analyse_corpus(str(folder), outputs_dir=str(outputs))
    corpus_outputs = outputs / runs.slugify("klein")
    assert _looks_complete(corpus_outputs) == []
    assert runs.latest_run(outputs, "klein") is None
    with pytest.raises(FileNotFoundError):
        runs.load_run(corpus_outputs)

    monkeypatch.setattr(analyse_module, stage, original)
    result = analyse_module.analyse_corpus(str(folder), outputs_dir=str(outputs))
    assert _looks_complete(corpus_outputs) == [Path(result["run"])]
    assert runs.load_run(corpus_outputs).path == Path(result["run"])
    assert not list(corpus_outputs.glob(".tmp-*"))
