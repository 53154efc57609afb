"""Wordles end to end: files read back (PNG size, dpi and content; SVG text), privacy, the question's
key word, Dutch diacritics, determinism across runs and sizes, masks, colours, series and skipping."""

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageDraw

from pipeline.config import ConfigError
from pipeline.nlp import SEGMENT_COLUMNS, TOKEN_COLUMNS, annotate_documents, build_blank_dutch_pipeline
from pipeline.paths import SAMPLE_CORPUS_DIR
from pipeline.wordle_layout import TextMeasure, Word, layout_panels, reference_size
from pipeline.wordle_render import (DEFAULT_PALETTE, NEUTRAL_COLOUR, default_font_path, missing_glyphs,
                                    palette_colours, term_colours)
from pipeline.wordle_output import PRIVATE_TERMS_FILE
from pipeline.wordle_terms import respondents_of
from pipeline.wordles import WordleStyle, read_poll, write_wordle_series, write_wordles

QUESTION = "Waar denkt u aan bij het woord 'transformatie'?"
SVG = "{http://www.w3.org/2000/svg}"
NO_TOKENS, NO_SEGMENTS = pd.DataFrame(columns=TOKEN_COLUMNS), pd.DataFrame(columns=SEGMENT_COLUMNS)


@pytest.fixture(scope="module")
def small(settings):
    return dataclasses.replace(settings.wordle, width=400, height=300)


@pytest.fixture(scope="module")
def sample_answers(settings) -> pd.DataFrame:
    """The conference answers of the sample corpus, read like a poll export."""
    return read_poll(SAMPLE_CORPUS_DIR / "antwoorden-transformatie.xlsx", settings=settings.ingest, question=QUESTION)


def answers(*rows: tuple[str, str], question: str | None = QUESTION, **meta) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": f"d{i:04d}", "kind": "antwoord", "text": text, "respondent": who,
                          "vraag": question, "bijeenkomst": None, "datum": None} | meta
                         for i, (who, text) in enumerate(rows)])


def run(documents, settings, out_dir, **options):
    return write_wordles(documents=documents, tokens=options.pop("tokens", NO_TOKENS),
                         segments=options.pop("segments", NO_SEGMENTS), settings=settings, out_dir=out_dir, **options)


def svg_words(path: Path) -> list[ET.Element]:
    """The <text> elements of the words (not the panel titles), in drawing order."""
    return [t for t in ET.parse(path).getroot().iter(f"{SVG}text") if t.get("class") != "titel"]


@pytest.fixture(scope="module")
def sample_wordle(sample_answers, small, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("wordles")
    (output,) = run(sample_answers, small, out_dir)
    return output


def test_one_folder_per_wordle_with_all_files(sample_wordle):
    folder = sample_wordle.png.parent
    assert sample_wordle.name == "antwoorden-transformatie" and folder.name == sample_wordle.name
    assert {p.name for p in folder.iterdir()} == {"wordle.png", "wordle.svg", "counts.csv", "alt.txt"}
    assert (folder.parent / "overzicht.csv").is_file()


def test_png_has_the_asked_size_and_is_not_blank(sample_wordle):
    image = Image.open(sample_wordle.png)
    assert image.size == (400, 300)
    assert np.asarray(image.convert("L"), dtype=float).std() > 10


def test_png_at_full_size_records_300_dpi(sample_answers, settings, tmp_path):
    (output,) = run(sample_answers, settings.wordle, tmp_path)
    image = Image.open(output.png)
    assert image.size == (1600, 1000)
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)


def test_top_word_is_a_text_element_in_the_svg(sample_wordle):
    words = [t.text for t in svg_words(sample_wordle.svg)]
    assert words[0] == sample_wordle.top_terms[0][0] == "verandering"
    assert {"samenwerking", "vertrouwen", "loslaten", "eigen kracht", "samen leren"} <= set(words)


