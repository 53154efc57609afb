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
    ("- a\n- b\n", "YAML-mapping"),
    ("privacy:\n  mode: anoniem\n", "Onbekende privacymodus"),
    ("themes:\n  threshold: 3\n", "tussen 0 en 1"),
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
