"""Build corpora/voorbeeld/ (sample corpus of ontmoeting) from the texts in this folder."""
import datetime as dt
import sys
from pathlib import Path

import docx
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

sys.path.insert(0, str(Path(__file__).parent))
from antwoorden import BLOKKEN
from notities_md import NOTITIES_MD
from notities_docx import NOTITIES_DOCX

DOEL = Path(__file__).resolve().parents[2] / "corpora" / "voorbeeld"
AUTEUR = "Voorbeeldcorpus ontmoeting (fictief)"
VRAAG = "Waar denkt u aan bij het woord 'transformatie'?"


def write_answers(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["respondent", "antwoord", "rol", "gemeente"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, (rol, gemeente, antwoorden) in enumerate(BLOKKEN, start=1):
        for antwoord in antwoorden:
            ws.append([f"R{i:03d}", antwoord, rol, gemeente])
    for col, width in zip("ABCD", (12, 50, 30, 24)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    wb.properties.creator = AUTEUR
    wb.properties.lastModifiedBy = AUTEUR
    wb.properties.title = "Antwoorden werkconferentie: " + VRAAG
    wb.properties.created = dt.datetime(2025, 3, 13, 16, 0)
    wb.properties.modified = dt.datetime(2025, 3, 14, 9, 30)
    wb.save(path)


def write_markdown(path, meta, body):
    front = "".join(f"{k}: {v}\n" for k, v in meta.items())
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")


def write_word(path, meta, titel, blokken):
    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    d.styles["Normal"].font.size = Pt(11)
    d.add_heading(titel, level=1)
    for soort, inhoud in blokken:
        if soort == "meta":
            d.add_paragraph().add_run(inhoud).italic = True
        elif soort == "h":
            d.add_heading(inhoud, level=2)
        elif soort == "p":
            d.add_paragraph(inhoud)
        else:
            stijl = "List Bullet" if soort == "ul" else "List Number"
            for item in inhoud:
                d.add_paragraph(item, style=stijl)
    cp = d.core_properties
    datum = dt.date.fromisoformat(meta["datum"])
    cp.title = titel
    cp.subject = meta["bijeenkomst"]
    cp.category = meta["soort"]
    cp.keywords = f"{meta['gemeente']}; {meta['rol']}"
    cp.author = AUTEUR
    cp.last_modified_by = AUTEUR
    cp.comments = "Fictieve voorbeeldnotitie; metadata staat ook in corpus.yaml."
    cp.language = "nl-NL"
    cp.created = dt.datetime.combine(datum, dt.time(17, 0))
    cp.modified = dt.datetime.combine(datum + dt.timedelta(days=1), dt.time(9, 0))
    cp.revision = 1
    d.save(path)


def corpus_yaml():
    regels = [
        "# Metadata van het voorbeeldcorpus. Markdown-notities dragen hun eigen metadata in front matter;",
        "# de spreadsheet en de Word-notities staan hieronder.",
        "naam: voorbeeld",
        "beschrijving: >-",
        "  Illustratief en volledig fictief voorbeeldcorpus van het project ontmoeting, geschreven door het",
        "  project zelf. Het bevat antwoorden op een conferentievraag over transformatie en reflectienotities",
        "  van bijeenkomsten van professionals in het sociaal domein (Drechtsteden en omgeving). Alle namen,",
        "  e-mailadressen en telefoonnummers zijn verzonnen; ze staan er met opzet in om de privacyfilter te",
        "  testen. Geen van de teksten is afkomstig van echte deelnemers.",
        "# README.md beschrijft het corpus en is zelf geen document.",
        "negeren:",
        "  - README.md",
        "bestanden:",
        "  antwoorden-transformatie.xlsx:",
        "    soort: antwoord",
        f"    vraag: \"{VRAAG}\"",
        "    bijeenkomst: Werkconferentie Werkplaats Sociaal Domein",
        "    datum: 2025-03-13",
        "    antwoordkolom: antwoord",
        "    respondentkolom: respondent",
    ]
    for naam, (meta, _titel, _blokken) in NOTITIES_DOCX.items():
        regels.append(f"  {naam}:")
        regels += [f"    {k}: {meta[k]}" for k in ("soort", "bijeenkomst", "datum", "gemeente", "rol")]
    return "\n".join(regels) + "\n"


def main():
    DOEL.mkdir(parents=True, exist_ok=True)
    write_answers(DOEL / "antwoorden-transformatie.xlsx")
    for naam, (meta, body) in NOTITIES_MD.items():
        write_markdown(DOEL / naam, meta, body)
    for naam, (meta, titel, blokken) in NOTITIES_DOCX.items():
        write_word(DOEL / naam, meta, titel, blokken)
    (DOEL / "corpus.yaml").write_text(corpus_yaml(), encoding="utf-8")


if __name__ == "__main__":
    main()
