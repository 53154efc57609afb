"""Exports of a run for people who review and code further in their own tools: export/ in the run folder.

- review.xlsx / review.csv: every segment with suggested themes, to correct (see pipeline.review)
- project.qdpx: REFI-QDA project with the pseudonymised sources and the themes as codings
- kader.qdc: the framework alone as a REFI-QDA codebook
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pipeline import qda_export, review

EXPORT_DIR = "export"


def write_exports(run_dir: Path, *, framework, name: str, created: dt.datetime) -> dict[str, Path]:
    """Write the review workbook, the REFI-QDA project and codebook from the run tables; returns the paths."""
    run_dir = Path(run_dir)
    documents = pd.read_parquet(run_dir / "documents.parquet")
    segments = pd.read_parquet(run_dir / "segments.parquet")
    themes = pd.read_parquet(run_dir / "themes.parquet")
    out = run_dir / EXPORT_DIR
    xlsx, csv = review.write_review(review.review_table(segments, themes, documents), framework, out_dir=out)
    qdpx = qda_export.write_qdpx(out / "project.qdpx", name=name, framework=framework, documents=documents,
                                 segments=segments, themes=themes, created=created)
    qdc = qda_export.write_qdc(out / "kader.qdc", framework)
    return {"review_xlsx": xlsx, "review_csv": csv, "qdpx": qdpx, "qdc": qdc}
