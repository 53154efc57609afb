"""A corpus of hostile inputs, generated on the spot (no committed binaries).

`build_fault_corpus(root)` writes the files into `root/corpus` (plus a folder `root/buiten` that symlinks
point to) and returns what each input should end as: `Expect(status, reason_fragment)`. The expectations
hold for FAULT_SETTINGS (small limits, so the big inputs are refused quickly) after language filtering.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

DUTCH = ("Tijdens de bijeenkomst van het wijkteam in Dordrecht spraken we over de samenwerking met de "
         "huisartsen. Bewoners willen eerder gehoord worden en minder formulieren invullen. "
         "We hebben afgesproken dat de werkplaats volgende maand een vervolg organiseert.")
DUTCH_2 = ("De professionals merken dat er meer ruimte nodig is om samen te leren. Cliënten ervaren de "
           "zorg als versnipperd; één aanspreekpunt zou helpen, zeggen zij.")
ENGLISH = ("During the meeting the team discussed how residents experience the support they receive. "
           "Everyone agreed that we need more time for each other and less paperwork.")
ARABIC = "ناقش الفريق خلال الاجتماع كيف يختبر السكان الدعم الذي يتلقونه. واتفق الجميع على أننا بحاجة إلى مزيد من الوقت."
DUTCH_ACCENTS = "Cliënten en hun naasten vinden één café in de wijk belangrijk; reünie, coördinatie en ruïne."

# Settings overrides under which the expectations hold (also written as YAML for the flow test).
FAULT_SETTINGS = {"max_file_mb": 5, "max_unpacked_mb": 20, "max_rows": 1000}
BOMB_MB = 30
BIG_MB = 50


@dataclass(frozen=True)
class Expect:
    status: str  # analysed | skipped
    reason: str = ""  # a fragment of the Dutch reason ('' = no reason needed)


def build_fault_corpus(root: Path, *, big: bool = True) -> dict[str, Expect]:
    """Write the fault corpus under root/corpus; returns {source: Expect}."""
    corpus, outside = root / "corpus", root / "buiten"
    corpus.mkdir(parents=True)
    outside.mkdir()
    (outside / "geheim.txt").write_text(DUTCH_2 + " Buiten de map.", encoding="utf-8")
    expected: dict[str, Expect] = {}
    for writer in (_text_files, _encodings, _office_files, _pdf_files, _tables, _links_and_oddities, _renamed_files):
        expected.update(writer(corpus, outside))
    if big:
        with open(corpus / "groot.txt", "wb") as handle:
            chunk = (DUTCH + "\n").encode("utf-8") * 2000
            for _ in range(BIG_MB * 1024 * 1024 // len(chunk) + 1):
                handle.write(chunk)
        expected["groot.txt"] = Expect("skipped", "te groot")
    return expected


def _write(path: Path, data: bytes | str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def _text_files(corpus: Path, outside: Path) -> dict[str, Expect]:
    rng = random.Random(8)
    _write(corpus / "goed.txt", DUTCH)
    _write(corpus / "notitie.md", f"---\nbijeenkomst: Werkplaats 3\ndatum: 2024-03-14\n---\n# Verslag\n\n- {DUTCH_2}\n")
    _write(corpus / "kapotte-kop.md", "---\nbijeenkomst: [niet gesloten\n---\nTekst over het wijkteam.\n")
    _write(corpus / "leeg.txt", b"")
    _write(corpus / "spaties.txt", "  \n\t\n   \r\n")
    _write(corpus / "binair.txt", bytes(rng.randrange(256) for _ in range(4000)) + b"\x00\x00")
    _write(corpus / "binair-zonder-nul.txt", bytes(rng.randrange(1, 256) for _ in range(4000)))
    _write(corpus / "binair.csv", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2000)))
    _write(corpus / "lange-regel.txt", (DUTCH + " ") * 1200)  # one line of ~300,000 characters
    _write(corpus / "lange-regel-zonder-spaties.txt", "a" * 150_000 + "\n" + DUTCH_2 + " Na een heel lang woord.")
    _write(corpus / "engels.txt", ENGLISH)
    _write(corpus / "arabisch.txt", ARABIC)
    _write(corpus / "kopie" / "goed.txt", DUTCH)
    return {
        "goed.txt": Expect("analysed"), "notitie.md": Expect("analysed"),
        "kapotte-kop.md": Expect("skipped", "YAML-kop"), "leeg.txt": Expect("skipped", "leeg"),
        "spaties.txt": Expect("skipped", "leeg"), "binair.txt": Expect("skipped", "binair"),
        "binair-zonder-nul.txt": Expect("skipped", "binair"), "binair.csv": Expect("skipped"),
        "lange-regel.txt": Expect("analysed", "delen"), "lange-regel-zonder-spaties.txt": Expect("analysed", "extreem lange"),
        "engels.txt": Expect("skipped", "taal: Engels (niet Nederlands)"),
        "arabisch.txt": Expect("skipped", "taal: Arabisch (niet Nederlands)"),
        "kopie/goed.txt": Expect("skipped", "dubbel"),
    }


def _encodings(corpus: Path, outside: Path) -> dict[str, Expect]:
    _write(corpus / "cp1252.txt", DUTCH_ACCENTS + " Prijs: €5 – “goed”.", "cp1252")
    _write(corpus / "latin1.txt", DUTCH_ACCENTS + " Latijn-1.", "latin-1")
    _write(corpus / "utf16.txt", DUTCH_ACCENTS + " UTF-16 met BOM.", "utf-16")
    _write(corpus / "utf16-zonder-bom.txt", DUTCH_ACCENTS + " UTF-16 zonder BOM.", "utf-16-le")
    _write(corpus / "utf8-bom.txt", "\ufeff" + DUTCH_ACCENTS + " UTF-8 met BOM.")
    _write(corpus / "gemengd.txt", (DUTCH_ACCENTS + "\n").encode("utf-8") + "Plakte uit Word: één café.\n".encode("cp1252"))
    _write(corpus / "crlf-en-nul.txt", (DUTCH_2 + "\r\n\r\nTweede alinea\x00 met een NUL.\r\n").encode("utf-8"))
    return {name: Expect("analysed") for name in (
        "cp1252.txt", "latin1.txt", "utf16.txt", "utf16-zonder-bom.txt", "utf8-bom.txt", "gemengd.txt")} | {
        "crlf-en-nul.txt": Expect("analysed")}


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _office_files(corpus: Path, outside: Path) -> dict[str, Expect]:
    good = docx_bytes(DUTCH, DUTCH_2)
    _write(corpus / "verslag.docx", good)
    _write(corpus / "afgebroken.docx", good[: len(good) // 2])
    _write(corpus / "leeg-verslag.docx", docx_bytes())
    _write(corpus / "~$verslag.docx", b"\x05Gebruiker" + b"\x00" * 150)
    _write(corpus / "oud-formaat.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    _write(corpus / "zip-bom.docx", _zip_bomb())
    _write(corpus / "vreemd-type.docx", _docx_without_content_types(docx_bytes(DUTCH_2, "Zonder inhoudstypen.")))
    return {
        "verslag.docx": Expect("analysed"), "afgebroken.docx": Expect("skipped", "beschadigd"),
        "leeg-verslag.docx": Expect("skipped", "leeg"), "~$verslag.docx": Expect("skipped", "tijdelijk bestand"),
        "oud-formaat.docx": Expect("skipped", "oude Office-formaat"), "zip-bom.docx": Expect("skipped", "zip-bom"),
        "vreemd-type.docx": Expect("analysed"),
    }


def _zip_bomb() -> bytes:
    """A 'docx' of a few tens of kilobytes that unpacks to BOMB_MB megabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            block = b" " * (1024 * 1024)
            for _ in range(BOMB_MB):
                member.write(block)
    return buffer.getvalue()


