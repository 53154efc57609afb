"""Personal data out before anything is published: detect, replace consistently, and guard the outputs.

Detection is in pipeline.privacy_patterns (things with a fixed shape) and pipeline.privacy_names (person
names); this module combines them over a corpus, has what was found hunted everywhere (pipeline.privacy_sweep)
and replaced by numbered codes (pipeline.privacy_codes), guards the published outputs and measures detection.

Decisions (measured in tests/pipeline/data/privacy_meting.md):
- A name found anywhere is replaced everywhere in the corpus (the final guard checks the same way).
- Codes hold for the whole corpus, numbered in document order (ingest sorts the files, so reruns agree):
  'Marieke van Drunen' is the same [PERSOON-n] in every note, and in a note that names her in full,
  'Marieke', 'Van Drunen' and 'mevrouw Van Drunen' get her code too. A short name that fits no full name
  of its note, or more than one, gets a code of its own in that note: codes are never shared by guessing.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import ConfigError
from pipeline.privacy_codes import Numbering, replace_spans
from pipeline.privacy_names import context_name_spans, deduce_spans, ner_person_spans
from pipeline.privacy_patterns import Span, pattern_spans
from pipeline.privacy_sweep import (
    MIN_IDENTIFIER_CHARS, PRIORITY, identifier_categories, identifier_pattern, normal_categories,
    normalise_identifier, resolve_overlaps, sweep_spans,
)
from pipeline.readers import QUOTED_CONTENT
from pipeline.text_cache import TextCache, map_texts

MODES = ("pseudonimiseren", "rapporteren", "uit")
FINDING_COLUMNS = ["doc_id", "category", "placeholder", "start", "end"]
FINDINGS_FILE = "privacy-findings.csv"  # what was found (no personal data itself); never published
# Metadata columns that may carry names (respondent ids are pseudonymised as a whole).
TEXT_META_COLUMNS = ["bijeenkomst", "vraag", "rol"]


@dataclass
class PrivacyResult:
    """documents: pseudonymised copy (or unchanged in 'rapporteren'/'uit'); findings: FINDING_COLUMNS.

    identifiers: raw strings found (in memory only, never written) for `check_published_outputs`;
    empty unless mode is 'pseudonimiseren', since only then must nothing be published.
    """

    documents: pd.DataFrame
    findings: pd.DataFrame
    identifiers: set[str] = field(default_factory=set, repr=False)
    inputs: pd.DataFrame | None = None  # the inputs table given, its reasons coded like the texts
    # raw file or folder name -> the form that is published (coded in 'pseudonimiseren'); in memory only
    names: dict[str, str] = field(default_factory=dict, repr=False)
    # identifier -> the kind of place it came from (PLACES), so the guard can say what the user must fix
    origins: dict[str, str] = field(default_factory=dict, repr=False)


class PrivacyLeakError(Exception):
    """A published output contains personal data from the input; the run must not be published."""

    def __init__(self, leaks: list[str]):
        self.leaks = list(leaks)
        shown = "\n".join(f"  - {leak}" for leak in self.leaks[:20])
        more = f"\n  ... en nog {len(self.leaks) - 20}" if len(self.leaks) > 20 else ""
        super().__init__(
            f"Privacycontrole mislukt: persoonsgegevens uit de invoer staan in een uitvoerbestand "
            f"({len(self.leaks)} vondst(en)). De run is niet gepubliceerd.\n{shown}{more}\n"
            "Per regel: het uitvoerbestand en waar de naam in de invoer vandaan komt (verkort weergegeven). "
            "Hernoem het bestand of de map, of pas de kolom of tekst aan, en draai opnieuw; of meld dit als fout."
        )


def pseudonymise_documents(documents: pd.DataFrame, *, mode: str = "pseudonimiseren", nlp=None,
                           cache: TextCache | None = None, inputs: pd.DataFrame | None = None,
                           names: Iterable[str] = ()) -> PrivacyResult:
    """Find personal data in `text` (and name-bearing metadata) of every document; see PrivacyResult.
    `cache` keeps the spans found per text (offsets only), so a rerun does not run deduce again. Codes are
    numbered over the whole corpus in the order of the rows (see Numbering), so give the rows in a fixed order.
    `inputs`: the inputs table, whose `reason` quotes what a file holds (column names, sheet names) and is
    published, also for files that were not analysed: searched and coded with the texts (result.inputs).
    `names`: more names to publish besides inputs' `source` (the corpus name, its folder, the command line):
    file and folder names are searched like a text, with the same codes (result.names), and in
    'pseudonimiseren' the `source` of documents and inputs becomes the coded name."""
    if mode not in MODES:
        raise ConfigError(f"Onbekende privacymodus '{mode}'. Kies uit: {', '.join(MODES)}.")
    documents = documents.copy()
    inputs = inputs.copy() if inputs is not None else None
    reasons, labels = input_reasons(inputs), published_labels(inputs, names)
    if mode == "uit" or (documents.empty and not any(reasons) and not labels):
        return PrivacyResult(documents, pd.DataFrame(columns=[*FINDING_COLUMNS, "field"]), inputs=inputs,
                             names={label: label for label in labels})
    texts = documents["text"].fillna("").astype(str).tolist()
    parts = (len(texts), len(texts) + len(reasons))
    spans = cached_spans([*texts, *reasons, *map(label_text, labels)], cache=cache)
    if nlp is not None and "ner" in getattr(nlp, "pipe_names", []):
        for found, doc in zip(spans, nlp.pipe(texts)):
            found.extend(ner_person_spans(doc))
    spans = [*(resolve_overlaps(found) for found in spans[:parts[0]]),
             *_reason_spans(inputs, spans[parts[0]:parts[1]]), *map(resolve_overlaps, spans[parts[1]:])]
    respondent_ids = _respondent_identifiers(documents, cache=cache)
    origins = identifier_origins(spans, parts=parts, labels=labels, sources=_sources(inputs),
                                 respondents=respondent_ids)
    categories = identifier_categories(s for found in spans for s in found)
    categories.update({value: "persoon" for value in respondent_ids if len(value) >= MIN_IDENTIFIER_CHARS})
    sweep, numbering = (identifier_pattern(categories), normal_categories(categories)), Numbering()
    new_texts, findings = _replace_all(texts, spans[:parts[0]], ids=documents["doc_id"], field="text",
                                       sweep=sweep, numbering=numbering)
    if mode == "pseudonimiseren":
        documents["text"] = new_texts
        _pseudonymise_metadata(documents, sweep[0], categories, respondent_ids, cache=cache, numbering=numbering)
    # after the texts and their metadata, so that a reason or a file name takes the codes they gave
    new_reasons, reason_findings = _replace_all(reasons, spans[parts[0]:parts[1]], field="reason", sweep=sweep,
                                                ids=[f"inputs-rij-{n}" for n in range(1, len(reasons) + 1)],
                                                numbering=numbering, select=_reason_selector(inputs))
    new_labels, label_findings = _replace_labels(labels, spans[parts[1]:], sweep=sweep, numbering=numbering)
    coded = unique_labels(labels, new_labels) if mode == "pseudonimiseren" else {label: label for label in labels}
    if mode == "pseudonimiseren":
        _relabel_sources(documents, inputs, coded=coded, reasons=new_reasons)
    table = pd.DataFrame([*findings, *reason_findings, *label_findings], columns=[*FINDING_COLUMNS, "field"])
    return PrivacyResult(documents, table, set(categories) if mode == "pseudonimiseren" else set(), inputs,
                         names=coded, origins=origins if mode == "pseudonimiseren" else {})


def published_labels(inputs: pd.DataFrame | None, names: Iterable[str] = ()) -> list[str]:
    """The file names of `inputs` and the other `names` that are published, sorted, each once."""
    return sorted({*_sources(inputs), *(str(name) for name in names if str(name).strip())})


def _sources(inputs: pd.DataFrame | None) -> list[str]:
    return inputs["source"].astype(str).tolist() if inputs is not None and "source" in inputs else []


def label_text(label: str) -> str:
    """A file or folder name as the name recogniser reads it: '_' and '-' as spaces ('gesprek_Sanne-Kok.txt'
    holds a name too); the same length, so the spans found fit the name itself."""
    return re.sub(r"[_-]", " ", label)


def _replace_labels(labels: list[str], spans: list[list[Span]], *, sweep, numbering: Numbering
                    ) -> tuple[list[str], list[dict]]:
    """_replace_all over the file and folder names as one text (split by NUL, which no name holds), so that a
    name in two of them ('Poll Mentimeter.xlsx', 'Kopie van Poll Mentimeter.xlsx') gets one code, as it would
    in one note."""
    starts = [sum(len(label) + 1 for label in labels[:n]) for n in range(len(labels))]
    shifted = [Span(span.start + start, span.end + start, span.category, span.text)
               for start, found in zip(starts, spans) for span in found]
    (joined,), findings = _replace_all(["\0".join(labels)], [shifted], ids=["namen"], field="naam", sweep=sweep,
                                       numbering=numbering)
    return joined.split("\0") if labels else [], findings


def unique_labels(labels: list[str], coded: list[str]) -> dict[str, str]:
    """raw -> coded name, numbered on where two raw names got the same code ('[PERSOON-1].txt (2)'):
    `source` is a key of the tables, so two files must never share one."""
    result, taken = {}, set()
    for label, new in zip(labels, coded):
        unique, n = new, 2
        while unique in taken:
            unique, n = f"{new} ({n})", n + 1
        result[label] = unique
        taken.add(unique)
    return result


def _relabel_sources(documents: pd.DataFrame, inputs: pd.DataFrame | None, *, coded: dict[str, str],
                     reasons: list[str]) -> None:
    """Coded file names in `source` of documents and inputs, and in the reasons (which may quote a file:
    'dubbel: zelfde inhoud als ...'); the coded `reasons` become inputs' reason."""
    changed = sorted((raw for raw, new in coded.items() if raw != new), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, changed))) if changed else None
    if "source" in documents:
        documents["source"] = documents["source"].map(lambda v: coded.get(str(v), v) if pd.notna(v) else v)
    if inputs is None:
        return
    if "source" in inputs:
        inputs["source"] = inputs["source"].map(lambda v: coded.get(str(v), v))
    if "reason" in inputs:
        inputs["reason"] = [pattern.sub(lambda m: coded[m.group()], r) if pattern else r for r in reasons]


