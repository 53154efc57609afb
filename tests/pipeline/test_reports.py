"""The theme report on hand-made run tables: files, tables, escaping, drill-down and md/html agreement."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from PIL import Image

from pipeline import reports
from tests.pipeline.sample_frames import EVIL, run_tables, split_segments

MODEL = {"name": "nl_test", "version": "1.0", "kind": "blank", "note": ""}


def report_inputs(tables, **changes) -> reports.ReportInputs:
    data = reports.ReportInputs(
        corpus_name="Proef & co", documents=tables.documents, inputs=tables.inputs, segments=tables.segments,
        themes=tables.themes, framework=tables.framework, wordles=[], model=MODEL, n_top_terms=5, n_quotes=3,
        method={"threshold": 0.25, "max_themes": 2, "privacy": "pseudonimiseren"}, created="2025-01-01 12:00")
    return replace(data, **changes)


@pytest.fixture
def tables():
    return run_tables()


@pytest.fixture
def written(tables, tmp_path):
    md, html = reports.write_report(report_inputs(tables), out_dir=tmp_path)
    return SimpleNamespace(dir=tmp_path, md=md.read_text(encoding="utf-8"), html=html.read_text(encoding="utf-8"),
                           tables=tables)


def test_report_files_and_tables_are_written(written):
    names = {p.name for p in (written.dir / "tables").iterdir()}
    for name in ("corpus", "bijeenkomsten", "overgeslagen", "thema-verdeling", "citaten", "samenhang-fragmenten",
                 "samenhang-documenten", "samenhang-paren", "per-bijeenkomst", "per-gemeente", "per-rol", "verloop"):
        assert f"{name}.csv" in names, name
    assert (written.dir / "figuren" / "thema-grafiek.svg").is_file()
    assert (written.dir / "report.md").is_file() and (written.dir / "report.html").is_file()


def test_theme_table_counts_assigned_segments(written):
    table = pd.read_csv(written.dir / "tables" / "thema-verdeling.csv").set_index("theme_id")
    assert len(table) == 12
    themes = written.tables.themes
    expected = themes[themes["assigned"]].groupby("theme_id").size()
    for theme_id, count in expected.items():
        assert table.loc[theme_id, "fragmenten"] == count
    assert table.loc["L1", "documenten"] == 5 and table.loc["P3", "documenten"] == 1
    assert table["aandeel_fragmenten"].max() == pytest.approx(6 / 10)


def test_crosstab_rows_add_up_to_all_segments(written):
    for name in ("per-bijeenkomst", "per-gemeente", "per-rol"):
        table = pd.read_csv(written.dir / "tables" / f"{name}.csv", keep_default_na=False)
        assert table["fragmenten"].sum() == len(written.tables.segments), name
    meetings = pd.read_csv(written.dir / "tables" / "per-bijeenkomst.csv")
    assert meetings["datum"].tolist() == sorted(meetings["datum"])  # in time order
    gemeente = pd.read_csv(written.dir / "tables" / "per-gemeente.csv", keep_default_na=False)
    assert gemeente["gemeente"].tolist()[-1] == "(onbekend)"  # answers without gemeente, listed last


def test_cooccurrence_counts_segments_and_documents(written):
    pairs = pd.read_csv(written.dir / "tables" / "samenhang-paren.csv").set_index(["thema_a", "thema_b"])
    # L1+P1 share two segments (b2-0000, e5-0000) and two documents; L1+P3 one segment (c3-0001)
    assert pairs.loc[("L1", "P1"), "fragmenten"] == 2 and pairs.loc[("L1", "P1"), "documenten"] == 2
    assert pairs.loc[("L1", "P3"), "fragmenten"] == 1
    matrix = pd.read_csv(written.dir / "tables" / "samenhang-fragmenten.csv", index_col=0)
    assert matrix.loc["L1", "P1"] == matrix.loc["P1", "L1"] == 2
    assert matrix.loc["L1", "L1"] == 6


def test_note_text_is_escaped_in_html_and_markdown(written):
    assert EVIL in written.tables.documents["text"].iloc[1]
    assert "<script>alert" not in written.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in written.html
    assert "Proef &amp; co" in written.html
    assert "<script>" not in written.md and r"\<script\>alert(1)\</script\>" in written.md
    # the one script in the page is ours (opening drill-down groups), inline
    assert written.html.count("<script") == 1 and "<script src" not in written.html


def test_html_is_self_contained_and_printable(tables, tmp_path):
    png = tmp_path / "wordles" / "alles" / "wordle.png"
    png.parent.mkdir(parents=True)
    Image.new("RGB", (2000, 1000), "white").save(png)
    wordle = SimpleNamespace(name="alles", png=png, svg=None, counts_csv=None, top_terms=[("samen", 3), ("leren", 2)],
                             alt_text=f"Wordle met de woorden samen en leren {EVIL}")
    _, html_path = reports.write_report(report_inputs(tables, wordles=[wordle]), out_dir=tmp_path)
    html = html_path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "external resource"
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert 'src="data:image/png;base64,' in html
    assert 'alt="Wordle met de woorden samen en leren &lt;script&gt;' in html
    assert "@page" in html and "@media print" in html and "size: A4" in html
    assert '<svg id="thema-grafiek"' in html


def test_every_drill_down_link_has_a_target(written):
    targets = set(re.findall(r'id="([^"]+)"', written.html))
    links = set(re.findall(r'href="#([^"]+)"', written.html))
    assert links and links <= targets, links - targets
    # a crosstab count links to exactly its quotes
    group = re.search(r'<details class="groep" id="d-thema-p3">(.*?)</details>', written.html, re.S).group(1)
    assert group.count('<blockquote class="citaat">') == 2
    assert "Inwoners denken mee over de aanpak." in group


def test_markdown_and_html_show_the_same_counts(written):
    table = pd.read_csv(written.dir / "tables" / "thema-verdeling.csv")
    for row in table.itertuples():
        share = f"{100 * row.aandeel_fragmenten:.1f}%".replace(".", ",")
        themed = f"{100 * row.aandeel_met_thema:.1f}%".replace(".", ",")
        assert re.search(rf"^\| {row.theme_id} \| .*? \| {row.fragmenten} \| {share} \| {themed} \| "
                         rf"{row.documenten} \|",
                         written.md, re.M), row.theme_id
        cell = (rf'<a href="#d-thema-{row.theme_id.lower()}"[^>]*>{row.fragmenten}</a>' if row.fragmenten
                else r'<td class="getal">0</td>')
        assert re.search(rf'href="#thema-{row.theme_id.lower()}">{row.theme_id}</a>.*?{cell}.*?{share}.*?{themed}',
                         written.html, re.S), row.theme_id


def test_quotes_show_source_and_evidence(written):
    quotes = pd.read_csv(written.dir / "tables" / "citaten.csv")
    assert set(quotes["theme"]) == {"L1", "P1", "P3"}
    assert quotes.groupby("theme").size().max() <= 3
    first = quotes[quotes["theme"] == "L1"].iloc[0]
    assert first["text"] == "Ontmoeting en verbinding" or first["score"] >= 0.6
    assert "Werkgroep wijkteams, 2024-02-15" in written.html
    assert "herkend aan: elkaar ontmoeten; tijd maken voor elkaar" in written.html


def test_sections_without_metadata_are_left_out(tables, tmp_path):
    tables.documents = tables.documents.assign(gemeente=None, rol=None, datum=None)
    md, html = reports.write_report(report_inputs(tables), out_dir=tmp_path)
    names = {p.stem for p in (tmp_path / "tables").iterdir()}
    assert "per-gemeente" not in names and "per-rol" not in names and "verloop" not in names
    assert "per-bijeenkomst" in names
    assert "Per gemeente" not in md.read_text(encoding="utf-8")
    assert 'id="verloop"' not in html.read_text(encoding="utf-8")


def test_empty_run_still_gives_a_report(tables, tmp_path):
    empty = report_inputs(tables, themes=tables.themes.assign(assigned=False))
    md, html = reports.write_report(empty, out_dir=tmp_path)
    assert "Geen fragmenten of documenten met meer dan één thema." in md.read_text(encoding="utf-8")
    assert "thema-grafiek" in html.read_text(encoding="utf-8")


def test_artifact_contents_summarise_a_run(written):
    summary, rows = reports.artifact_contents(written.dir)
    assert "**5 documenten**" in summary and "L1 Ruimte voor ontmoeting (6)" in summary
    assert len(rows) == 12 and rows[0] == {"thema": "L1", "label": "Ruimte voor ontmoeting", "soort": "les",
                                           "fragmenten": 6, "aandeel": "60,0%", "documenten": 5}


@pytest.mark.parametrize("text, expected", [
    ("nl_core_news", "nl_core_news"), ("[PERSOON-1] zei", "[PERSOON-1] zei"), ("a | b", r"a \| b"),
    ("*vet*", r"\*vet\*"), ("[klik](javascript:x)", r"\[klik](javascript:x)"), ("# kop", r"\# kop"),
    ("twee\nregels", "twee regels"),
])
def test_md_escape(text, expected):
    assert reports.md_escape(text) == expected


def test_report_reads_no_input_files(tables, tmp_path, monkeypatch):
    """Quotes come from the (pseudonymised) run tables; writing the report reads only its templates."""
    import builtins
    import io

    reads, real_open = [], builtins.open

    def spy(file, mode="r", *args, **kwargs):
        if not any(flag in mode for flag in "wax"):
            reads.append(Path(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    reports.write_report(report_inputs(tables), out_dir=tmp_path)
    assert reads and all(p.parent == reports.TEMPLATES for p in reads), reads


def test_emerging_themes_from_clusters(tables, tmp_path):
    clusters = pd.DataFrame([
        {"cluster_id": 0, "top_terms": "gezin; vertellen", "size": 1, "mapped_theme": "nieuw thema",
         "similarity": 0.1, "label": "Nieuw thema: gezin, vertellen",
         "examples": "[PERSOON-1] vertelde over het gezin."},
        {"cluster_id": 1, "top_terms": "sfeer; veilig", "size": 2, "mapped_theme": "L1", "similarity": 0.52,
         "label": "Lijkt op L1 Ruimte voor ontmoeting: sfeer, veilig",
         "examples": "De sfeer was open en veilig. | Een tekst die niet in de run staat"},
        {"cluster_id": 2, "top_terms": "week; woord", "size": 5, "mapped_theme": "overig", "similarity": 0.17,
         "cohesion": 0.12, "label": "Overig: fragmenten zonder gedeeld onderwerp", "examples": ""}])
    members = pd.DataFrame({"seg_id": ["a1-0002", "a1-0001", "c3-0000"], "cluster_id": [0, 1, 1]})
    md, html = reports.write_report(report_inputs(tables, clusters=clusters, cluster_segments=members),
                                    out_dir=tmp_path)
    html, md = html.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")
    assert '<section id="opkomend">' in html and "## Opkomende thema's" in md
    # the group's likeness to a theme is not the fragment score, which has its own threshold
    assert "lijkt op L1 Ruimte voor ontmoeting (woordovereenkomst 0,52: hoe dicht de woorden" in html
    assert "score 0,52" not in html
    assert "nieuw thema: de woorden in de naam van de groep staan bij geen van de thema's in het kader" in md
    section = html[html.index('<section id="opkomend">'):html.index('<section id="wordles">')
                   if '<section id="wordles">' in html else html.index('<section id="methode">')]
    assert "[PERSOON-1] vertelde over het gezin.”</p><footer class=\"bron\">Werkgroep wijkteams, 2024-02-15" in section
    assert 'href="#d-cluster-1"' in section and 'id="d-cluster-1"' in html
    table = pd.read_csv(tmp_path / "tables" / "opkomende-themas.csv")
    assert table["cluster_id"].tolist() == [1, 0, 2]  # largest first, the rest group last
    assert "geen samenhangende groep: de fragmenten delen weinig woorden (samenhang 0,12)" in md
    assert "Opkomende thema's zijn groepen fragmenten" in md


def test_empty_clustering_is_reported(tables, tmp_path):
    from pipeline.clustering import empty_result

    clusters, members = empty_result()
    md, _ = reports.write_report(report_inputs(tables, clusters=clusters, cluster_segments=members), out_dir=tmp_path)
    assert "te weinig fragmenten zonder thema" in md.read_text(encoding="utf-8")


def test_metadata_and_labels_are_escaped_everywhere(tables, tmp_path):
    """Meeting names end up in table cells, drill-down titles and the SVG charts (inserted unescaped by Jinja)."""
    tables.documents.loc[1, ["bijeenkomst", "gemeente", "rol", "source"]] = [EVIL, EVIL, EVIL, f"{EVIL}.md"]
    themes = list(tables.framework.themes)
    themes[0] = replace(themes[0], label=f"Ontmoeting {EVIL}")
    framework = replace(tables.framework, themes=tuple(themes))
    md, html = reports.write_report(report_inputs(tables, framework=framework), out_dir=tmp_path)
    html, md = html.read_text(encoding="utf-8"), md.read_text(encoding="utf-8")
    assert "<script>alert" not in html and html.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    svg = (tmp_path / "figuren" / "verloop-grafiek.svg").read_text(encoding="utf-8")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<script>" not in (tmp_path / "figuren" / "thema-grafiek.svg").read_text(encoding="utf-8")
    assert "<script>" not in md


def test_negation_example_in_the_method_names_the_runs_own_framework(tables, tmp_path):
    """Another framework than the default one: the example negation uses its first theme, in md and html."""
    themes = list(tables.framework.themes)
    themes[0] = replace(themes[0], label="Lichaamsfuncties")
    framework = replace(tables.framework, themes=tuple(themes))
    md, html = reports.write_report(report_inputs(tables, framework=framework), out_dir=tmp_path)
    for text in (md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")):
        method = text[text.index("Methode en beperkingen"):]
        assert "niet over lichaamsfuncties" in method.replace("&#39;", "'")
        assert "ruimte voor ontmoeting" not in method


def test_top_terms_count_framework_words_not_the_classifier_words():
    from pipeline.framework import Theme
    from pipeline.report_views import top_evidence_terms

    theme = Theme("L2", "les", "Dichtbij", "", ("buurthuis",))
    hits = pd.DataFrame({"evidence": ["buurthuis; wijk; uit voorbeelden: bewoner, koffie", "wijk",
                                      "uit voorbeelden: bewoner"]})
    assert top_evidence_terms(hits, n=5, theme=theme) == ["wijk", "buurthuis"]


def test_top_terms_leave_out_evidence_labels_and_words_of_one_correction():
    """An own framework after one correction: 'correctie onderzoeker' and the sentence vector are labels, not
    words; 'mevrouw' learned from one corrected sentence is no key term of 'lichaam', its own term 'slapen' is."""
    from pipeline.corrections import CORRECTION_EVIDENCE
    from pipeline.framework import Theme
    from pipeline.report_views import top_evidence_terms
    from pipeline.theme_evidence import MEANING_EVIDENCE

    theme = Theme("lichaam", "dimensie", "Lichaamsfuncties", "", ("slapen", "pijn"), phrases=("slecht slapen",))
    hits = pd.DataFrame({"evidence": [
        CORRECTION_EVIDENCE, CORRECTION_EVIDENCE, "slecht slapen; slapen; slecht", "slapen; slecht",
        "beroerte; mevrouw; vertellen; uit voorbeelden: beroerte, mevrouw, vertellen",
        f"pijn; uit voorbeelden: {MEANING_EVIDENCE}", MEANING_EVIDENCE]})
    terms = top_evidence_terms(hits, n=10, theme=theme)
    assert terms == ["slapen", "slecht", "pijn", "slecht slapen"]


# Conference answers without a theme: two topics to group, and three with no word to group on (common words,
# a neutral word of the framework, a number, an emoji)
ANSWERS = ["De voedselbank deelt elke vrijdag voedselpakketten uit.", "Steeds meer gezinnen gaan naar de voedselbank.",
           "Vrijwilligers van de voedselbank sorteren voedselpakketten.", "Een voedselpakket van de voedselbank.",
           "Supermarkten schenken voedsel aan de voedselbank.", "Te weinig parkeerplaatsen in de straat.",
           "Bezoekers parkeren op de stoep omdat parkeerplaatsen ontbreken.", "Een parkeervergunning is duur.",
           "Bestelbusjes nemen alle parkeerplaatsen in beslag.", "Meer parkeerplaatsen en een parkeervergunning.",
           "samen doen 💪", "niet over ons zonder ons", "Voor mezelf en de organisatie, in 2015."]


def with_answers(tables, answers: list[str]):
    """The sample tables plus conference answers that got no theme."""
    docs = pd.DataFrame([{"doc_id": f"x{i:02d}", "source": "antwoorden.xlsx", "format": "xlsx", "kind": "antwoord",
                          "text": text, "bijeenkomst": "Werkconferentie", "datum": "2025-03-13", "language": "nl",
                          "n_words": len(text.split())} for i, text in enumerate(answers)])
    segments = pd.DataFrame([row for d in docs.itertuples() for row in split_segments(d.doc_id, d.kind, d.text)])
    tables.documents = pd.concat([tables.documents, docs], ignore_index=True)
    tables.segments = pd.concat([tables.segments, segments], ignore_index=True)
    return tables


def test_every_fragment_without_a_theme_is_grouped_or_counted_with_its_reason(tables, tmp_path):
    from pipeline.clustering import cluster_segments

    tables = with_answers(tables, ANSWERS)
    clusters, members = cluster_segments(tables.segments, framework=tables.framework, map_threshold=0.2,
                                         theme_scores=tables.themes)
    assert len(members) == 11  # 10 answers and '[PERSOON-1] vertelde over het gezin.' of the sample notes
    data = report_inputs(tables, clusters=clusters, cluster_segments=members)
    md, html = (path.read_text(encoding="utf-8") for path in reports.write_report(data, out_dir=tmp_path))
    intro = re.search(r"^Van de (\d+) fragmenten zonder thema zijn er (\d+) .*? in (\d+) groepen ingedeeld .*?"
                      r"(\d+) fragmenten bevatten geen woorden om op te groeperen", md, re.M)
    assert intro, md[md.index("## Opkomende"):]
    free, grouped, n_groups, no_words = map(int, intro.groups())
    assert (free, grouped, no_words) == (14, 11, 3) and free == grouped + no_words
    assert n_groups == len(clusters) and clusters["size"].sum() == grouped
    assert "“niet over ons zonder ons”" in md
    # the three are one click away in the HTML, like every other count
    group = re.search(r'<details class="groep" id="d-cluster-niet-gegroepeerd">(.*?)</details>', html, re.S).group(1)
    assert "(3 fragmenten)" in group and "samen doen 💪" in group and "Voor mezelf en de organisatie" in group
    assert 'href="#d-cluster-niet-gegroepeerd"' in html


def test_a_cluster_of_a_themes_supporting_word_is_close_to_that_theme_not_new(tables, tmp_path):
    """'samenwerking' is a supporting term of P5 and listed among P5's terms: its cluster is not a new theme."""
    clusters = pd.DataFrame([
        {"cluster_id": 5, "top_terms": "samenwerking", "size": 5, "mapped_theme": "nieuw thema",
         "similarity": 0.1248, "cohesion": 1.0, "label": "Dicht bij P5 Boundary crossing: samenwerking",
         "examples": "Samenwerking", "nearest_theme": "P5", "shared_terms": "samenwerking"},
        {"cluster_id": 3, "top_terms": "loslaten; vertrouwen; verandering", "size": 7, "mapped_theme": "nieuw thema",
         "similarity": 0.1961, "cohesion": 0.93, "label": "Dicht bij L1 Ruimte voor ontmoeting: loslaten",
         "examples": "Loslaten", "nearest_theme": "L1", "shared_terms": "loslaten; vertrouwen"},
        {"cluster_id": 0, "top_terms": "reflectie; werkconferentie", "size": 4, "mapped_theme": "nieuw thema",
         "similarity": 0.211, "cohesion": 0.83, "label": "Dicht bij L1 Ruimte voor ontmoeting: werkconferentie",
         "examples": "Reflectie", "nearest_theme": "L1", "shared_terms": "werkconferentie"}])
    data = report_inputs(tables, clusters=clusters, cluster_segments=pd.DataFrame(columns=["seg_id", "cluster_id"]),
                         method={"threshold": 0.4, "cluster_threshold": 0.2, "max_themes": 2})
    md, _ = (path.read_text(encoding="utf-8") for path in reports.write_report(data, out_dir=tmp_path))
    assert "samenwerking" in tables.framework.themes[9].support_terms and tables.framework.themes[9].id == "P5"
    assert ("dicht bij P5 Boundary crossing: 'samenwerking' staat in het kader als bijterm bij dit thema (een "
            "bijterm telt maar voor een deel mee), maar de groep is te zwak om eraan te koppelen "
            "(woordovereenkomst 0,12; drempel voor groepen 0,2)") in md
    assert "'loslaten' en 'vertrouwen' staan in het kader als bijtermen" in md
    # not '0,20', which would read as reaching the threshold
    assert "woordovereenkomst 0,196; drempel voor groepen 0,2" in md
    assert ("'werkconferentie' staat in het kader bij dit thema, maar een ander thema scoort ongeveer even hoog "
            "of hoger (woordovereenkomst 0,21)") in md
    assert "nieuw thema:" not in md


