"""The framework YAML: the project's own lessons and principles, and user frameworks with mistakes."""

from __future__ import annotations

import pytest

from pipeline.config import ConfigError
from pipeline.framework import Framework, load_framework
from pipeline.paths import CORPORA_DIR

FRAMEWORK_FILE = CORPORA_DIR / "kader" / "transformatieleren.yaml"
EXPECTED = {
    "L1": "Ruimte voor ontmoeting",
    "L2": "Nabijheid in de wijk",
    "L3": "Ruimte voor (ontwikkeling van) professionele autonomie",
    "L4": "Een gedeelde professionele identiteit",
    "L5": "Transformatie op alle niveaus",
    "P1": "Ervaringsleren",
    "P2": "Benutten van onzeker weten",
    "P3": "Inductieve kennisontwikkeling",
    "P4": "Benutten van spanningen en conflicten",
    "P5": "Boundary crossing",
    "P6": "Discursieve betekenisgeving en actieleren",
    "P7": "Kenniscreatie via trialogisch leren",
}

MINIMAL = """naam: Mijn kader
versie: "0.1"
themas:
  - id: A
    soort: thema
    label: Armoede
    termen: [armoede, schuld]
  - id: B
    label: Eenzaamheid
    termen: [eenzaamheid]
    frasen: [alleen thuis zitten]
"""


def write(tmp_path, text: str):
    path = tmp_path / "kader.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_framework_has_the_five_lessons_and_seven_principles():
    framework = load_framework(FRAMEWORK_FILE)
    assert framework.labels == EXPECTED
    assert framework.version and framework.name
    kinds = {theme.id: theme.kind for theme in framework.themes}
    assert {kinds[i] for i in EXPECTED if i.startswith("L")} == {"les"}
    assert {kinds[i] for i in EXPECTED if i.startswith("P")} == {"principe"}
    for theme in framework.themes:
        assert len(theme.terms) >= 10 and len(theme.phrases) >= 5 and len(theme.description) > 100
        assert all(term == term.lower() for term in theme.terms + theme.support_terms)
        assert len(theme.support_terms) >= 10
        assert not set(theme.terms) & set(theme.support_terms), theme.id
        assert len(set(theme.phrases)) == len(theme.phrases), theme.id


def test_every_phrase_of_the_project_framework_has_a_content_word():
    """Phrases are matched word by word in a small window; one of only stop words would match anywhere."""
    from spacy.lang.nl.stop_words import STOP_WORDS

    framework = load_framework(FRAMEWORK_FILE)
    for theme in framework.themes:
        for phrase in theme.phrases:
            words = [word for word in phrase.lower().split() if word not in STOP_WORDS]
            assert set(words) - set(framework.neutral_terms), (theme.id, phrase)


def test_supporting_terms_are_optional_and_read_like_terms(tmp_path):
    framework = load_framework(write(tmp_path, MINIMAL.replace(
        "termen: [armoede, schuld]", "termen: [armoede, schuld]\n    bijtermen: [Geld, budget, rood staan]")))
    assert framework.theme("A").support_terms == ("geld", "budget", "rood staan")
    assert framework.theme("B").support_terms == ()


def test_a_user_framework_loads_without_code_changes(tmp_path):
    framework = load_framework(write(tmp_path, MINIMAL))
    assert isinstance(framework, Framework)
    assert framework.theme_ids == ["A", "B"]
    assert framework.theme("B").phrases == ("alleen thuis zitten",)
    assert framework.theme("B").kind == "thema"
    assert framework.version == "0.1"


