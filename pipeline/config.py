"""Settings as data: `corpora/instellingen.yaml` holds every default; a user file overrides parts.

The defaults file is the schema: a key that is not in it is a configuration error, so a typo
never silently falls back to a default. The Dutch messages for a mistake are written in
`pipeline.config_messages`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.config_messages import example_value, missing_path_message, yaml_problem
from pipeline.paths import DEFAULT_SETTINGS_FILE

PRIVACY_MODES = ("pseudonimiseren", "rapporteren", "uit")


class ConfigError(Exception):
    """A configuration problem the user can fix; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class NlpSettings:
    model: str
    embedded_model: str
    batch_size: int
    n_process: int
    words_per_batch: int
    cache: bool


@dataclass(frozen=True)
class IngestSettings:
    answer_columns: list[str]
    respondent_columns: list[str]
    max_file_mb: float
    max_rows: int
    max_unpacked_mb: float
    languages: list[str]


@dataclass(frozen=True)
class PrivacySettings:
    mode: str


@dataclass(frozen=True)
class ThemeSettings:
    framework: str
    threshold: float
    max_themes: int
    cluster_threshold: float
    sentence_vectors: bool
    non_answers: str


@dataclass(frozen=True)
class WordleSettings:
    min_respondents: int
    max_words: int
    width: int
    height: int
    dpi: int
    seed: int
    drop_question_word: bool
    question_word: str
    drop_general_words: bool
    stopwords: str
    merges: str
    extra_stopwords: list[str]
    palette: str | list[str]
    mask: str


@dataclass(frozen=True)
class ReportSettings:
    n_quotes: int
    n_top_terms: int


@dataclass(frozen=True)
class Settings:
    nlp: NlpSettings
    ingest: IngestSettings
    privacy: PrivacySettings
    themes: ThemeSettings
    wordle: WordleSettings
    report: ReportSettings

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


SECTIONS = {f.name: f.type for f in dataclasses.fields(Settings)}
_SECTION_CLASSES = {
    "nlp": NlpSettings, "ingest": IngestSettings, "privacy": PrivacySettings,
    "themes": ThemeSettings, "wordle": WordleSettings, "report": ReportSettings,
}


def read_yaml(path: Path, *, what: str) -> Any:
    """Parse a YAML file; raise ConfigError (Dutch, naming `what`) when it is missing or malformed."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{what} niet gevonden: {path}. Geef een bestaand YAML-bestand op.")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"{what} {path} is geen geldige YAML: {yaml_problem(error)}") from None


def read_yaml_file(path: Path) -> dict[str, Any]:
    """Read a settings mapping; raise ConfigError (Dutch) when it is missing or malformed."""
    data = read_yaml(path, what="Instellingenbestand")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"Het bestand {path} moet sleutels met waarden bevatten (een YAML-mapping).")
    return data


def merge_settings(base: dict[str, Any], override: dict[str, Any], *, where: str) -> dict[str, Any]:
    """Deep-merge `override` into `base`; unknown keys raise ConfigError naming `where`."""
    merged = dict(base)
    for key, value in override.items():
        if key not in base:
            known = ", ".join(sorted(base))
            raise ConfigError(f"Onbekende instelling '{key}' in {where}. Bekende instellingen: {known}.")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"Instelling '{key}' in {where} moet een groep instellingen zijn.")
            merged[key] = merge_settings(base[key], value, where=f"{where} > {key}")
        else:
            merged[key] = value
    return merged


def load_settings(path: Path | None = None, *, overrides: dict[str, Any] | None = None) -> Settings:
    """Load the defaults, then the user's file at `path`, then `overrides` (e.g. from the CLI)."""
    data = read_yaml_file(DEFAULT_SETTINGS_FILE)
    if path is not None:
        data = merge_settings(data, paths_from_file(read_yaml_file(Path(path)), Path(path)), where=str(path))
    if overrides:
        data = merge_settings(data, overrides, where="de opdrachtregel")
    return build_settings(data)


# settings that name a file; a relative one is read from the folder of the file it is written in (the
# defaults file: from the project folder, as resolve_project_path does)
PATH_SETTINGS = (("themes", "framework"), ("themes", "non_answers"), ("wordle", "stopwords"), ("wordle", "merges"), ("wordle", "mask"),
                 ("nlp", "embedded_model"))
_NOT_PATHS = {"", "geen", "ellips", "ellipse", "cirkel", "circle"}  # wordle.mask values that name no file


def paths_from_file(data: dict[str, Any], settings_file: Path) -> dict[str, Any]:
    """`data` read from `settings_file` with its relative paths made absolute from that file's folder; a
    file that is not there is a ConfigError naming the path tried (a user puts a list next to his YAML)."""
    folder = settings_file.expanduser().resolve().parent
    data = {section: dict(values) if isinstance(values, dict) else values for section, values in data.items()}
    for section, key in PATH_SETTINGS:
        values = data.get(section)
        value = values.get(key) if isinstance(values, dict) else None
        if not isinstance(value, str) or value.strip().lower() in _NOT_PATHS or Path(value).expanduser().is_absolute():
            continue
        data[section][key] = str(folder / value)
        if key != "embedded_model" and not (folder / value).exists():  # a missing model falls back to the package
            raise ConfigError(missing_path_message(f"{section}.{key}", folder / value, value, settings_file))
    return data


def settings_of_run(recorded: dict[str, Any]) -> Settings:
    """Settings recorded in a run's manifest, with keys added since that run taken from the defaults."""
    return build_settings(merge_settings(read_yaml_file(DEFAULT_SETTINGS_FILE), recorded, where="manifest.json"))


