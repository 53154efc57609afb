"""Review workbook: export to xlsx (sheets, hint, help, formula-like text), and the corrections of a re-run shown again."""

from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from pipeline import review
from pipeline.corrections import apply_corrections, read_corrections
from tests.pipeline.sample_frames import run_tables


def test_review_table_has_one_row_per_segment(exported):
    tables, table, _, _ = exported
    assert table.columns.tolist() == review.REVIEW_COLUMNS
    assert table["seg_id"].tolist() == tables.segments["seg_id"].tolist()
    row = table.set_index("seg_id").loc["b2-0000"]
    assert row["voorgesteld"] == "P1; L1"  # best first
    assert row["scores"].startswith("P1 0,61; L1 0,40")
    assert row["bewijs"] == "P1: reflectie | L1: samen"
    assert row["bron"] == "notitie-2.md" and row["bijeenkomst"] == "Leerkring"
    assert table.set_index("seg_id").loc["a1-0002", "voorgesteld"] == ""
    assert (table["correctie"] == "").all() and (table["opmerking"] == "").all()


def test_workbook_has_theme_sheet_hint_and_help(exported):
    tables, table, xlsx, csv = exported
    book = load_workbook(xlsx)
    assert book.sheetnames == [review.SHEET, review.THEMES_SHEET, review.HELP_SHEET]
    sheet = book[review.SHEET]
    assert [c.value for c in sheet[1]] == review.REVIEW_COLUMNS
    assert sheet.max_row == len(table) + 1 and sheet.freeze_panes == "B2"
    validations = sheet.data_validations.dataValidation
    assert len(validations) == 1 and "I2" in str(validations[0].sqref) and "L1" in validations[0].prompt
    ids = [row[0].value for row in book[review.THEMES_SHEET].iter_rows(min_row=2)]
    assert ids == [t.id for t in tables.framework.themes] and len(ids) == 12
    assert pd.read_csv(csv, keep_default_na=False)["seg_id"].tolist() == table["seg_id"].tolist()


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    tables = run_tables()
    tables.segments.loc[0, "text"] = "=HYPERLINK(\"http://x\")"
    table = review.review_table(tables.segments, tables.themes, tables.documents)
    xlsx, _ = review.write_review(table, tables.framework, out_dir=tmp_path)
    cell = load_workbook(xlsx)[review.SHEET]["E2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_next_review_shows_applied_corrections_and_reimports_the_same(tmp_path):
    tables = run_tables()
    corrections = pd.DataFrame([("b2-0000", tables.segments.set_index("seg_id").loc["b2-0000", "text"], []),
                                ("a1-0002", "[PERSOON-1] vertelde over het gezin.", ["L4", "P6"])],
                               columns=["seg_id", "text", "themes"])
    scores, _ = apply_corrections(tables.themes, tables.segments, corrections)
    table = review.review_table(tables.segments, scores, tables.documents)
    shown = table.set_index("seg_id")["correctie"]
    assert shown["b2-0000"] == "geen" and set(shown["a1-0002"].split("; ")) == {"L4", "P6"}
    assert (shown.drop(["b2-0000", "a1-0002"]) == "").all()
    xlsx, _ = review.write_review(table, tables.framework, out_dir=tmp_path)
    again = read_corrections(xlsx)
    assert {s: set(t) for s, t in zip(again["seg_id"], again["themes"])} == {"b2-0000": set(), "a1-0002": {"L4", "P6"}}


def test_answers_without_any_theme_export_without_pandas_warnings(tmp_path):
    """A poll whose answers fit no theme (and that has no meeting or date): empty cells, no Pandas4Warning."""
    import warnings

    tables = run_tables()
    themes = tables.themes.assign(assigned=False, score=0.05, evidence="")
    documents = tables.documents.drop(columns=["bijeenkomst", "datum"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = review.review_table(tables.segments, themes, documents)
        review.write_review(table, tables.framework, out_dir=tmp_path)
    assert len(table) == len(tables.segments)
    assert (table[["bijeenkomst", "datum", "voorgesteld", "scores", "bewijs"]] == "").all().all()


def test_help_sheet_gives_example_ids_of_the_runs_own_framework(tmp_path):
    """A researcher's own framework (ids lichaam, mentaal, ...): the help names those ids, not L1; P3."""
    from dataclasses import replace

    from pipeline.framework import Theme

    tables = run_tables()
    own = replace(tables.framework, themes=(Theme("lichaam", "dimensie", "Lichaamsfuncties", "", ("lichaam",)),
                                            Theme("mentaal", "dimensie", "Mentaal welbevinden", "", ("mentaal",)),
                                            Theme("zingeving", "dimensie", "Zingeving", "", ("zingeving",))))
    table = review.review_table(tables.segments, tables.themes, tables.documents)
    xlsx, _ = review.write_review(table, own, out_dir=tmp_path)
    lines = [row[0].value for row in load_workbook(xlsx)[review.HELP_SHEET].iter_rows()]
    text = "\n".join(lines)
    assert "(bijvoorbeeld: lichaam; mentaal)" in text
    assert "L1" not in text and "P3" not in text and "{example}" not in text
