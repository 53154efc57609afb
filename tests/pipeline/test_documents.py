"""What counts as one document: a long note read in parts is one note, in wordles and reports."""

import pandas as pd

from pipeline.documents import document_units
from pipeline.report_tables import meetings_overview
from pipeline.wordle_terms import respondents_of
from pipeline.wordles import notes_groups


def test_a_long_note_read_in_parts_counts_as_one_document():
    # a 15,000-word annual report is read in two parts; the wordle's 'notities' and the report count files
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3", "a1", "a2"],
                              "source": ["jaarverslag.docx", "jaarverslag.docx", "intervisie.md", "poll.xlsx",
                                         "poll.xlsx"],
                              "kind": ["notitie", "notitie", "notitie", "antwoord", "antwoord"],
                              "respondent": [None, None, None, None, "R002"]})
    assert document_units(documents).nunique() == 4  # two notes and two answers
    assert respondents_of(documents).tolist() == ["jaarverslag.docx", "jaarverslag.docx", "intervisie.md", "a1",
                                                  "R002"]


def test_notes_wordle_and_meetings_table_count_files_not_parts():
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "source": ["jaarverslag.docx", "jaarverslag.docx", "a.md"],
                              "kind": "notitie", "respondent": ["teamleider", "teamleider", "teamleider"],
                              "bijeenkomst": "Leerkring", "datum": "2025-03-13", "n_words": [10, 10, 5],
                              "text": ["Het team leert.", "Het team leert veel.", "Samen leren."]})
    tokens = pd.DataFrame({"seg_id": ["d1-0000", "d2-0000", "d3-0000"], "doc_id": ["d1", "d2", "d3"], "i": 1,
                           "text": "team", "lemma": "team", "pos": "NOUN", "is_stop": False, "is_punct": False,
                           "is_alpha": True})
    segments = tokens[["seg_id", "doc_id"]]
    group = notes_groups(documents, tokens, segments, stopwords=frozenset())[0]
    assert group.n_documents == 2  # two files, though one respondent wrote both and one file has two parts
    assert meetings_overview(documents, segments)["documenten"].tolist() == [2]