# what each annotation in the section classes accepts, and how to say it in Dutch
_KINDS = {
    "int": "een geheel getal",
    "float": "een getal",
    "bool": "ja of nee (true of false)",
    "str": "tekst",
    "list[str]": "een lijst met tekst",
    "str | list[str]": "tekst of een lijst met tekst",
}


def build_settings(data: dict[str, Any]) -> Settings:
    """Turn a merged mapping into typed, validated Settings."""
    sections, defaults = {}, read_yaml_file(DEFAULT_SETTINGS_FILE)  # the defaults give the examples
    for name, cls in _SECTION_CLASSES.items():
        try:
            values = {field.name: checked_value(f"{name}.{field.name}", data[name][field.name], field.type,
                                                default=(defaults.get(name) or {}).get(field.name))
                      for field in dataclasses.fields(cls)}
            sections[name] = cls(**values)
        except (KeyError, TypeError) as error:
            raise ConfigError(f"Instellingen voor '{name}' zijn onvolledig of onjuist: {error}") from None
    settings = Settings(**sections)
    validate_settings(settings)
    return settings


def checked_value(key: str, value: Any, kind: str, *, default: Any = None) -> Any:
    """`value` as the type `kind` names (an int is also a float; one text is also a list of one), or a
    ConfigError that says what `key` needs: a wrong type would otherwise fail minutes into a run."""
    is_text_list = isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind == "bool" and isinstance(value, bool) or kind == "str" and isinstance(value, str):
        return value
    if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    # 'a, b' is a list written without brackets: read as one item, its words would silently stay in
    if kind == "list[str]" and (is_text_list or isinstance(value, str) and "," not in value):
        return value if isinstance(value, list) else [value]  # 'languages: nl' means [nl]
    if kind == "str | list[str]" and (is_text_list or isinstance(value, str)):
        return value
    shown = "leeg" if value is None else repr(value)
    raise ConfigError(f"Instelling '{key}' moet {_KINDS.get(kind, kind)} zijn, niet {shown}. "
                      f"Schrijf bijvoorbeeld: {key.split('.')[-1]}: {example_value(value, kind, default)}")


def validate_settings(settings: Settings) -> None:
    """Check values a user may get wrong; raise ConfigError with a Dutch explanation."""
    if settings.privacy.mode not in PRIVACY_MODES:
        raise ConfigError(
            f"Onbekende privacymodus '{settings.privacy.mode}'. Kies uit: {', '.join(PRIVACY_MODES)}."
        )
    if not 0 <= settings.themes.threshold <= 1:
        raise ConfigError("themes.threshold (minimale score om een thema aan een fragment toe te kennen) moet "
                          "tussen 0 en 1 liggen.")
    if not 0 <= settings.themes.cluster_threshold <= 1:
        raise ConfigError("themes.cluster_threshold (minimale score om een opkomend thema aan een thema van het "
                          "kader te koppelen) moet tussen 0 en 1 liggen.")
    for key, value, minimum in (("wordle.min_respondents", settings.wordle.min_respondents, 1),
                                ("nlp.batch_size", settings.nlp.batch_size, 1),
                                ("nlp.words_per_batch", settings.nlp.words_per_batch, 1),
                                ("nlp.n_process", settings.nlp.n_process, 1),
                                ("themes.max_themes", settings.themes.max_themes, 1),
                                ("wordle.max_words", settings.wordle.max_words, 1),
                                ("wordle.width", settings.wordle.width, 100),
                                ("wordle.height", settings.wordle.height, 100),
                                ("wordle.dpi", settings.wordle.dpi, 50),
                                ("report.n_quotes", settings.report.n_quotes, 0),
                                ("report.n_top_terms", settings.report.n_top_terms, 1),
                                ("ingest.max_rows", settings.ingest.max_rows, 1)):
        if value < minimum:
            raise ConfigError(f"{key} moet minstens {minimum} zijn (nu {value}).")
    for key, value in (("ingest.max_file_mb", settings.ingest.max_file_mb),
                       ("ingest.max_unpacked_mb", settings.ingest.max_unpacked_mb)):
        if value <= 0:
            raise ConfigError(f"{key} moet groter dan 0 zijn (nu {value}).")
    if not settings.ingest.languages:
        raise ConfigError("ingest.languages is leeg: noem minstens één taal om te analyseren, bijvoorbeeld [nl].")
    validate_wordle_look(settings.wordle)


def validate_wordle_look(wordle: WordleSettings) -> None:
    """Palette and mask are used only when the wordles are drawn; check them before a run starts."""
    if wordle.palette == []:
        raise ConfigError("wordle.palette is een lege lijst: geef kleuren zoals ['#1A6FB0'], een kleurenkaart of "
                          "'standaard'.")
    if wordle.palette not in (None, "", "standaard"):
        from pipeline.wordle_render import palette_colours  # loads matplotlib: only when a palette is chosen

        palette_colours(wordle.palette)
    mask = wordle.mask
    if mask in (None, "", "geen"):
        return
    from pipeline.wordle_layout import BUILT_IN_MASKS

    if mask not in BUILT_IN_MASKS and not Path(mask).expanduser().is_file():
        raise ConfigError(f"wordle.mask: afbeelding {mask} niet gevonden. Geef het pad van een PNG of JPG, "
                          f"of kies 'ellips', 'cirkel' of 'geen'.")
