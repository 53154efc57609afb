"""Headings and blank lines end a segment, in real files of every text format; wrapped lines do not."""

from __future__ import annotations

import io

import pytest

from pipeline.ingest import ingest_corpus
from pipeline.nlp import annotate_documents
from pipeline.readers.office import join_pages, read_pdf
from pipeline.readers.text import strip_markdown

INTERVISION_MD = """---
bijeenkomst: Intervisie wijkteam Noord
---

# Intervisie wijkteam Noord, 23-5

Casusinbreng: ikzelf, met een achtergrond in het maatschappelijk werk.

## Wat ik meeneem

Ik had het gevoel dat ik de regels een beetje moest buigen om te doen wat nodig was.

**Wat ik meeneem naar onze afdeling**
- Eén keer per kwartaal aanschuiven bij het casusoverleg van een wijkteam.
- Nieuwe regels eerst met een paar wijkteammedewerkers doorlopen.

**Persoonlijk**
Ik was sceptisch, want we hebben al zoveel overleggen.
"""

WRAPPED_TXT = """Werkvorm

We begonnen met een wandeling door de wijk, waarbij de wijkagent en de
huismeester van de woningcorporatie vertelden wat zij de afgelopen maanden
hadden gezien. Daarna dronken we koffie in het buurthuis.
"""


def segment_texts(dutch_nlp, settings, folder):
    result = ingest_corpus(folder, settings=settings.ingest)
    segments, _ = annotate_documents(dutch_nlp, result.documents, batch_size=8)
    return [" ".join(text.split()) for text in segments["text"]]


def test_markdown_headings_and_bold_lines_are_segments_of_their_own(dutch_nlp, settings, tmp_path):
    (tmp_path / "intervisie.md").write_text(INTERVISION_MD, encoding="utf-8")
    texts = segment_texts(dutch_nlp, settings, tmp_path)
    for title in ("Intervisie wijkteam Noord, 23-5", "Wat ik meeneem", "Wat ik meeneem naar onze afdeling",
                  "Persoonlijk"):
        assert title in texts, texts
    assert "Ik was sceptisch, want we hebben al zoveel overleggen." in texts
    assert not any(t.startswith(("Wat ik meeneem Ik", "Persoonlijk Ik")) for t in texts)


def test_a_txt_title_above_a_blank_line_ends_but_wrapped_lines_stay_joined(dutch_nlp, settings, tmp_path):
    (tmp_path / "wandeling.txt").write_text(WRAPPED_TXT, encoding="utf-8")
    assert segment_texts(dutch_nlp, settings, tmp_path) == [
        "Werkvorm",
        "We begonnen met een wandeling door de wijk, waarbij de wijkagent en de huismeester van de "
        "woningcorporatie vertelden wat zij de afgelopen maanden hadden gezien.",
        "Daarna dronken we koffie in het buurthuis.",
    ]


def test_docx_headings_and_bold_paragraphs_end_their_segment(dutch_nlp, settings, tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Werkgroep professionele identiteit: verslag", level=1)
    document.add_paragraph("Daarom hebben we de vraag ingebracht: hoe word je één team als iedereen ergens "
                           "anders thuishoort?")
    document.add_heading("Werkvorm", level=2)
    document.add_paragraph().add_run("Wat ik ervan leer").bold = True
    document.add_paragraph("Wat me het meest is bijgebleven, is een manager die eerlijk zei dat zij het "
                           "eindplaatje ook niet kent.")
    document.save(tmp_path / "verslag.docx")
    texts = segment_texts(dutch_nlp, settings, tmp_path)
    assert texts == ["Werkgroep professionele identiteit: verslag",
                     "Daarom hebben we de vraag ingebracht: hoe word je één team als iedereen ergens anders "
                     "thuishoort?",
                     "Werkvorm", "Wat ik ervan leer",
                     "Wat me het meest is bijgebleven, is een manager die eerlijk zei dat zij het eindplaatje "
                     "ook niet kent."]


def test_a_pdf_sentence_runs_on_across_a_page_break(tmp_path):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pages = canvas.Canvas(buffer)
    for line in ("De huisarts zag haar vier keer in twee maanden met klachten waar", "hij weinig mee kon."):
        pages.drawString(50, 780, line)
        pages.showPage()
    pages.save()
    (tmp_path / "verslag.pdf").write_bytes(buffer.getvalue())
    (record,) = read_pdf(tmp_path / "verslag.pdf")
    assert record.text == "De huisarts zag haar vier keer in twee maanden met klachten waar\nhij weinig mee kon."


def test_a_pdf_heading_is_no_part_of_the_first_sentence_under_it(tmp_path):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for y, line in ((780, "Terugblik bijeenkomst wijkteam West"),
                    (760, "Op 20 mei spraken we met de huisarts en de wijkverpleegkundige over de"),
                    (745, "samenwerking met mevrouw Jansen en haar dochter. Het was een goed gesprek.")):
        page.drawString(50, y, line)
    page.save()
    (tmp_path / "terugblik.pdf").write_bytes(buffer.getvalue())
    (record,) = read_pdf(tmp_path / "terugblik.pdf")
    # the heading gets a paragraph of its own; the wrapped sentence runs on across its line break
    assert record.text == ("Terugblik bijeenkomst wijkteam West\n\nOp 20 mei spraken we met de huisarts en de "
                           "wijkverpleegkundige over de\nsamenwerking met mevrouw Jansen en haar dochter. Het was een "
                           "goed gesprek.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Verslag leerkring\nOp 12 maart kwamen acht professionals bij elkaar in het wijkcentrum.",
     "Verslag leerkring\n\nOp 12 maart kwamen acht professionals bij elkaar in het wijkcentrum."),
    # a wrapped line fills the width: never a heading, even before a capital (a name)
    ("We spraken over de samenwerking met de huisarts en met mevrouw\nJansen uit de Bloemenbuurt.",
     "We spraken over de samenwerking met de huisarts en met mevrouw\nJansen uit de Bloemenbuurt."),
    # a line that ends a sentence, a list item, or a line before lower case stays as it is
    ("Dat was het.\nDaarna volgde de lunch met alle deelnemers in de kantine.",
     "Dat was het.\nDaarna volgde de lunch met alle deelnemers in de kantine."),
    ("Actiepunten\n- bellen met de huisarts over de casus van de familie", "Actiepunten\n- bellen met de huisarts over de casus van de familie"),
])
def test_separate_headings(text, expected):
    from pipeline.readers.text import separate_headings

    assert separate_headings(text) == expected