def test_dutch_diacritics_survive_into_the_svg(sample_wordle):
    words = {t.text for t in svg_words(sample_wordle.svg)}
    assert {"cliënt centraal", "ruimte creëren", "financiën"} <= words


def test_a_name_from_one_respondent_appears_nowhere(sample_wordle):
    for path in (sample_wordle.svg, sample_wordle.counts_csv, sample_wordle.png.parent / "alt.txt"):
        assert "marieke" not in path.read_text(encoding="utf-8").lower()


def test_counts_csv_has_the_contract_columns_and_dutch_reasons(sample_wordle):
    counts = pd.read_csv(sample_wordle.counts_csv)
    assert list(counts.columns) == ["term", "respondents", "occurrences", "kept", "reason", "variants"]
    reasons = set(counts["reason"].dropna())
    assert {"minder dan 2 respondenten", "stopwoord", "sleutelwoord van de vraag"} <= reasons
    assert counts.loc[counts["kept"], "respondents"].min() >= 2


def test_question_key_word_is_dropped_and_can_be_kept(sample_answers, small, tmp_path):
    (dropped,) = run(sample_answers, small, tmp_path / "weg")
    (kept,) = run(sample_answers, dataclasses.replace(small, drop_question_word=False), tmp_path / "houd")
    assert "transformatie" not in {t.text for t in svg_words(dropped.svg)}
    assert "transformatie" in {t.text for t in svg_words(kept.svg)}


def test_alt_text_names_the_question_and_top_words_with_counts(sample_wordle):
    alt = sample_wordle.alt_text
    assert alt.startswith("Woordwolk van 151 antwoorden van 116 respondenten op de vraag")
    assert "verandering (16)" in alt and "samenwerking (11)" in alt
    assert (sample_wordle.png.parent / "alt.txt").read_text(encoding="utf-8").strip() == alt


def test_same_seed_gives_identical_files(sample_answers, small, tmp_path):
    (first,) = run(sample_answers, small, tmp_path / "a")
    (second,) = run(sample_answers, small, tmp_path / "b")
    assert first.png.read_bytes() == second.png.read_bytes()
    assert first.svg.read_text() == second.svg.read_text()


def test_another_seed_moves_the_words_but_keeps_them(sample_answers, small, tmp_path):
    (first,) = run(sample_answers, small, tmp_path / "a")
    (other,) = run(sample_answers, dataclasses.replace(small, seed=7), tmp_path / "b")
    place = lambda out: {t.text: (t.get("x"), t.get("y")) for t in svg_words(out.svg)}  # noqa: E731
    assert place(first).keys() == place(other).keys() and place(first) != place(other)


def relative_places(path: Path, width: int, height: int) -> dict[str, tuple[float, float, float]]:
    return {t.text: (float(t.get("x")) / width, float(t.get("y")) / height, float(t.get("font-size")) / height)
            for t in svg_words(path)}


def test_the_layout_does_not_change_with_the_size(sample_answers, small, tmp_path):
    (little,) = run(sample_answers, dataclasses.replace(small, width=400, height=250), tmp_path / "klein")
    (large,) = run(sample_answers, dataclasses.replace(small, width=1200, height=750), tmp_path / "groot")
    a, b = relative_places(little.svg, 400, 250), relative_places(large.svg, 1200, 750)
    assert a.keys() == b.keys()
    assert all(np.allclose(a[w], b[w], atol=1e-3) for w in a)


def test_other_aspect_ratios_keep_the_placement_order(sample_answers, small, tmp_path):
    (wide,) = run(sample_answers, small, tmp_path / "breed")
    (square,) = run(sample_answers, dataclasses.replace(small, width=300, height=300), tmp_path / "vierkant")
    order = lambda out: [t.text for t in svg_words(out.svg)]  # noqa: E731
    shown = set(order(wide)) & set(order(square))
    assert [w for w in order(wide) if w in shown] == [w for w in order(square) if w in shown]
    assert order(wide)[:5] == order(square)[:5]


