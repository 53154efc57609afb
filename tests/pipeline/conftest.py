"""Fixtures shared by the tests of pipeline/ (the review workbook and the corrections read back from it)."""

from __future__ import annotations

import pytest

from pipeline import review
from tests.pipeline.sample_frames import run_tables


@pytest.fixture
def exported(tmp_path):
    tables = run_tables()
    table = review.review_table(tables.segments, tables.themes, tables.documents)
    xlsx, csv = review.write_review(table, tables.framework, out_dir=tmp_path / "export")
    return tables, table, xlsx, csv
