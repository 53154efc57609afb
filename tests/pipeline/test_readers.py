"""Readers and decoding: properties over many texts, and the awkward cases one by one."""

from __future__ import annotations

import unicodedata
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import MAX_DOCUMENT_CHARS, split_long_text
from pipeline.readers import UnreadableInput
from pipeline.readers.office import check_zip_container
from pipeline.readers.tables import choose_delimiter, read_csv, records_from_table
from pipeline.readers.workbooks import read_xlsx
from pipeline.readers.sniff import disguise_reason
from pipeline.readers.text import decode_bytes, normalise_text, split_front_matter, tab_table_header
from tests.pipeline.faults import xlsx_bytes

DUTCH_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëèêïíóöôüúàáäçñÉËÏÖÜ€–—‘’“”…"
dutch_text = st.text(alphabet=st.sampled_from(DUTCH_LETTERS + " .,;:!?'\"()-\n0123456789"), min_size=1, max_size=400)
TABLE_OPTIONS = dict(answer_columns=["antwoord"], respondent_columns=["respondent"], max_rows=100)


@given(dutch_text)
@settings(max_examples=150, deadline=None)
def test_utf8_and_utf16_round_trip(text):
    for encoding in ("utf-8", "utf-16", "utf-8-sig"):
        assert decode_bytes(text.encode(encoding))[0] == text


@given(dutch_text)
@settings(max_examples=150, deadline=None)
def test_cp1252_round_trips_when_not_mistaken_for_utf8(text):
    data = text.encode("cp1252")
    decoded, encoding = decode_bytes(data)
    if encoding in ("cp1252", "latin-1"):
        assert decoded == text
    else:  # pure ASCII is valid UTF-8; rare byte pairs look like UTF-8 and are read so
        assert encoding in ("utf-8", "utf-8+cp1252")


@pytest.mark.parametrize("text", ["Cliënten en één café.", "reünie, coördinatie, ruïne — “goed” € 5",
                                  "Twee regels\nmet één accent"])
def test_typical_dutch_cp1252_files_decode_exactly(text):
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


@given(dutch_text, dutch_text)
@settings(max_examples=100, deadline=None)
def test_mixed_utf8_and_cp1252_keeps_every_character(utf8_part, cp1252_part):
    data = ("é " + utf8_part).encode("utf-8") + cp1252_part.encode("cp1252")
    text, _ = decode_bytes(data)
    assert text.startswith("é ")
    assert len(text) <= len(data)