def test_font_size_depends_only_on_respondents():
    words = [Word(f"w{i}", f"woord{i}", r) for i, r in enumerate([16, 9, 4, 4, 1])]
    (layout,) = layout_panels([words], width=400, height=300, measure=TextMeasure(default_font_path()), seed=1)
    size = {p.respondents: p.size for p in layout.placements}
    assert len({p.size for p in layout.placements if p.respondents == 4}) == 1
    assert size[16] / size[4] == pytest.approx(2.0) and size[9] / size[4] == pytest.approx(1.5)


def test_words_do_not_overlap():
    measure = TextMeasure(default_font_path())
    words = [Word(f"w{i}", text, 10 - i % 7) for i, text in enumerate(
        ["verandering", "samenwerking", "vertrouwen", "loslaten", "eigen kracht", "ruimte", "tijd", "maatwerk",
         "ontmoeting", "in de wijk", "burger centraal", "kanteling", "samen leren", "wijkteam"])]
    (layout,) = layout_panels([words], width=400, height=300, measure=measure, seed=3)
    boxes = [(p.x + l, p.y + t, p.x + r, p.y + b) for p in layout.placements
             for (l, t, r, b) in [measure.box(p.text, p.size)]]
    width, height = reference_size(400, 300)
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= width and a[3] <= height
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_blocked_identifiers_never_appear_even_when_many_respondents_give_them(small, tmp_path):
    frame = answers(*[(f"R{i}", "Petra") for i in range(5)], *[(f"S{i}", w) for i in range(3)
                                                               for w in ("loslaten", "ruimte", "tijd")])
    (output,) = run(frame, small, tmp_path, blocked_terms={"Petra de Vries"})
    for path in (output.svg, output.counts_csv):
        assert "petra" not in path.read_text(encoding="utf-8").lower()
    assert "privacy: naam" in set(pd.read_csv(output.counts_csv)["reason"])


def test_privacy_placeholders_never_become_words(small, tmp_path):
    frame = answers(*[(f"R{i}", f"samen met [PERSOON-{i}]") for i in range(4)],
                    *[(f"S{i}", w) for i in range(3) for w in ("loslaten", "ruimte", "tijd")])
    (output,) = run(frame, small, tmp_path)
    assert "persoon" not in " ".join(t.text for t in svg_words(output.svg)).lower()
    assert "persoon" not in output.counts_csv.read_text(encoding="utf-8").lower()


def test_words_are_xml_escaped_in_the_svg(small, tmp_path):
    frame = answers(*[(f"R{i}", w) for i in range(3) for w in ("R&D", "loslaten", "ruimte", "tijd")])
    (output,) = run(frame, small, tmp_path)
    assert "R&amp;D" in output.svg.read_text(encoding="utf-8")
    assert "R&D" in {t.text for t in svg_words(output.svg)}  # parses back


def test_emoji_the_font_cannot_draw_are_left_out_of_the_picture(small, tmp_path):
    frame = answers(*[(f"R{i}", w) for i in range(3) for w in ("samen doen 💪", "loslaten", "ruimte")])
    (output,) = run(frame, small, tmp_path)
    assert "samen doen" in {t.text for t in svg_words(output.svg)}
    assert "💪" not in output.svg.read_text(encoding="utf-8")


def test_the_font_draws_dutch_diacritics_not_boxes():
    font = str(default_font_path())
    assert missing_glyphs("ë é ï ö ü ĳ IJ", font) == ""
    assert missing_glyphs("\ue000", font) == "\ue000"  # a private-use character the font lacks

    def draw(text: str) -> np.ndarray:
        image = Image.new("L", (60, 60), 0)
        ImageDraw.Draw(image).text((10, 5), text, fill=255, font=TextMeasure(font)._font.font_variant(size=40))
        return np.asarray(image)

    tofu = draw("\ue000")
    assert all(draw(c).any() and not np.array_equal(draw(c), tofu) for c in "ëéï")
    assert not np.array_equal(draw("ë"), draw("e"))