# Where an identifier came from, in the words of the guard's message (see identifier_origins).
PLACES = {"tekst": "een naam uit de teksten", "kolom": "een naam uit een kolom- of bladnaam",
          "respondent": "een naam uit de kolom respondent", "bestandsnaam": "een naam uit een bestandsnaam",
          "mapnaam": "een naam uit een mapnaam (of de opdrachtregel)"}


def identifier_origins(spans: list[list[Span]], *, parts: tuple[int, int], labels: list[str], sources: list[str],
                       respondents: set[str]) -> dict[str, str]:
    """identifier -> kind of place (a key of PLACES) for the spans of texts, reasons and labels (split at
    `parts`); a name in a file or folder name wins, since that is what the user can rename."""
    origins = {}
    for n, found in enumerate(spans):
        for span in found:
            place = _place(n, span, parts=parts, labels=labels, sources=sources)
            for identifier in identifier_categories([span]):
                if origins.get(identifier) not in ("bestandsnaam", "mapnaam"):
                    origins[identifier] = place
    return origins | {value: "respondent" for value in respondents if value not in origins}


def _place(n: int, span: Span, *, parts: tuple[int, int], labels: list[str], sources: list[str]) -> str:
    if n < parts[0]:
        return "tekst"
    if n < parts[1]:
        return "kolom"
    label = labels[n - parts[1]]
    return "bestandsnaam" if label in sources and span.start > label.rfind("/") else "mapnaam"


