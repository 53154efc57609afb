"""Configuration errors: one clear Dutch line on stderr, exit code 2, no traceback unless --debug."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def prefect_env(prefect_harness):
    """Environment for a child process that uses the session's Prefect server instead of starting its own."""
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value() or "")}


@pytest.fixture
def run_cli():
    """Run `ontmoeting ARGS` as a real process; returns (exit code, stdout, stderr)."""

    def run(*args, env: dict | None = None) -> tuple[int, str, str]:
        done = subprocess.run([sys.executable, "-m", "flows.cli", *map(str, args)], cwd=PROJECT_ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        return done.returncode, done.stdout, done.stderr

    return run


def assert_one_dutch_error(code: int, err: str, fragment: str) -> None:
    assert code == 2
    assert "Traceback" not in err, err
    assert "Fout: " in err and fragment in err, err




@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "notitie.txt").write_text("De wijkteams werken samen met de huisartsen.", encoding="utf-8")
    return folder


def test_missing_folder(run_cli, prefect_env, tmp_path):
    assert_one_dutch_error(*run_cli("analyse", tmp_path / "bestaat-niet", "--stil", env=prefect_env)[::2],
                           "bestaat niet")


def test_settings_file_that_is_not_yaml(run_cli, prefect_env, corpus, tmp_path):
    bad = tmp_path / "instellingen.yaml"
    bad.write_text("ingest:\n  max_file_mb: [1, 2\n", encoding="utf-8")
    assert_one_dutch_error(*run_cli("analyse", corpus, "--instellingen", bad, env=prefect_env)[::2],
                           "geen geldige YAML")


def test_unknown_setting(run_cli, prefect_env, corpus, tmp_path):
    bad = tmp_path / "instellingen.yaml"
    bad.write_text("ingest:\n  max_fiel_mb: 3\n", encoding="utf-8")
    assert_one_dutch_error(*run_cli("analyse", corpus, "--instellingen", bad, env=prefect_env)[::2],
                           "Onbekende instelling 'max_fiel_mb'")


def test_missing_settings_file(run_cli, prefect_env, corpus, tmp_path):
    assert_one_dutch_error(*run_cli("analyse", corpus, "--instellingen", tmp_path / "nee.yaml", env=prefect_env)[::2],
                           "niet gevonden")


def test_broken_corpus_description(run_cli, prefect_env, corpus):
    (corpus / "corpus.yaml").write_text("naam: [open\n", encoding="utf-8")
    assert_one_dutch_error(*run_cli("analyse", corpus, env=prefect_env)[::2], "geen geldige YAML")


def test_missing_answer_column(run_cli, tmp_path):
    poll = tmp_path / "poll.csv"
    poll.write_text("respondent;antwoord\n1;Meer tijd\n2;Samen leren\n", encoding="utf-8")
    code, _, err = run_cli("wordle", poll, "--kolom", "reactie", "--uit", tmp_path / "uit")
    assert_one_dutch_error(code, err, "geen antwoordkolom")


def test_two_answer_columns_in_one_wordle_are_refused_not_silently_cut(run_cli, tmp_path):
    poll = tmp_path / "poll.csv"
    poll.write_text("Waar denkt u aan?;Wat heeft u nodig?\nTijd;Ruimte\nSamen;Rust\n", encoding="utf-8")
    code, _, err = run_cli("wordle", poll, "--kolom", "Waar denkt u aan?", "--kolom", "Wat heeft u nodig?",
                           "--uit", tmp_path / "uit")
    assert_one_dutch_error(code, err, "Geef één --kolom")
    assert not (tmp_path / "uit").exists()


def test_unknown_theme_id(run_cli, tmp_path):
    review = tmp_path / "review.csv"
    review.write_text("seg_id,tekst,voorgesteld,correctie\na-0001,Samen leren,,bestaat_niet_thema\n",
                      encoding="utf-8")
    code, _, err = run_cli("importeer-correcties", review, "--uit", tmp_path / "c.csv")
    assert_one_dutch_error(code, err, "Onbekende thema-ids")


def test_gold_file_with_a_missing_column(run_cli, tmp_path):
    gold = tmp_path / "goud.csv"
    gold.write_text("tekst,themes\nSamen leren,\n", encoding="utf-8")
    assert_one_dutch_error(*run_cli("evalueer-themas", gold)[::2], "mist de kolom")


def test_debug_shows_the_full_error(run_cli, tmp_path):
    code, _, err = run_cli("--debug", "wordle", tmp_path / "nee.csv")
    assert code != 0 and "Traceback" in err and "ConfigError" in err and "niet gevonden" in err