def test_too_few_terms_skips_the_wordle_and_says_why(small, tmp_path):
    frame = answers(("R1", "loslaten"), ("R2", "loslaten"), ("R3", "n.v.t."))
    assert run(frame, small, tmp_path) == []
    overview = pd.read_csv(tmp_path / "overzicht.csv")
    assert overview.loc[0, "status"] == "overgeslagen" and "te weinig termen" in overview.loc[0, "reason"]


def test_one_wordle_per_question_and_one_for_the_notes(small, tmp_path):
    nlp = build_blank_dutch_pipeline()
    notes = pd.DataFrame({"doc_id": [f"n{i}" for i in range(3)], "kind": "notitie", "respondent": None,
                          "vraag": None, "bijeenkomst": None, "datum": None, "text": [
                              "Het wijkteam bespreekt de casus. Professionele autonomie vraagt ruimte en vertrouwen.",
                              "Professionele autonomie groeit in het wijkteam. De casus vraagt tijd en vertrouwen.",
                              "Vertrouwen en ruimte in het wijkteam. Een casus met professionele autonomie."]})
    other = answers(*[(f"T{i}", w) for i in range(2) for w in ("nabijheid", "ontmoeting", "tijd")],
                    question="Wat is nodig in de 'wijk'?")
    documents = pd.concat([answers(*[(f"R{i}", w) for i in range(3) for w in ("loslaten", "ruimte", "tijd")]),
                           other, notes], ignore_index=True)
    segments, tokens = annotate_documents(nlp, documents, batch_size=8)
    outputs = run(documents, small, tmp_path, tokens=tokens, segments=segments)
    assert sorted(o.name for o in outputs) == ["antwoorden-transformatie", "antwoorden-wijk", "notities"]
    notes_output = next(o for o in outputs if o.name == "notities")
    assert "professionele autonomie" in {t.text for t in svg_words(notes_output.svg)}
    assert notes_output.alt_text.startswith("Woordwolk van 3 notities")


def test_a_single_note_counts_its_sentences(small, tmp_path):
    # Counted by file, every word of one long report has one source and none would pass min_respondents.
    nlp = build_blank_dutch_pipeline()
    note = pd.DataFrame({"doc_id": ["verslag"], "kind": "notitie", "respondent": None, "vraag": None,
                         "bijeenkomst": None, "datum": None, "text": [
                             "Het wijkteam bespreekt de casus. Vertrouwen groeit langzaam. Het wijkteam zoekt ruimte. "
                             "Vertrouwen vraagt tijd. De casus blijft lastig. Ruimte om te oefenen helpt."]})
    segments, tokens = annotate_documents(nlp, note, batch_size=8)
    outputs = run(note, small, tmp_path, tokens=tokens, segments=segments)
    assert [o.name for o in outputs] == ["notities"]
    assert {"wijkteam", "vertrouwen", "casus", "ruimte"} <= {t.text for t in svg_words(outputs[0].svg)}
    assert outputs[0].alt_text.startswith("Woordwolk van 1 notitie (6 zinnen)")
    assert "het aantal zinnen waarin het staat" in outputs[0].alt_text