def input_reasons(inputs: pd.DataFrame | None) -> list[str]:
    """The `reason` of every row of an inputs table ('' where there is none)."""
    if inputs is None or "reason" not in inputs:
        return []
    return inputs["reason"].fillna("").astype(str).tolist()


def _reason_spans(inputs: pd.DataFrame | None, spans: list[list[Span]]) -> list[list[Span]]:
    """The spans found in each reason of `inputs` where it quotes a file's content (see quoted_content_spans)."""
    select = _reason_selector(inputs)
    return [resolve_overlaps(select(reason, found)) for reason, found in zip(input_reasons(inputs), spans)]


def _reason_selector(inputs: pd.DataFrame | None):
    """quoted_content_spans with the file names of `inputs`."""
    sources = _sources(inputs)
    return lambda reason, spans: quoted_content_spans(reason, spans, sources=sources)


def quoted_content_spans(reason: str, spans: list[Span], *, sources: Iterable[str]) -> list[Span]:
    """The spans of a reason inside what it quotes from a file (readers.QUOTED_CONTENT: sheet and column names),
    not in a file name: the reason's own words ('taal: Engels') are no personal data, and a file name quoted in a
    reason ('dubbel: zelfde inhoud als ...') is coded with the file names, as the source column codes it
    (_replace_labels, _relabel_sources), so it gets the same code there."""
    quoted = [m.span() for m in QUOTED_CONTENT.finditer(reason)]
    names = [m.span() for source in {*sources, *(Path(s).name for s in sources)} if source
             for m in re.finditer(re.escape(source), reason)]

    def inside(span: Span, regions: list[tuple[int, int]]) -> bool:
        return any(start <= span.start and span.end <= end for start, end in regions)

    return [span for span in spans if inside(span, quoted) and not inside(span, names)]