def test_pages_that_end_a_sentence_are_separated_by_a_blank_line():
    assert join_pages(["Dat was de opening.", "", "  Daarna volgde de lunch.\n"]) == (
        "Dat was de opening.\n\nDaarna volgde de lunch.")


@pytest.mark.parametrize(("markdown", "expected"), [
    # the blank line before a heading or a list stays (it used to be swallowed with the markup)
    ("Aanwezig: zes collega's.\n\n## De casus\n\nMevrouw woont alleen.",
     "Aanwezig: zes collega's.\n\nDe casus\n\nMevrouw woont alleen."),
    ("Wat er gezegd werd:\n\n- POH: een opluchting.\n- Schuldhulp: te hoge drempel.",
     "Wat er gezegd werd:\n\nPOH: een opluchting.\nSchuldhulp: te hoge drempel."),
    # a heading or a bold-only line directly above text gets a blank line
    ("### Werkvorm ###\nWe begonnen met een wandeling.", "Werkvorm\n\nWe begonnen met een wandeling."),
    ("__Persoonlijk__\nIk was sceptisch.", "Persoonlijk\n\nIk was sceptisch."),
    # bold at the start of a paragraph is a lead-in, and '#hashtag' is a word: both stay in the sentence
    ("**Over woorden.** We bedoelen iets anders.\n#transformatie", "Over woorden. We bedoelen iets anders.\n"
                                                                  "#transformatie"),
    # a table: each row its cells joined by '; ' and a sentence of its own; the '|---|' line goes
    ("| Wie | Wat |\n|---|:---:|\n| teamleider | plant de intervisie |\n\nDaarna koffie.",
     "Wie; Wat\n\nteamleider; plant de intervisie\n\n\nDaarna koffie."),
    ("Een keuze tussen | en / in gewone tekst.", "Een keuze tussen | en / in gewone tekst."),
])
def test_strip_markdown_keeps_paragraphs_apart(markdown, expected):
    assert strip_markdown(markdown) == expected


def test_wrapped_lines_inside_a_paragraph_are_not_cut_when_the_parser_sees_one_sentence(dutch_nlp):
    from pipeline.sentences import sentence_spans

    doc = dutch_nlp("Schuldhulp legde uit waarom ze een compleet\noverzicht vragen van alle schulden.")
    assert len(list(sentence_spans(doc))) == 1


DOUBLE_SPACED_TXT = """Ervaringsleren: het primaat ligt bij de praktijk 

Kennisontwikkeling vertrekt vanuit concrete ervaringen, zo wordt gesteld met het principe van 

ervaringsleren. Leren is een cyclisch proces waarin actie en reflectie elkaar opvolgen. Nieuwe 

kennis wordt zodoende opgebouwd uit ervaringen, wat weer nieuwe handelingsperspectieven 

biedt. Om dit principe te hanteren is het van belang altijd concrete ervaringen en de vragen die 

daar uit voortkomen als vertrekpunt te nemen. De werkgroep heeft daarom gewerkt met casussen 

die de deelnemers zelf inbrachten, en met vragen die in hun eigen werk speelden. Zo bleef het 

gesprek dicht bij de praktijk van alledag. 
"""


def test_text_from_a_pdf_converter_with_a_blank_line_after_every_line_keeps_its_sentences(dutch_nlp, settings,
                                                                                           tmp_path):
    (tmp_path / "publicatie.txt").write_text(DOUBLE_SPACED_TXT, encoding="utf-8")
    texts = segment_texts(dutch_nlp, settings, tmp_path)
    assert "Leren is een cyclisch proces waarin actie en reflectie elkaar opvolgen." in texts
    assert ("Kennisontwikkeling vertrekt vanuit concrete ervaringen, zo wordt gesteld met het principe van "
            "ervaringsleren.") in texts
    assert not any(t.endswith(("principe van", "vragen die")) for t in texts), texts


def test_a_list_of_items_between_blank_lines_keeps_its_items_apart(dutch_nlp, settings, tmp_path):
    items = ["Vertrouwen tussen bewoners en gemeente", "Meer ruimte voor jongeren in het buurthuis",
             "Een vast gezicht in de wijk", "Minder formulieren", "Samen leren met de huisarts",
             "Tijd om elkaar te ontmoeten", "Korte lijnen met de school", "Een eigen budget voor het team"]
    (tmp_path / "wensen.txt").write_text("\n\n".join(items) + "\n", encoding="utf-8")
    assert segment_texts(dutch_nlp, settings, tmp_path) == items


def test_a_line_that_only_starts_and_ends_in_bold_is_no_title():
    assert strip_markdown("**Let op:** dit is **belangrijk**\nVolgende zin.") == \
        "Let op: dit is belangrijk\nVolgende zin."