def test_missing_framework_of_kader_option(run_cli, prefect_env, corpus, tmp_path):
    code, _, err = run_cli("analyse", corpus, "--kader", tmp_path / "mijn-kader.yaml", "--stil", env=prefect_env)
    assert_one_dutch_error(code, err, "mijn-kader.yaml")


def test_serve_checks_corrections_before_starting(run_cli, corpus, tmp_path):
    bad = tmp_path / "correcties.csv"
    bad.write_text("text,themes\nDe wijkteams werken samen met de huisartsen.,X9\n", encoding="utf-8")
    code, _, err = run_cli("serve", corpus, "--correcties", bad, "--server", "http://127.0.0.1:9")
    assert_one_dutch_error(code, err, "Onbekende thema-ids")


def test_corrections_with_an_unknown_id_stop_before_the_run(run_cli, prefect_env, corpus, tmp_path):
    hand = tmp_path / "correcties.csv"
    hand.write_text("text,themes\nDe wijkteams werken samen met de huisartsen.,P9\n", encoding="utf-8")
    code, _, err = run_cli("analyse", corpus, "--correcties", hand, "--stil", env=prefect_env)
    assert_one_dutch_error(code, err, "Onbekende thema-ids")
    assert "P9" in err


def test_a_poll_export_without_a_known_answer_column_says_how_to_choose_it(run_cli, tmp_path):
    # Google Forms puts the question in the header: the user must learn about --kolom and see the exact headers
    poll = tmp_path / "google-forms.csv"
    poll.write_text('"Tijdstempel","Wat heeft u nodig om te transformeren?"\n'
                    '"2025/03/13 10:12:14 AM CET","minder registratie"\n"2025/03/13 10:12:31 AM CET","tijd"\n',
                    encoding="utf-8")
    code, _, err = run_cli("wordle", poll, "--uit", tmp_path / "uit")
    assert_one_dutch_error(code, err, "kolommen: Tijdstempel, Wat heeft u nodig om te transformeren?")
    assert '--kolom "<exacte kop>"' in err and "antwoordkolom" in err


def test_a_list_written_as_text_in_the_settings_stops_the_wordle(run_cli, tmp_path):
    settings = tmp_path / "fout.yaml"
    settings.write_text("wordle:\n  extra_stopwords: transformeren, change\n", encoding="utf-8")
    poll = tmp_path / "poll.csv"
    poll.write_text("antwoord\ntransformeren\nchange\nruimte\n", encoding="utf-8")
    code, _, err = run_cli("wordle", poll, "--instellingen", settings, "--uit", tmp_path / "uit")
    assert_one_dutch_error(code, err, "extra_stopwords: [transformeren, change]")
    assert not (tmp_path / "uit").exists()


def test_kader_is_read_from_the_current_folder_like_every_path_on_the_command_line(tmp_path, monkeypatch):
    from pathlib import Path

    from flows.cli import framework_option

    monkeypatch.chdir(tmp_path)
    # a missing file is no longer looked for in the project folder: the error names the path tried
    assert framework_option(Path("mijn-kader.yaml")) == str(tmp_path / "mijn-kader.yaml")
    assert framework_option(Path("corpora/kader/transformatieleren.yaml")) == str(
        tmp_path / "corpora/kader/transformatieleren.yaml")


@pytest.mark.parametrize(("args", "fragment"), [
    (("analyse", "notities", "--uitvoer", "x"), "Onbekende optie --uitvoer (bedoelt u --uit?). Hulp: ontmoeting analyse --help"),
    (("analyse",), "Het argument pad ontbreekt"),
    (("analyse", "notities", "--uit"), "De optie --uit heeft een waarde nodig. Hulp: ontmoeting analyse --help"),
    (("analyse", "a", "b"), "Onverwacht extra argument: b"),
    (("wordle", "poll.xlsx", "--seed", "abc"), "--seed moet een geheel getal zijn"),
    (("evalueer-themas", "goud.csv", "--drempel", "0,4"), "--drempel moet een getal zijn (met een punt: 0.4)"),
    (("analyseer", "notities"), "Onbekende opdracht 'analyseer'"),
    (("--debug",), "Geef ook een opdracht, zoals analyse of wordle. Hulp: ontmoeting --help"),
])
def test_a_mistyped_command_gets_one_dutch_line(run_cli, args, fragment):
    assert_one_dutch_error(*run_cli(*args)[::2], fragment)
