"""Corrections: fill in a review workbook like a person would (openpyxl), read it back, apply it to a run."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline.config import ConfigError
from pipeline.corrections import (CORRECTION_EVIDENCE, SHEET, apply_corrections, read_correction_examples,
                                  read_corrections, read_examples, write_examples)
from tests.pipeline.sample_frames import EVIL, run_tables


def fill(xlsx, corrections: dict[str, tuple[str, str]], out):
    """Write `correctie` (and `opmerking`) for the rows with these seg_ids; save to `out`."""
    book = load_workbook(xlsx)
    sheet = book[SHEET]
    header = [cell.value for cell in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    for row in range(2, sheet.max_row + 1):
        seg_id = sheet.cell(row=row, column=col["seg_id"]).value
        if seg_id in corrections:
            sheet.cell(row=row, column=col["correctie"]).value = corrections[seg_id][0]
            sheet.cell(row=row, column=col["opmerking"]).value = corrections[seg_id][1]
    book.save(out)
    return out


def test_round_trip_corrections_become_examples(exported, tmp_path):
    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0000": ("ok", ""), "a1-0002": ("geen", "gaat over een gezin"),
                         "b2-0001": ("p3; l1", "typfout in id mag"), "c3-0000": ("P3,P5", "")}, tmp_path / "f.xlsx")
    corrections = read_corrections(filled)
    assert corrections.columns.tolist() == ["seg_id", "text", "themes"]
    got = dict(zip(corrections["seg_id"], corrections["themes"]))
    assert got == {"a1-0000": ["L1"], "a1-0002": [], "b2-0001": ["P3", "L1"], "c3-0000": ["P3", "P5"]}
    assert corrections.set_index("seg_id").loc["b2-0001", "text"] == f"Een notitie met {EVIL}."


def test_unknown_theme_id_names_the_row(exported, tmp_path):
    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0001": ("L9", "")}, tmp_path / "f.xlsx")
    with pytest.raises(ConfigError, match=r"rij 3: L9.*Bekende ids: L1, L2"):
        read_corrections(filled)


def test_corrections_from_csv(exported, tmp_path):
    _, table, _, _ = exported
    table = table.copy()
    table.loc[0, "correctie"] = "L2"
    table.to_csv(tmp_path / "review.csv", index=False)
    corrections = read_corrections(tmp_path / "review.csv", theme_ids=["L1", "L2"])
    assert corrections["themes"].tolist() == [["L2"]]


def test_examples_fit_the_theme_scorer_and_the_gold_format(exported, tmp_path):
    from pipeline.evaluation import read_gold
    from pipeline.themes import ThemeScorer

    tables, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0002": ("L2", ""), "b2-0002": ("ok", ""), "c3-0000": ("geen", "")}, tmp_path / "f.xlsx")
    corrections = read_corrections(filled)
    base = ThemeScorer(use_vectors=False).fit(tables.framework)
    taught = ThemeScorer(use_vectors=False).fit(tables.framework, examples=corrections)
    assert taught.weights_.shape[1] > base.weights_.shape[1]  # words of the examples joined the profiles
    path = write_examples(corrections, tmp_path / "correcties" / "proef.csv")
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
    assert pd.read_csv(out).to_dict("records") == [{"seg_id": "a1-0000", "text": "We namen de tijd om elkaar te ontmoeten.",
                                                    "themes": "L1; P1"}]


def test_read_examples_accepts_the_import_csv_and_the_review_file(exported, tmp_path):
    _, _, xlsx, _ = exported
    filled = fill(xlsx, {"a1-0000": ("L1; P1", ""), "a1-0002": ("geen", "")}, tmp_path / "f.xlsx")
    from_review = read_examples(filled)
    csv = write_examples(read_corrections(filled), tmp_path / "c.csv")
    from_csv = read_examples(csv)
    assert from_review.to_dict("list") == from_csv.to_dict("list") == {
        "text": ["We namen de tijd om elkaar te ontmoeten.", "[PERSOON-1] vertelde over het gezin."],
        "themes": [["L1", "P1"], []]}
    with pytest.raises(ConfigError, match="niet gevonden"):
        read_examples(tmp_path / "bestaat-niet.csv")


def test_run_themes_uses_corrections(exported, tmp_path, settings):
    from pipeline import stages

    tables, _, xlsx, _ = exported
    tables.segments.to_parquet(tmp_path / "segments.parquet", index=False)
    filled = fill(xlsx, {"a1-0002": ("L4; P6", ""), "b2-0000": ("geen", "")}, tmp_path / "f.xlsx")
    assigned = stages.run_themes(tmp_path, settings=settings, examples_path=filled)
    scores = pd.read_parquet(tmp_path / "themes.parquet")
    assert len(scores) == 12 * len(tables.segments) and assigned == int(scores["assigned"].sum())
    hits = scores[scores["assigned"]]
    assert set(hits.loc[hits["seg_id"] == "a1-0002", "theme_id"]) == {"L4", "P6"}
    assert "b2-0000" not in set(hits["seg_id"])
    corrected = scores[scores["seg_id"].isin(["a1-0002", "b2-0000"])]
    assert (corrected["evidence"] == CORRECTION_EVIDENCE).all()
    assert stages.correction_counts(tmp_path) == {"given": 2, "applied": 2, "unmatched": 0, "fragments": 2}


def corrections_of(rows: list[tuple[str, str, list[str]]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["seg_id", "text", "themes"])


def test_apply_corrections_gives_exactly_the_researchers_code():
    tables = run_tables()
    corrections = corrections_of([
        ("b2-0000", "Reflectie  op   het samen\nwerken met de huisarts.", []),  # whitespace differs: same text
        ("a1-0002", "[PERSOON-1] vertelde over het gezin.", ["L4", "P6"]),
        ("a1-0001", "Deze zin stond er in de vorige run.", ["L1"]),  # document changed: stale, not applied
        ("", "We namen de tijd om elkaar te ontmoeten.", ["P1"]),  # hand-made csv: matched by text
        ("", "Een zin die in dit corpus niet voorkomt.", ["L2"])])
    tables.segments.loc[tables.segments["seg_id"] == "b2-0000", "text"] = "Reflectie op het samen werken met de huisarts."
    scores, counts = apply_corrections(tables.themes, tables.segments, corrections)
    assigned = scores[scores["assigned"]].groupby("seg_id")["theme_id"].agg(set).to_dict()
    assert "b2-0000" not in assigned and assigned["a1-0002"] == {"L4", "P6"} and assigned["a1-0000"] == {"P1"}
    assert assigned["a1-0001"] == set(tables.themes.query("seg_id == 'a1-0001' and assigned")["theme_id"])
    assert scores["score"].tolist() == tables.themes["score"].tolist()  # the engine's scores stay
    corrected = scores["seg_id"].isin(["b2-0000", "a1-0002", "a1-0000"])
    assert (scores.loc[corrected, "evidence"] == CORRECTION_EVIDENCE).all()
    assert not (scores.loc[~corrected, "evidence"] == CORRECTION_EVIDENCE).any()
    assert counts == {"given": 5, "applied": 3, "unmatched": 2, "fragments": 3}


def test_csv_from_dutch_excel_with_capitals_and_spaced_ids(exported, tmp_path):
    _, table, _, _ = exported
    table = table.copy()
    table.loc[table["seg_id"] == "a1-0000", "correctie"] = "P 2; l 4"
    table.loc[table["seg_id"] == "a1-0002", "correctie"] = "geen"
    table.loc[table["seg_id"] == "c3-0000", "correctie"] = "L1 + P4/p5"
    table.loc[table["seg_id"] == "a1-0002", "opmerking"] = "gaat over één gezin; niet over ontmoeting"
    table = table.rename(columns={"correctie": " Correctie", "tekst": "Tekst"})
    path = tmp_path / "review.csv"
    path.write_bytes(b"\xef\xbb\xbf" + table.to_csv(index=False, sep=";").encode("cp1252"))
    corrections = read_corrections(path, theme_ids=[f"{k}{n}" for k in "LP" for n in range(1, 7)])
    assert dict(zip(corrections["seg_id"], corrections["themes"])) == {"a1-0000": ["P2", "L4"], "a1-0002": [],
                                                                          "c3-0000": ["L1", "P4", "P5"]}


def test_unknown_id_reports_the_cell_as_typed(exported, tmp_path):
    _, table, _, _ = exported
    table = table.copy()
    table.loc[0, "correctie"] = "wonen; zorg 2"
    table.to_csv(tmp_path / "review.csv", index=False)
    with pytest.raises(ConfigError, match=r"rij 2: wonen; zorg 2\)\. Bekende ids: wonen, zorg"):
        read_corrections(tmp_path / "review.csv", theme_ids=["wonen", "zorg"])


def test_renamed_review_sheet_gets_a_dutch_message(exported, tmp_path):
    _, _, xlsx, _ = exported
    book = load_workbook(xlsx)
    book[SHEET].title = "Blad1"
    book.save(tmp_path / "hernoemd.xlsx")
    with pytest.raises(ConfigError, match=r"geen tabblad 'review' \(gevonden: Blad1, themas, uitleg\)"):
        read_corrections(tmp_path / "hernoemd.xlsx")


def test_examples_csv_keeps_seg_id_and_reads_old_files(tmp_path):
    old = tmp_path / "oud.csv"
    old.write_bytes("text;themes\r\nWe namen de tijd om één keer te praten.;L1;P3\r\nZomaar.;geen\r\n".encode("cp1252")
                    .replace(b"L1;P3", b'"L1;P3"'))
    examples = read_correction_examples(old, theme_ids=["L1", "P3"])
    assert examples.to_dict("list") == {"seg_id": ["", ""], "text": ["We namen de tijd om één keer te praten.", "Zomaar."],
                                        "themes": [["L1", "P3"], []]}
    with pytest.raises(ConfigError, match="Onbekende thema-ids.*: P3. Bekende ids: L1, L2"):
        read_correction_examples(old, theme_ids=["L1", "L2"])


def test_a_correction_survives_a_privacy_code_that_moved():
    from pipeline.correction_matching import normalise_text

    before = "Volgens [PERSOON-3] werkt het  spreekuur goed."
    after = "Volgens [PERSOON-4] werkt het spreekuur goed."
    assert normalise_text(before) == normalise_text(after) == "Volgens [PERSOON] werkt het spreekuur goed."
    assert normalise_text("Mail [EMAIL-1] of bel [TELEFOON-12].") == "Mail [EMAIL] of bel [TELEFOON]."


def segments_of(rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"seg_id": list(rows), "text": list(rows.values())})


def test_a_correction_fits_its_fragment_after_a_word_became_a_privacy_code():
    from pipeline.correction_matching import match_corrections

    # a new note made 'wijkcoach' a name: the old fragment now reads '[PERSOON-19]' there
    segments = segments_of({
        "b4-0003": "Een [PERSOON-19] vertelde over mevrouw [PERSOON-20], die na een beroerte weer zelf kookt.",
        "b4-0004": "Het team wil meer zingeving en meedoen centraal zetten.",
        "c5-0001": "Mevrouw Jansen de Vries belt morgen de huisarts over haar medicijnen."})
    corrections = corrections_of([
        ("b4-0003", "Een wijkcoach vertelde over mevrouw [PERSOON-18], die na een beroerte weer zelf kookt.",
         ["lichaam"]),
        ("", "[PERSOON-2] belt morgen de huisarts over haar medicijnen.", ["zorg"]),  # a code for 3 words
        ("", "Een wijkcoach vertelde over meneer [PERSOON-18], die na een val weer zelf kookt.", ["lichaam"]),
        # a carried-over correction writes every identifier as [PERSOON]; it still fits an e-mail code
        ("", "Het team wil meer zingeving en [PERSOON] centraal zetten.", ["zingeving"])])
    segments = pd.concat([segments, segments_of({"d7-0002": "Mail [EMAIL-3] voor de afspraak met het wijkteam."})])
    corrections = pd.concat([corrections, corrections_of([
        ("", "Mail [PERSOON] voor de afspraak met het wijkteam.", ["zorg"])])], ignore_index=True)
    assert match_corrections(segments, corrections) == [["b4-0003"], ["c5-0001"], [], ["b4-0004"], ["d7-0002"]]


def test_a_correction_that_fits_two_fragments_is_not_guessed():
    from pipeline.correction_matching import match_corrections

    segments = segments_of({"a1-0001": "Volgens [PERSOON-1] werkt het spreekuur in de wijk goed.",
                            "a1-0007": "Volgens [PERSOON-2] werkt het spreekuur in de wijk goed."})
    # both fit: left unmatched; the seg_id of one of them decides
    corrections = corrections_of([("", "Volgens Marieke werkt het spreekuur in de wijk goed.", ["L1"]),
                                  ("z9-0001", "Volgens Marieke werkt het spreekuur in de wijk goed.", ["L1"]),
                                  ("a1-0007", "Volgens Marieke werkt het spreekuur in de wijk goed.", ["L1"])])
    assert match_corrections(segments, corrections) == [[], [], ["a1-0007"]]
    scores = pd.DataFrame({"seg_id": ["a1-0001", "a1-0007"], "theme_id": "L1", "score": 0.1, "assigned": False,
                           "evidence": ""})
    assert apply_corrections(scores, segments, corrections)[1] == {"given": 3, "applied": 1, "unmatched": 2,
                                                                   "fragments": 1}


def test_unmatched_corrections_are_listed_for_the_next_round(tmp_path):
    from pipeline.corrections import UNMATCHED_FILE, write_unmatched_corrections
    from pipeline.privacy import check_published_outputs

    segments_of({"a1-0000": "De wachtlijsten groeien en er is weinig tijd voor een goed gesprek."}).to_parquet(
        tmp_path / "segments.parquet", index=False)
    given = write_examples(corrections_of([
        ("a1-0000", "De wachtlijsten groeien en er is weinig tijd voor een goed gesprek.", ["mentaal"]),
        ("x7-0002", "Wijkcoach Bakker fietst elke dinsdag langs de bewoners.", ["meedoen", "dagelijks"])]),
        tmp_path / "correcties.csv")
    assert write_unmatched_corrections(tmp_path, given, identifiers={"Bakker"}) == 1
    listed = read_correction_examples(tmp_path / "export" / UNMATCHED_FILE)
    # the name this run's input knows became a code, so the run's privacy check passes and the row still fits
    assert listed.to_dict("list") == {"seg_id": ["x7-0002"], "themes": [["meedoen", "dagelijks"]],
                                      "text": ["Wijkcoach [PERSOON] fietst elke dinsdag langs de bewoners."]}
    assert check_published_outputs([tmp_path / "export"], {"Bakker"}) == []
    segments_of({"x7-0002": "Wijkcoach [PERSOON-4] fietst elke dinsdag langs de bewoners."}).to_parquet(
        tmp_path / "segments.parquet", index=False)
    assert write_unmatched_corrections(tmp_path, tmp_path / "export" / UNMATCHED_FILE) == 0
    assert not (tmp_path / "export" / UNMATCHED_FILE).exists()


def test_import_carries_over_corrections_the_run_could_not_apply(tmp_path):
    from pipeline.corrections import UNMATCHED_FILE, carry_unmatched

    export = tmp_path / "export"
    export.mkdir()
    reviewed = pd.DataFrame({"seg_id": ["d1-0001"], "text": ["De buurtcoach kent iedereen in de straat."],
                             "themes": [["L2"]]})
    left = pd.DataFrame({"seg_id": ["d0-0002", "d1-0001"], "text": ["We leerden van de casus van [PERSOON].",
                                                                    "De buurtcoach kent iedereen in de straat."],
                         "themes": [["P1"], ["L1"]]})
    write_examples(left, export / UNMATCHED_FILE)
    merged, carried = carry_unmatched(reviewed, export / "review.xlsx")
    assert carried == 1  # the fragment corrected again keeps its new correction (L2), not the old one (L1)
    assert dict(zip(merged["text"], merged["themes"].map(tuple))) == {
        "De buurtcoach kent iedereen in de straat.": ("L2",), "We leerden van de casus van [PERSOON].": ("P1",)}
    assert carry_unmatched(reviewed, tmp_path / "review.xlsx") == (reviewed, 0)
