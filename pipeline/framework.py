"""A theme framework as versioned data: lessons and principles read from a YAML file.

The file is the single source of truth for what the themes are; `load_framework` checks it and
turns it into frozen dataclasses. Problems a user can make (missing id, duplicate ids, no terms,
broken YAML) raise `ConfigError` with a Dutch message that says what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


from pipeline.config import ConfigError, read_yaml

REQUIRED_FIELDS = ("id", "label")
LIST_FIELDS = {"termen": "terms", "bijtermen": "support_terms", "frasen": "phrases", "voorbeelden": "examples"}


@dataclass(frozen=True)
class Theme:
    """One theme (a lesson or a principle): what it means and the words that point to it.

    `terms` and `phrases` point to the theme on their own; `support_terms` are domain words that
    often go with the theme ('wijk' for nearness) but also occur in texts about something else, so
    they add weight to a theme that has a term or phrase and never assign one by themselves.
    """

    id: str
    kind: str
    label: str
    description: str
    terms: tuple[str, ...]
    phrases: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    support_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    """A named, versioned list of themes."""

    name: str
    version: str
    themes: tuple[Theme, ...]
    source: str = ""
    neutral_terms: tuple[str, ...] = ()
    example_files: tuple[Path, ...] = ()

    @property
    def theme_ids(self) -> list[str]:
        return [theme.id for theme in self.themes]

    @property
    def labels(self) -> dict[str, str]:
        return {theme.id: theme.label for theme in self.themes}

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)


def load_framework(path: str | Path) -> Framework:
    """Read and validate a framework YAML file (keys: naam, versie, bron, neutrale_termen, themas)."""
    path = Path(path)
    return framework_from_dict(read_yaml(path, what="Kaderbestand"), where=str(path), base_dir=path.parent)


def framework_from_dict(data: Any, *, where: str = "het kader", base_dir: Path | None = None) -> Framework:
    """Build a Framework from parsed YAML data; raise ConfigError (Dutch) for user mistakes.

    `voorbeeldalineas` (CSV files of labelled paragraphs) are resolved against `base_dir` (the folder of
    the YAML file); without `base_dir` they must be absolute paths."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where} moet sleutels met waarden bevatten (naam, versie, themas).")
    raw_themes = data.get("themas")
    if not isinstance(raw_themes, list) or not raw_themes:
        raise ConfigError(f"{where} bevat geen lijst 'themas:' met minstens één thema.")
    themes = tuple(theme_from_dict(raw, position=i + 1, where=where) for i, raw in enumerate(raw_themes))
    check_unique_ids(themes, where=where)
    return Framework(
        name=str(data.get("naam") or Path(where).stem),
        version=str(data.get("versie") or "0"),
        themes=themes,
        source=str(data.get("bron") or ""),
        neutral_terms=tuple(term.lower() for term in read_text_list(
            data.get("neutrale_termen"), key="neutrale_termen", theme_id="(kader)", where=where)),
        example_files=read_example_files(data.get("voorbeeldalineas"), base_dir=base_dir, where=where),
    )


def read_example_files(value: Any, *, base_dir: Path | None, where: str) -> tuple[Path, ...]:
    """The labelled-paragraph files a framework names; each must exist and be a .csv file."""
    names = read_text_list(value, key="voorbeeldalineas", theme_id="(kader)", where=where)
    paths = []
    for name in names:
        if base_dir is None and not Path(name).is_absolute():
            raise ConfigError(f"'voorbeeldalineas' in {where} noemt {name}: geef een volledig pad op, of lees het "
                              f"kader uit een bestand (dan tellen paden vanaf de map van dat bestand).")
        path = (Path(base_dir or "/") / name).resolve()
        if path.suffix.lower() != ".csv" or not path.is_file():
            raise ConfigError(f"'voorbeeldalineas' in {where} noemt {name}, maar {path} is geen bestaand .csv-bestand "
                              f"(kolommen text en themes). Pas het pad aan (relatief aan de map van het kader) "
                              f"of haal de regel weg.")
        paths.append(path)
    return tuple(paths)


def theme_from_dict(raw: Any, *, position: int, where: str) -> Theme:
    """One theme entry; `position` (1-based) names the entry in error messages."""
    if not isinstance(raw, dict):
        raise ConfigError(f"Thema nummer {position} in {where} moet sleutels met waarden bevatten.")
    for key in REQUIRED_FIELDS:
        if not str(raw.get(key) or "").strip():
            raise ConfigError(f"Thema nummer {position} in {where} mist '{key}'. Vul een {key} in.")
    theme_id = str(raw["id"]).strip()
    lists = {field: read_text_list(raw.get(key), key=key, theme_id=theme_id, where=where)
             for key, field in LIST_FIELDS.items()}
    if not lists["terms"]:
        raise ConfigError(
            f"Thema {theme_id} in {where} heeft geen termen. Geef onder 'termen:' minstens één kernwoord op."
        )
    return Theme(
        id=theme_id,
        kind=str(raw.get("soort") or "thema").strip(),
        label=str(raw["label"]).strip(),
        description=" ".join(str(raw.get("beschrijving") or "").split()),
        terms=tuple(term.lower() for term in lists["terms"]),
        phrases=lists["phrases"],
        examples=lists["examples"],
        support_terms=tuple(term.lower() for term in lists["support_terms"]),
    )


def read_text_list(value: Any, *, key: str, theme_id: str, where: str) -> tuple[str, ...]:
    """A YAML list of strings (or nothing); blanks are dropped, anything else is an error."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"'{key}' bij thema {theme_id} in {where} moet een lijst zijn.")
    items = []
    for item in value:
        if isinstance(item, (dict, list)):
            raise ConfigError(f"'{key}' bij thema {theme_id} in {where} mag alleen tekst bevatten.")
        text = " ".join(str(item).split()) if item is not None else ""
        if text:
            items.append(text)
    return tuple(items)


def check_unique_ids(themes: tuple[Theme, ...], *, where: str) -> None:
    """Raise ConfigError when two themes share an id."""
    seen: set[str] = set()
    for theme in themes:
        if theme.id in seen:
            raise ConfigError(f"Het thema-id '{theme.id}' komt meer dan eens voor in {where}. Ids moeten uniek zijn.")
        seen.add(theme.id)