def test_series_shares_the_scale_and_the_colours(small, tmp_path):
    first = answers(*[(f"A{i}", w) for i, w in enumerate(["loslaten"] * 4 + ["ruimte"] * 2 + ["tijd"] * 2)],
                    bijeenkomst="Conferentie 2017", datum="2017-10-26")
    second = answers(*[(f"B{i}", w) for i, w in enumerate(["loslaten"] * 2 + ["ruimte"] * 4 + ["lef"] * 2)],
                     bijeenkomst="Conferentie 2019", datum="2019-10-24")
    documents = pd.concat([second, first], ignore_index=True).assign(doc_id=lambda d: [f"d{i}" for i in range(len(d))])
    output = write_wordle_series(documents=documents, settings=small, out_dir=tmp_path)
    assert Image.open(output.png).size[0] > 2 * 400 - 1
    titles = [t.text for t in ET.parse(output.svg).getroot().iter(f"{SVG}text") if t.get("class") == "titel"]
    assert titles == ["Conferentie 2017", "Conferentie 2019"]  # ordered by date
    panels = [p for p in ET.parse(output.svg).getroot().iter(f"{SVG}g") if p.get("class") == "paneel"]
    words = [{t.text: t for t in p.iter(f"{SVG}text") if t.get("class") != "titel"} for p in panels]
    assert words[0]["loslaten"].get("font-size") == words[1]["ruimte"].get("font-size")  # 4 respondents each
    assert words[0]["ruimte"].get("font-size") == words[1]["loslaten"].get("font-size")  # 2 each
    assert words[0]["ruimte"].get("fill") == words[1]["ruimte"].get("fill")
    folder = output.png.parent
    assert {"counts-conferentie-2017.csv", "counts-conferentie-2019.csv", "counts.csv"} <= {p.name for p in folder.iterdir()}
    assert list(pd.read_csv(output.counts_csv).columns)[:2] == ["panel", "term"]


def test_series_panels_merge_and_label_a_term_alike(small, tmp_path):
    # 'samenwerken' alone would stay itself in the second panel; beside 'samenwerking' it merges into it,
    # in every panel as in the wordle of all answers together.
    first = answers(*[(f"A{i}", w) for i, w in enumerate(["samenwerking"] * 3 + ["ruimte"] * 2 + ["tijd"] * 2)],
                    bijeenkomst="Conferentie 2017", datum="2017-10-26")
    second = answers(*[(f"B{i}", w) for i, w in enumerate(["samenwerken"] * 2 + ["ruimte"] * 2 + ["lef"] * 2)],
                     bijeenkomst="Conferentie 2019", datum="2019-10-24")
    documents = pd.concat([first, second], ignore_index=True).assign(doc_id=lambda d: [f"d{i}" for i in range(len(d))])
    output = write_wordle_series(documents=documents, settings=small, out_dir=tmp_path)
    counts = pd.read_csv(output.counts_csv)
    second_panel = counts[counts["panel"] == "Conferentie 2019"].set_index("term")
    assert second_panel.loc["samenwerking", "respondents"] == 2 and "samenwerken" not in second_panel.index
    assert second_panel.loc["samenwerking", "variants"] == "samenwerken"


def test_no_series_for_answers_without_meetings(small, tmp_path):
    documents = answers(*[(f"A{i}", w) for i in range(2) for w in ("loslaten", "ruimte", "tijd")])
    assert write_wordle_series(documents=documents.assign(bijeenkomst=None), settings=small, out_dir=tmp_path) is None


def test_write_wordles_adds_a_series_for_a_question_asked_at_several_meetings(small, tmp_path):
    documents = pd.concat([
        answers(*[(f"A{i}", w) for i in range(2) for w in ("loslaten", "ruimte", "tijd")], bijeenkomst="Eerste"),
        answers(*[(f"B{i}", w) for i in range(2) for w in ("lef", "ruimte", "tijd")], bijeenkomst="Tweede"),
    ], ignore_index=True).assign(doc_id=lambda d: [f"d{i}" for i in range(len(d))])
    names = [o.name for o in run(documents, small, tmp_path)]
    assert names == ["antwoorden-transformatie", "antwoorden-transformatie-per-bijeenkomst"]


def test_built_in_ellipse_mask_keeps_words_inside(sample_answers, small, tmp_path):
    (output,) = run(sample_answers, small, tmp_path, style=WordleStyle(mask="ellips"))
    pixels = np.asarray(Image.open(output.png).convert("L")) < 200
    rows, cols = np.nonzero(pixels)
    outside = ((cols - 200) / 200) ** 2 + ((rows - 150) / 150) ** 2 > 1.02
    assert pixels.sum() > 0 and outside.sum() == 0


