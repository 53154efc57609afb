"""The notebooks run top to bottom on the sample run, and are kept in git without outputs."""

from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.explore import RUN_ENV
from pipeline.paths import PROJECT_ROOT

NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))
CELL_TIMEOUT = 600  # seconds; a cell that draws a 300-dpi wordle on a busy machine takes a while


def test_the_three_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01-verkennen.ipynb", "02-themas.ipynb", "03-wordle-atelier.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name} bevat uitvoer; wis die met: python notebooks/uitvoer_wissen.py")
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom_on_the_sample_run(path, sample_run, monkeypatch):
    monkeypatch.setenv(RUN_ENV, str(sample_run["run"]))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(NOTEBOOKS_DIR)}})
    started = time.monotonic()
    client.execute()  # raises CellExecutionError, with the failing cell, on any error
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"Run: {sample_run['run']}" in printed, "the notebook did not open the run it was given"
    print(f"{path.name}: {time.monotonic() - started:.1f} s")
