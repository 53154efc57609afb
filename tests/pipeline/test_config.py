"""Settings: defaults from corpora/instellingen.yaml, user overrides, Dutch errors for mistakes."""

import pytest

from pipeline.config import ConfigError, load_settings


def test_defaults_load_from_the_yaml_file():
    settings = load_settings()
    assert settings.privacy.mode == "pseudonimiseren"
    assert settings.wordle.min_respondents == 2
    assert settings.themes.framework.endswith("transformatieleren.yaml")


def test_user_file_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "mijn.yaml"
    path.write_text("wordle:\n  min_respondents: 3\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.wordle.min_respondents == 3
    assert settings.wordle.seed == load_settings().wordle.seed


def test_unknown_key_is_a_dutch_error_that_names_it(tmp_path):
    path = tmp_path / "mijn.yaml"
    path.write_text("wordle:\n  min_respondent: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Onbekende instelling 'min_respondent'"):
        load_settings(path)


@pytest.mark.parametrize("content, message", [
    ("wordle: [1, 2", "geen geldige YAML"),
    ("themes:\n\tthreshold: 0.4\n", "regel 2, kolom 1: er staat een tab; spring in met spaties"),
    ("report:\n  title: Thema: wijk noord\n", "regel 2.*zet de waarde tussen aanhalingstekens"),
    ("- a\n- b\n", "YAML-mapping"),
    ("privacy:\n  mode: anoniem\n", "Onbekende privacymodus"),
    ("themes:\n  threshold: 3\n", "tussen 0 en 1"),
    ("themes:\n  threshold: hoog\n", "'themes.threshold' moet een getal .* zijn, niet 'hoog'"),
    ("wordle:\n  min_respondents: twee\n", "'wordle.min_respondents' moet een geheel getal zijn"),
    ("wordle:\n  max_words: veel\n", "'wordle.max_words' moet een geheel getal zijn"),
    ("report:\n  n_quotes: '4'\n", "'report.n_quotes' moet een geheel getal zijn, niet '4'"),
    ("wordle:\n  drop_question_word: misschien\n", "ja of nee"),
    ("wordle:\n  max_words: 0\n", "wordle.max_words moet minstens 1 zijn"),
    ("themes:\n  framework:\n", "'themes.framework' moet tekst zijn, niet leeg"),
    ("ingest:\n  languages: [nl, 3]\n", "lijst met tekst"),
    ("wordle:\n  palette: regenboog\n", "Onbekend kleurenpalet 'regenboog'"),
    ("wordle:\n  mask: vorm.png\n", "wordle.mask: afbeelding vorm.png niet gevonden"),
    ("wordle:\n  palette: []\n", "wordle.palette is een lege lijst"),
    ("ingest:\n  languages: []\n", "ingest.languages is leeg"),
    ("ingest:\n  max_rows: 0\n", "ingest.max_rows moet minstens 1 zijn"),
    ("ingest:\n  max_file_mb: -1\n", "ingest.max_file_mb moet groter dan 0 zijn"),
])
def test_bad_values_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "fout.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_missing_settings_file_is_reported(tmp_path):
    with pytest.raises(ConfigError, match="niet gevonden"):
        load_settings(tmp_path / "bestaat-niet.yaml")


def test_settings_of_an_older_run_get_new_keys_from_the_defaults():
    import dataclasses

    from pipeline.config import settings_of_run

    recorded = {name: dataclasses.asdict(section) for name, section in vars(load_settings()).items()}
    del recorded["themes"]["cluster_threshold"]  # runs made before the setting existed
    recorded["wordle"]["min_respondents"] = 5
    settings = settings_of_run(recorded)
    assert settings.themes.cluster_threshold == load_settings().themes.cluster_threshold
    assert settings.wordle.min_respondents == 5  # what the run used wins


def test_one_language_may_be_written_without_a_list(tmp_path):
    # 'languages: nl' used to be read letter by letter, and every Dutch file was skipped as 'niet l of n'
    path = tmp_path / "taal.yaml"
    path.write_text("ingest:\n  languages: nl\nthemes:\n  threshold: 1\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.ingest.languages == ["nl"] and settings.themes.threshold == 1.0
