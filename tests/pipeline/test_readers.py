"""Readers and decoding: properties over many texts, and the awkward cases one by one."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import MAX_DOCUMENT_CHARS, split_long_text
from pipeline.readers import UnreadableInput
from pipeline.readers.office import check_zip_container
from pipeline.readers.tables import choose_delimiter, read_csv
from pipeline.readers.text import decode_bytes, normalise_text, split_front_matter

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
    from pipeline.readers.tables import read_xlsx

    records = read_xlsx(resolve_project_path("corpora/voorbeeld/antwoorden-transformatie.xlsx"),
                        **TABLE_OPTIONS | {"max_rows": 1000}, max_unpacked_mb=50)
    assert len(records) == 151
    assert records.notes == ["4 rijen zonder antwoord niet meegeteld (kolom 'antwoord' leeg): rij 45, 110, 131, 145, "
                             "geteld vanaf de eerste rij onder de kolomnamen"]
