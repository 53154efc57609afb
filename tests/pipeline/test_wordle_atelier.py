"""The wordle workshop: redraw a run's wordle with other words and colours, save it with its choices."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline import runs, wordle_atelier
from pipeline.config import ConfigError
from pipeline.nlp import annotate_documents

QUESTION = "Waar denkt u aan bij het woord 'transformatie'?"
ANSWERS = [
    "Samenwerking met de wijkteams en meer ruimte voor de professional",
    "Loslaten van regels, vertrouwen in de professional",
    "Vertrouwen en samenwerking",
    "Het wijkteam dichtbij de inwoner",
    "Samenwerking tussen wijkteam en huisarts",
    "Ruimte, vertrouwen, loslaten",
    "Eigen kracht van inwoners",
    "Minder regels en meer vertrouwen",
]


@pytest.fixture(scope="module")
def run(dutch_nlp, settings, tmp_path_factory):
    """A small finished run with the answers to one conference question."""
    documents = pd.DataFrame([{"doc_id": f"a{i:02d}", "source": "antwoorden.xlsx", "format": "xlsx", "kind": "antwoord",
                               "row": i, "text": text, "vraag": QUESTION, "respondent": f"r{i}", "bijeenkomst": None,
                               "datum": "2025-03-13", "gemeente": None, "rol": None, "language": "nl",
                               "n_words": len(text.split())} for i, text in enumerate(ANSWERS)])
    segments, tokens = annotate_documents(dutch_nlp, documents, batch_size=16)
    tmp = runs.start_run(tmp_path_factory.mktemp("outputs"), "werkconferentie")
    for name, table in {"documents": documents, "segments": segments, "tokens": tokens}.items():
        table.to_parquet(tmp / f"{name}.parquet", index=False)
    runs.write_manifest(tmp, corpus="x", settings=settings.to_dict())
    return runs.load_run(runs.finish_run(tmp))


def shown(table: pd.DataFrame) -> set[str]:
    return set(table.loc[table["kept"], "term"])


def test_draw_shows_the_terms_of_several_respondents(run):
    output, table = wordle_atelier.draw(run, "antwoorden-transformatie")
    assert output is not None and output.png.is_file() and output.svg.is_file()
    assert {"samenwerking", "vertrouwen"} <= shown(table)
    assert "respondent_ids" not in table
    assert output.png.parent.parent == run.path.parent / "atelier" / ".voorbeeld"


def test_extra_stop_words_and_merges_change_the_wordle(run):
    choices = wordle_atelier.Choices(extra_stopwords=["vertrouwen"], merges={"loslaten": "ruimte"})
    _, table = wordle_atelier.draw(run, "antwoorden-transformatie", choices)
    assert "vertrouwen" not in shown(table)
    assert table.set_index("term").loc["vertrouwen", "reason"] == "stopwoord"
    assert table.set_index("term").loc["ruimte", "respondents"] == 3  # 'ruimte' (2) and 'loslaten' (2), one overlap


def test_the_privacy_threshold_can_be_raised_but_not_lowered(run):
    stricter = wordle_atelier.Choices(settings={"min_respondents": 3})
    _, table = wordle_atelier.draw(run, "antwoorden-transformatie", stricter)
    assert (table.loc[table["kept"], "respondents"] >= 3).all()
    with pytest.raises(ConfigError, match="min_respondents mag niet lager"):
        wordle_atelier.draw(run, "antwoorden-transformatie", wordle_atelier.Choices(settings={"min_respondents": 1}))
    with pytest.raises(ConfigError, match="Geen wordle 'notities'"):
        wordle_atelier.draw(run, "notities")


def test_save_keeps_the_choices_next_to_the_wordle_and_never_overwrites(run, tmp_path):
    choices = wordle_atelier.Choices(extra_stopwords=["wijkteam"], palette="Dark2", settings={"width": 800, "height": 500})
    first = wordle_atelier.save(run, "antwoorden-transformatie", choices, title="Jaarverslag 2025", atelier_dir=tmp_path)
    assert first.png == tmp_path / "jaarverslag-2025" / "wordle.png"
    assert {p.name for p in first.png.parent.iterdir()} == {"wordle.png", "wordle.svg", "counts.csv", "alt.txt",
                                                           "keuzes.json"}
    record = json.loads((first.png.parent / "keuzes.json").read_text(encoding="utf-8"))
    assert record["run"] == str(run.path) and record["choices"]["extra_stopwords"] == ["wijkteam"]
    second = wordle_atelier.save(run, "antwoorden-transformatie", choices, title="Jaarverslag 2025", atelier_dir=tmp_path)
    assert second.png.parent != first.png.parent and first.png.is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no scratch folders left


def test_framework_terms_give_colours_per_theme(run):
    from pipeline.framework import load_framework
    from pipeline.paths import resolve_project_path

    framework = load_framework(resolve_project_path(run.manifest["settings"]["themes"]["framework"]))
    term_themes = wordle_atelier.framework_term_themes(framework)
    assert term_themes and set(term_themes.values()) <= {t.id for t in framework.themes}
    output, _ = wordle_atelier.draw(run, "antwoorden-transformatie", wordle_atelier.Choices(term_themes=term_themes))
    assert output is not None and "<text" in output.svg.read_text(encoding="utf-8")


def test_the_theme_colours_come_with_a_legend(run):
    term_themes = {"samenwerking": "L1", "wijkteam": "L1", "vertrouwen": "P2", "nergens": "P9"}
    choices = wordle_atelier.Choices(term_themes=term_themes, theme_colours={"P2": "#A6361C"})
    output, table = wordle_atelier.draw(run, "antwoorden-transformatie", choices)
    legend = wordle_atelier.theme_legend(choices, labels={"L1": "Samen werken", "P2": "Vertrouwen geven"}, terms=table)
    assert legend["thema"].tolist() == ["L1", "P2", ""]  # P9 has no word in this wordle
    colours = dict(zip(legend["thema"], legend["kleur"]))
    assert colours["P2"] == "#a6361c" and colours[""] == "#6B6B6B"
    assert colours["L1"] in output.svg.read_text(encoding="utf-8").lower()  # the colour the drawing used
    assert "vertrouwen" in legend.set_index("thema").loc["P2", "woorden"]
    figure = wordle_atelier.with_legend(output.png, legend)
    texts = [text.get_text() for text in figure.legends[0].get_texts()]
    assert texts == ["Samen werken (L1)", "Vertrouwen geven (P2)", "overige woorden"]


def test_words_that_are_not_in_the_wordle_change_nothing(run):
    choices = wordle_atelier.Choices(extra_stopwords=["bestaatniet"], merges={"ookniet": "samenwerking"})
    _, plain = wordle_atelier.draw(run, "antwoorden-transformatie")
    _, table = wordle_atelier.draw(run, "antwoorden-transformatie", choices)
    assert shown(table) == shown(plain)
