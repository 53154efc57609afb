"""tables/tabellen.xlsx: the report's CSV tables in one workbook for Dutch Excel."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import privacy
from pipeline.exports import TABLES_WORKBOOK, sheet_name, write_tables_workbook


@pytest.fixture
def tables(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    pd.DataFrame({"theme_id": ["L1", "P2"], "label": ["Ruimte voor ontmoeting", "Benutten van onzeker weten"],
                  "fragmenten": [12, 20], "aandeel_fragmenten": [0.0277, 0.0462]}).to_csv(
        folder / "thema-verdeling.csv", index=False)
    terms = {"wordle": ["alles"] * 3, "term": ["coördinatie", "NA", "=1+1"], "respondenten": [3, 2, None]}
    pd.DataFrame(terms).to_csv(folder / "termen.csv", index=False)
    pd.DataFrame([[5, 2], [2, 7]], index=["L1", "P2"], columns=["L1", "P2"]).to_csv(
        folder / "samenhang-fragmenten-per-bijeenkomst-en-gemeente.csv")
    return folder


def test_every_table_is_a_sheet_with_numbers_as_numbers_and_accents_intact(tables):
    path = write_tables_workbook(tables)
    assert path == tables / TABLES_WORKBOOK
    book = load_workbook(path)
    assert book.sheetnames == ["samenhang-fragmenten-per-bijeen", "termen", "thema-verdeling"]
    themes = book["thema-verdeling"]
    assert [c.value for c in themes[1]] == ["theme_id", "label", "fragmenten", "aandeel_fragmenten"]
    assert themes[1][0].font.bold and themes.freeze_panes == "A2"
    assert themes["C3"].value == 20 and themes["D2"].value == pytest.approx(0.0277)
    assert themes.column_dimensions["B"].width >= len("Benutten van onzeker weten")
    terms = book["termen"]
    assert [terms[f"B{r}"].value for r in (2, 3, 4)] == ["coördinatie", "NA", "=1+1"]  # text, never a formula
    assert terms["C4"].value is None
    matrix = book["samenhang-fragmenten-per-bijeen"]
    assert [c.value for c in matrix[1]] == [None, "L1", "P2"] and matrix["C3"].value == 7
    assert (tables / "thema-verdeling.csv").is_file()  # the CSVs stay for R and Python


def test_no_tables_no_workbook(tmp_path):
    assert write_tables_workbook(tmp_path) is None
    assert not (tmp_path / TABLES_WORKBOOK).exists()


def test_sheet_names_are_short_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name(s, taken=taken) for s in ["a" * 40, "a" * 41, "per:rol/[x]"]]
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == 3
    assert names[2] == "per-rol--x-"


def test_the_privacy_guard_reads_the_workbook(tables):
    pd.DataFrame({"citaat": ["Jansen zei dat het werkt"]}).to_csv(tables / "citaten.csv", index=False)
    path = write_tables_workbook(tables)
    (tables / "citaten.csv").unlink()
    assert privacy.check_published_outputs([path], {"Jansen"})


def test_the_tables_workbook_is_the_same_file_every_time(tmp_path):
    import time

    from pipeline.exports import write_tables_workbook

    pd.DataFrame({"term": ["ruimte creëren"], "respondenten": [4]}).to_csv(tmp_path / "termen.csv", index=False)
    first = write_tables_workbook(tmp_path).read_bytes()
    time.sleep(1.1)  # openpyxl stamps the save time to the second
    assert write_tables_workbook(tmp_path).read_bytes() == first


def test_the_tables_workbook_keeps_codes_and_words_as_written(tmp_path):
    from openpyxl import load_workbook

    from pipeline.exports import write_tables_workbook

    pd.DataFrame({"seg_id": ["0412345678901234-0001", "412345678901234", "12345e6789012345"],
                  "term": ["NA", "TRUE", "cliënt centraal"], "fragmenten": ["3", "12", ""],
                  "aandeel": ["0.25", "0.5", "1"]}).to_csv(tmp_path / "t.csv", index=False)
    sheet = load_workbook(write_tables_workbook(tmp_path))["t"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["0412345678901234-0001", "412345678901234", "12345e6789012345"]
    assert [r[1] for r in rows] == ["NA", "TRUE", "cliënt centraal"]
    assert [r[2] for r in rows] == [3, 12, None] and [r[3] for r in rows] == [0.25, 0.5, 1]
