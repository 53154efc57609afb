"""corpus.yaml: dates in Dutch notation, typos in keys and file names, and which of two identical files keeps
its metadata. Real files, written by python-docx and openpyxl, in a folder read by ingest_corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import subprocess
import sys

import pytest

from pipeline.config import ConfigError
from pipeline.corpus_description import parse_date, read_corpus_description
from pipeline.ingest import ingest_corpus, warn_skipped
from pipeline.paths import PROJECT_ROOT
from tests.pipeline.faults import DUTCH, DUTCH_2, FAULT_SETTINGS, docx_bytes, xlsx_bytes

ANSWERS = ["Meer tijd voor elkaar", "Samen leren in de wijk", "Minder regels, meer vertrouwen"]
INTERVISIE = ("In de intervisie van wijkteam Noord bespraken we hoe we bewoners eerder betrekken bij het plan.",
              "Afspraak: we nodigen de huisarts uit voor de volgende bijeenkomst.")


@pytest.fixture(scope="module")
def ingest_settings(settings):
    return dataclasses.replace(settings.ingest, **FAULT_SETTINGS)


def write_corpus(folder, description: str, files: dict[str, bytes | str]):
    folder.mkdir(exist_ok=True)
    (folder / "corpus.yaml").write_text(description, encoding="utf-8")
    for name, data in files.items():
        if isinstance(data, str):
            (folder / name).write_text(data, encoding="utf-8")
        else:
            (folder / name).write_bytes(data)
    return folder


def poll_xlsx() -> bytes:
    return xlsx_bytes({"Antwoorden": [["respondent", "antwoord"], *[[f"R{i}", a] for i, a in enumerate(ANSWERS)]]})


# --- dates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2025-03-13", "13-03-2025", "13/03/2025", "13.03.2025", "13 maart 2025",
                                  "13 mrt 2025", "13 mrt. 2025", "13 Maart 2025", "13-3-2025", "2025-03-13 10:30"])
def test_dutch_dates_are_read(text):
    assert parse_date(text) == dt.date(2025, 3, 13)


@pytest.mark.parametrize("text", ["voorjaar 2025", "2025", "13 marts 2025", "03/13/2025x", ""])
def test_other_text_is_no_date(text):
    assert parse_date(text) is None


def test_dutch_dates_in_corpus_yaml_sort_as_dates(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", (
        "naam: werkplaats\n"
        "bestanden:\n"
        "  poll transformatie.xlsx:\n    soort: antwoord\n    datum: 13-03-2025\n"
        "  notitie-intervisie-noord.docx:\n    datum: 14 januari 2025\n"
        "  verslag-wijkteam-zuid.txt:\n    datum: 13/03/2025\n"
        "  werkgroep.txt:\n    datum: 20 feb 2025\n"
    ), {"poll transformatie.xlsx": poll_xlsx(), "notitie-intervisie-noord.docx": docx_bytes(*INTERVISIE),
        "verslag-wijkteam-zuid.txt": DUTCH, "werkgroep.txt": DUTCH_2})
    description = read_corpus_description(folder)
    assert description["bestanden"]["werkgroep.txt"]["datum"] == dt.date(2025, 2, 20)
    documents = ingest_corpus(folder, settings=ingest_settings).documents
    dates = documents.drop_duplicates("source").set_index("source")["datum"]
    assert dates.to_dict() == {"notitie-intervisie-noord.docx": "2025-01-14", "poll transformatie.xlsx": "2025-03-13",
                               "verslag-wijkteam-zuid.txt": "2025-03-13", "werkgroep.txt": "2025-02-20"}
    assert list(dates.sort_values().index[:2]) == ["notitie-intervisie-noord.docx", "werkgroep.txt"]


def test_top_level_date_in_dutch_notation_reaches_every_document(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", "datum: 3 april 2025\nbijeenkomst: Leerkring Dordrecht\n",
                          {"notitie.txt": DUTCH})
    (doc,) = ingest_corpus(folder, settings=ingest_settings).documents.to_dict("records")
    assert doc["datum"] == "2025-04-03" and doc["bijeenkomst"] == "Leerkring Dordrecht"


def test_a_dutch_date_in_front_matter_is_read_as_a_date(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", "naam: c\n", {
        "losse-gedachten.md": f"---\ndatum: 14 januari 2025\n---\n# Losse gedachten\n\n{DUTCH}\n"})
    (doc,) = ingest_corpus(folder, settings=ingest_settings).documents.to_dict("records")
    assert doc["datum"] == "2025-01-14"


def test_an_impossible_date_is_one_dutch_config_error(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", "bestanden:\n  2025-04-03 leerkring Dordrecht.docx:\n"
                                          "    datum: 2025-04-31\n",
                          {"2025-04-03 leerkring Dordrecht.docx": docx_bytes(DUTCH)})
    with pytest.raises(ConfigError) as error:
        ingest_corpus(folder, settings=ingest_settings)
    message = str(error.value)
    assert "corpus.yaml" in message and "2025-04-03 leerkring Dordrecht.docx" in message
    assert "2025-04-31" in message and "bestaat niet" in message


@pytest.mark.parametrize("value, where", [("datum: in het voorjaar", "bovenaan"),
                                          ("bestanden:\n  notitie.txt:\n    datum: 2025", "notitie.txt")])
def test_text_that_is_no_date_names_the_accepted_formats(tmp_path, value, where):
    folder = write_corpus(tmp_path / "c", value + "\n", {"notitie.txt": DUTCH})
    with pytest.raises(ConfigError, match="is geen datum") as error:
        read_corpus_description(folder)
    assert where in str(error.value) and "13-03-2025" in str(error.value) and "13 maart 2025" in str(error.value)


def test_the_cli_turns_a_bad_date_into_exit_code_2_without_traceback(tmp_path):
    folder = write_corpus(tmp_path / "polls", "bestanden:\n  poll.xlsx:\n    datum: 31-04-2025\n",
                          {"poll.xlsx": poll_xlsx()})
    done = subprocess.run([sys.executable, "-m", "flows.cli", "wordle", str(folder / "poll.xlsx"), "--uit",
                           str(tmp_path / "uit")], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "31-04-2025" in done.stderr and "poll.xlsx" in done.stderr


# --- keys and file names ------------------------------------------------------------------------------------

@pytest.mark.parametrize("description, key, suggestion", [
    ("bestanden:\n  losse-gedachten.md:\n    gemeent: Sliedrecht\n", "gemeent", "gemeente"),
    ("bestanden:\n  losse-gedachten.md:\n    bijeenkmst: Intervisie\n", "bijeenkmst", "bijeenkomst"),
    ("naam: werkplaats\nbestandn:\n  losse-gedachten.md:\n    rol: student\n", "bestandn", "bestanden"),
    ("neger: [Thumbs.db]\n", "neger", "negeren"),
])
def test_an_unknown_key_names_the_closest_known_one(tmp_path, description, key, suggestion):
    folder = write_corpus(tmp_path / "c", description, {"losse-gedachten.md": DUTCH})
    with pytest.raises(ConfigError) as error:
        read_corpus_description(folder)
    assert f"'{key}'" in str(error.value) and f"Bedoelt u '{suggestion}'?" in str(error.value)
    assert "corpus.yaml" in str(error.value)


def test_a_file_name_at_the_top_level_is_told_to_go_under_bestanden(tmp_path):
    folder = write_corpus(tmp_path / "c", "notitie.docx:\n  datum: 2025-01-14\n", {})
    with pytest.raises(ConfigError, match="horen onder 'bestanden:'"):
        read_corpus_description(folder)


def test_the_sample_corpus_description_is_valid():
    description = read_corpus_description(PROJECT_ROOT / "corpora" / "voorbeeld")
    assert description["naam"] == "voorbeeld"
    assert description["bestanden"]["antwoorden-transformatie.xlsx"]["datum"] == dt.date(2025, 3, 13)


def test_file_entries_match_regardless_of_case(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", (
        "negeren: [thumbs.db]\n"
        "bestanden:\n  Poll Transformatie.xlsx:\n    soort: antwoord\n    bijeenkomst: Werkconferentie\n"
    ), {"poll transformatie.xlsx": poll_xlsx(), "Thumbs.db": b"\x00\x01miniaturen"})
    result = ingest_corpus(folder, settings=ingest_settings)
    assert set(result.documents["bijeenkomst"]) == {"Werkconferentie"}
    rows = result.inputs.set_index("source")
    assert "negeren" in rows.loc["Thumbs.db", "reason"]
    assert "let op" not in rows.loc["corpus.yaml", "reason"]


def test_an_entry_without_a_file_is_reported_and_the_run_goes_on(tmp_path, ingest_settings, caplog):
    folder = write_corpus(tmp_path / "c", "bestanden:\n  verslag wijktem zuid.txt:\n    rol: student\n",
                          {"verslag wijkteam zuid.txt": DUTCH})
    with caplog.at_level(logging.WARNING, logger="pipeline.corpus_description"):
        result = ingest_corpus(folder, settings=ingest_settings)
    rows = result.inputs.set_index("source")
    assert rows.loc["verslag wijkteam zuid.txt", "status"] == "analysed"
    note = rows.loc["corpus.yaml", "reason"]
    assert "'verslag wijktem zuid.txt' onder bestanden staat niet in de map" in note
    assert "bedoelt u 'verslag wijkteam zuid.txt'?" in note
    assert "verslag wijktem zuid.txt" in caplog.text


# --- identical files ----------------------------------------------------------------------------------------

def test_of_identical_files_the_one_described_in_corpus_yaml_is_kept(tmp_path, ingest_settings):
    note = docx_bytes(*INTERVISIE)
    folder = write_corpus(tmp_path / "c", "bestanden:\n  notitie-intervisie-noord.docx:\n"
                                          "    bijeenkomst: Intervisie wijkteam Noord\n    datum: 2025-01-14\n",
                          {"notitie-intervisie-noord.docx": note, "Kopie van notitie-intervisie-noord.docx": note})
    for _ in range(2):  # a rerun decides the same
        result = ingest_corpus(folder, settings=ingest_settings)
        rows = result.inputs.set_index("source")
        assert rows.loc["notitie-intervisie-noord.docx", "status"] == "analysed"
        assert rows.loc["Kopie van notitie-intervisie-noord.docx", "status"] == "skipped"
        assert rows.loc["Kopie van notitie-intervisie-noord.docx", "reason"] == (
            "dubbel: zelfde inhoud als notitie-intervisie-noord.docx")
        assert set(result.documents["source"]) == {"notitie-intervisie-noord.docx"}
        assert set(result.documents["bijeenkomst"]) == {"Intervisie wijkteam Noord"}


def test_a_described_copy_wins_over_an_undescribed_original(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", "bestanden:\n  verslag (1).txt:\n    gemeente: Dordrecht\n",
                          {"verslag.txt": DUTCH, "verslag (1).txt": DUTCH})
    result = ingest_corpus(folder, settings=ingest_settings)
    assert set(result.documents["source"]) == {"verslag (1).txt"}
    assert set(result.documents["gemeente"]) == {"Dordrecht"}


@pytest.mark.parametrize("copy", ["Kopie van verslag.docx", "Copy of verslag.docx", "verslag (1).docx",
                                  "verslag - kopie.docx", "verslag - Copy.docx", "verslag - Kopie (2).docx"])
def test_without_metadata_the_name_that_is_no_copy_is_kept(tmp_path, ingest_settings, copy):
    note = docx_bytes(DUTCH, DUTCH_2)
    folder = write_corpus(tmp_path / "c", "naam: c\n", {"verslag.docx": note, copy: note})
    rows = ingest_corpus(folder, settings=ingest_settings).inputs.set_index("source")
    assert rows.loc["verslag.docx", "status"] == "analysed"
    assert rows.loc[copy, "reason"] == "dubbel: zelfde inhoud als verslag.docx"


def test_otherwise_the_first_name_is_kept(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", "naam: c\n", {"b-verslag.txt": DUTCH, "a-verslag.txt": DUTCH})
    rows = ingest_corpus(folder, settings=ingest_settings).inputs.set_index("source")
    assert rows.loc["a-verslag.txt", "status"] == "analysed"
    assert rows.loc["b-verslag.txt", "reason"] == "dubbel: zelfde inhoud als a-verslag.txt"


# --- files that are not read ------------------------------------------------------------------------------

def test_every_listed_file_has_its_real_size_and_hash(tmp_path, ingest_settings):
    files = {"Thumbs.db": b"\x00\x01miniaturen van de map", "oud verslag 2019.doc": b"\xd0\xcf\x11\xe0" + b"\x00" * 300,
             "verslag-libreoffice.odt": b"PK\x03\x04" + b"\x00" * 200, "leeg.txt": b"", "notitie.txt": DUTCH}
    folder = write_corpus(tmp_path / "c", "naam: c\n", files)
    rows = ingest_corpus(folder, settings=ingest_settings).inputs.set_index("source")
    for name in [*files, "corpus.yaml"]:
        data = (folder / name).read_bytes()
        assert rows.loc[name, "bytes"] == len(data), name
        assert rows.loc[name, "sha256"] == hashlib.sha256(data).hexdigest(), name
    assert rows.loc["oud verslag 2019.doc", "reason"].endswith("sla het op als .docx")
    assert rows.loc["verslag-libreoffice.odt", "reason"].endswith("sla het op als .docx of .pdf")
    assert "niet ondersteund" in rows.loc["Thumbs.db", "reason"]


def test_files_that_are_never_read_are_not_hashed(settings, tmp_path):
    (tmp_path / "notitie.txt").write_text("We spraken over de wijk en het team.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_bytes(b"x" * 100)
    (tmp_path / "groot.txt").write_bytes(b"woord " * 300_000)  # 1.8 MB, over the limit below
    limited = dataclasses.replace(settings.ingest, max_file_mb=1)
    rows = ingest_corpus(tmp_path, settings=limited).inputs.set_index("source")
    assert rows.loc["notitie.txt", "sha256"] and rows.loc["groot.txt", "bytes"] == 1_800_000
    assert not rows.loc["groot.txt", "sha256"] and not rows.loc[".git/index", "sha256"]


# --- one export, several questions (walkthrough 4) ---------------------------------------------------------

Q1 = "Waar denkt u aan bij het woord 'transformatie'?"
Q2 = "Wat heeft u nodig om te transformeren?"


def forms_csv() -> str:
    rows = [("10:12:05", "verandering", "tijd"), ("10:12:31", "tijd", "tijd"), ("10:13:02", "loslaten", "ruimte")]
    return f'"Tijdstempel","{Q1}","{Q2}"\n' + "".join(f'"2025/03/13 {t} AM CET","{a}","{b}"\n' for t, a, b in rows)


def test_one_export_configured_twice_for_two_questions_is_read_twice(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  vraag1.csv:\n    antwoordkolom: "{Q1}"\n    vraag: "{Q1}"\n'
                                          f'  vraag2.csv:\n    antwoordkolom: "{Q2}"\n    vraag: "{Q2}"\n',
                          {"vraag1.csv": forms_csv(), "vraag2.csv": forms_csv()})
    result = ingest_corpus(folder, settings=ingest_settings)
    assert set(result.inputs.set_index("source").loc[["vraag1.csv", "vraag2.csv"], "status"]) == {"analysed"}
    assert result.documents.groupby("vraag")["text"].apply(list).to_dict() == {
        Q1: ["verandering", "tijd", "loslaten"], Q2: ["tijd", "tijd", "ruimte"]}
    assert result.documents["doc_id"].is_unique


def test_a_copy_with_the_same_answer_column_is_still_a_duplicate_and_said_so(tmp_path, ingest_settings, caplog):
    folder = write_corpus(tmp_path / "c", f'negeren: [LEESMIJ.md]\nbestanden:\n  vraag1.csv:\n'
                                          f'    antwoordkolom: "{Q1}"\n  vraag1 (1).csv:\n    antwoordkolom: "{Q1}"\n',
                          {"vraag1.csv": forms_csv(), "vraag1 (1).csv": forms_csv(), "LEESMIJ.md": "# Over deze map"})
    result = ingest_corpus(folder, settings=ingest_settings)
    with caplog.at_level(logging.WARNING):
        warn_skipped(result.inputs.to_dict("records"))  # as stages.run_ingest does, after the language check
    assert result.inputs.set_index("source").loc["vraag1 (1).csv", "reason"] == "dubbel: zelfde inhoud als vraag1.csv"
    assert "1 bestand(en) overgeslagen" in caplog.text and "vraag1 (1).csv (dubbel" in caplog.text
    assert "LEESMIJ.md" not in caplog.text  # left out on purpose: listed in inputs.csv, not warned about


def test_a_list_of_answer_columns_gives_one_question_per_column(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  forms.csv:\n    antwoordkolom: ["{Q1}", "{Q2}"]\n',
                          {"forms.csv": forms_csv()})
    documents = ingest_corpus(folder, settings=ingest_settings).documents
    assert documents.groupby("vraag").size().to_dict() == {Q1: 3, Q2: 3}
    assert documents["doc_id"].is_unique
    folder = write_corpus(tmp_path / "d", f'bestanden:\n  forms.csv:\n    antwoordkolom: ["{Q1}", "{Q2}"]\n'
                                          '    vraag: [transformatie, nodig]\n', {"forms.csv": forms_csv()})
    assert ingest_corpus(folder, settings=ingest_settings).documents.groupby("vraag").size().to_dict() == {
        "nodig": 3, "transformatie": 3}


@pytest.mark.parametrize("entry, expected", [
    ("    antwoordkolom: []\n", "lijst van verschillende kolomkoppen"),
    ("    antwoordkolom: [vraag1, vraag1]\n", "lijst van verschillende kolomkoppen"),
    ("    antwoordkolom: {a: b}\n", r"kolomkop \(tekst\)"),
    ("    antwoordkolom: [a, b]\n    vraag: [alleen een]\n", "even lang"),
])
def test_a_wrong_answer_column_list_is_a_dutch_config_error(tmp_path, entry, expected):
    folder = write_corpus(tmp_path / "c", "bestanden:\n  forms.csv:\n" + entry, {"forms.csv": forms_csv()})
    with pytest.raises(ConfigError, match=expected):
        read_corpus_description(folder)


def test_a_double_submission_is_listed_on_the_file(tmp_path, ingest_settings):
    rows = [("10:12:05", "a@wijkteam.nl", "verandering"), ("10:12:31", "b@wijkteam.nl", "tijd"),
            ("10:13:02", "c@wijkteam.nl", "loslaten"), ("10:13:04", "c@wijkteam.nl", "loslaten")]
    data = f'"Tijdstempel","E-mailadres","{Q1}"\n' + "".join(
        f'"2025/03/13 {t} AM CET","{e}","{a}"\n' for t, e, a in rows)
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  forms.csv:\n    antwoordkolom: "{Q1}"\n', {"forms.csv": data})
    result = ingest_corpus(folder, settings=ingest_settings)
    assert list(result.documents["text"]) == ["verandering", "tijd", "loslaten"]
    assert "dubbele inzending" in result.inputs.set_index("source").loc["forms.csv", "reason"]


def test_a_possible_double_submission_is_counted_and_mentioned_on_the_file(tmp_path, ingest_settings):
    data = forms_csv() + '"2025/03/13 10:13:04 AM CET","loslaten","ruimte"\n'
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  forms.csv:\n    antwoordkolom: "{Q1}"\n', {"forms.csv": data})
    result = ingest_corpus(folder, settings=ingest_settings)
    assert list(result.documents["text"]) == ["verandering", "tijd", "loslaten", "loslaten"]
    assert ("mogelijk dubbele inzending: rij 4 gelijk aan rij 3, 2 s later; niet weggelaten"
            in result.inputs.set_index("source").loc["forms.csv", "reason"])


def test_one_named_answer_column_keeps_the_document_ids_of_before(tmp_path, ingest_settings):
    # corrections are stored per doc_id: naming the column in corpus.yaml must not change the ids
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  forms.csv:\n    antwoordkolom: "{Q2}"\n',
                          {"forms.csv": forms_csv()})
    documents = ingest_corpus(folder, settings=ingest_settings).documents
    sha = hashlib.sha256((folder / "forms.csv").read_bytes()).hexdigest()
    assert list(documents["doc_id"]) == [hashlib.sha256(f"{sha}:{row}:{text}".encode()).hexdigest()[:16]
                                         for row, text in [(1, "tijd"), (2, "tijd"), (3, "ruimte")]]


def test_an_over_long_row_with_several_answer_columns_is_named_on_the_file(tmp_path, ingest_settings):
    data = f"id;{Q1};{Q2}\n1;tijd;ruimte; en lef\n2;verandering;moed\n"
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  forms.csv:\n    antwoordkolom: ["{Q1}", "{Q2}"]\n',
                          {"forms.csv": data})
    result = ingest_corpus(folder, settings=ingest_settings)
    assert list(result.documents["text"]) == ["verandering", "moed"]
    assert "te veel velden niet gelezen" in result.inputs.set_index("source").loc["forms.csv", "reason"]


def test_one_question_over_several_columns_stays_one_question(tmp_path, ingest_settings):
    folder = write_corpus(tmp_path / "c", f'bestanden:\n  forms.csv:\n    antwoordkolom: ["{Q1}", "{Q2}"]\n'
                                          '    vraag: Noem twee woorden\n', {"forms.csv": forms_csv()})
    documents = ingest_corpus(folder, settings=ingest_settings).documents
    assert set(documents["vraag"]) == {"Noem twee woorden"} and len(documents) == 6
    assert documents["doc_id"].is_unique and documents["respondent"].nunique() == 3
