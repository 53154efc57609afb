"""Personal data quoted from a file in its row of the inputs table (column names, sheet names of a file that
was not analysed) is coded like the texts: inputs.csv and the report are published."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline import privacy, reports, stages
from pipeline.config import load_settings
from tests.pipeline.sample_frames import run_tables

NOTE = ("Petra Jansen vertelde tijdens de bijeenkomst in de wijk dat bewoners eerder gehoord willen worden. "
        "Iedereen was het daarmee eens.")
RAW = ["Petra", "Jansen", "petra.jansen@example.nl", "06-12345678", "Wilma Dekker", "Ruud Verhoef"]


def write_corpus(folder: Path, *, with_note: bool = True) -> Path:
    """A poll export without header (its first row holds a respondent), a workbook whose sheet and one column
    are named after people, and a note naming the same respondent as the export."""
    folder.mkdir()
    with open(folder / "deelnemers.csv", "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle, delimiter=";")
        rows.writerow(["Petra Jansen", "petra.jansen@example.nl", "06-12345678", "Ik vond de avond heel leerzaam"])
        rows.writerow(["Karim Bouali", "karim@example.nl", "06-87654321", "Meer tijd om samen te praten"])
    workbook = openpyxl.Workbook()
    workbook.active.title = "Wilma Dekker"
    workbook.active.append(["Tijdstempel", "Ruud Verhoef", "score"])
    workbook.active.append(["2025-03-01 10:00", "ja", "3"])
    workbook.save(folder / "poll.xlsx")
    if with_note:
        (folder / "notitie.txt").write_text(NOTE, encoding="utf-8")
    return folder


def ingest_run(tmp_path: Path, *, mode: str = "pseudonimiseren", with_note: bool = True):
    corpus, run_dir = write_corpus(tmp_path / "corpus", with_note=with_note), tmp_path / "run"
    run_dir.mkdir()
    settings = load_settings(overrides={"privacy": {"mode": mode}})
    summary = stages.run_ingest(corpus, run_dir, settings=settings)
    return run_dir, summary, settings


def write_report(run_dir: Path) -> str:
    """The report of the run's own inputs table (themes from the sample tables: only the inputs matter here)."""
    sample = run_tables()
    data = reports.ReportInputs(
        corpus_name="proef", documents=pd.read_parquet(run_dir / "documents.parquet"),
        inputs=pd.read_csv(run_dir / "inputs.csv", keep_default_na=False), segments=sample.segments,
        themes=sample.themes, framework=sample.framework, wordles=[],
        model={"name": "nl_test", "version": "1.0", "kind": "blank", "note": ""}, n_top_terms=5, n_quotes=3,
        method={"threshold": 0.25, "max_themes": 2, "privacy": "pseudonimiseren"})
    markdown, _ = reports.write_report(data, out_dir=run_dir)
    return markdown.read_text(encoding="utf-8")


def reasons(run_dir: Path) -> dict[str, str]:
    inputs = pd.read_csv(run_dir / "inputs.csv", keep_default_na=False)
    return dict(zip(inputs["source"], inputs["reason"]))


def test_names_in_the_columns_of_a_skipped_file_are_coded_in_inputs_csv_and_the_report(tmp_path):
    run_dir, summary, settings = ingest_run(tmp_path)
    reason = reasons(run_dir)
    assert "kolommen: [PERSOON-1], [EMAIL-1], [TELEFOON-1], Ik vond de avond heel leerzaam" in reason["deelnemers.csv"]
    assert re.match(r"blad '\[PERSOON-\d\]': .*kolommen: Tijdstempel, \[PERSOON-\d\], score", reason["poll.xlsx"])
    report = write_report(run_dir)
    assert "[EMAIL-1]" in report and not any(raw.lower() in report.lower() for raw in RAW)
    stages.guard_privacy(run_dir, identifiers=summary.identifiers, settings=settings)  # raises on a leak
    assert not any(raw in "".join(reason.values()) for raw in RAW)


def test_a_person_in_a_column_name_has_the_code_the_notes_give_her(tmp_path):
    run_dir, summary, _ = ingest_run(tmp_path)
    note = pd.read_parquet(run_dir / "documents.parquet").set_index("source").loc["notitie.txt", "text"]
    assert note.startswith("[PERSOON-1] vertelde")
    assert "kolommen: [PERSOON-1]," in reasons(run_dir)["deelnemers.csv"]
    assert {"Petra Jansen", "Wilma Dekker", "Ruud Verhoef"} <= summary.identifiers  # guarded everywhere


def test_a_run_without_any_analysed_file_still_codes_the_reasons(tmp_path):
    run_dir, summary, _ = ingest_run(tmp_path, with_note=False)
    assert pd.read_parquet(run_dir / "documents.parquet").empty
    assert not any(raw in "".join(reasons(run_dir).values()) for raw in RAW)
    assert privacy.check_published_outputs([run_dir / "inputs.csv"], summary.identifiers) == []


