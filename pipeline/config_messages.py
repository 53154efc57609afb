"""Dutch messages for configuration mistakes: where a YAML file goes wrong and the likely fix, which file
was looked for where, and the right form of a setting. Text in, text out; the caller raises ConfigError.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


def yaml_problem(error: yaml.YAMLError | UnicodeDecodeError) -> str:
    """Where a YAML file goes wrong and the likely fix, in Dutch (the parser's own text is English)."""
    if isinstance(error, UnicodeDecodeError):
        return "het bestand is geen UTF-8; sla het op als UTF-8 (in Kladblok: Opslaan als, codering UTF-8)."
    mark = getattr(error, "problem_mark", None)
    where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else "onbekende plek"
    problem = str(getattr(error, "problem", "") or error)
    if "'\\t'" in problem:  # the parser writes the tab as the two characters \t
        hint = "er staat een tab; spring in met spaties, niet met tabs"
    elif "mapping values are not allowed" in problem:
        hint = mapping_values_hint(mark)
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        hint = "controleer het inspringen en of elke sleutel een dubbele punt heeft"
    else:
        hint = "controleer inspringen, dubbele punten en aanhalingstekens"
    return f"{where}: {hint} (melding van de YAML-lezer: {problem})."


# One line of YAML read as `key: value`, after any indentation and list dash.
_KEY_LINE = re.compile(r"^ *(?:- +)*(?P<key>[^\s:#'\"-][^:]*?):(?:[ ]+(?P<value>.*?))?\s*$")


def mapping_values_hint(mark: Any) -> str:
    """Dutch advice for 'mapping values are not allowed here', read from the line the parser stopped at
    (`mark.buffer` holds the text): a key indented unlike the key above it, or a bare `key:`, is an
    indentation error; a value with a second ': ' needs quotes."""
    lines = str(getattr(mark, "buffer", None) or "").replace("\0", "").splitlines()
    if mark is None or mark.line >= len(lines):
        return "controleer het inspringen; bevat een waarde een dubbele punt, zet die waarde dan tussen aanhalingstekens"
    here = _KEY_LINE.match(lines[mark.line])
    above_at = next((i for i in range(mark.line - 1, -1, -1)
                     if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    above = _KEY_LINE.match(lines[above_at]) if above_at is not None else None
    above_has_value = above is not None and bool(above["value"])
    if here and above_has_value and here.start("key") != above.start("key"):
        return (f"'{here['key']}' springt waarschijnlijk verkeerd in: laat de sleutel in kolom {above.start('key') + 1} "
                f"beginnen, net als '{above['key']}' op regel {above_at + 1} (hoort de regel bij de tekst erboven, "
                "zet die tekst dan tussen aanhalingstekens)")
    if here and not here["value"]:
        return f"'{here['key']}:' springt waarschijnlijk verkeerd in; zet de sleutel even ver in als die erboven"
    if here and ": " in here["value"]:
        return "een waarde bevat een dubbele punt; zet de waarde tussen aanhalingstekens"
    return "controleer het inspringen; bevat een waarde een dubbele punt, zet die waarde dan tussen aanhalingstekens"


def missing_path_message(key: str, tried: Path, given: str, settings_file: Path) -> str:
    """Dutch: which file was looked for where, the rule, and the project file the user may have meant."""
    message = (f"{key}: bestand niet gevonden: {tried}. Een relatief pad in een instellingenbestand telt vanaf de "
               f"map van dat bestand ({settings_file}).")
    from pipeline.paths import resolve_project_path  # a user file copied from the defaults names project paths

    if resolve_project_path(given).exists():
        message += f" Bedoelt u {resolve_project_path(given)}? Schrijf dan dat volledige pad."
    return message


def example_value(value: Any, kind: str, default: Any) -> str:
    """The right form of a setting for an error message: the user's own words as a list when a list was
    meant, else the default from the defaults file, else a typical value of the kind."""
    if kind == "list[str]" and isinstance(value, str):
        return "[" + ", ".join(part.strip() for part in value.split(",") if part.strip()) + "]"
    if default not in (None, "", []):
        return yaml.safe_dump(default, default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip()
    return {"int": "2", "float": "0.4", "bool": "true", "list[str]": "[woord, nog een woord]"}.get(kind, "tekst")
