"""A theme framework as versioned data: lessons and principles read from a YAML file.

The file is the single source of truth for what the themes are; `load_framework` checks it and
turns it into frozen dataclasses. Problems a user can make (missing id, an id with a space, ids that
differ only in case, no terms, a list written as plain text, a misspelled key, broken YAML) raise
`ConfigError` with a Dutch message that says what to fix. How to write one: docs/eigen-kader.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import SECTIONS, ConfigError, read_yaml

REQUIRED_FIELDS = ("id", "label")
LIST_FIELDS = {"termen": "terms", "bijtermen": "support_terms", "frasen": "phrases", "voorbeelden": "examples"}
THEME_KEYS = ("id", "soort", "label", "beschrijving", *LIST_FIELDS)
FRAMEWORK_KEYS = ("naam", "versie", "bron", "neutrale_termen", "voorbeeldalineas", "themas")
# an id travels through review sheets and gold CSVs, where ';', ',', '|' and spaces separate ids
THEME_ID_PATTERN = re.compile(r"[^\W_][\w-]*")


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
    check_not_settings(data, where=where)
    check_known_keys(data, known=FRAMEWORK_KEYS, place=f"bovenaan in {where}")
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
    if isinstance(value, str):
        value = [value]  # one file may be written as plain text: a path holds no list separator
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
    name = f"thema {raw.get('id')}" if str(raw.get("id") or "").strip() else f"thema nummer {position}"
    check_known_keys(raw, known=THEME_KEYS, place=f"bij {name} in {where}")
    for key in REQUIRED_FIELDS:
        if not str(raw.get(key) or "").strip():
            raise ConfigError(f"Thema nummer {position} in {where} mist '{key}'. Vul een {key} in.")
    theme_id = str(raw["id"]).strip()
    check_theme_id(theme_id, place=f"thema nummer {position} ('{raw['label']}') in {where}")
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
    """A YAML list of non-empty texts (or nothing); plain text, blanks and nested values are errors.

    Plain text is refused because 'termen: huisarts, poh' would otherwise be one long term."""
    if value is None:
        return ()
    owner = f"'{key}' bij thema {theme_id} in {where}" if theme_id != "(kader)" else f"'{key}' in {where}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise ConfigError(f"{owner} is tekst, geen lijst: '{key}: {shown}' zou één lange term worden. Schrijf een lijst: "
                          f"'{key}: [huisarts, poh]', of elk woord op een eigen regel die begint met '- '.")
    if not isinstance(value, list):
        raise ConfigError(f"{owner} moet een lijst zijn, bijvoorbeeld '{key}: [huisarts, poh]'.")
    return tuple(list_item(item, owner=owner, number=i + 1) for i, item in enumerate(value))


def list_item(item: Any, *, owner: str, number: int) -> str:
    """One list entry as text with single spaces; an empty, yes/no or nested entry is a ConfigError."""
    if isinstance(item, (dict, list)):
        raise ConfigError(f"{owner} mag alleen tekst bevatten (item {number} is geen tekst). Zet elk woord los "
                          f"in de lijst.")
    if isinstance(item, bool):
        raise ConfigError(f"{owner}: item {number} leest YAML als ja/nee ({item}). Zet het woord tussen "
                          f"aanhalingstekens, bijvoorbeeld 'no' of 'on'.")
    text = " ".join(str(item).split()) if item is not None else ""
    if not text:
        raise ConfigError(f"{owner}: item {number} is leeg. Haal de lege regel of de losse komma weg.")
    return text


def check_known_keys(raw: dict, *, known: tuple[str, ...], place: str) -> None:
    """ConfigError for a key that is not in `known`, with the closest known key as a suggestion; `place`
    completes the sentence ('bij thema W1 in kader.yaml')."""
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(str(key).lower(), known, n=1)
            hint = f" Bedoelt u '{close[0]}'?" if close else ""
            raise ConfigError(f"Onbekende sleutel '{key}' {place}.{hint} Bekende sleutels: {', '.join(known)}.")


def check_not_settings(data: dict, *, where: str) -> None:
    """A settings file given as framework ('--kader instellingen.yaml') gets its own message, not a typo hint."""
    sections = sorted(set(map(str, data)) & set(SECTIONS))
    if "themas" not in data and sections:
        raise ConfigError(f"{where} lijkt een instellingenbestand (met {', '.join(sections)}), geen kader. Geef "
                          f"instellingen op met --instellingen en het kader met --kader of themes.framework.")


def check_theme_id(theme_id: str, *, place: str) -> None:
    """ConfigError for an id that review sheets and gold CSVs would split or not read back."""
    if not THEME_ID_PATTERN.fullmatch(theme_id):
        raise ConfigError(f"Het thema-id '{theme_id}' van {place} is ongeldig: een id bestaat alleen uit letters, "
                          f"cijfers, '_' of '-' en begint met een letter of cijfer (geen spaties, ';', ',' of '|'). "
                          f"Bijvoorbeeld W1 of les-1.")


def check_unique_ids(themes: tuple[Theme, ...], *, where: str) -> None:
    """Raise ConfigError when two themes share an id; 'w1' and 'W1' count as the same id, because the
    review round and the evaluation read ids without regard to case."""
    seen: dict[str, str] = {}
    for theme in themes:
        first = seen.get(theme.id.lower())
        seen.setdefault(theme.id.lower(), theme.id)
        if first is not None:
            same = "komt meer dan eens voor" if first == theme.id else f"is hetzelfde id als '{first}'"
            raise ConfigError(f"Het thema-id '{theme.id}' {same} in {where}. Ids moeten uniek zijn; hoofd- en "
                              f"kleine letters tellen niet als verschil.")
