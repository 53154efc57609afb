"""Wis de uitvoer van notebooks, zodat ze zonder uitvoer (en zonder resultaten uit een corpus) in git staan.

    python notebooks/uitvoer_wissen.py              # alle notebooks in deze map
    python notebooks/uitvoer_wissen.py 02-themas.ipynb

De test tests/notebooks/test_notebooks.py controleert dat de notebooks in git geen uitvoer bevatten.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def clear_outputs(path: Path) -> bool:
    """Remove outputs, execution counts and run metadata from one notebook; True when it changed."""
    notebook = nbformat.read(path, as_version=4)
    before = nbformat.writes(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)
    if nbformat.writes(notebook) == before:
        return False
    nbformat.write(notebook, path)
    return True


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    paths = [Path(p) for p in sys.argv[1:]] or sorted(here.glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {'uitvoer gewist' if clear_outputs(path) else 'al schoon'}")
