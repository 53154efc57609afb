"""Settings as data: `corpora/instellingen.yaml` holds every default; a user file overrides parts.

The defaults file is the schema: a key that is not in it is a configuration error, so a typo
never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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


@dataclass(frozen=True)
class WordleSettings:
    min_respondents: int
    max_words: int
    width: int
    height: int
    dpi: int
    seed: int
    drop_question_word: bool
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
        raise ConfigError(f"{what} {path} is geen geldige YAML: {error}") from None


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
        data = merge_settings(data, read_yaml_file(Path(path)), where=str(path))
    if overrides:
        data = merge_settings(data, overrides, where="de opdrachtregel")
    return build_settings(data)


def settings_of_run(recorded: dict[str, Any]) -> Settings:
    """Settings recorded in a run's manifest, with keys added since that run taken from the defaults."""
    return build_settings(merge_settings(read_yaml_file(DEFAULT_SETTINGS_FILE), recorded, where="manifest.json"))


def build_settings(data: dict[str, Any]) -> Settings:
    """Turn a merged mapping into typed, validated Settings."""
    sections = {}
    for name, cls in _SECTION_CLASSES.items():
        try:
            sections[name] = cls(**data[name])
        except (KeyError, TypeError) as error:
            raise ConfigError(f"Instellingen voor '{name}' zijn onvolledig of onjuist: {error}") from None
    settings = Settings(**sections)
    validate_settings(settings)
    return settings


def validate_settings(settings: Settings) -> None:
    """Check values a user may get wrong; raise ConfigError with a Dutch explanation."""
    if settings.privacy.mode not in PRIVACY_MODES:
        raise ConfigError(
            f"Onbekende privacymodus '{settings.privacy.mode}'. Kies uit: {', '.join(PRIVACY_MODES)}."
        )
    if not 0 <= float(settings.themes.threshold) <= 1:
        raise ConfigError("themes.threshold (minimale score om een thema aan een fragment toe te kennen) moet "
                          "tussen 0 en 1 liggen.")
    if not 0 <= float(settings.themes.cluster_threshold) <= 1:
        raise ConfigError("themes.cluster_threshold (minimale score om een opkomend thema aan een thema van het "
                          "kader te koppelen) moet tussen 0 en 1 liggen.")
    if int(settings.wordle.min_respondents) < 1:
        raise ConfigError("wordle.min_respondents moet minstens 1 zijn.")
    if int(settings.nlp.batch_size) < 1:
        raise ConfigError("nlp.batch_size moet minstens 1 zijn.")
    if int(settings.nlp.words_per_batch) < 1:
        raise ConfigError("nlp.words_per_batch moet minstens 1 zijn.")