def test_counts_are_singular_for_one_and_numbers_have_a_decimal_comma(tables, tmp_path):
    themes = tables.themes
    evil = tables.segments.loc[tables.segments["text"].str.startswith("Een notitie"), "seg_id"].iloc[0]
    themes.loc[themes["seg_id"].eq(evil), "assigned"] = themes["theme_id"].eq("P2")  # P2: one fragment, one note
    themes.loc[themes["seg_id"].eq(evil) & themes["theme_id"].eq("P2"), ["score", "evidence"]] = [0.4567, "leren"]
    data = report_inputs(tables, model=MODEL | {"kind": "embedded"})
    md, html = (path.read_text(encoding="utf-8") for path in reports.write_report(data, out_dir=tmp_path))
    assert "*1 fragment (10,0% van alle fragmenten, " in md
    assert ">1 fragment</a> (10,0% van alle fragmenten, " in html
    assert "1 fragment kreeg geen thema." in html
    assert "1 notitie en 2 antwoorden" not in md and "3 notities en 2 antwoorden" in md
    for text in (md, html):
        assert not re.search(r"\b1 (fragmenten|documenten|notities|antwoorden)\b", text)
        assert "(ingebouwd)" in text and "embedded" not in text
    assert "score 0,46" in html and not re.search(r"score \d\.\d", html)


