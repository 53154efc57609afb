"""REFI-QDA export: the coded segments as a project (.qdpx) and the framework as a codebook (.qdc).

A .qdpx is a zip with `project.qde` (XML, namespace urn:QDA-XML:project:1.0) and the plain-text
sources in `sources/`; ATLAS.ti, MAXQDA, NVivo and QualCoder import it. Sources are the
pseudonymised document texts of the run, and every assigned theme becomes a coding of a
PlainTextSelection whose character offsets (zero-based, end exclusive) select exactly the segment
text. GUIDs are uuid5 of stable ids and the timestamp is passed in, so the same run gives the same file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
ORIGIN = "ontmoeting"
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/ontmoeting/refi-qda")
PALETTE = ["#1D4E89", "#2A7AB0", "#3AA0C8", "#4D7C0F", "#7FA82E", "#C2571A", "#E07B39", "#B8336A",
           "#7B3FA0", "#5C6BC0", "#8D6E63", "#00897B", "#F9A825", "#6D4C41", "#546E7A", "#AD1457"]
VARIABLES = {"bijeenkomst": "bijeenkomst", "datum": "datum", "gemeente": "gemeente", "rol": "rol",
             "kind": "soort", "vraag": "vraag"}
_XML_ILLEGAL = dict.fromkeys([c for c in range(32) if c not in (9, 10, 13)], " ")


def guid(*parts: object) -> str:
    """A deterministic GUID for an object of the project ('code', 'L1'), ('source', doc_id), ..."""
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(str(p) for p in parts)))


def xml_text(value: object) -> str:
    """Text safe for an XML 1.0 attribute or element (control characters become spaces)."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).translate(_XML_ILLEGAL)


def timestamp(created: dt.datetime) -> str:
    return created.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S")


