"""`ontmoeting wordle BESTAND`: a wordle of one poll export, with the same code as the analyse flow."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from flows.cli import app, main
from pipeline.paths import SAMPLE_CORPUS_DIR

POLL = SAMPLE_CORPUS_DIR / "antwoorden-transformatie.xlsx"
QUESTION = "Waar denkt u aan bij het woord 'transformatie'?"
SMALL = "wordle:\n  width: 400\n  height: 300\n"


@pytest.fixture()
def small_settings(tmp_path) -> Path:
    path = tmp_path / "klein.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def wordle(*args: str):
    result = CliRunner().invoke(app, ["wordle", *map(str, args)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def svg_words(path: Path) -> list[str]:
    return [t.text for t in ET.parse(path).getroot().iter("{http://www.w3.org/2000/svg}text")]


def test_wordle_prints_the_paths_of_png_svg_counts_and_alt_text(tmp_path, small_settings):
    result = wordle(POLL, "--vraag", QUESTION, "--uit", tmp_path / "uit", "--instellingen", small_settings)
    folder = tmp_path / "uit" / "antwoorden-transformatie"
    for name in ("wordle.png", "wordle.svg", "counts.csv", "alt.txt"):
        assert str(folder / name) in result.output and (folder / name).is_file()
    assert svg_words(folder / "wordle.svg")[0] == "verandering"


def test_keep_question_word_and_min_respondents_options(tmp_path, small_settings):
    wordle(POLL, "--vraag", QUESTION, "--uit", tmp_path, "--instellingen", small_settings,
           "--houd-vraagwoord", "--min-respondenten", "3")
    folder = tmp_path / "antwoorden-transformatie"
    counts = pd.read_csv(folder / "counts.csv")
    assert counts.loc[counts["kept"], "respondents"].min() >= 3
    assert "minder dan 3 respondenten" in set(counts["reason"])
    assert "transformatie" not in svg_words(folder / "wordle.svg")  # kept, but only 2 respondents gave it
    wordle(POLL, "--vraag", QUESTION, "--uit", tmp_path / "twee", "--instellingen", small_settings, "--houd-vraagwoord")
    assert "transformatie" in svg_words(tmp_path / "twee" / "antwoorden-transformatie" / "wordle.svg")


def test_seed_option_makes_the_picture_reproducible(tmp_path, small_settings):
    pngs = []
    for folder, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        wordle(POLL, "--uit", tmp_path / folder, "--seed", seed, "--instellingen", small_settings)
        pngs.append((tmp_path / folder / "antwoorden-transformatie" / "wordle.png").read_bytes())
    assert pngs[0] == pngs[1] != pngs[2]


def test_answer_column_option_reads_a_csv_export(tmp_path, small_settings):
    poll = tmp_path / "poll.csv"
    rows = [f"P{i};{word}" for i, word in enumerate(["Loslaten!", "loslaten", "ruimte", "Ruimte", "tijd", "tijd."])]
    poll.write_text("deelnemer;mening\n" + "\n".join(rows) + "\n", encoding="utf-8")
    wordle(poll, "--kolom", "mening", "--uit", tmp_path / "uit", "--instellingen", small_settings)
    assert set(svg_words(tmp_path / "uit" / "antwoorden" / "wordle.svg")) == {"loslaten", "ruimte", "tijd"}


def test_several_polls_give_a_series(tmp_path, small_settings):
    polls = []
    for name, words in (("najaar", ["loslaten"] * 3 + ["ruimte"] * 2 + ["tijd"] * 2),
                        ("voorjaar", ["ruimte"] * 3 + ["lef"] * 2 + ["tijd"] * 2)):
        polls.append(tmp_path / f"{name}.csv")
        polls[-1].write_text("antwoord\n" + "\n".join(words) + "\n", encoding="utf-8")
    result = wordle(*polls, "--uit", tmp_path / "uit", "--instellingen", small_settings)
    assert "antwoorden-per-bijeenkomst" in result.output
    assert (tmp_path / "uit" / "antwoorden-per-bijeenkomst" / "counts-najaar.csv").is_file()


def test_a_missing_file_is_one_dutch_line_and_exit_code_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["ontmoeting", "wordle", str(tmp_path / "weg.xlsx"), "--uit", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    assert "Fout: Bestand niet gevonden" in capsys.readouterr().err


def test_names_phone_numbers_and_e_mail_never_reach_the_wordle(tmp_path, small_settings):
    answers = ["Marieke de Jong", "Marieke de Jong", "bel 06-12345678", "bel 06-12345678", "piet@example.nl",
               "piet@example.nl", "samen leren", "samen leren", "ruimte voor maatwerk", "ruimte voor maatwerk",
               "de wijk in", "dichtbij de wijk"]
    poll = tmp_path / "poll.csv"
    pd.DataFrame({"respondent": [f"R{i}" for i in range(len(answers))], "antwoord": answers}).to_csv(poll, index=False)
    result = wordle(poll, "--vraag", QUESTION, "--uit", tmp_path / "uit", "--instellingen", small_settings)
    folder = tmp_path / "uit" / "antwoorden-transformatie"  # named after the question
    published = " ".join([*svg_words(folder / "wordle.svg"), (folder / "counts.csv").read_text(encoding="utf-8"),
                          (folder / "alt.txt").read_text(encoding="utf-8")]).lower()
    assert "maatwerk" in published and "samen leren" in published
    for identifier in ("marieke", "jong", "12345678", "piet", "example"):
        assert identifier not in published
    findings = pd.read_csv(tmp_path / "uit" / "privacy-findings.csv")
    assert set(findings["category"]) == {"persoon", "telefoon", "email"}
    assert "Persoonsgegevens vervangen: 6" in result.output


def test_privacy_off_leaves_no_findings_of_an_earlier_run(tmp_path, small_settings):
    out = tmp_path / "uit"
    out.mkdir()
    (out / "privacy-findings.csv").write_text("doc_id,category,placeholder,start,end,field\n", encoding="utf-8")
    off = tmp_path / "uit.yaml"
    off.write_text(small_settings.read_text(encoding="utf-8") + "privacy:\n  mode: uit\n", encoding="utf-8")
    result = wordle(POLL, "--vraag", QUESTION, "--uit", out, "--instellingen", off)
    assert not (out / "privacy-findings.csv").exists() and "Persoonsgegevens" not in result.output


def test_the_guard_deletes_every_file_it_was_given_when_one_leaks(tmp_path):
    from pipeline.privacy import PrivacyLeakError
    from pipeline.wordles import _guard_written

    panel, counts = tmp_path / "counts-poll1.csv", tmp_path / "counts.csv"
    panel.write_text("term,respondents\npietersen,3\n", encoding="utf-8")
    counts.write_text("term,respondents\nvertrouwen,3\n", encoding="utf-8")
    with pytest.raises(PrivacyLeakError, match="counts-poll1.csv"):
        _guard_written([counts, panel], identifiers={"Pietersen"})
    assert not panel.exists() and not counts.exists()


def google_forms_export(path: Path, answers: list[str]) -> Path:
    """A Google Forms csv: a timestamp column and the question itself as the column header."""
    frame = pd.DataFrame({"Tijdstempel": [f"2025/03/13 10:{i:02d}:00 AM CET" for i in range(len(answers))],
                          QUESTION: answers})
    frame.to_csv(path, index=False)
    return path


def test_a_question_in_the_column_header_is_the_question(tmp_path, small_settings):
    answers = ["transformatie", "Transformatie!", "verandering", "verandering", "loslaten", "loslaten",
               "ruimte", "ruimte", "eigen kracht", "eigen kracht"]
    poll = google_forms_export(tmp_path / "google-forms.csv", answers)
    wordle(poll, "--kolom", QUESTION, "--uit", tmp_path / "uit", "--instellingen", small_settings)
    folder = tmp_path / "uit" / "antwoorden-transformatie"  # named after the question, not 'antwoorden'
    assert "transformatie" not in svg_words(folder / "wordle.svg")  # the question word is dropped
    assert {"verandering", "loslaten", "ruimte"} <= set(svg_words(folder / "wordle.svg"))
    assert pd.read_csv(tmp_path / "uit" / "overzicht.csv")["question"].tolist() == [QUESTION]
    assert QUESTION in (folder / "alt.txt").read_text(encoding="utf-8")


def test_a_plain_column_name_is_no_question():
    from pipeline.wordle_text import question_from_header

    names = ["antwoord", "answer", "tekst", "text", "response", "reactie"]
    assert question_from_header("Tekst", answer_columns=names) is None
    assert question_from_header("mening", answer_columns=names) is None
    assert question_from_header("Wat heeft u nodig?", answer_columns=names) == "Wat heeft u nodig?"
    assert question_from_header("Eén woord bij  transformatie", answer_columns=names) == "Eén woord bij transformatie"


def test_the_wordle_has_a_manifest_and_an_earlier_figure_is_never_silently_replaced(tmp_path, small_settings,
                                                                                   monkeypatch, capsys):
    import json

    from pipeline.runs import file_sha256

    out = tmp_path / "uit"
    wordle(POLL, "--vraag", QUESTION, "--uit", out, "--seed", "42", "--instellingen", small_settings)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 42 and manifest["question"] == QUESTION and manifest["soort"] == "wordle"
    assert manifest["inputs"] == [{"file": str(POLL.resolve()), "sha256": file_sha256(POLL)}]
    assert manifest["word_lists"]["merges"]["sha256"] and manifest["settings"]["wordle"]["width"] == 400
    png = out / "antwoorden-transformatie" / "wordle.png"
    assert manifest["outputs"]["antwoorden-transformatie/wordle.png"] == file_sha256(png)
    first = png.read_bytes()
    monkeypatch.setattr(sys, "argv", ["ontmoeting", "wordle", str(POLL), "--vraag", QUESTION, "--uit", str(out),
                                      "--seed", "7", "--instellingen", str(small_settings)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2 and png.read_bytes() == first
    assert f"De map {out} bevat al wordles (gemaakt " in capsys.readouterr().err
    wordle(POLL, "--vraag", QUESTION, "--uit", out, "--seed", "7", "--instellingen", small_settings,
           "--overschrijven")
    assert png.read_bytes() != first
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["seed"] == 7


def test_a_merges_file_next_to_the_settings_file_is_used(tmp_path):
    folder = tmp_path / "conferentie"
    folder.mkdir()
    (folder / "mijn-samenvoegingen.csv").write_text("variant,term\nlef,moed\n", encoding="utf-8")
    settings = folder / "mijn-instellingen.yaml"
    settings.write_text(SMALL + "  merges: mijn-samenvoegingen.csv\n", encoding="utf-8")
    poll = tmp_path / "poll.csv"
    poll.write_text("antwoord\n" + "\n".join(["moed", "moed", "lef", "lef", "ruimte", "ruimte", "tijd", "tijd"]) + "\n",
                    encoding="utf-8")
    wordle(poll, "--uit", tmp_path / "uit", "--instellingen", settings)
    counts = pd.read_csv(tmp_path / "uit" / "antwoorden" / "counts.csv")
    assert counts.set_index("term").loc["moed", "respondents"] == 4 and "lef" not in set(counts["term"])


PRIVATE_POLL = ["moed", "moed", "lef", "lef", "ruimte", "ruimte", "tijd", "tijd", "mindset", "peters"]


def test_the_private_term_list_is_written_only_on_request_and_never_among_the_wordles(tmp_path, small_settings):
    poll = tmp_path / "poll.csv"
    poll.write_text("antwoord\n" + "\n".join(PRIVATE_POLL) + "\n", encoding="utf-8")
    result = wordle(poll, "--uit", tmp_path / "uit", "--instellingen", small_settings)
    assert not list((tmp_path / "uit").rglob("alle-termen-prive.csv")) and "prive" not in result.output
    assert "peters" not in " ".join(p.read_text(encoding="utf-8", errors="replace")
                                    for p in (tmp_path / "uit").rglob("*") if p.is_file())
    result = wordle(poll, "--uit", tmp_path / "eigen", "--instellingen", small_settings, "--prive-termen")
    private = tmp_path / "eigen" / "alle-termen-prive.csv"
    assert private.read_text(encoding="utf-8").startswith("# NIET PUBLICEREN")
    assert "peters" in set(pd.read_csv(private, comment="#")["term"])
    assert f"NIET PUBLICEREN, alleen voor uzelf): {private}" in result.output
    assert not list((tmp_path / "eigen" / "antwoorden").rglob("alle-termen-prive.csv"))


def test_the_named_question_word_applies_to_the_question_given_with_vraag(tmp_path):
    settings = tmp_path / "vraagwoord.yaml"
    settings.write_text(SMALL + "  question_word: transformatie\n", encoding="utf-8")
    poll = tmp_path / "poll.csv"
    poll.write_text("antwoord\n" + "\n".join(["transformatie"] * 2 + ["lef", "lef", "tijd", "tijd", "ruimte",
                                                                        "ruimte"]) + "\n", encoding="utf-8")
    wordle(poll, "--vraag", "Wat geeft u energie?", "--uit", tmp_path / "vraag", "--instellingen", settings)
    wordle(poll, "--uit", tmp_path / "zonder", "--instellingen", settings)  # no question: nothing to leave out
    assert "transformatie" not in svg_words(tmp_path / "vraag" / "antwoorden-wat-geeft-u-energie" / "wordle.svg")
    assert "transformatie" in svg_words(tmp_path / "zonder" / "antwoorden" / "wordle.svg")


@pytest.mark.parametrize(("manifest", "message"), [
    ('{"created": "2026-11-01T10:00:00", "corpus": "conferentie"}', "is een analyse-run"),
    ('{"seed": 42, "outp', "manifest.json is beschadigd"),
])
def test_a_run_folder_or_a_damaged_manifest_is_one_dutch_line_and_stays(tmp_path, monkeypatch, capsys,
                                                                        small_settings, manifest, message):
    out = tmp_path / "run"
    out.mkdir()
    (out / "manifest.json").write_text(manifest, encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["ontmoeting", "wordle", str(POLL), "--uit", str(out), "--overschrijven",
                                      "--instellingen", str(small_settings)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and message in err and "Traceback" not in err
    assert (out / "manifest.json").read_text(encoding="utf-8") == manifest and len(list(out.iterdir())) == 1


def test_a_name_in_the_poll_file_name_is_coded_in_the_wordle_manifest(tmp_path, small_settings, monkeypatch):
    """The manifest sits in the published wordle folder: a poll saved under a person's name must not name her."""
    import json
    import shutil

    poll = tmp_path / "poll Sanne Kok transformatie.xlsx"
    shutil.copy(POLL, poll)
    monkeypatch.setattr(sys, "argv", ["ontmoeting", "wordle", str(poll)])  # the command line is published too
    wordle(poll, "--vraag", QUESTION, "--uit", tmp_path / "uit", "--instellingen", small_settings)
    manifest = (tmp_path / "uit" / "manifest.json").read_text(encoding="utf-8")
    assert "Sanne" not in manifest and "Kok" not in manifest
    assert json.loads(manifest)["inputs"][0]["file"].endswith("poll [PERSOON] transformatie.xlsx")