def test_an_image_mask_keeps_words_in_its_dark_part(sample_answers, small, tmp_path):
    mask = tmp_path / "masker.png"
    shape = Image.new("L", (200, 100), 255)
    ImageDraw.Draw(shape).rectangle((0, 0, 99, 99), fill=0)  # left half dark
    shape.save(mask)
    (output,) = run(sample_answers, small, tmp_path / "uit", style=WordleStyle(mask=str(mask)))
    pixels = np.asarray(Image.open(output.png).convert("L")) < 200
    assert pixels[:, :200].sum() > 0 and pixels[:, 202:].sum() == 0


def test_an_unreadable_mask_is_a_dutch_error(sample_answers, small, tmp_path):
    bad = tmp_path / "kapot.png"
    bad.write_text("geen plaatje")
    with pytest.raises(ConfigError, match="Maskerafbeelding"):
        run(sample_answers, small, tmp_path / "uit", style=WordleStyle(mask=str(bad)))


def test_palettes_by_colormap_name_or_colour_list():
    assert palette_colours("Dark2")[0] == "#1b9e77"
    assert len(palette_colours("viridis")) == 8
    assert palette_colours(["#000000", "red"]) == ["#000000", "#ff0000"]
    with pytest.raises(ConfigError, match="kleurenpalet"):
        palette_colours("geen-palet")


def test_default_palette_is_readable_on_white():
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    assert all(1.05 / (luminance(c) + 0.05) >= 4.5 for c in DEFAULT_PALETTE)


def test_term_colours_are_stable_and_follow_themes():
    keys = ["verandering", "samenwerking", "loslaten"]
    assert term_colours(keys) == term_colours(list(reversed(keys)))
    themed = term_colours(keys, term_themes={"Verandering": "L5", "loslaten": "L5", "samenwerking": "L1"},
                          theme_colours={"L5": "#882255"})
    assert themed["verandering"] == themed["loslaten"] == "#882255" != themed["samenwerking"]
    assert term_colours(["tijd"], term_themes={"loslaten": "L5"})["tijd"] == NEUTRAL_COLOUR


def test_theme_colours_reach_the_svg(small, tmp_path):
    frame = answers(*[(f"R{i}", w) for i in range(3) for w in ("loslaten", "ruimte", "tijd")])
    style = WordleStyle(term_themes={"loslaten": "P2"}, theme_colours={"P2": "#117733"})
    (output,) = run(frame, small, tmp_path, style=style)
    fills = {t.text: t.get("fill") for t in svg_words(output.svg)}
    assert fills["loslaten"] == "#117733" and fills["ruimte"] == fills["tijd"]


def test_read_poll_reads_a_csv_with_a_chosen_answer_column(settings, tmp_path):
    path = tmp_path / "poll.csv"
    path.write_text("deelnemer;mening\nA;Loslaten!\nB;loslaten\n", encoding="utf-8")
    documents = read_poll(path, settings=settings.ingest, answer_column="mening", question=QUESTION)
    assert documents["text"].tolist() == ["Loslaten!", "loslaten"]
    assert set(documents["respondent"]) == {"A", "B"} and set(documents["vraag"]) == {QUESTION}
    with pytest.raises(ConfigError, match="kan niet worden gelezen"):
        read_poll(path, settings=settings.ingest, answer_column="bestaat-niet")


