"""The documents table as readers of a report count it: one note is one file, one answer is one answer.

Ingest reads a very long note in parts (pipeline.ingest.MAX_DOCUMENT_CHARS), each a row of the documents table;
counts that a researcher reads ('8 notities', a term from 2 notes) must still count the file once.
"""

from __future__ import annotations

import pandas as pd


def document_units(documents: pd.DataFrame) -> pd.Series:
    """What a reader counts as one document: a note's file (a long note is read in parts),
    an answer itself. Same index as `documents`."""
    if "source" not in documents or "kind" not in documents:
        return documents["doc_id"].astype(str)
    return documents["source"].where(documents["kind"] != "antwoord", documents["doc_id"]).astype(str)
