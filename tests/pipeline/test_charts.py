"""The report's hand-made SVG charts: readable on their own, on paper and on a phone, and accessible."""

import re
import xml.etree.ElementTree as ET

from pipeline.charts import Bar, bar_chart_svg, nice_top, small_multiples_svg, wrap_lines

SVG = "{http://www.w3.org/2000/svg}"
LONG = "L3 Ruimte voor (ontwikkeling van) professionele autonomie"


def texts(svg: str) -> list[str]:
    return ["".join(e.itertext()) for e in ET.fromstring(svg).iter(f"{SVG}text")]


def trend(n_themes=12, labels=("2024-02-15 Werkgroep doorontwikkeling wijkteams",
                                "2024-05-23 Intervisie wijkteam Noord",
                                "2025-09-25 Uitwisselingsbijeenkomst sociaal en medisch domein")):
    series = [(f"T{i}", LONG if i == 2 else f"T{i} Thema", "les", [0.0, 0.18 if i == 3 else 0.05, 0.02])
              for i in range(n_themes)]
    return small_multiples_svg(series, x_labels=list(labels), title="Verloop", chart_id="verloop-grafiek")


def test_wrap_lines_keeps_words_and_shortens_the_last_kept_line():
    assert wrap_lines(LONG, 34) == ["L3 Ruimte voor (ontwikkeling van)", "professionele autonomie"]
    assert wrap_lines("een twee drie vier", 8, max_lines=2) == ["een twee", "drie…"]
    assert nice_top(0.18) == 0.2 and nice_top(0.03) == 0.03 and nice_top(0.0) == 0.01


def test_the_trend_chart_names_its_dates_scale_and_full_labels():
    svg = trend()
    shown = texts(svg)
    assert shown.count("2024-02-15") == 12 and shown.count("2025-09-25") == 12  # first and last date per panel
    assert shown.count("20%") == 12 and shown.count("0") == 12  # the shared y scale
    assert "L3 Ruimte voor (ontwikkeling van)" in shown and "professionele autonomie" in shown  # no '…'
    assert f"<title>{LONG}</title>" in svg


def test_the_trend_footnote_is_wrapped_inside_the_image():
    svg = trend()
    width = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    height = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(2))
    notes = [e for e in ET.fromstring(svg).iter(f"{SVG}text") if e.get("fill") == "#555" and e.get("x") == "8"]
    assert len(notes) >= 2
    assert all(len(e.text) * 6.4 <= width - 8 for e in notes)  # at 11 px DejaVu Sans, about 6.4 px a character
    assert all(float(e.get("y")) <= height - 2 for e in notes)
    assert "medisch domein. Alle thema's op dezelfde schaal, van 0 tot 20%; hoogste punt 18%." in " ".join(
        e.text for e in notes)


def test_the_theme_chart_is_a_group_whose_links_have_names():
    bars = [Bar("l3", LONG, 18, "18 (4,2%)", "les"), Bar("p1", "P1 Ervaringsleren", 0, "0 (0,0%)", "principe"),
            Bar("p2", "P2 Benutten", 1, "1 (0,2%)", "principe")]
    svg = bar_chart_svg(bars, title="Aantal fragmenten per thema", chart_id="thema-grafiek")
    root = ET.fromstring(svg)
    assert root.get("role") == "group" and root.get("aria-label") == "Aantal fragmenten per thema"
    links = list(root.iter(f"{SVG}a"))
    assert [a.get("aria-label") for a in links] == [f"{LONG}: 18 fragmenten", "P1 Ervaringsleren: 0 fragmenten",
                                                   "P2 Benutten: 1 fragment"]
    lines = [t.text for t in root.iter(f"{SVG}tspan")]
    assert lines[:2] == ["L3 Ruimte voor (ontwikkeling van) professionele", "autonomie"]  # wrapped, not cut


def test_the_theme_chart_text_stays_readable_on_a_phone():
    svg = bar_chart_svg([Bar("l1", "L1 Ruimte voor ontmoeting", 12, "12 (2,8%)", "les")], title="t", chart_id="c")
    width, size = int(ET.fromstring(svg).get("width")), int(ET.fromstring(svg).get("font-size"))
    assert size * 358 / width >= 11  # 390 px screen minus the page's 1em margins, scaled down to fit