def test_notes_on_analysed_files_are_shown(tables, tmp_path):
    inputs = tables.inputs.copy()
    inputs.loc[inputs.index[0], "reason"] = "4 rijen zonder antwoord niet meegeteld (kolom 'antwoord' leeg): rij 45, 110"
    md, html = reports.write_report(report_inputs(tables, inputs=inputs), out_dir=tmp_path)
    assert inputs.loc[inputs.index[0], "status"] == "analysed"
    for text in (md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")):
        assert "Opmerkingen bij geanalyseerde bestanden" in text and "4 rijen zonder antwoord niet meegeteld" in text


def test_a_recurring_sentence_is_quoted_once():
    from pipeline.report_views import pick_quotes
    copied = "Leren gebeurt vooral in de praktijk, samen met collega's uit de wijk."
    hits = pd.DataFrame({"seg_id": ["a-1", "b-1", "c-1", "d-4"], "doc_id": ["a", "b", "c", "d"],
                         "text": [copied, copied + " ", copied.upper(),
                                  "We spraken af om elke maand een casus uit de praktijk samen te bespreken."],
                         "score": [0.9, 0.9, 0.9, 0.5]})
    quotes = pick_quotes(hits, n=4)
    assert quotes["seg_id"].tolist() == ["a-1", "d-4"]


# --- the opening summary, the reading guide and what a reader may misquote ---

def themed_count(tables) -> int:
    return tables.themes.loc[tables.themes["assigned"].astype(bool), "seg_id"].nunique()


def test_summary_comes_first_and_says_what_was_analysed(written):
    assert written.md.index("## Samenvatting") < written.md.index("## Leeswijzer") < written.md.index("## Corpus")
    assert written.html.index('id="samenvatting"') < written.html.index('id="leeswijzer"') \
        < written.html.index('<nav class="inhoud"') < written.html.index('class="kerncijfers"')
    sentence = ("Geanalyseerd zijn 3 notities en 2 antwoorden van 3 bijeenkomsten, van 15 februari 2024 tot en met "
                "13 maart 2025. Samen zijn dat 10 fragmenten.")
    assert sentence in written.md and sentence in written.html


def test_summary_names_the_top_themes_by_label_and_the_share_with_a_theme(written):
    n_themed, n = themed_count(written.tables), len(written.tables.segments)
    table = pd.read_csv(written.dir / "tables" / "thema-verdeling.csv").set_index("theme_id")
    top = table.sort_values("fragmenten", ascending=False, kind="stable").head(3)
    pct = lambda share: f"{100 * share:.1f}%".replace(".", ",")  # noqa: E731
    assert f"{n_themed} van de {n} fragmenten ({pct(n_themed / n)}) kregen een of meer thema's" in written.md
    named = [f"{r.label} ({theme_id}; {r.fragmenten} fragment{'en' if r.fragmenten != 1 else ''}, "
             f"{pct(r.fragmenten / n_themed)}" for theme_id, r in top.iterrows()]
    assert f"De thema's met de meeste fragmenten: {named[0]} van de fragmenten met een thema), " in written.md
    assert named[0].startswith("Ruimte voor ontmoeting (L1; 6 fragmenten") and all(x in written.md for x in named)
    free = n - n_themed
    assert f"{free} fragment ({pct(free / n)}) kreeg geen thema: die tekst gaat over iets anders dan het kader, " \
           "of zegt het in andere woorden." in written.md
    summary = written.html[written.html.index('id="samenvatting"'):written.html.index('id="leeswijzer"')]
    assert all(x in summary for x in named)


def test_theme_table_gives_the_share_among_fragments_with_a_theme(written):
    table = pd.read_csv(written.dir / "tables" / "thema-verdeling.csv")
    n_themed = themed_count(written.tables)
    assert (table["aandeel_met_thema"] == table["fragmenten"] / n_themed).all()
    assert table["aandeel_met_thema"].sum() > 1  # a fragment can have two themes
    for text in (written.md, written.html):
        assert "Aandeel van alle fragmenten" in text and "Aandeel van fragmenten met een thema" in text


def test_reading_guide_explains_the_words_and_the_counts_do_not_look_added(written):
    guide = written.md[written.md.index("## Leeswijzer"):written.md.index("## Corpus")]
    for term in ("Fragment", "Thema", "Score en drempel", "Bijterm", "Aandelen"):
        assert f"- **{term}**: " in guide
    assert "drempel (0,25)" in guide and "niet van mensen" in guide and "Opkomend thema" not in guide
    assert 5 <= guide.count("\n- ") <= 8
    assert "<strong>5</strong>documenten: 3 notities en 2 antwoorden</li>" in written.html
    assert "- Documenten: 5, waarvan 3 notities en 2 antwoorden" in written.md


def test_the_report_gives_no_install_advice(tables, tmp_path):
    from pipeline.nlp import INSTALL_ADVICE

    data = report_inputs(tables, model=MODEL | {"kind": "embedded", "note": INSTALL_ADVICE})
    for path in reports.write_report(data, out_dir=tmp_path):
        text = path.read_text(encoding="utf-8")
        assert "spacy download" not in text and "Voor betere resultaten" not in text
        assert "taalmodel nl\\_test 1.0 (ingebouwd)" in text or "taalmodel nl_test 1.0 (ingebouwd)" in text


def contrast(foreground: str, background: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        colour = colour.lstrip("#")
        colour = "".join(c * 2 for c in colour) if len(colour) == 3 else colour
        channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_of_zeros_and_badges_are_readable(written):
    zero = re.search(r"td\.nul \{ color: (#[0-9a-f]+); \}", written.html).group(1)
    principle = re.search(r"\.soort-principe \{ background: (#[0-9a-f]+); \}", written.html).group(1)
    assert zero != "#bbb" and contrast(zero) >= 4.5
    assert principle != "#c2571a" and contrast("#ffffff", principle) >= 4.5


def test_count_links_say_what_they_open_and_tables_have_captions(written):
    bare = re.findall(r'<a href="#d-[^"]*"([^>]*)>\d+</a>', written.html)
    assert bare and all('aria-label="' in attributes and 'tonen"' in attributes for attributes in bare)
    assert 'aria-label="6 fragmenten van L1 – Ruimte voor ontmoeting tonen"' in written.html
    assert 'aria-label="2 documenten met L1 – Ruimte voor ontmoeting en P1 – Ervaringsleren tonen"' in written.html
    assert written.html.count("<table") == written.html.count("<caption") > 3
    assert '<th scope="col"' in written.html and '<th scope="row"' in written.html
    assert "focus(" in written.html  # the script moves the focus to the opened group


def test_document_links_name_documents_and_fragments_in_the_group(written):
    group = re.search(r'<details class="groep" id="d-samen-doc-l1-p1">\s*<summary>(.*?)</summary>', written.html)
    assert group and group.group(1).endswith("in hetzelfde document (2 documenten, 3 fragmenten)")


def test_screen_hints_are_hidden_in_print(written):
    assert 'class="alleen-scherm">Klik op een balk' in written.html
    assert 'class="alleen-scherm">Klik op een getal' in written.html


@pytest.mark.parametrize(("text", "expected"), [
    ("Samen leren", "“Samen leren”"), ("“Niet over ons zonder ons”", "“Niet over ons zonder ons”"),
    ('"Loslaten"', '"Loslaten"'), ("'t Is goed", "“'t Is goed”"), ("“", "““”")])
def test_a_quote_in_quote_marks_is_not_wrapped_again(text, expected):
    from pipeline.report_text import quoted

    assert quoted(text) == expected


def test_markdown_quotes_have_their_source_on_a_line_of_its_own(written):
    assert re.search(r"^> “[^\n]+”\n>\n> — Werkgroep wijkteams, 2024-02-15 \(notitie-1\.md\)", written.md, re.M)


@pytest.mark.parametrize(("text", "words"), [
    ("...", False), ("2015", False), ("💪", False), ("[PERSOON-4]", False), (" [PERSOON-4] 12 ", False),
    ("samen doen 💪", True), ("[PERSOON-1] vertelde", True)])
def test_has_words(text, words):
    from pipeline.report_text import has_words

    assert has_words(text) is words


def test_ungrouped_drill_down_leaves_out_texts_without_letters(tables, tmp_path):
    from pipeline.clustering import cluster_segments

    tables = with_answers(tables, [*ANSWERS, "...", "2015", "💪"])
    clusters, members = cluster_segments(tables.segments, framework=tables.framework, map_threshold=0.2,
                                         theme_scores=tables.themes)
    data = report_inputs(tables, clusters=clusters, cluster_segments=members)
    _, html = (path.read_text(encoding="utf-8") for path in reports.write_report(data, out_dir=tmp_path))
    group = re.search(r'<details class="groep" id="d-cluster-niet-gegroepeerd">(.*?)</details>', html, re.S).group(1)
    assert "(3 fragmenten)" in group and "samen doen 💪" in group
    assert not re.search(r"<p>“(\.\.\.|2015|💪)”</p>", group)
    assert "Toon er 3 van de 6 (zonder de 3 die alleen uit tekens, getallen of een privacycode bestaan)." in html
    assert "6 fragmenten bevatten geen woorden om op te groeperen" in html


def test_summary_names_the_largest_emerging_group(tables, tmp_path):
    clusters = pd.DataFrame([
        {"cluster_id": 1, "top_terms": "sfeer; veilig", "size": 2, "mapped_theme": "L1", "similarity": 0.52,
         "label": "Lijkt op L1 Ruimte voor ontmoeting: sfeer, veilig", "examples": "De sfeer was open en veilig."},
        {"cluster_id": 2, "top_terms": "week; woord", "size": 5, "mapped_theme": "overig", "similarity": 0.17,
         "cohesion": 0.12, "label": "Overig: fragmenten zonder gedeeld onderwerp", "examples": ""}])
    members = pd.DataFrame({"seg_id": ["a1-0001", "c3-0000"], "cluster_id": [1, 1]})
    md, _ = reports.write_report(report_inputs(tables, clusters=clusters, cluster_segments=members), out_dir=tmp_path)
    assert ("De grootste groep fragmenten zonder thema, een mogelijk opkomend thema, telt 2 fragmenten en heeft als "
            "kenmerkende woorden 'sfeer' en 'veilig'.") in md.read_text(encoding="utf-8")


def test_wordle_captions_use_the_question_or_notes():
    from pipeline.report_text import wordle_title

    question = "Waar denkt u aan bij het woord 'transformatie'?"
    assert wordle_title("antwoorden-transformatie", [question]) == question
    assert wordle_title("notities", [question]) == "Notities"
    assert wordle_title("antwoorden-transformatie-per-bijeenkomst", [question]) == f"{question} (per bijeenkomst)"


def test_summary_grammar_for_one_document_other_kinds_and_one_theme():
    from pipeline.report_text import corpus_sentences, theme_explanation, theme_sentences

    one = {"documenten": 1, "notities": 1, "antwoorden": 0, "bijeenkomsten": 0, "fragmenten": 1}
    assert corpus_sentences(one, pd.DataFrame({"kind": ["notitie"]})) == [
        "Geanalyseerd is 1 notitie.", "Dat is 1 fragment."]
    mixed = {"documenten": 5, "notities": 2, "antwoorden": 0, "bijeenkomsten": 0, "fragmenten": 40}
    assert corpus_sentences(mixed, pd.DataFrame({"kind": ["notitie"] * 2 + ["verslag"] * 3}))[0] == (
        "Geanalyseerd zijn 2 notities en 3 andere documenten.")
    single = pd.DataFrame({"theme_id": ["Z1"], "label": ["Zingeving"], "fragmenten": [1]})
    assert theme_sentences(single, n_themed=1, n_segments=1, framework_name="Eigen kader") == [
        "Het enige fragment kreeg het thema uit het kader 'Eigen kader'."]
    assert theme_explanation("Eigen kader", ["thema", "thema"]).startswith("een thema uit het kader 'Eigen kader'.")
    assert "een les of een principe" in theme_explanation("Transformatieleren", ["les", "principe"])


@pytest.mark.parametrize("mode, said, not_said", [
    ("pseudonimiseren", "verschillende codes: 1 e-mailadres, 3 namen", "NIET vervangen"),
    ("rapporteren", "alleen gemeld, NIET vervangen", "automatisch vervangen"),
    ("uit", "NIET vervangen (privacy.mode: uit)", "automatisch vervangen"),
    ("?", "NIET vervangen", "automatisch vervangen"),  # an unknown mode never claims replacement
])
def test_the_method_says_what_the_privacy_step_did_in_this_run(tables, tmp_path, mode, said, not_said):
    """With privacy off the report must not claim that names were replaced (a privacy officer reads this)."""
    method = {"threshold": 0.25, "max_themes": 2, "privacy": mode, "privacy_counts": {"persoon": 3, "email": 1}}
    md, html = reports.write_report(report_inputs(tables, method=method), out_dir=tmp_path)
    for text in (md.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")):
        part = text[text.index("Methode en beperkingen"):]
        assert said in part and not_said not in part