def test_read_poll_takes_the_corpus_yaml_entry_written_in_other_case(settings, tmp_path):
    (tmp_path / "poll transformatie.csv").write_text("deelnemer;antwoord\nA;Samen leren\n", encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text("bestanden:\n  Poll Transformatie.csv:\n    bijeenkomst: Werkconferentie\n"
                                          "    datum: 13-03-2025\n", encoding="utf-8")
    documents = read_poll(tmp_path / "poll transformatie.csv", settings=settings.ingest)
    assert documents[["bijeenkomst", "datum"]].iloc[0].tolist() == ["Werkconferentie", "2025-03-13"]


def test_svg_is_valid_xml_with_a_title_and_description(sample_wordle):
    root = ET.parse(sample_wordle.svg).getroot()
    assert root.get("width") == "400" and root.get("height") == "300"
    assert root.find(f"{SVG}desc").text == sample_wordle.alt_text
    assert re.match(r"Woordwolk: ", root.find(f"{SVG}title").text)


# Walkthrough 4: respondents per file, the private term list, the question word, ties and the margin.

def two_sessions(tmp_path, settings, *, with_ids: bool) -> pd.DataFrame:
    """Two poll exports whose respondent numbers both start at 0 (or have no respondent column)."""
    sessions = {"ochtend": ["verandering", "loslaten", "vertrouwen", "samenwerking"],
                "middag": ["verandering", "loslaten", "vertrouwen", "lef"]}
    polls = []
    for name, texts in sessions.items():
        table = pd.DataFrame({"respondent": range(len(texts)), "antwoord": texts})
        table.drop(columns=[] if with_ids else ["respondent"]).to_csv(tmp_path / f"{name}.csv", index=False)
        polls.append(read_poll(tmp_path / f"{name}.csv", settings=settings.ingest, question=QUESTION))
    return pd.concat(polls, ignore_index=True)


@pytest.mark.parametrize("with_ids", [True, False])
def test_the_same_respondent_number_in_two_files_is_two_people(settings, small, tmp_path, with_ids):
    (output, *_) = run(two_sessions(tmp_path, settings, with_ids=with_ids), small, tmp_path / "uit", series_by=None)
    counts = pd.read_csv(output.counts_csv).set_index("term")
    assert counts.loc["verandering", "respondents"] == 2 and counts.loc["loslaten", "respondents"] == 2
    assert output.alt_text.startswith("Woordwolk van 8 antwoorden van 8 respondenten")


def test_a_pseudonymisation_code_is_one_person_in_every_file():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["ochtend.csv", "middag.csv", "middag.csv"],
                              "kind": "antwoord", "respondent": ["[PERSOON-1]", "[PERSOON-1]", "0"]})
    assert respondents_of(documents).tolist() == ["[PERSOON-1]", "[PERSOON-1]", "0"]


PRIVATE_FRAME = answers(("R1", "verandering"), ("R2", "verandering"), ("R3", "loslaten"), ("R4", "loslaten"),
                        ("R5", "lef"), ("R6", "lef"), ("R7", "veranderring"), ("R8", "mindset"), ("R9", "[PERSOON-1]"))


def test_the_private_term_list_has_the_hidden_terms_and_stays_out_of_the_published_folder(small, tmp_path):
    (output,) = run(PRIVATE_FRAME, small, tmp_path / "wordles", private_terms_dir=tmp_path)
    private = tmp_path / PRIVATE_TERMS_FILE  # the run's root, beside privacy-findings.csv
    assert private.read_text(encoding="utf-8").startswith("# NIET PUBLICEREN")
    terms = pd.read_csv(private, comment="#")
    assert "mindset" in set(terms["term"]) and "mindset" not in set(pd.read_csv(output.counts_csv)["term"])
    assert not terms["reason"].str.startswith("privacy").any() and "persoon" not in set(terms["term"].str.lower())
    assert not list((tmp_path / "wordles").rglob(PRIVATE_TERMS_FILE))
    published = [p for p in (tmp_path / "wordles").rglob("*") if p.is_file() and p.suffix != ".png"]
    assert not any("prive" in p.read_text(encoding="utf-8") for p in published)