def test_with_privacy_switched_off_the_reason_quotes_the_columns_as_they_are(tmp_path):
    run_dir, summary, _ = ingest_run(tmp_path, mode="uit")
    assert "kolommen: Petra Jansen, petra.jansen@example.nl, 06-12345678" in reasons(run_dir)["deelnemers.csv"]
    assert summary.identifiers == set()


def test_in_report_mode_reasons_are_kept_and_their_findings_listed_without_the_data(tmp_path):
    run_dir, _, _ = ingest_run(tmp_path, mode="rapporteren")
    assert "kolommen: Petra Jansen" in reasons(run_dir)["deelnemers.csv"]
    findings = pd.read_csv(run_dir / privacy.FINDINGS_FILE)
    found = findings[findings["field"] == "reason"]
    assert {"persoon", "email", "telefoon"} <= set(found["category"])
    assert not any(raw in findings.to_csv() for raw in RAW)


@pytest.mark.parametrize("reason", [
    "blad 'Toelichting' heeft geen antwoordkolom en is niet gelezen; de antwoorden komen uit de bladen 'Ronde 1', "
    "'Ronde 2'",
    "pdf bevat geen tekst (alleen afbeeldingen, bijvoorbeeld een scan); OCR is nodig",
    "taal: Engels (niet Nederlands)",  # 'Engels' is a surname too
    "is eigenlijk een Excel-bestand: hernoem het naar .xlsx",
    "tijdelijk bestand van Word of Excel (~$...), geen document",
    "geen antwoordkolom gevonden (gezocht: antwoord / answer / tekst / text / response / reactie); kolommen: "
    "Tijdstempel, Naam, Wat vond u van de avond?; kies de kolom met de antwoorden in corpus.yaml",
])
def test_the_words_of_a_reason_itself_are_no_personal_data(reason):
    documents = pd.DataFrame({"doc_id": ["d0"], "text": ["De bewoners willen meer ruimte om samen te leren."]})
    inputs = pd.DataFrame({"source": ["x"], "reason": [reason]})
    assert privacy.pseudonymise_documents(documents, inputs=inputs).inputs.loc[0, "reason"] == reason


def test_a_file_name_quoted_in_a_reason_is_coded_as_in_the_source_column(tmp_path):
    # a name in a file name ('Verslag Jan Steen', a school) is coded (privacy first), alike in `source` and in the
    # reason that quotes the file, so the final guard, which hunts it, finds it nowhere; a poll tool is no name
    corpus, run_dir = tmp_path / "corpus", tmp_path / "run"
    corpus.mkdir(), run_dir.mkdir()
    for name in ("Verslag Jan Steen ronde 1.txt", "Kopie van Verslag Jan Steen ronde 1.txt"):
        (corpus / name).write_text("Bewoners willen eerder gehoord worden en minder formulieren invullen.",
                                   encoding="utf-8")
    (corpus / "Poll Mentimeter.txt").write_text("Wat betekent transformatie voor uw team?", encoding="utf-8")
    summary = stages.run_ingest(corpus, run_dir, settings=load_settings())
    by_source = reasons(run_dir)
    assert set(by_source) == {"Verslag [PERSOON-1] ronde 1.txt", "Kopie van Verslag [PERSOON-1] ronde 1.txt",
                              "Poll Mentimeter.txt"}
    assert by_source["Kopie van Verslag [PERSOON-1] ronde 1.txt"] == (
        "dubbel: zelfde inhoud als Verslag [PERSOON-1] ronde 1.txt")
    assert "Jan Steen" in summary.identifiers and "Mentimeter" not in summary.identifiers
    assert privacy.check_published_outputs([run_dir], summary.identifiers) == []


def test_a_line_break_or_an_apostrophe_in_a_quoted_column_name_does_not_stop_the_coding(tmp_path):
    """A header cell written with Alt+Enter holds a line break; a column name may hold an apostrophe."""
    corpus, run_dir = tmp_path / "corpus", tmp_path / "run"
    corpus.mkdir()
    run_dir.mkdir()
    with open(corpus / "deelnemers.csv", "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle, delimiter=";")
        rows.writerow(["Petra Jansen", "petra.jansen@example.nl", "06-12345678", "Ik vond de avond\nheel leerzaam"])
        rows.writerow(["Karim Bouali", "karim@example.nl", "06-87654321", "Meer tijd om samen te praten"])
    with open(corpus / "leeg.csv", "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle, delimiter=";")
        rows.writerow(["Petra's reactie", "Wilma Dekker"])
        rows.writerow(["", ""])
    (corpus / "corpus.yaml").write_text(
        "bestanden:\n  leeg.csv:\n    antwoordkolom: [\"Petra's reactie\", Wilma Dekker]\n", encoding="utf-8")
    settings = load_settings()
    summary = stages.run_ingest(corpus, run_dir, settings=settings)
    published = (run_dir / "inputs.csv").read_text(encoding="utf-8")
    assert "[PERSOON-" in published and "[EMAIL-" in published
    for raw in ("Petra", "Jansen", "petra.jansen@example.nl", "06-12345678", "Wilma", "Dekker"):
        assert raw not in published, raw
    stages.guard_privacy(run_dir, identifiers=summary.identifiers, settings=settings)