@given(st.binary(min_size=1, max_size=500))
@settings(max_examples=200, deadline=None)
def test_decoding_never_raises_anything_but_unreadable_input(data):
    try:
        text, encoding = decode_bytes(data)
    except UnreadableInput:
        return
    assert isinstance(text, str) and encoding


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_normalise_text_is_idempotent_and_clean(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\u00ad" not in once
    assert unicodedata.is_normalized("NFC", once)


def test_normalise_text_composes_decomposed_accents():
    assert normalise_text("cliënt".replace("ë", "e\u0308")) == "cliënt"


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000), st.integers(min_value=20, max_value=500))
@settings(max_examples=100, deadline=None)
def test_split_long_text_keeps_all_words_and_the_limit(text, limit):
    parts = split_long_text(text.strip(), limit=limit)
    assert all(len(p) <= limit for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


def test_split_long_text_leaves_normal_texts_whole():
    assert split_long_text("kort") == ["kort"]
    assert len(split_long_text("woord " * (MAX_DOCUMENT_CHARS // 4))) == 2


def test_front_matter_becomes_metadata():
    text, meta = split_front_matter("---\nbijeenkomst: Werkplaats\n---\nTekst")
    assert (text, meta) == ("Tekst", {"bijeenkomst": "Werkplaats"})


def test_front_matter_that_is_not_a_mapping_is_ignored():
    assert split_front_matter("---\n- a\n---\nTekst") == ("Tekst", {})


@pytest.mark.parametrize("content, delimiter", [
    ("respondent;antwoord\n1;Meer tijd, minder regels\n", ";"),
    ("respondent,antwoord\n1,Goed\n", ","),
    ("respondent\tantwoord\n1\tGoed\n", "\t"),
    ("antwoord|rol\nGoed|bewoner\n", "|"),
])
def test_the_delimiter_is_the_one_with_an_answer_column(content, delimiter):
    assert choose_delimiter(content, wanted=None, candidates=["antwoord"])[0] == delimiter


def test_unquoted_delimiters_in_answers_are_repaired(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("respondent,antwoord,rol\n1,Meer tijd, minder regels, meer vertrouwen,bewoner\n2,Goed,raad\n",
                    encoding="utf-8")
    records = read_csv(path, **TABLE_OPTIONS)
    assert [r.text for r in records] == ["Meer tijd, minder regels, meer vertrouwen", "Goed"]
    assert records[0].meta["rol"] == "bewoner"
    assert "hersteld" in records.notes[0]


def test_unclosed_quote_does_not_swallow_the_rest(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('respondent,antwoord\n1,"Meer tijd\n2,Goed\n3,Samen\n', encoding="utf-8")
    assert [r.text for r in read_csv(path, **TABLE_OPTIONS)] == ["Meer tijd", "Goed", "Samen"]


def test_quoted_multiline_answers_stay_whole(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('respondent,antwoord\n1,"Regel een\nregel twee, met komma"\n2,Goed\n', encoding="utf-8")
    assert [r.text for r in read_csv(path, **TABLE_OPTIONS)] == ["Regel een\nregel twee, met komma", "Goed"]


def test_zip_container_limits(tmp_path):
    from tests.pipeline.faults import docx_bytes

    path = tmp_path / "a.docx"
    path.write_bytes(docx_bytes("Tekst"))
    check_zip_container(path, max_unpacked_mb=5)
    with pytest.raises(UnreadableInput, match="zip-bom"):
        check_zip_container(path, max_unpacked_mb=0.001)


def test_the_sample_workbook_lists_its_four_empty_answers():
    from pipeline.paths import resolve_project_path
    from pipeline.readers.workbooks import read_xlsx

    records = read_xlsx(resolve_project_path("corpora/voorbeeld/antwoorden-transformatie.xlsx"),
                        **TABLE_OPTIONS | {"max_rows": 1000}, max_unpacked_mb=50)
    assert len(records) == 151
    assert records.notes == ["4 rijen zonder antwoord niet meegeteld (kolom 'antwoord' leeg): rij 45, 110, 131, 145, "
                             "geteld vanaf de eerste rij onder de kolomnamen"]


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
INSERTED = "Karin Smit neemt contact op met mevrouw Bos over de schuldhulp."
DELETED = "Verwijderd: Klaas Vermeulen, Kerkweg 7, Ridderkerk."


def _tracked(paragraph, *, inserted: str = INSERTED, deleted: str = "", wrapper: str = "") -> None:
    """Append Word's tracked-change XML to a python-docx paragraph: w:ins runs (in `wrapper`, e.g. a hyperlink),
    then w:del runs."""
    from docx.oxml import parse_xml

    author = 'w:author="Karin Smit" w:date="2025-01-15T10:00:00Z"'
    ins = f'<w:ins {W_NS} w:id="101" {author}><w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'
    if wrapper:
        ins = f'<w:{wrapper} {W_NS}>{ins}</w:{wrapper}>'
    paragraph._p.append(parse_xml(ins))
    if deleted:
        paragraph._p.append(parse_xml(f'<w:del {W_NS} w:id="102" {author}><w:r><w:delText xml:space="preserve">'
                                      f' {deleted}</w:delText></w:r></w:del>'))


def _read_docx_text(document, tmp_path) -> str:
    from pipeline.readers.office import read_docx

    path = tmp_path / "notitie.docx"
    document.save(str(path))
    return read_docx(path, max_unpacked_mb=5)[0].text


def test_docx_is_read_with_tracked_changes_accepted(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Intervisie wijkteam Noord, 14 januari 2025")
    _tracked(document.add_paragraph("Afspraak: "), deleted=DELETED)
    _tracked(document.add_paragraph("Wat ik meeneem: ", style="List Bullet"), inserted="meer tijd voor het gesprek.")
    _tracked(document.add_paragraph("Zie ook "), inserted="de website van de gemeente.", wrapper="hyperlink")
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    _tracked(cell.paragraphs[0], inserted="jeugdconsulent", deleted="schuldhulpverlener")
    text = _read_docx_text(document, tmp_path)
    assert text.split("\n\n") == ["Intervisie wijkteam Noord, 14 januari 2025", f"Afspraak: {INSERTED}",
                                  "Wat ik meeneem: meer tijd voor het gesprek.", "Zie ook de website van de gemeente.",
                                  "jeugdconsulent"]
    assert "Vermeulen" not in text and "schuldhulpverlener" not in text


def test_docx_comments_headers_and_merged_cells(tmp_path):
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("De korte lijnen met de huisarts maakten het verschil.")
    document.add_comment(paragraph.runs, text="Naam van de huisarts weghalen?", author="Jan")
    document.sections[0].header.paragraphs[0].text = "Vertrouwelijk: wijkteam Noord"
    document.sections[0].footer.paragraphs[0].text = "Pagina 1"
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Deelnemers"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Karin Smit"
    table.cell(1, 2).text = "Ahmed Yilmaz"
    text = _read_docx_text(document, tmp_path)
    assert text.split("\n\n") == ["De korte lijnen met de huisarts maakten het verschil.", "Deelnemers", "Karin Smit",
                                  "Ahmed Yilmaz"]


def _poll_workbook(path, *, merges: list[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Waar denkt u aan bij het woord 'transformatie'?"])
    sheet.append(["deelnemer", "rol", "antwoord", "gemeente"])
    sheet.append(["r1", "wijkcoach", "Samenwerken over grenzen heen", "Dordrecht"])
    sheet.append(["r2", "beleid", "Verandering van denken en doen", "Zwijndrecht"])
    sheet.append(["r3", "wijkcoach", "Vertrouwen in de professional", None])
    sheet.append(["r4", "student", "Ruimte voor maatwerk", None])
    sheet.append(["r5", "manager", None, "Gorinchem"])
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)


def _poll(path):
    from pipeline.readers.workbooks import read_xlsx

    return read_xlsx(path, **TABLE_OPTIONS | {"respondent_columns": ["deelnemer"]}, max_unpacked_mb=5)


def test_a_merged_cell_applies_to_every_row_it_spans(tmp_path):
    path = tmp_path / "poll.xlsx"
    _poll_workbook(path, merges=["A1:D1", "D4:D5", "C6:D6"])
    records = _poll(path)
    assert [(r.meta["respondent"], r.meta.get("gemeente"), r.row) for r in records] == [
        ("r1", "Dordrecht", 1), ("r2", "Zwijndrecht", 2), ("r3", "Zwijndrecht", 3), ("r4", None, 4)]  # r4: C6:D6


def test_a_merged_answer_counts_for_every_row(tmp_path):
    path = tmp_path / "poll.xlsx"
    _poll_workbook(path, merges=["C6:C7"])
    records = _poll(path)
    assert [(r.meta["respondent"], r.text) for r in records][-2:] == [("r4", "Ruimte voor maatwerk"),
                                                                    ("r5", "Ruimte voor maatwerk")]
    assert records.notes == []


def test_an_answer_merged_over_an_empty_row_stays_one_answer(tmp_path):
    from openpyxl import Workbook

    path, book = tmp_path / "poll.xlsx", Workbook()
    book.active.append(["deelnemer", "gemeente", "antwoord"])
    book.active.append(["A", "Zwijndrecht", "Samen leren in de wijk is belangrijk"])
    book.active.append([None, None, None])
    book.active.merge_cells("C2:C3")
    book.save(path)
    assert [(r.meta["respondent"], r.text) for r in _poll(path)] == [("A", "Samen leren in de wijk is belangrijk")]


def test_workbooks_without_merges_keep_the_fast_read(tmp_path):
    from pipeline.readers.workbooks import has_merged_cells

    plain, merged = tmp_path / "zonder.xlsx", tmp_path / "met.xlsx"
    _poll_workbook(plain, merges=[])
    _poll_workbook(merged, merges=["A1:D1"])
    assert (has_merged_cells(plain), has_merged_cells(merged)) == (False, True)
    assert [(r.text, r.meta, r.row) for r in _poll(plain)] == [(r.text, r.meta, r.row) for r in _poll(merged)]


# --- poll exports: question columns, title rows, double submissions (walkthrough 4) ------------------------

Q1 = "Waar denkt u aan bij het woord 'transformatie'?"
Q2 = "Wat heeft u nodig om te transformeren?"
POLL_OPTIONS = dict(answer_columns=["antwoord"], respondent_columns=["respondent", "id"], max_rows=100)


def _google_forms(path, rows, *, emails=None):
    """A Google Forms export as it writes it; with `emails` as a form that collects e-mail addresses."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        if emails:
            rows = [[stamp, email, *answers] for (stamp, *answers), email in zip(rows, emails)]
        writer.writerows([["Tijdstempel", *(["E-mailadres"] if emails else []), Q1, Q2], *rows])
    return path


def test_a_second_press_on_send_by_one_person_counts_once_and_is_listed(tmp_path):
    path = _google_forms(tmp_path / "gf.csv", [
        ["2025/03/13 10:12:05 AM CET", "verandering", "tijd"], ["2025/03/13 10:12:22 AM CET", "mindset", "ruimte"],
        ["2025/03/13 10:12:24 AM CET", "mindset", "ruimte"], ["2025/03/13 10:12:40 AM CET", "loslaten", "lef"]],
        emails=["a@wijkteam.nl", "b@wijkteam.nl", "b@wijkteam.nl", "c@wijkteam.nl"])
    records = read_csv(path, answer_column=Q1, **POLL_OPTIONS)
    assert [r.text for r in records] == ["verandering", "mindset", "loslaten"]
    assert any(n.startswith("dubbele inzending") and "rij 3 (= rij 2, 2 s later)" in n for n in records.notes)


def test_different_people_sending_the_same_answer_at_once_all_count():
    # the reviewer's repro: Google Forms has no respondent id; a conference sends within seconds
    frame = pd.DataFrame({"Tijdstempel": [f"2025/03/13 10:12:0{s} AM CET" for s in (1, 3, 4, 9)],
                          Q1: ["verbinding", "verbinding", "vertrouwen", "verbinding"]})
    records = records_from_table(frame, answer_column=Q1, respondent_column=None, **POLL_OPTIONS)
    assert [r.text for r in records] == ["verbinding", "verbinding", "vertrouwen", "verbinding"]
    assert not records.notes  # one short identical answer is normal, not even a possible double


def test_identical_full_rows_without_a_person_column_are_kept_and_mentioned(tmp_path):
    path = _google_forms(tmp_path / "gf.csv", [
        ["2025/03/13 10:12:05 AM CET", "verandering", "tijd"], ["2025/03/13 10:12:22 AM CET", "mindset", "ruimte"],
        ["2025/03/13 10:12:24 AM CET", "mindset", "ruimte"], ["2025/03/13 10:12:25 AM CET", "mindset", ""]])
    records = read_csv(path, answer_column=Q1, **POLL_OPTIONS)
    assert [r.text for r in records] == ["verandering", "mindset", "mindset", "mindset"]
    assert records.notes == ["mogelijk dubbele inzending: rij 3 gelijk aan rij 2, 2 s later; niet weggelaten "
                             "(de export heeft geen deelnemerskolom om op te controleren)"]


def test_each_submission_is_compared_with_the_same_persons_previous_one(tmp_path):
    # b sends 'mindset', then 'lef', then 'mindset' again: the third is a new answer, not a repeat of the first
    path = _google_forms(tmp_path / "gf.csv", [
        ["2025/03/13 10:12:05 AM CET", "mindset", "ruimte"], ["2025/03/13 10:12:08 AM CET", "lef", "ruimte"],
        ["2025/03/13 10:12:11 AM CET", "mindset", "ruimte"], ["2025/03/13 10:12:19 AM CET", "mindset", "ruimte"],
        ["2025/03/13 10:12:27 AM CET", "mindset", "ruimte"]], emails=["b@wijkteam.nl"] * 5)
    records = read_csv(path, answer_column=Q1, **POLL_OPTIONS)
    assert [r.row for r in records] == [1, 2, 3]  # rows 4 and 5: pressed again 8 s after the previous press
    assert "rij 4 (= rij 3, 8 s later), rij 5 (= rij 4, 8 s later)" in records.notes[0]


def test_anonymous_microsoft_forms_rows_are_never_dropped(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in [["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", Q1],
                [1, "13-3-2025 10:12:05", "13-3-2025 10:12:30", "anonymous", "anonymous", "verbinding"],
                [2, "13-3-2025 10:12:06", "13-3-2025 10:12:31", "anonymous", "anonymous", "verbinding"]]:
        workbook.active.append(row)
    workbook.save(tmp_path / "forms.xlsx")
    records = read_xlsx(tmp_path / "forms.xlsx", answer_column=Q1, max_unpacked_mb=10, **POLL_OPTIONS)
    assert [r.text for r in records] == ["verbinding", "verbinding"] and not records.notes


def test_offsets_across_summer_time_are_read_in_utc(tmp_path):
    path = tmp_path / "menti.csv"
    path.write_text("Voter ID;Time;" + Q1 + "\nmentivoter-0001;2025-03-30T01:59:58+01:00;verbinding\n"
                    "mentivoter-0001;2025-03-30T03:00:01+02:00;verbinding\n"
                    "mentivoter-0002;2025-03-30 03:00:04;ruimte\n", encoding="utf-8")
    records = read_csv(path, answer_column=Q1, **POLL_OPTIONS | {"respondent_columns": ["voter id"]})
    assert [r.text for r in records] == ["verbinding", "ruimte"]
    assert "rij 2 (= rij 1, 3 s later)" in records.notes[0]


@pytest.mark.parametrize("written, meant", [
    ("2025-03-04 10:12:05", "2025-03-04 10:12:05"), ("4-3-2025 10:12:05", "2025-03-04 10:12:05"),
    ("2025/03/04 10:12:05 AM CET", "2025-03-04 10:12:05"), ("04.03.2025 10:12", "2025-03-04 10:12:00"),
    ("2025-03-04T11:12:05+01:00", "2025-03-04 10:12:05"),
])
def test_timestamps_are_day_first_unless_the_year_is(written, meant):
    from pipeline.readers.submissions import submission_times

    assert submission_times(pd.Series([written])).iloc[0] == pd.Timestamp(meant, tz="UTC")


def test_unreadable_timestamps_mean_no_doubles_not_a_skipped_file(tmp_path):
    path = tmp_path / "poll.csv"
    path.write_text(f"Tijd;Voter ID;{Q1}\nochtend;v1;verbinding\nochtend;v1;verbinding\n", encoding="utf-8")
    records = read_csv(path, answer_column=Q1, **POLL_OPTIONS | {"respondent_columns": ["voter id"]})
    assert [r.text for r in records] == ["verbinding", "verbinding"] and not records.notes


def test_the_same_answer_later_or_without_a_timestamp_is_another_person(tmp_path):
    later = _google_forms(tmp_path / "later.csv", [["13-3-2025 10:12:05", "ontmoeting", "tijd"],
                                                   ["13-3-2025 10:14:05", "ontmoeting", "tijd"]])
    assert len(read_csv(later, answer_column=Q1, **POLL_OPTIONS)) == 2
    cards = tmp_path / "kaartjes.csv"
    cards.write_text("kaartje;antwoord\n1;ontmoeting\n2;ontmoeting\n3;ontmoeting\n", encoding="cp1252")
    records = read_csv(cards, **POLL_OPTIONS)
    assert len(records) == 3 and not any("dubbel" in n for n in records.notes)


def test_different_voters_with_the_same_answers_at_once_are_two_people(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in [["Voter ID", "Time", Q1], ["mentivoter-0001", "2025-03-13 10:12:05", "verandering"],
                ["mentivoter-0002", "2025-03-13 10:12:06", "verandering"],
                ["mentivoter-0002", "2025-03-13 10:12:08", "verandering"]]:
        workbook.active.append(row)
    workbook.save(tmp_path / "menti.xlsx")
    records = read_xlsx(tmp_path / "menti.xlsx", answer_column=Q1, max_unpacked_mb=10,
                        **POLL_OPTIONS | {"respondent_columns": ["voter id"]})
    assert [r.meta["respondent"] for r in records] == ["mentivoter-0001", "mentivoter-0002"]


def test_several_answer_columns_are_read_each_with_its_header(tmp_path):
    path = _google_forms(tmp_path / "gf.csv", [["2025/03/13 10:12:05 AM CET", "verandering", "tijd"],
                                               ["2025/03/13 10:13:05 AM CET", "loslaten", ""]])
    records = read_csv(path, answer_column=[Q1, Q2], **POLL_OPTIONS)
    assert [(r.text, r.meta["kolom"], r.row) for r in records] == [
        ("verandering", Q1, 1), ("tijd", Q2, 1), ("loslaten", Q1, 2)]
    assert records[0].meta["respondent"] == records[1].meta["respondent"] == "rij-1"
    with pytest.raises(UnreadableInput, match="gezocht: Wat moet er anders"):
        read_csv(path, answer_column=[Q1, "Wat moet er anders?"], **POLL_OPTIONS)


def test_a_separator_inside_one_of_several_answers_is_listed_not_guessed(tmp_path):
    path = tmp_path / "twee-vragen.csv"
    path.write_text("id;Vraag een?;Vraag twee?\n1;tijd;ruimte; en lef\n2;moed;vertrouwen;\n3;lef;samen\n",
                    encoding="utf-8")
    records = read_csv(path, answer_column=["Vraag een?", "Vraag twee?"], **POLL_OPTIONS)
    assert [(r.text, r.meta["kolom"], r.row) for r in records] == [
        ("moed", "Vraag een?", 2), ("vertrouwen", "Vraag twee?", 2), ("lef", "Vraag een?", 3),
        ("samen", "Vraag twee?", 3)]  # row 2's ';' at the end of the line is no extra field
    assert any(n.startswith("1 rij(en) met te veel velden niet gelezen") and "rij 1;" in n for n in records.notes)
    assert not any("hersteld" in n for n in records.notes)


def test_one_named_answer_column_leaves_its_answers_untagged(tmp_path):
    path = _google_forms(tmp_path / "gf.csv", [["2025/03/13 10:12:05 AM CET", "verandering", "tijd"]])
    assert [r.meta for r in read_csv(path, answer_column=Q2, **POLL_OPTIONS)] == [{"respondent": "rij-1"}]


def test_title_rows_above_the_header_are_not_reported_as_columns(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in [["Werkconferentie Werkplaats Sociaal Domein"], ["Exported 13-03-2025 16:02"], [],
                ["Voter ID", "Time", Q1, Q2], ["mentivoter-0001", "2025-03-13 10:12:05", "verandering", "tijd"]]:
        workbook.active.append(row)
    workbook.save(tmp_path / "mentimeter.xlsx")
    with pytest.raises(UnreadableInput) as error:
        read_xlsx(tmp_path / "mentimeter.xlsx", max_unpacked_mb=10, **POLL_OPTIONS)
    assert f"kolommen: Voter ID, Time, {Q1}, {Q2}" in str(error.value)
    assert 'antwoordkolom: "<exacte kop>"' in str(error.value)
    assert "Werkconferentie" not in str(error.value)


@pytest.mark.parametrize("text, is_table", [
    ("respondent\tantwoord\n1\tSamenwerken met de wijk\n2\tRuimte voor de professional\n", True),
    ("vraag\tantwoord\trol\nWat neem je mee?\tMeer tijd voor elkaar\tbewoner\n"
     "Wat neem je mee?\tSamen leren\twijkteam\n\n", True),
    ("Verslag wijkteam Zuid\nWe spraken\tover de huisartsen.\nDe bewoners willen eerder gehoord worden.\n", False),
    ("\tpunt één: meer tijd\n\tpunt twee: minder regels\n\tpunt drie: samen leren\n", False),  # an indented list
    ("respondent\tantwoord\n1\tSamenwerken met de wijk\n", False),  # two lines: too little to tell
    # an answer typed over two lines (Alt+Enter) is one quoted cell
    ('respondent\tantwoord\n1\t"Meer tijd\nvoor elkaar"\n2\tSamen leren\n3\tRuimte\n', True),
])
def test_only_text_with_the_same_cells_in_every_record_is_a_table(text, is_table):
    assert (tab_table_header(text) is not None) is is_table


def test_a_given_delimiter_reads_a_tab_export_with_commas_in_its_answers(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("respondent\tantwoord\n1\tMeer tijd, minder regels\n2\tSamen leren; met de wijk\n3\tRuimte\n",
                    encoding="utf-8")
    records = read_csv(path, **TABLE_OPTIONS, delimiter="\t")
    assert [r.text for r in records] == ["Meer tijd, minder regels", "Samen leren; met de wijk", "Ruimte"]
    with pytest.raises(UnreadableInput, match="geen antwoordkolom gevonden.*kolommen: respondent, mening"):
        path.write_text("respondent\tmening\n1\tMeer tijd\n2\tRuimte\n", encoding="utf-8")
        read_csv(path, **TABLE_OPTIONS, delimiter="\t")


def _workbook(path, sheets: dict[str, list[list]]) -> None:
    path.write_bytes(xlsx_bytes(sheets))


def test_a_title_sheet_beside_the_answers_gets_a_calm_note(tmp_path):
    _workbook(tmp_path / "w.xlsx", {"Toelichting": [["Export van de werkconferentie 13 maart 2025"]],
                                    "Antwoorden": [["respondent", "antwoord"], ["1", "Samen leren in de wijk"],
                                                   ["2", "Eén aanspreekpunt voor bewoners"]]})
    records = read_xlsx(tmp_path / "w.xlsx", **TABLE_OPTIONS, max_unpacked_mb=20)
    assert [r.text for r in records] == ["Samen leren in de wijk", "Eén aanspreekpunt voor bewoners"]
    assert records.notes == ["blad 'Toelichting' heeft geen antwoordkolom en is niet gelezen; de antwoorden komen "
                             "uit blad 'Antwoorden'"]


def test_a_workbook_without_any_answer_column_keeps_the_actionable_error(tmp_path):
    _workbook(tmp_path / "w.xlsx", {"Toelichting": [["Export van de werkconferentie"]],
                                    "Scores": [["naam", "score"], ["Marieke", 3], ["Ahmed", 4]]})
    with pytest.raises(UnreadableInput, match="blad 'Scores': geen antwoordkolom gevonden.*kies de kolom"):
        read_xlsx(tmp_path / "w.xlsx", **TABLE_OPTIONS, max_unpacked_mb=20)


def test_a_sheet_that_fails_otherwise_is_still_listed_as_skipped(tmp_path):
    _workbook(tmp_path / "w.xlsx", {"Ronde 1": [["antwoord"], ["Meer tijd voor elkaar"]],
                                    "Ronde 2": [["antwoord", "rol"], [None, "bewoner"]]})
    records = read_xlsx(tmp_path / "w.xlsx", **TABLE_OPTIONS, max_unpacked_mb=20)
    assert records.notes[-1] == "overgeslagen: blad 'Ronde 2': geen antwoorden: de kolom 'antwoord' is leeg"


def _zip(path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)


def test_renamed_files_are_told_what_they_really_are(tmp_path):
    import docx
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "verslag.docx"))
    pdf.drawString(72, 720, "Verslag van de werkplaats in Dordrecht.")
    pdf.save()
    _workbook(tmp_path / "export.csv", {"Blad1": [["antwoord"], ["Meer tijd voor elkaar"]]})
    docx.Document().save(tmp_path / "notulen.xlsx")
    _zip(tmp_path / "notities.zip", {"notitie.txt": "Bewoners willen eerder gehoord worden."})
    (tmp_path / "LEESMIJ").write_text("Deze map bevat de notities van de werkplaats.", encoding="utf-8")
    (tmp_path / "Thumbs").write_bytes(bytes(range(256)) * 4)
    assert disguise_reason(tmp_path / "verslag.docx", fmt="docx") == "is eigenlijk een pdf: hernoem het naar .pdf"
    assert disguise_reason(tmp_path / "export.csv", fmt="csv") == ("is eigenlijk een Excel-bestand: hernoem het "
                                                                   "naar .xlsx")
    assert disguise_reason(tmp_path / "notulen.xlsx", fmt="xlsx").endswith("hernoem het naar .docx")
    assert disguise_reason(tmp_path / "notities.zip", fmt="zip") == "een zip-bestand: pak het uit in de map"
    assert disguise_reason(tmp_path / "LEESMIJ", fmt="") == "lijkt platte tekst: geef het de extensie .txt"
    assert disguise_reason(tmp_path / "Thumbs", fmt="") is None


def test_files_that_are_what_their_extension_says_get_no_other_reason(tmp_path):
    _workbook(tmp_path / "goed.xlsx", {"Blad1": [["antwoord"], ["Meer tijd"]]})
    _zip(tmp_path / "kapot.docx", {"iets.txt": "geen Word"})  # a broken Office file keeps its own reason
    (tmp_path / "notitie.txt").write_text("Een notitie over samen leren.", encoding="utf-8")
    assert disguise_reason(tmp_path / "goed.xlsx", fmt="xlsx") is None
    assert disguise_reason(tmp_path / "kapot.docx", fmt="docx") is None
    assert disguise_reason(tmp_path / "notitie.txt", fmt="txt") is None


def test_a_formula_without_a_computed_value_is_named_not_called_empty(tmp_path):
    """openpyxl writes formulas without their result; Excel has not calculated them yet."""
    _workbook(tmp_path / "w.xlsx", {"Blad1": [
        ["Poll werkplaats"], [], ["respondent", "antwoord"], ["1", "Samenwerken met de wijk"],
        ["2", "Ruimte voor de professional"], ["3", '=B4&" en "&B5'], ["4", None], ["5", "Eigen regie"]]})
    records = read_xlsx(tmp_path / "w.xlsx", **TABLE_OPTIONS, max_unpacked_mb=20)
    assert [r.text for r in records] == ["Samenwerken met de wijk", "Ruimte voor de professional", "Eigen regie"]
    assert records.notes == [
        "1 rij zonder antwoord niet meegeteld (kolom 'antwoord' leeg): rij 4, geteld vanaf de eerste rij onder de "
        "kolomnamen",
        "kolom 'antwoord' rij 3 (geteld vanaf de eerste rij onder de kolomnamen): formule zonder berekende waarde (open het bestand in Excel en sla het op)"]