def locate_segments(documents: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """seg_id, doc_id, start, end: exact offsets of each (stripped) segment text in its document text.

    Segment offsets may include surrounding whitespace; they are tightened here and checked, and a
    segment whose text is not found at its place (or anywhere in the document) is left out.
    """
    texts = documents.set_index("doc_id")["text"].to_dict()
    rows = []
    for seg in segments.itertuples(index=False):
        text, piece = texts.get(seg.doc_id), str(seg.text)
        if text is None or not piece:
            continue
        start = int(seg.start) + len(text[int(seg.start):int(seg.end)]) - len(text[int(seg.start):int(seg.end)].lstrip())
        if text[start:start + len(piece)] != piece:
            start = text.find(piece, max(0, int(seg.start) - len(piece)))
            start = text.find(piece) if start < 0 else start
        if start >= 0:
            rows.append({"seg_id": seg.seg_id, "doc_id": seg.doc_id, "start": start, "end": start + len(piece)})
    return pd.DataFrame(rows, columns=["seg_id", "doc_id", "start", "end"])


def code_elements(parent: ET.Element, framework) -> None:
    """<Codes> with one codable <Code> per theme (guid, 'id label', colour, description)."""
    codes = ET.SubElement(parent, "Codes")
    for i, theme in enumerate(framework.themes):
        code = ET.SubElement(codes, "Code", guid=guid("code", theme.id), name=xml_text(f"{theme.id} {theme.label}"),
                             isCodable="true", color=PALETTE[i % len(PALETTE)])
        ET.SubElement(code, "Description").text = xml_text(f"{theme.kind}: {theme.description}".strip(": "))


def kind_sets(parent: ET.Element, framework, *, member_attribute: str) -> None:
    """<Sets> grouping the codes per kind (lessen, principes); ATLAS.ti shows them as code groups."""
    kinds = list(dict.fromkeys(theme.kind for theme in framework.themes))
    sets = ET.SubElement(parent, "Sets")
    for kind in kinds:
        group = ET.SubElement(sets, "Set", guid=guid("set", kind), name=xml_text(kind))
        for theme in framework.themes:
            if theme.kind == kind:
                ET.SubElement(group, "MemberCode", {member_attribute: guid("code", theme.id)})


def codebook_xml(framework) -> ET.Element:
    """The framework as a REFI-QDA codebook (.qdc root element)."""
    root = ET.Element("CodeBook", {"xmlns": NS_CODEBOOK, "origin": ORIGIN})
    code_elements(root, framework)
    kind_sets(root, framework, member_attribute="guid")
    return root


def source_names(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> a unique, readable source name: the file, with the row for table answers."""
    names = {}
    for doc in documents.itertuples(index=False):
        row = getattr(doc, "row", None)
        name = str(doc.source) if row is None or pd.isna(row) else f"{doc.source} rij {int(row)}"
        names[doc.doc_id] = name if name not in names.values() else f"{name} ({doc.doc_id})"
    return names


def project_xml(*, name: str, framework, documents: pd.DataFrame, located: pd.DataFrame,
                codings: pd.DataFrame, created: dt.datetime) -> ET.Element:
    """The project.qde root: Users, CodeBook, Variables, Sources (with selections and codings), Sets."""
    when, user = timestamp(created), guid("user", ORIGIN)
    root = ET.Element("Project", {
        "xmlns": NS_PROJECT, "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": f"{NS_PROJECT} {SCHEMA_LOCATION}", "name": xml_text(name), "origin": ORIGIN,
        "creatingUserGUID": user, "creationDateTime": when})
    users = ET.SubElement(root, "Users")
    ET.SubElement(users, "User", guid=user, name="ontmoeting (automatische codering)")
    code_elements(ET.SubElement(root, "CodeBook"), framework)
    variables = [c for c in VARIABLES if c in documents and documents[c].notna().any()]
    if variables:
        block = ET.SubElement(root, "Variables")
        for column in variables:
            ET.SubElement(block, "Variable", guid=guid("variable", column), name=VARIABLES[column],
                          typeOfVariable="Text")
    sources = ET.SubElement(root, "Sources")
    by_doc = located.merge(codings, on="seg_id").groupby("doc_id")
    groups = {doc_id: group for doc_id, group in by_doc}
    names = source_names(documents)
    for doc in documents.itertuples(index=False):
        source = ET.SubElement(sources, "TextSource", guid=guid("source", doc.doc_id), name=xml_text(names[doc.doc_id]),
                               plainTextPath=f"internal://{guid('source', doc.doc_id)}.txt",
                               creatingUser=user, creationDateTime=when)
        if doc.doc_id in groups:
            selection_elements(source, groups[doc.doc_id], user=user, when=when)
        for column in variables:
            value = getattr(doc, column)
            if value is not None and not pd.isna(value):
                item = ET.SubElement(source, "VariableValue")
                ET.SubElement(item, "VariableRef", targetGUID=guid("variable", column))
                ET.SubElement(item, "TextValue").text = xml_text(value)
    kind_sets(root, framework, member_attribute="targetGUID")
    ET.SubElement(root, "Description").text = f"Thema's uit het kader {framework.name} (versie {framework.version}), " \
                                                "automatisch toegekend door ontmoeting; controleer de codering."
    return root


def selection_elements(source: ET.Element, rows: pd.DataFrame, *, user: str, when: str) -> None:
    """One PlainTextSelection per segment, with a Coding per assigned theme (best score first)."""
    ordered = rows.sort_values(["start", "seg_id", "score"], ascending=[True, True, False])
    # Rows of one segment share its start, so they are adjacent: itertools.groupby instead of pandas per group.
    for seg_id, records in itertools.groupby(ordered.itertuples(index=False), key=operator.attrgetter("seg_id")):
        group = list(records)
        selection = ET.SubElement(source, "PlainTextSelection", guid=guid("selection", seg_id),
                                  name=xml_text(seg_id), startPosition=str(int(group[0].start)),
                                  endPosition=str(int(group[0].end)), creatingUser=user, creationDateTime=when)
        ET.SubElement(selection, "Description").text = xml_text("; ".join(
            f"{r.theme_id} score {r.score:.2f}" + (f" ({r.evidence})" if r.evidence else "")
            for r in group))
        for r in group:
            coding = ET.SubElement(selection, "Coding", guid=guid("coding", seg_id, r.theme_id), creatingUser=user,
                                   creationDateTime=when)
            ET.SubElement(coding, "CodeRef", targetGUID=guid("code", r.theme_id))


def xml_bytes(root: ET.Element) -> bytes:
    """Indented UTF-8 XML with a plain declaration (some QDA programs are strict about it)."""
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8")


def write_zip(path: Path, files: dict[str, bytes], *, created: dt.datetime) -> Path:
    """A zip with fixed entry order and timestamps, so equal input gives an equal file."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files, key=lambda n: (n != "project.qde", n)):
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, files[name])
    return path


def write_qdpx(path: Path, *, name: str, framework, documents: pd.DataFrame, segments: pd.DataFrame,
               themes: pd.DataFrame, created: dt.datetime) -> Path:
    """Write the REFI-QDA project: pseudonymised sources, the codebook and the assigned themes as codings."""
    located = locate_segments(documents, segments)
    known = {t.id for t in framework.themes}
    codings = themes.loc[themes["assigned"].astype(bool) & themes["theme_id"].isin(known),
                         ["seg_id", "theme_id", "score", "evidence"]].fillna({"evidence": ""})
    root = project_xml(name=name, framework=framework, documents=documents, located=located, codings=codings,
                       created=created)
    files = {"project.qde": xml_bytes(root)}
    for doc in documents.itertuples(index=False):
        files[f"sources/{guid('source', doc.doc_id)}.txt"] = str(doc.text).encode("utf-8")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_zip(Path(path), files, created=created)


def write_qdc(path: Path, framework) -> Path:
    """Write the framework alone as a REFI-QDA codebook (.qdc)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(xml_bytes(codebook_xml(framework)))
    return Path(path)