@pytest.mark.parametrize("text, message", [
    (MINIMAL.replace("  - id: B\n", "  - id: A\n"), "komt meer dan eens voor"),
    (MINIMAL.replace("  - id: B\n", "  - soort: thema\n"), "mist 'id'"),
    (MINIMAL.replace("    label: Eenzaamheid\n", ""), "mist 'label'"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen: []"), "heeft geen termen"),
    (MINIMAL.replace("termen: [eenzaamheid]", ""), "heeft geen termen"),
    ("naam: x\nthemas: [\n", "geen geldige YAML"),
    ("naam: x\n", "geen lijst 'themas:'"),
    ("- gewoon een lijst\n", "sleutels met waarden"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen: {a: 1}"), "moet een lijst zijn"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen: [eenzaamheid]\n    bijtermen: {a: 1}"), "moet een lijst zijn"),
    (MINIMAL.replace("  - id: B\n", "  - id: w 1\n"), "thema-id 'w 1' van thema nummer 2 \\('Eenzaamheid'\\).*geen spaties"),
    (MINIMAL.replace("  - id: B\n", "  - id: B;C\n"), "thema-id 'B;C'.*ongeldig"),
    (MINIMAL.replace("  - id: B\n", "  - id: _B\n"), "begint met een letter of cijfer"),
    (MINIMAL.replace("  - id: B\n", "  - id: a\n"), "thema-id 'a' is hetzelfde id als 'A'.*hoofd- en kleine letters"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen: eenzaamheid, alleen"),
     "'termen' bij thema B.*is tekst, geen lijst.*'termen: \\[huisarts, poh\\]'.*'- '"),
    (MINIMAL.replace("frasen: [alleen thuis zitten]", "frasen: alleen thuis zitten"), "'frasen' bij thema B.*geen lijst"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen: [eenzaamheid]\n    voorbeelden: Ik zit vaak alleen."),
     "'voorbeelden' bij thema B.*geen lijst"),
    (MINIMAL.replace("themas:", "neutrale_termen: bewoner, buurt\nthemas:"), "'neutrale_termen' in .*geen lijst"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen:\n      - eenzaamheid\n      -\n      - alleen"), "'termen' bij thema B.*item 2 is leeg"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen:\n      - eenzaamheid\n      - ' '"), "item 2 is leeg"),
    (MINIMAL.replace("termen: [eenzaamheid]", "termen: [eenzaamheid, no]"), "item 2 leest YAML als ja/nee"),
    (MINIMAL.replace("    termen: [eenzaamheid]", "    termn: [eenzaamheid]"),
     "Onbekende sleutel 'termn' bij thema B.*Bedoelt u 'termen'\\?"),
    (MINIMAL.replace("versie:", "verzie:"), "Onbekende sleutel 'verzie' bovenaan in .*Bedoelt u 'versie'\\?"),
    (MINIMAL.replace("  - id: B\n", "  - ID: B\n"), "Onbekende sleutel 'ID' bij thema nummer 2.*Bedoelt u 'id'\\?.*Bekende sleutels: id,"),
    ("themes:\n  framework: kader.yaml\n", "lijkt een instellingenbestand.*--kader"),
])
def test_user_mistakes_give_a_dutch_config_error(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_framework(write(tmp_path, text))


def test_ids_may_hold_letters_digits_underscores_and_hyphens(tmp_path):
    framework = load_framework(write(tmp_path, MINIMAL.replace("id: A\n", "id: les-1\n").replace("id: B\n", "id: P_2\n")))
    assert framework.theme_ids == ["les-1", "P_2"]


def test_a_list_written_one_item_per_line_gives_one_term_per_line(tmp_path):
    text = MINIMAL.replace("termen: [eenzaamheid]", "termen:\n      - eenzaamheid\n      - alleen   thuis")
    assert load_framework(write(tmp_path, text)).theme("B").terms == ("eenzaamheid", "alleen thuis")


def test_one_labelled_paragraph_file_may_be_written_as_plain_text(tmp_path):
    (tmp_path / "eigen.csv").write_text("text,themes\nIk voel me vaak alleen.,B\n", encoding="utf-8")
    framework = load_framework(write(tmp_path, MINIMAL + "voorbeeldalineas: eigen.csv\n"))
    assert framework.example_files == ((tmp_path / "eigen.csv").resolve(),)


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="niet gevonden"):
        load_framework(tmp_path / "bestaat-niet.yaml")


def test_labelled_paragraph_files_are_found_next_to_the_framework(tmp_path):
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "eigen.csv").write_text("text,themes\nIk voel me vaak alleen.,B\n", encoding="utf-8")
    framework = load_framework(write(tmp_path, MINIMAL + "voorbeeldalineas:\n  - sets/eigen.csv\n"))
    assert framework.example_files == ((tmp_path / "sets" / "eigen.csv").resolve(),)
    assert load_framework(write(tmp_path, MINIMAL)).example_files == ()


def test_a_missing_labelled_paragraph_file_is_a_dutch_config_error(tmp_path):
    with pytest.raises(ConfigError, match="voorbeeldalineas.*ontbreekt.csv.*geen bestaand .csv-bestand"):
        load_framework(write(tmp_path, MINIMAL + "voorbeeldalineas: [ontbreekt.csv]\n"))


def test_the_project_framework_learns_from_the_twelve_labelled_sets():
    names = [path.name for path in load_framework(FRAMEWORK_FILE).example_files]
    assert names == ["thema-ontwikkelset.csv", "thema-toetsset.csv", "thema-blindset.csv",
                     *(f"thema-blindset-{n}.csv" for n in range(2, 11))]


def test_a_framework_from_data_needs_full_paths_for_its_labelled_files():
    from pipeline.config import read_yaml
    from pipeline.framework import framework_from_dict

    data = read_yaml(FRAMEWORK_FILE, what="Kaderbestand")
    with pytest.raises(ConfigError, match="geef een volledig pad op"):
        framework_from_dict(data)
