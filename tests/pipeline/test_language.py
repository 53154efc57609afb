"""Language per document: Dutch stays in, other languages are reported and left out."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.language import UNKNOWN, detect_language, filter_dutch, filter_languages, mark_languages


@pytest.mark.parametrize("text, code", [
    ("De wijkteams werken goed samen met de huisartsen in Dordrecht.", "nl"),
    ("Bewoners willen eerder gehoord worden en minder formulieren invullen.", "nl"),
    ("We need more time for each other and less paperwork in the neighbourhood.", "en"),
    ("Wir brauchen mehr Zeit füreinander und weniger Bürokratie im Stadtteil.", "de"),
    ("Nous avons besoin de plus de temps les uns pour les autres dans le quartier.", "fr"),
    ("نحتاج إلى مزيد من الوقت لبعضنا البعض وأقل من الأوراق", "ar"),
    ("Mahallede birbirimize daha fazla zaman ayırmamız gerekiyor.", "tr"),
    ("Potrzebujemy więcej czasu dla siebie nawzajem i mniej papierkowej roboty.", "pl"),
    ("Necesitamos más tiempo los unos para los otros y menos papeleo en el barrio.", "es"),
])
def test_languages_are_recognised(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["Goed", "ok", "Top!", "Meer tijd", "Good job", "Samen", "5", "-", "", "   "])
def test_short_answers_count_as_dutch(text):
    assert detect_language(text) == "nl"


@pytest.mark.parametrize("text, code", [("شكرا جزيلا", "ar"), ("Merci beaucoup", "fr")])
def test_short_answers_that_are_clearly_otherwise(text, code):
    assert detect_language(text) == code


def test_text_in_an_unlisted_script_is_unknown():
    assert detect_language("这是一段关于社区团队合作的中文文本，不是荷兰语。" * 3) == UNKNOWN
    assert detect_language("Это длинный текст на русском языке о работе команды в районе.") == UNKNOWN


def test_long_number_lists_are_unknown():
    assert detect_language("12 34 56 78 90 12 34 56") == UNKNOWN


def _documents():
    return pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "source": ["a.txt", "b.csv", "b.csv", "c.txt"], "row": [None, 1, 2, None],
        "text": ["Dit is een Nederlandse notitie over de samenwerking in de wijk.",
                 "We need more time for each other and less paperwork.", "Meer tijd",
                 "The whole file is written in English, from start to end."],
        "n_words": [11, 10, 2, 11], "language": "onbekend"})


def test_mark_languages_fills_the_column_without_touching_the_input():
    documents = _documents()
    marked = mark_languages(documents)
    assert marked["language"].tolist() == ["nl", "en", "nl", "en"]
    assert (documents["language"] == "onbekend").all()
    assert mark_languages(documents.iloc[:0]).empty


def test_filter_dutch_gives_reasons():
    kept, left_out = filter_dutch(mark_languages(_documents()), languages=["nl"])
    assert kept["doc_id"].tolist() == ["a", "c"]
    assert left_out["reason"].tolist() == ["taal: Engels (niet Nederlands)"] * 2
    kept, left_out = filter_dutch(mark_languages(_documents()), languages=["nl", "en"])
    assert len(kept) == 4 and left_out.empty


def test_filter_languages_keeps_the_inputs_table_reconciled():
    inputs = pd.DataFrame({"source": ["a.txt", "b.csv", "c.txt"], "format": ["txt", "csv", "txt"],
                           "status": "analysed", "reason": "", "n_documents": [1, 2, 1]})
    kept, updated = filter_languages(mark_languages(_documents()), inputs, languages=["nl"])
    rows = updated.set_index("source")
    assert rows.loc["c.txt", "status"] == "skipped"
    assert rows.loc["c.txt", "reason"] == "taal: Engels (niet Nederlands)"
    assert rows.loc["b.csv", "status"] == "analysed" and rows.loc["b.csv", "n_documents"] == 1
    assert "1 van 2" in rows.loc["b.csv", "reason"] and "Engels" in rows.loc["b.csv", "reason"]
    assert updated["n_documents"].sum() == len(kept)
    assert (inputs["status"] == "analysed").all()  # the input frame itself is not changed


def test_a_language_note_is_added_to_an_earlier_note_of_the_file():
    inputs = pd.DataFrame({"source": ["a.txt", "b.csv", "c.txt"], "format": ["txt", "csv", "txt"],
                           "status": "analysed", "n_documents": [1, 2, 1],
                           "reason": ["", "1 rij zonder antwoord niet meegeteld (kolom 'antwoord' leeg): rij 3", ""]})
    _, updated = filter_languages(mark_languages(_documents()), inputs, languages=["nl"])
    reason = updated.set_index("source").loc["b.csv", "reason"]
    assert reason.startswith("1 rij zonder antwoord") and "; 1 van 2 teksten niet geanalyseerd" in reason
