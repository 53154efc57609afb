"""REFI-QDA export: read the .qdpx back with zipfile + ElementTree and check it against the project schema."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest

from pipeline import qda_export
from tests.pipeline.sample_frames import run_tables

NS = {"q": qda_export.NS_PROJECT}
CB = {"c": qda_export.NS_CODEBOOK}
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CREATED = dt.datetime(2025, 3, 13, 10, 30, 0)


def local(tag: str) -> str:
    return tag.split("}", 1)[1]


@pytest.fixture
def project(tmp_path):
    tables = run_tables()
    path = qda_export.write_qdpx(tmp_path / "project.qdpx", name="Proef & co", framework=tables.framework,
                                 documents=tables.documents, segments=tables.segments, themes=tables.themes,
                                 created=CREATED)
    archive = zipfile.ZipFile(path)
    root = ET.fromstring(archive.read("project.qde"))
    yield tables, archive, root, path
    archive.close()


def test_root_is_a_project_with_name_origin_and_time(project):
    _, archive, root, _ = project
    assert root.tag == f"{{{qda_export.NS_PROJECT}}}Project"
    assert root.get("name") == "Proef & co" and root.get("origin") == "ontmoeting"
    assert root.get("creationDateTime") == "2025-03-13T10:30:00"
    assert archive.read("project.qde").startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    # children in the order of the schema's sequence
    order = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs", "Description"]
    children = [local(child.tag) for child in root]
    assert children == sorted(children, key=order.index) and {"CodeBook", "Sources"} <= set(children)


# Child elements per element type in the order of the REFI-QDA project schema (xsd:sequence), for the
# elements this export writes; an element may be left out, but not come in another order.
SEQUENCES = {
    "Project": ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                "Description", "NoteRef"],
    "Users": ["User"], "CodeBook": ["Codes"], "Codes": ["Code"], "Code": ["Description", "NoteRef", "Code"],
    "Variables": ["Variable"], "Variable": ["Description"], "Sources": ["TextSource"],
    "TextSource": ["Description", "PlainTextContent", "PlainTextSelection", "Coding", "NoteRef", "VariableValue"],
    "PlainTextSelection": ["Description", "Coding", "NoteRef"], "Coding": ["CodeRef", "NoteRef"],
    "VariableValue": ["VariableRef", "TextValue"], "Sets": ["Set"],
    "Set": ["Description", "MemberCode", "MemberSource", "MemberNote"],
}
REQUIRED = {"Project": ["name"], "User": ["guid"], "Code": ["guid", "name", "isCodable"],
            "Variable": ["guid", "name", "typeOfVariable"], "TextSource": ["guid"],
            "PlainTextSelection": ["guid", "startPosition", "endPosition"], "Coding": ["guid"],
            "CodeRef": ["targetGUID"], "VariableRef": ["targetGUID"], "Set": ["guid", "name"],
            "MemberCode": ["targetGUID"]}


def test_elements_follow_the_schema_sequences(project):
    _, _, root, _ = project
    for element in root.iter():
        name = local(element.tag)
        assert element.tag.startswith(f"{{{qda_export.NS_PROJECT}}}"), element.tag
        children = [local(child.tag) for child in element]
        if name in SEQUENCES:
            allowed = SEQUENCES[name]
            assert set(children) <= set(allowed), (name, children)
            assert children == sorted(children, key=allowed.index), (name, children)
        else:
            assert not children, (name, children)
        for attribute in REQUIRED.get(name, []):
            assert element.get(attribute), (name, attribute)


def test_codebook_has_the_twelve_themes(project):
    tables, _, root, _ = project
    codes = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [c.get("name").split(" ", 1)[0] for c in codes] == [t.id for t in tables.framework.themes]
    for code in codes:
        assert GUID.match(code.get("guid")) and code.get("isCodable") == "true"
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", code.get("color"))
        assert code.find("q:Description", NS).text
    assert len({c.get("guid") for c in codes}) == 12
    members = root.findall("q:Sets/q:Set/q:MemberCode", NS)
    assert {m.get("targetGUID") for m in members} == {c.get("guid") for c in codes}


def test_sources_point_to_pseudonymised_texts_in_the_zip(project):
    tables, archive, root, _ = project
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(tables.documents)
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    for source in sources:
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        text = archive.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
        assert text in texts.values()
    assert "[PERSOON-1]" in "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".txt"))
    assert {s.get("name") for s in sources} >= {"notitie-1.md", "notitie-3.docx"}


def test_selections_select_exactly_the_segment_text(project):
    tables, archive, root, _ = project
    segment_text = dict(zip(tables.segments["seg_id"], tables.segments["text"]))
    selections = 0
    for source in root.findall("q:Sources/q:TextSource", NS):
        text = archive.read("sources/" + source.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
        for selection in source.findall("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert 0 <= start < end <= len(text)
            assert text[start:end] == segment_text[selection.get("name")]
            selections += 1
    # every segment with an assigned theme is a selection, including 'c3-0000' whose offsets start at spaces
    assigned = tables.themes[tables.themes["assigned"]]
    assert selections == assigned["seg_id"].nunique()


def test_codings_reference_existing_codes(project):
    tables, _, root, _ = project
    code_guids = {c.get("guid"): c.get("name") for c in root.iter(f"{{{qda_export.NS_PROJECT}}}Code")}
    codings = root.findall(".//q:PlainTextSelection/q:Coding", NS)
    assert len(codings) == int(tables.themes["assigned"].sum())
    for coding in codings:
        assert GUID.match(coding.get("guid"))
        assert coding.find("q:CodeRef", NS).get("targetGUID") in code_guids
    both = root.find(".//q:PlainTextSelection[@name='b2-0000']", NS)
    names = [code_guids[c.find("q:CodeRef", NS).get("targetGUID")] for c in both.findall("q:Coding", NS)]
    assert names == ["P1 Ervaringsleren", "L1 Ruimte voor ontmoeting"]
    assert "P1 score 0.61 (reflectie)" in both.find("q:Description", NS).text


def test_metadata_becomes_variables(project):
    _, _, root, _ = project
    variables = {v.get("guid"): v.get("name") for v in root.findall("q:Variables/q:Variable", NS)}
    assert {"bijeenkomst", "datum", "gemeente", "rol", "soort"} <= set(variables.values())
    source = root.find("q:Sources/q:TextSource[@name='notitie-2.md']", NS)
    values = {variables[v.find("q:VariableRef", NS).get("targetGUID")]: v.find("q:TextValue", NS).text
              for v in source.findall("q:VariableValue", NS)}
    assert values["bijeenkomst"] == "Leerkring" and values["gemeente"] == "Gorinchem"


def test_all_guids_are_unique_and_the_file_is_deterministic(project, tmp_path):
    tables, _, root, path = project
    guids = [e.get("guid") for e in root.iter() if e.get("guid")]
    assert len(guids) == len(set(guids)) and all(GUID.match(g) for g in guids)
    again = qda_export.write_qdpx(tmp_path / "again.qdpx", name="Proef & co", framework=tables.framework,
                                  documents=tables.documents, segments=tables.segments, themes=tables.themes,
                                  created=CREATED)
    assert again.read_bytes() == path.read_bytes()


def test_codebook_file(tmp_path):
    tables = run_tables()
    path = qda_export.write_qdc(tmp_path / "kader.qdc", tables.framework)
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{qda_export.NS_CODEBOOK}}}CodeBook" and root.get("origin") == "ontmoeting"
    codes = root.findall("c:Codes/c:Code", CB)
    assert len(codes) == 12 and all(c.get("isCodable") == "true" and GUID.match(c.get("guid")) for c in codes)
    assert {m.get("guid") for m in root.findall("c:Sets/c:Set/c:MemberCode", CB)} == {c.get("guid") for c in codes}


def test_locate_segments_tolerates_shifted_offsets():
    tables = run_tables()
    shifted = tables.segments.assign(start=tables.segments["start"] + 3, end=tables.segments["end"] + 3)
    located = qda_export.locate_segments(tables.documents, shifted)
    texts = dict(zip(tables.documents["doc_id"], tables.documents["text"]))
    for row, seg in zip(located.itertuples(), tables.segments.itertuples()):
        assert texts[row.doc_id][row.start:row.end] == seg.text
