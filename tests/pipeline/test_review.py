"""Review loop: export to xlsx, fill in corrections like a person would (openpyxl), read them back."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import review
from pipeline.config import ConfigError
from tests.pipeline.sample_frames import EVIL, run_tables


@pytest.fixture
def exported(tmp_path):
    tables = run_tables()
    table = review.review_table(tables.segments, tables.themes, tables.documents)
    xlsx, csv = review.write_review(table, tables.framework, out_dir=tmp_path / "export")
    return tables, table, xlsx, csv


def fill(xlsx, corrections: dict[str, tuple[str, str]], out):
    """Write `correctie` (and `opmerking`) for the rows with these seg_ids; save to `out`."""
    book = load_workbook(xlsx)
    sheet = book[review.SHEET]
    header = [cell.value for cell in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    for row in range(2, sheet.max_row + 1):
        seg_id = sheet.cell(row=row, column=col["seg_id"]).value
        if seg_id in corrections:
            sheet.cell(row=row, column=col["correctie"]).value = corrections[seg_id][0]
            sheet.cell(row=row, column=col["opmerking"]).value = corrections[seg_id][1]
    book.save(out)
    return out


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


def test_round_trip_corrections_become_examples(exported, tmp_path):
    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0000": ("ok", ""), "a1-0002": ("geen", "gaat over een gezin"),
                         "b2-0001": ("p3; l1", "typfout in id mag"), "c3-0000": ("P3,P5", "")}, tmp_path / "f.xlsx")
    corrections = review.read_corrections(filled)
    assert corrections.columns.tolist() == ["seg_id", "text", "themes"]
    got = dict(zip(corrections["seg_id"], corrections["themes"]))
    assert got == {"a1-0000": ["L1"], "a1-0002": [], "b2-0001": ["P3", "L1"], "c3-0000": ["P3", "P5"]}
    assert corrections.set_index("seg_id").loc["b2-0001", "text"] == f"Een notitie met {EVIL}."


def test_unknown_theme_id_names_the_row(exported, tmp_path):
    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0001": ("L9", "")}, tmp_path / "f.xlsx")
    with pytest.raises(ConfigError, match=r"rij 3: L9.*Bekende ids: L1, L2"):
        review.read_corrections(filled)


def test_corrections_from_csv(exported, tmp_path):
    _, table, _, _ = exported
    table = table.copy()
    table.loc[0, "correctie"] = "L2"
    table.to_csv(tmp_path / "review.csv", index=False)
    corrections = review.read_corrections(tmp_path / "review.csv", theme_ids=["L1", "L2"])
    assert corrections["themes"].tolist() == [["L2"]]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    tables = run_tables()
    tables.segments.loc[0, "text"] = "=HYPERLINK(\"http://x\")"
    table = review.review_table(tables.segments, tables.themes, tables.documents)
    xlsx, _ = review.write_review(table, tables.framework, out_dir=tmp_path)
    cell = load_workbook(xlsx)[review.SHEET]["E2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_examples_fit_the_theme_scorer_and_the_gold_format(exported, tmp_path):
    from pipeline.evaluation import read_gold
    from pipeline.themes import ThemeScorer

    tables, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0002": ("L2", ""), "b2-0002": ("ok", ""), "c3-0000": ("geen", "")}, tmp_path / "f.xlsx")
    corrections = review.read_corrections(filled)
    base = ThemeScorer(use_vectors=False).fit(tables.framework)
    taught = ThemeScorer(use_vectors=False).fit(tables.framework, examples=corrections)
    assert taught.weights_.shape[1] > base.weights_.shape[1]  # words of the examples joined the profiles
    path = review.write_examples(corrections, tmp_path / "correcties" / "proef.csv")
    gold = read_gold(path)
    assert gold["gold"].tolist() == [["L2"], ["P1"], []]


def test_cli_imports_corrections(exported, tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0000": ("L1; P1", "")}, tmp_path / "f.xlsx")
    out = tmp_path / "correcties" / "proef.csv"
    result = CliRunner().invoke(app, ["importeer-correcties", str(filled), "--uit", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 gecorrigeerde fragmenten" in result.output
    assert pd.read_csv(out).to_dict("records") == [{"text": "We namen de tijd om elkaar te ontmoeten.",
                                                    "themes": "L1; P1"}]


def test_read_examples_accepts_the_import_csv_and_the_review_file(exported, tmp_path):
    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0000": ("L1; P1", ""), "a1-0002": ("geen", "")}, tmp_path / "f.xlsx")
    from_review = review.read_examples(filled)
    csv = review.write_examples(review.read_corrections(filled), tmp_path / "c.csv")
    from_csv = review.read_examples(csv)
    assert from_review.to_dict("list") == from_csv.to_dict("list") == {
        "text": ["We namen de tijd om elkaar te ontmoeten.", "[PERSOON-1] vertelde over het gezin."],
        "themes": [["L1", "P1"], []]}
    with pytest.raises(ConfigError, match="niet gevonden"):
        review.read_examples(tmp_path / "bestaat-niet.csv")


def test_run_themes_uses_corrections(exported, tmp_path, settings):
    from pipeline import stages

    tables, _, xlsx, _ = exported
    tables.segments.to_parquet(tmp_path / "segments.parquet", index=False)
    filled = fill(xlsx, {"a1-0002": ("L4", "")}, tmp_path / "f.xlsx")
    assigned = stages.run_themes(tmp_path, settings=settings, examples_path=filled)
    scores = pd.read_parquet(tmp_path / "themes.parquet")
    assert len(scores) == 12 * len(tables.segments) and assigned == int(scores["assigned"].sum())


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