def _replace_all(texts: list[str], spans: list[list[Span]], *, ids, field: str,
                 sweep: tuple[re.Pattern | None, dict[str, str]], numbering: Numbering,
                 select=lambda text, spans: spans) -> tuple[list[str], list[dict]]:
    """Every text with its own spans and the corpus-wide identifiers (`sweep`: pattern, lookup) replaced, as far
    as `select(text, spans)` keeps them; (new texts, finding rows with doc_id from `ids` and `field`)."""
    new_texts, findings = [], []
    for doc_id, text, found in zip(ids, texts, spans):
        chosen = resolve_overlaps(select(text, [*found, *sweep_spans(text, *sweep)]))
        new_text, rows = replace_spans(text, chosen, numbering=numbering)
        new_texts.append(new_text)
        findings.extend({"doc_id": doc_id, "field": field, **row} for row in rows)
    return new_texts, findings


def pseudonymise_text(text: str) -> tuple[str, list[dict]]:
    """One text on its own: (replaced text, findings rows with category, placeholder, start, end)."""
    found = resolve_overlaps(find_spans(text))
    categories = identifier_categories(found)
    return replace_spans(text, resolve_overlaps([*found, *sweep_spans(text, identifier_pattern(categories),
                                                                      normal_categories(categories))]))


@functools.lru_cache(maxsize=256)
def code_name(name: str) -> str:
    """A name or line on its own (a command-line argument, a log line of serve) with the personal data in it
    coded, without numbers: 'dossiers Wouter Hazeleger' -> 'dossiers [PERSOON]'. Coded apart from a run, a
    number would look like a code of the run while it is not. Cached: serve asks again every round."""
    coded = replace_spans(name, resolve_overlaps(find_spans(label_text(name))))[0]
    return re.sub(r"\[([A-Z]+)-\d+\]", r"[\1]", coded)


def find_span_offsets(text: str) -> list[tuple[int, int, str]]:
    """find_spans as (start, end, category): what the text cache keeps (no personal data itself)."""
    return [(span.start, span.end, span.category) for span in find_spans(text)]


def cached_spans(texts: list[str], *, cache: TextCache | None) -> list[list[Span]]:
    """find_spans of every text, through the text cache (which keeps offsets; the text gives the rest)."""
    offsets = map_texts(cache, "privacy", texts, find_span_offsets)
    return [[Span(start, end, category, text[start:end]) for start, end, category in found]
            for text, found in zip(texts, offsets)]