def _docx_without_content_types(good: bytes) -> bytes:
    """A docx python-docx refuses (no [Content_Types].xml) but whose text is intact."""
    source, buffer = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            if info.filename != "[Content_Types].xml":
                archive.writestr(info.filename, source.read(info.filename))
    return buffer.getvalue()


def pdf_bytes(*lines: str, encrypt: str | None = None, image_only: bool = False) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt=encrypt)
    if image_only:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (400, 100), "white")
        ImageDraw.Draw(image).text((10, 40), "Gescande notitie", fill="black")
        page.drawImage(ImageReader(image), 50, 600, width=400, height=100)
    for i, line in enumerate(lines):
        page.drawString(50, 780 - 16 * i, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _pdf_files(corpus: Path, outside: Path) -> dict[str, Expect]:
    sentences = [s.strip() + "." for s in (DUTCH + " " + DUTCH_2).split(".") if s.strip()]
    good = pdf_bytes(*sentences)
    _write(corpus / "verslag.pdf", good)
    _write(corpus / "afgebroken.pdf", good[: len(good) // 3])
    _write(corpus / "rommel.pdf", b"%PDF-1.4\n" + bytes(random.Random(3).randrange(256) for _ in range(3000)))
    _write(corpus / "wachtwoord.pdf", pdf_bytes(*sentences, encrypt="pw"))
    _write(corpus / "scan.pdf", pdf_bytes(image_only=True))
    return {
        "verslag.pdf": Expect("analysed"), "afgebroken.pdf": Expect("skipped", "pdf"),
        "rommel.pdf": Expect("skipped", "pdf"), "wachtwoord.pdf": Expect("skipped", "wachtwoord"),
        "scan.pdf": Expect("skipped", "geen tekst"),
    }


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _tables(corpus: Path, outside: Path) -> dict[str, Expect]:
    answers = ["Meer tijd voor elkaar", "Minder regels, meer vertrouwen", "Samen leren in de wijk",
               "Eén aanspreekpunt voor bewoners", "De huisarts vaker betrekken"]
    _write(corpus / "puntkomma.csv", "respondent;antwoord\n" + "".join(f"{i};{a}\n" for i, a in enumerate(answers)),
           "cp1252")
    _write(corpus / "komma-in-antwoord.csv", "respondent,antwoord,rol\n" + "".join(
        f"{i},{a},bewoner\n" for i, a in enumerate(answers)))
    _write(corpus / "kapotte-aanhalingstekens.csv", 'respondent,antwoord\n1,"Meer tijd voor elkaar\n2,Goed\n3,Samen leren\n')
    _write(corpus / "alleen-kop.csv", "respondent;antwoord\n")
    # Mentimeter across the switch to summer time: offsets +01:00 and +02:00 in one column, 3 s apart
    _write(corpus / "zomertijd.csv", "Voter ID;Time;antwoord\n"
           f"mentivoter-0001;2025-03-30T01:59:58+01:00;{answers[0]}\n"
           f"mentivoter-0001;2025-03-30T03:00:01+02:00;{answers[0]}\n"
           f"mentivoter-0002;2025-03-30T03:00:02+02:00;{answers[1]}\n")
    _write(corpus / "te-veel-rijen.csv", "antwoord\n" + "Meer tijd voor elkaar\n" * 1500)
    _write(corpus / "bladen.xlsx", xlsx_bytes({
        "Toelichting": [["Deze werkmap bevat de antwoorden van twee rondes."]],
        "Ronde 1": [["Enquête wijkteams 2024"], [], ["respondent", "antwoord", "gemeente"],
                    *[[f"r{i}", a, "Dordrecht"] for i, a in enumerate(answers)]],
        "Ronde 2": [["antwoord"], *[[a] for a in answers[:3]]],
    }))
    _write(corpus / "geen-antwoordkolom.xlsx", xlsx_bytes({"Blad1": [["naam", "score"], ["a", 3], ["b", 4]]}))
    _write(corpus / "half-leeg.xlsx", xlsx_bytes({"Blad1": [["antwoord", None, "rol"], [None], ["Meer tijd", None, None],
                                                             [None, None, "bewoner"], ["Samen leren in de wijk"]]}))
    # Excel's 'Tekst (tab als scheidingsteken)' saved as .txt: a table, not one note
    _write(corpus / "mentimeter.txt", "respondent\tantwoord\n" + "".join(f"{i}\t{a}\n" for i, a in enumerate(answers)))
    _write(corpus / "tabs-in-notitie.txt", f"Afspraken\n\twie\twat\n{DUTCH}\n\tMarieke\tverslag\n")
    good = xlsx_bytes({"Blad1": [["antwoord"], *[[a] for a in answers]]})
    _write(corpus / "afgebroken.xlsx", good[: len(good) // 2])
    return {
        "puntkomma.csv": Expect("analysed"), "komma-in-antwoord.csv": Expect("analysed", "hersteld"),
        "kapotte-aanhalingstekens.csv": Expect("analysed", "aanhalingsteken"), "alleen-kop.csv": Expect("skipped", "geen antwoorden"),
        "zomertijd.csv": Expect("analysed", "rij 2 (= rij 1, 3 s later)"),
        "te-veel-rijen.csv": Expect("skipped", "ingest.max_rows"), "bladen.xlsx": Expect(
            "analysed", "blad 'Toelichting' heeft geen antwoordkolom en is niet gelezen; de antwoorden komen uit de "
                        "bladen 'Ronde 1', 'Ronde 2'"),
        "geen-antwoordkolom.xlsx": Expect("skipped", "geen antwoordkolom"), "half-leeg.xlsx": Expect("analysed"),
        "afgebroken.xlsx": Expect("skipped", "beschadigd"),
        "mentimeter.txt": Expect("analysed", "gelezen als tabel (tab als scheidingsteken)"),
        "tabs-in-notitie.txt": Expect("analysed"),
    }


def _renamed_files(corpus: Path, outside: Path) -> dict[str, Expect]:
    """Files whose extension lies, or that hold other files: the reason says what to do."""
    _write(corpus / "verslag-eigenlijk-pdf.docx", pdf_bytes(DUTCH_2))
    _write(corpus / "export-eigenlijk-xlsx.csv", xlsx_bytes({"Blad1": [["antwoord"], ["Meer tijd voor elkaar"]]}))
    _write(corpus / "tabel-eigenlijk-docx.xlsx", docx_bytes(DUTCH_2))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notitie-collega.txt", DUTCH_2)
    _write(corpus / "notities-van-collega.zip", buffer.getvalue())
    return {"verslag-eigenlijk-pdf.docx": Expect("skipped", "is eigenlijk een pdf: hernoem het naar .pdf"),
            "export-eigenlijk-xlsx.csv": Expect("skipped", "is eigenlijk een Excel-bestand: hernoem het naar .xlsx"),
            "tabel-eigenlijk-docx.xlsx": Expect("skipped", "is eigenlijk een Word-bestand: hernoem het naar .docx"),
            "notities-van-collega.zip": Expect("skipped", "een zip-bestand: pak het uit in de map")}


def _links_and_oddities(corpus: Path, outside: Path) -> dict[str, Expect]:
    expected = {
        "foto.jpg": Expect("skipped", "niet ondersteund"), "LEESMIJ": Expect("skipped", "geef het de extensie .txt"),
        ".verborgen.txt": Expect("skipped", "verborgen"),
    }
    _write(corpus / "foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    _write(corpus / "LEESMIJ", DUTCH)
    _write(corpus / ".verborgen.txt", DUTCH)
    os.symlink(outside / "geheim.txt", corpus / "naar-buiten.txt")
    os.symlink(corpus / "bestaat-niet.txt", corpus / "kapotte-link.txt")
    os.symlink(outside, corpus / "map-naar-buiten")
    os.symlink(corpus / "goed.txt", corpus / "link-naar-binnen.txt")
    expected |= {"naar-buiten.txt": Expect("skipped", "buiten de corpusmap"),
                 "kapotte-link.txt": Expect("skipped", "niet bestaat"),
                 "map-naar-buiten": Expect("skipped", "map"),
                 "link-naar-binnen.txt": Expect("skipped", "dubbel")}
    os.mkfifo(corpus / "pijp.txt")
    expected["pijp.txt"] = Expect("skipped", "geen gewoon bestand")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9-notitie.txt"), "wb") as handle:
        handle.write(DUTCH_2.encode("utf-8") + b" Rare bestandsnaam.")
    expected["café-notitie.txt"] = Expect("analysed")
    if os.geteuid() != 0:  # root reads everything
        _write(corpus / "geen-rechten.txt", DUTCH)
        os.chmod(corpus / "geen-rechten.txt", 0)
        expected["geen-rechten.txt"] = Expect("skipped", "geen leesrechten")
        _write(corpus / "dichte-map" / "notitie.txt", DUTCH)
        os.chmod(corpus / "dichte-map", 0)
        expected["dichte-map"] = Expect("skipped", "map kan niet worden gelezen")
    return expected