def test_without_a_folder_for_it_the_private_term_list_is_not_written(small, tmp_path):
    run(PRIVATE_FRAME, small, tmp_path / "wordles")
    assert not list(tmp_path.rglob(PRIVATE_TERMS_FILE))


def test_the_named_question_word_and_its_verb_are_left_out(small, tmp_path):
    frame = answers(("R1", "transformeren"), ("R2", "transformatie"), ("R3", "lef"), ("R4", "lef"), ("R5", "tijd"),
                    ("R6", "tijd"), ("R7", "ruimte"), ("R8", "ruimte"), question="Wat vraagt de transformatie?")
    (output,) = run(frame, dataclasses.replace(small, question_word="transformatie"), tmp_path)
    counts = pd.read_csv(output.counts_csv).set_index("term")
    assert counts.loc["transformeren", "reason"] == "sleutelwoord van de vraag"
    assert "transformeren" not in {t.text for t in svg_words(output.svg)}


def test_the_named_question_word_belongs_only_to_the_question_that_contains_it(small, tmp_path):
    words = ["transformatie", "transformatie", "lef", "lef", "tijd", "tijd", "ruimte", "ruimte"]
    asked = answers(*[(f"R{i}", w) for i, w in enumerate(words)], question="Wat moet er transformeren in uw team?")
    other = answers(*[(f"S{i}", w) for i, w in enumerate(words)], question="Wat geeft u energie?")
    documents = pd.concat([asked, other], ignore_index=True).assign(doc_id=lambda f: [f"d{i}" for i in range(len(f))])
    outputs = run(documents, dataclasses.replace(small, question_word="transformatie"), tmp_path)
    shown = {o.name: {t.text for t in svg_words(o.svg)} for o in outputs}
    assert "transformatie" not in shown["antwoorden-wat-moet-er-transformeren-in-uw-team"]
    assert "transformatie" in shown["antwoorden-wat-geeft-u-energie"]


def test_the_named_question_word_never_applies_to_the_notes():
    from pipeline.wordle_output import question_word_of

    assert question_word_of(None, named="transformatie") is None
    assert question_word_of(None, named="transformatie", question_given=True) is None
    assert question_word_of("Wat geeft u energie?", named="transformatie", question_given=True) == "transformatie"
    assert question_word_of("Wat geeft u energie?", named="transformatie") is None


def test_ties_cut_at_max_words_are_named_in_alt_text_and_overview(small, tmp_path):
    words = ["verandering", "loslaten", "vertrouwen", "lef", "mindset", "ruimte", "tijd"]
    frame = answers(*[(f"R{i}{j}", w) for i, w in enumerate(words) for j in range(2)])
    (output,) = run(frame, dataclasses.replace(small, max_words=4), tmp_path)
    note = ("3 termen met evenveel respondenten (2) als het laatst getoonde woord vielen buiten de wordle: die toont "
            "hoogstens 4 woorden; verhoog wordle.max_words om meer te tonen.")
    assert output.alt_text.endswith(note)
    assert pd.read_csv(tmp_path / "overzicht.csv").loc[0, "reason"] == note


def test_the_count_unit_follows_what_the_wordle_counts():
    from pipeline.wordle_output import WordleGroup, count_unit

    def group(kind, **extra):
        return WordleGroup(kind, kind, None, pd.DataFrame(), 1, 1, extra=extra)

    assert count_unit(group("antwoorden")) == "respondenten"
    assert count_unit(group("notities", unit="zinnen")) == "zinnen"
    assert count_unit(group("notities")) == "notities"


def test_no_word_touches_the_edge_of_the_png(sample_answers, settings, tmp_path):
    (output,) = run(sample_answers, dataclasses.replace(settings.wordle, width=800, height=500), tmp_path)
    ink = np.argwhere(np.asarray(Image.open(output.png).convert("L")) < 250)
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0)
    assert min(top, left, 500 - 1 - bottom, 800 - 1 - right) >= 0.03 * 500  # at least 15 px on every side