def find_spans(text: str) -> list[Span]:
    """All candidate spans of personal data in `text` (overlaps not yet resolved)."""
    if not text.strip():
        return []
    return [*pattern_spans(text), *deduce_spans(text), *context_name_spans(text)]


def _respondent_identifiers(documents: pd.DataFrame, *, cache: TextCache | None = None) -> set[str]:
    """Respondent values that are personal data themselves (a name, an e-mail address, a phone number)."""
    if "respondent" not in documents:
        return set()
    values = sorted({str(v).strip() for v in documents["respondent"].dropna() if str(v).strip()})
    return {v for v, found in zip(values, cached_spans(values, cache=cache))
            if any(span.category != "adres" for span in found)}


def _pseudonymise_metadata(documents: pd.DataFrame, sweep: re.Pattern | None, categories: dict[str, str],
                           respondent_ids: set[str], *, cache: TextCache | None = None,
                           numbering: Numbering | None = None) -> None:
    """Respondent ids that are personal data become 'respondent-<n>' (see respondent_codes); free-text
    metadata gets placeholders like the text, numbered on from the texts (`numbering`)."""
    if "respondent" in documents:
        codes = respondent_codes(documents["respondent"], respondent_ids)
        documents["respondent"] = [codes.get(str(v).strip(), v) if pd.notna(v) else v
                                   for v in documents["respondent"]]
    lookup = normal_categories(categories)
    for column in TEXT_META_COLUMNS:
        if column not in documents:
            continue
        values = [str(v) for v in documents[column].dropna().unique()]
        replaced = {value: replace_spans(value, resolve_overlaps([*found, *sweep_spans(value, sweep, lookup)]),
                                         numbering=numbering)[0]
                    for value, found in zip(values, cached_spans(values, cache=cache))}
        documents[column] = documents[column].map(lambda v: v if pd.isna(v) else replaced.get(str(v), v))


def respondent_codes(values: Iterable, respondent_ids: set[str]) -> dict[str, str]:
    """Respondent value -> 'respondent-<n>', numbered by first appearance in `values` (the rows in ingest's
    sorted order, so a rerun numbers alike). Not a hash of the value: anyone with the attendance list could
    hash its names and find who wrote what."""
    codes: dict[str, str] = {}
    for value in values:
        value = str(value).strip() if pd.notna(value) else ""
        if value in respondent_ids and value not in codes:
            codes[value] = f"respondent-{len(codes) + 1}"
    return codes


# ---- the final guard -------------------------------------------------------------------------------------

TEXT_SUFFIXES = {".md", ".html", ".htm", ".csv", ".tsv", ".svg", ".json", ".txt", ".xml", ".yaml", ".yml"}
ZIP_SUFFIXES = {".xlsx", ".docx", ".qdpx", ".zip", ".odt", ".ods"}


def check_published_outputs(paths: Iterable[Path | str], identifiers: Iterable[str]) -> list[str]:
    """Every place an identifier from the input occurs in a published output (case-insensitive, whole words).

    Reads text files, the strings inside zip-based files (xlsx, docx, qdpx) and the text columns of parquet
    tables; folders are searched. Returns Dutch descriptions with the identifier masked; [] means clean.
    """
    pattern = identifier_pattern(identifiers)
    if pattern is None:
        return []
    leaks = []
    for path in _expand(paths):
        for where, text in published_texts(path):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                leaks.append(f"{where}, regel {line}: '{mask(match.group())}'")
    return leaks


def leak_places(paths: Iterable[Path | str], identifiers: Iterable[str], *, root: Path,
                origins: dict[str, str]) -> list[str]:
    """check_published_outputs as the user can act on it: one Dutch line per published file (relative to
    `root`, the run folder being deleted) and kind of place the name came from (`origins`: identifier -> key of
    PLACES), with the identifiers masked: 'export/review.csv: een naam uit een bestandsnaam (S*******k)'."""
    pattern = identifier_pattern(identifiers)
    if pattern is None:
        return []
    lookup = normal_categories(origins)
    found: dict[tuple[str, str], set[str]] = {}
    for path in _expand(paths):
        for where, text in published_texts(path):
            for match in pattern.finditer(text):
                place = lookup.get(normalise_identifier(match.group()), "tekst")
                found.setdefault((_relative_place(where, root), place), set()).add(mask(match.group()))
    return [f"{where}: {PLACES[place]} ({', '.join(sorted(masked))})"
            for (where, place), masked in sorted(found.items())]


