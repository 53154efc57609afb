"""Hand-made run tables (documents, segments, themes, inputs) for report and export tests.

Small and fully known: three notes from two meetings plus two answers, segments with character
offsets into the (already pseudonymised) document text, and theme assignments with evidence.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd

from pipeline.framework import load_framework
from pipeline.paths import resolve_project_path

FRAMEWORK_FILE = "corpora/kader/transformatieleren.yaml"
EVIL = "<script>alert(1)</script> & co"

NOTES = [
    # doc_id, source, kind, bijeenkomst, datum, gemeente, rol, text
    ("a1", "notitie-1.md", "notitie", "Werkgroep wijkteams", "2024-02-15", "Dordrecht", "docent",
     "We namen de tijd om elkaar te ontmoeten.\n\nDe sfeer was open en veilig. [PERSOON-1] vertelde over het gezin."),
    ("b2", "notitie-2.md", "notitie", "Leerkring", "2024-05-23", "Gorinchem", "teamleider",
     f"Reflectie: wat leerden we samen? Een notitie met {EVIL}. Samen leren in de praktijk werkt."),
    ("c3", "notitie-3.docx", "notitie", "Werkgroep wijkteams", "2024-02-15", "Dordrecht", "manager",
     "  Inwoners denken mee over de aanpak.  Het perspectief van de inwoner staat centraal."),
    ("d4", "antwoorden.xlsx", "antwoord", "Werkconferentie", "2025-03-13", None, None,
     "Ontmoeting en verbinding"),
    ("e5", "antwoorden.xlsx", "antwoord", "Werkconferentie", "2025-03-13", None, None,
     "Samen leren, elkaar ontmoeten"),
]
# seg text -> (theme_id, score, evidence) assignments
ASSIGN = {
    "We namen de tijd om elkaar te ontmoeten.": [("L1", 0.81, "elkaar ontmoeten; tijd maken voor elkaar")],
    "De sfeer was open en veilig.": [("L1", 0.52, "sfeer")],
    "Reflectie: wat leerden we samen?": [("P1", 0.61, "reflectie"), ("L1", 0.4, "samen")],
    f"Een notitie met {EVIL}.": [("P1", 0.45, f"{EVIL}")],
    "Samen leren in de praktijk werkt.": [("P1", 0.7, "samen leren; praktijk")],
    "Inwoners denken mee over de aanpak.": [("P3", 0.66, "inwoner")],
    "Het perspectief van de inwoner staat centraal.": [("P3", 0.72, "inwoner; perspectief"), ("L1", 0.38, "perspectief")],
    "Ontmoeting en verbinding": [("L1", 0.9, "ontmoeting; verbinding")],
    "Samen leren, elkaar ontmoeten": [("L1", 0.6, "elkaar ontmoeten"), ("P1", 0.5, "samen leren")],
}


def framework():
    return load_framework(resolve_project_path(FRAMEWORK_FILE))


def split_segments(doc_id: str, kind: str, text: str) -> list[dict]:
    """Sentences with spaCy-like offsets: start/end may include surrounding whitespace, text is stripped."""
    spans = [(0, len(text))] if kind == "antwoord" else [m.span() for m in re.finditer(r"\s*[^.?!]+[.?!]?", text)]
    rows = []
    for n, (start, end) in enumerate(s for s in spans if text[s[0]:s[1]].strip()):
        piece = text[start:end].strip()
        rows.append({"seg_id": f"{doc_id}-{n:04d}", "doc_id": doc_id, "n": n,
                     "kind": "answer" if kind == "antwoord" else "sentence", "text": piece, "start": start,
                     "end": end, "lemmas": [w.lower() for w in re.findall(r"\w+", piece)]})
    return rows


def run_tables() -> SimpleNamespace:
    fw = framework()
    documents = pd.DataFrame([{
        "doc_id": d, "source": src, "format": src.rsplit(".", 1)[1], "kind": kind, "row": None, "text": text,
        "bijeenkomst": meeting, "datum": date, "gemeente": town, "vraag": None, "rol": role,
        "respondent": None, "language": "nl", "n_words": len(text.split())}
        for d, src, kind, meeting, date, town, role, text in NOTES])
    segments = pd.DataFrame([row for d in NOTES for row in split_segments(d[0], d[2], d[7])])
    rows = []
    for seg in segments.itertuples():
        found = {t: (score, ev) for t, score, ev in ASSIGN.get(seg.text, [])}
        for theme in fw.themes:
            score, evidence = found.get(theme.id, (0.05, ""))
            rows.append({"seg_id": seg.seg_id, "theme_id": theme.id, "score": score,
                         "assigned": theme.id in found, "evidence": evidence,
                         "framework_version": f"{fw.name} {fw.version}"})
    inputs = pd.DataFrame([
        {"source": "notitie-1.md", "format": "md", "sha256": "x", "bytes": 10, "status": "analysed", "reason": "",
         "n_documents": 1},
        {"source": "kapot.pdf", "format": "pdf", "sha256": "y", "bytes": 5, "status": "skipped",
         "reason": f"Onleesbaar: {EVIL}", "n_documents": 0}])
    return SimpleNamespace(framework=fw, documents=documents, segments=segments, themes=pd.DataFrame(rows),
                           inputs=inputs)
