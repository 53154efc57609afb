"""Settings: defaults from corpora/instellingen.yaml, user overrides, Dutch errors for mistakes."""

import pytest

from pipeline.config import ConfigError, load_settings, read_yaml


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
    ("themes:\n  threshold: hoog\n",
     "'themes.threshold' moet een getal zijn, niet 'hoog'. Schrijf bijvoorbeeld: threshold: 0.4"),
    ("wordle:\n  min_respondents: twee\n", "'wordle.min_respondents' moet een geheel getal zijn"),
    ("wordle:\n  max_words: veel\n", "'wordle.max_words' moet een geheel getal zijn"),
    ("report:\n  n_quotes: '4'\n", "'report.n_quotes' moet een geheel getal zijn, niet '4'"),
    ("wordle:\n  drop_question_word: misschien\n", "ja of nee"),
    ("wordle:\n  max_words: 0\n", "wordle.max_words moet minstens 1 zijn"),
    ("themes:\n  framework:\n", "'themes.framework' moet tekst zijn, niet leeg"),
    ("ingest:\n  languages: [nl, 3]\n", "lijst met tekst"),
    ("wordle:\n  palette: regenboog\n", "Onbekend kleurenpalet 'regenboog'"),
    ("wordle:\n  mask: vorm.png\n", "wordle.mask: bestand niet gevonden: .*vorm.png"),
    ("wordle:\n  mask: /nergens/vorm.png\n", "wordle.mask: afbeelding /nergens/vorm.png niet gevonden"),
    # a list written without brackets was read as one stop word, so both words stayed in the wordle
    ("wordle:\n  extra_stopwords: transformeren, change\n",
     "'wordle.extra_stopwords' moet een lijst met tekst zijn, niet 'transformeren, change'. Schrijf bijvoorbeeld: "
     "extra_stopwords: \\[transformeren, change\\]"),
    ("ingest:\n  languages: nl, en\n", "languages: \\[nl, en\\]"),
    ("wordle:\n  seed: '7'\n", "'wordle.seed' moet een geheel getal zijn, niet '7'. Schrijf bijvoorbeeld: seed: 42"),
    ("wordle:\n  stopwords: [a.txt, b.txt]\n", "'wordle.stopwords' moet tekst zijn.*stopwords: corpora/lijsten"),
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


def test_relative_paths_in_a_user_file_are_read_from_its_folder(tmp_path):
    # a user keeps his lists next to his YAML; they used to be looked for in the project folder
    folder = tmp_path / "werkconferentie"
    folder.mkdir()
    (folder / "mijn-samenvoegingen.csv").write_text("variant,term\nveranderring,verandering\n", encoding="utf-8")
    (folder / "lijsten").mkdir()
    (folder / "lijsten" / "stop.txt").write_text("eigenlijk\n", encoding="utf-8")
    path = folder / "mijn.yaml"
    path.write_text("wordle:\n  merges: mijn-samenvoegingen.csv\n  stopwords: lijsten/stop.txt\n  mask: cirkel\n",
                    encoding="utf-8")
    settings = load_settings(path)
    assert settings.wordle.merges == str(folder / "mijn-samenvoegingen.csv")
    assert settings.wordle.stopwords == str(folder / "lijsten" / "stop.txt")
    assert settings.wordle.mask == "cirkel"  # a built-in shape is no path
    assert settings.themes.framework == load_settings().themes.framework  # the defaults: from the project


def test_a_missing_relative_path_names_the_path_tried_and_the_project_file_meant(tmp_path):
    path = tmp_path / "mijn.yaml"
    path.write_text("wordle:\n  merges: mijn-samenvoegingen.csv\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"wordle.merges: bestand niet gevonden: {tmp_path}/mijn-samenvoegingen.csv. "
                                          "Een relatief pad in een instellingenbestand telt vanaf de map"):
        load_settings(path)
    path.write_text("themes:\n  framework: corpora/kader/transformatieleren.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="Bedoelt u .*/corpora/kader/transformatieleren.yaml"):
        load_settings(path)  # a copy of the defaults, moved out of the project


FRAMEWORK_START = ("naam: Positieve gezondheid\nversie: 1\nthemas:\n  - id: kwaliteit\n    soort: dimensie\n"
                   "    label: Kwaliteit van leven\n")


@pytest.mark.parametrize("rest, message", [
    # `termen:` indented deeper than `beschrijving:` reads as text of the description, then a colon
    ("    beschrijving: Genieten, gelukkig zijn.\n      termen: [kwaliteit, geluk]\n    frasen: [goed leven]\n",
     "regel 8, kolom 13: 'termen' springt waarschijnlijk verkeerd in: laat de sleutel in kolom 5 beginnen, "
     "net als 'beschrijving' op regel 7"),
    ("    beschrijving: Genieten.\n      termen:\n        - kwaliteit\n",
     "regel 8, kolom 13: 'termen' springt waarschijnlijk verkeerd in"),
    ("    beschrijving: Let op: genieten en geluk\n    termen: [kwaliteit]\n",
     "regel 7, kolom 25: een waarde bevat een dubbele punt; zet de waarde tussen aanhalingstekens"),
])
def test_a_colon_where_yaml_expects_none_gets_advice_from_the_line_itself(tmp_path, rest, message):
    path = tmp_path / "kader.yaml"
    path.write_text(FRAMEWORK_START + rest, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        read_yaml(path, what="Kader")
    assert message in str(raised.value)
    if "springt" in message:
        assert "aanhalingstekens" not in str(raised.value).split("(hoort")[0]