def _relative_place(where: str, root: Path) -> str:
    """'<run>/export/review.xlsx > xl/sharedStrings.xml' -> 'export/review.xlsx'; a parquet column stays named."""
    path, _, inside = where.partition(" > ")
    with contextlib.suppress(ValueError):
        path = Path(path).relative_to(root).as_posix()
    return f"{path} ({inside})" if inside.startswith("kolom ") else path


def _expand(paths: Iterable[Path | str]) -> list[Path]:
    result = []
    for path in map(Path, paths):
        result.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return result


def published_texts(path: Path) -> list[tuple[str, str]]:
    """(location, text) pairs of a published file; [] for images and other binary formats."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            text = html.unescape(path.read_text(encoding="utf-8", errors="replace"))
            if suffix == ".json":
                with contextlib.suppress(ValueError):
                    text = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
            return [(str(path), text)]
        if suffix in ZIP_SUFFIXES:
            with zipfile.ZipFile(path) as archive:
                return [(f"{path} > {name}", html.unescape(archive.read(name).decode("utf-8", errors="replace")))
                        for name in archive.namelist() if Path(name).suffix.lower() in TEXT_SUFFIXES | {".rels"}]
        if suffix == ".parquet":
            table = pd.read_parquet(path)
            return [(f"{path} > kolom {col}", "\n".join(table[col].dropna().astype(str)))
                    for col in table.columns if table[col].dtype == object or pd.api.types.is_string_dtype(table[col])]
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        return [(str(path), f"(niet te controleren: {error})")]
    return []


def mask(value: str) -> str:
    """'Jansen' -> 'J****n': enough to find it again, not enough to spread it further."""
    value = value.strip()
    return value[0] + "*" * max(len(value) - 2, 1) + (value[-1] if len(value) > 2 else "")


# ---- measuring -------------------------------------------------------------------------------------------

def evaluate_privacy(cases: list[dict], *, nlp=None) -> pd.DataFrame:
    """Recall and precision per category on sentences with known personal data.

    cases: [{"tekst": str, "verwacht": [[category, exact substring], ...]}]. An expected span is recalled
    when found spans of its category cover all of it (a half-replaced name still leaks); a found span is
    correct when it overlaps an expected span of the same category. Returns one row per category plus 'totaal':
    category, expected, found, recall, precision.
    """
    documents = pd.DataFrame({"doc_id": [str(i) for i in range(len(cases))], "text": [c["tekst"] for c in cases]})
    findings = pseudonymise_documents(documents, mode="rapporteren", nlp=nlp).findings
    expected = [(str(i), cat, c["tekst"].index(value), c["tekst"].index(value) + len(value))
                for i, c in enumerate(cases) for cat, value in c.get("verwacht") or []]
    found = list(findings[["doc_id", "category", "start", "end"]].itertuples(index=False, name=None))

    def overlaps(a, b):
        return a[0] == b[0] and a[1] == b[1] and a[2] < b[3] and b[2] < a[3]

    def covered(e):  # every letter and digit of the expected span is inside a found span of its category
        inside = {i for f in found if overlaps(e, f) for i in range(f[2], f[3])}
        text = cases[int(e[0])]["tekst"]
        return all(i in inside for i in range(e[2], e[3]) if text[i].isalnum())

    rows = []
    for category in [*PRIORITY, "totaal"]:
        exp = [e for e in expected if category in (e[1], "totaal")]
        fnd = [f for f in found if category in (f[1], "totaal")]
        hit = sum(covered(e) for e in exp)
        right = sum(any(overlaps(f, e) for e in expected) for f in fnd)
        rows.append({"category": category, "expected": len(exp), "found": len(fnd),
                     "recall": hit / len(exp) if exp else 1.0, "precision": right / len(fnd) if fnd else 1.0})
    return pd.DataFrame(rows)
