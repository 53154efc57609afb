"""Publication-quality wordles: honest, reproducible and privacy-safe.

Honest: a word's size shows how many respondents gave it (not how often one person repeated it),
on one scale. Reproducible: the picture depends only on the input and settings.seed, at any size.
Privacy-safe: a term needs wordle.min_respondents respondents, pseudonymisation placeholders and
identifiers from the privacy step never become terms, and counts.csv hides what was left out for
those reasons.

`write_wordles` (the flow contract) makes one wordle per answered question, one for the notes and,
when a question was asked at several meetings, a series on one scale. Each wordle gets a folder
`out_dir/<name>/` with wordle.png (settings.dpi), wordle.svg, counts.csv and alt.txt; `out_dir`
also gets overzicht.csv, listing every wordle made or skipped and why. alle-termen-prive.csv, every
term with its count (also the hidden ones, to find variants to merge), is for the researcher and never
published: it is written only into the folder given as `private_terms_dir` (a run's root, beside
privacy-findings.csv), never among the wordles. `wordles_from_polls` does the same for poll exports
(xlsx/csv) without a corpus; the CLI command `ontmoeting wordle` uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from pipeline import runs
from pipeline.config import ConfigError, IngestSettings, Settings, WordleSettings
from pipeline.corpus_description import entry_name, read_corpus_description
from pipeline.documents import document_units
from pipeline.ingest import DOCUMENT_COLUMNS, TABLE_FORMATS, ingest_file
from pipeline.nlp import SEGMENT_COLUMNS, TOKEN_COLUMNS
from pipeline.privacy import FINDINGS_FILE, PrivacyLeakError, check_published_outputs, pseudonymise_documents
from pipeline.wordle_counts import blocked_keys
from pipeline.wordle_general import text_words
from pipeline.wordle_output import (PRIVATE_TERMS_FILE, WordleGroup, WordleOutput, WordleStyle, answers_name,
                                    load_word_lists, term_rules, write_private_terms, write_wordle)
from pipeline.wordle_render import DEFAULT_PALETTE
from pipeline.wordle_series import series_groups, series_per_question, write_series
from pipeline.wordle_terms import answer_occurrences, note_occurrences, respondents_of

__all__ = ["WordleOutput", "WordleStyle", "write_wordles", "write_wordle_series", "wordles_from_polls", "read_poll"]

OVERVIEW_FILE = runs.OVERVIEW_FILE
OVERVIEW_COLUMNS = ["name", "kind", "question", "status", "reason", "documents", "respondents", "terms_shown"]


def write_wordles(*, documents: pd.DataFrame, tokens: pd.DataFrame, segments: pd.DataFrame,
                  settings: WordleSettings, out_dir: Path, blocked_terms: Iterable[str] = (),
                  style: WordleStyle | None = None, series_by: str | None = "bijeenkomst",
                  private_terms_dir: Path | None = None, question_given: bool = False) -> list[WordleOutput]:
    """Write the wordles of a run; returns the ones made (skipped ones are listed in overzicht.csv).

    documents: the pseudonymised documents table; tokens/segments: the NLP tables (notes use the
    tokens, in sentences by seg_id). blocked_terms: identifiers found by the privacy step, always
    left out. series_by: a documents column; a question answered under two or more of its values
    also gets a series wordle, one panel per value. private_terms_dir: where alle-termen-prive.csv goes
    (None: not written); keep it out of `out_dir`, which is published. question_given: the user gave the
    question (see `question_word_of`).
    """
    out_dir, style = Path(out_dir), style or WordleStyle()
    stopwords, merges = load_word_lists(settings)
    rules_for = partial(_rules_for, settings=settings, stopwords=stopwords, merges=merges,
                        blocked=blocked_keys(blocked_terms, stopwords=stopwords), question_given=question_given)
    groups = answer_groups(documents, stopwords=stopwords, merges=merges)
    groups += notes_groups(documents, tokens, segments, stopwords=stopwords)
    outputs, overview, private = [], [], []
    for group in _unique_names(groups):
        output, row = write_wordle(group, rules=rules_for(group.question), settings=settings, out_dir=out_dir,
                                   style=style, private=private)
        outputs += [output] if output else []
        overview.append(row)
    if series_by:
        series, rows = series_per_question(documents, by=series_by, rules_for=rules_for, stopwords=stopwords,
                                           merges=merges, settings=settings, out_dir=out_dir, style=style)
        outputs, overview = outputs + series, overview + rows
    out_dir.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(overview, columns=OVERVIEW_COLUMNS).to_csv(out_dir / OVERVIEW_FILE, index=False)
    if private_terms_dir is not None:
        write_private_terms(private, out_dir=private_terms_dir)
    return outputs


def style_from_settings(settings: WordleSettings) -> WordleStyle:
    """The look from the settings: 'standaard' palette and 'geen' mask mean the built-in defaults."""
    palette = settings.palette
    palette = DEFAULT_PALETTE if palette in (None, "", "standaard") else (
        tuple(palette) if isinstance(palette, list) else palette)
    mask = None if settings.mask in (None, "", "geen") else settings.mask
    return WordleStyle(palette=palette, mask=mask)


def _rules_for(question, *, settings, stopwords, merges, blocked, question_given=False):
    return term_rules(settings, stopwords=stopwords, merges=merges, question=question, blocked=blocked,
                      question_given=question_given)


def write_wordle_series(*, documents: pd.DataFrame, settings: WordleSettings, out_dir: Path,
                        by: str = "bijeenkomst", name: str | None = None, blocked_terms: Iterable[str] = (),
                        style: WordleStyle | None = None) -> WordleOutput | None:
    """One series of the answers in `documents` (one question), a panel per value of column `by`;
    None when fewer than two panels have enough terms."""
    stopwords, merges = load_word_lists(settings)
    answers = documents[documents["kind"] == "antwoord"]
    if by not in answers:
        raise ConfigError(f"De antwoorden hebben geen kolom '{by}' om een reeks op te verdelen.")
    rules_for = partial(_rules_for, settings=settings, stopwords=stopwords, merges=merges,
                        blocked=blocked_keys(blocked_terms, stopwords=stopwords))
    groups = series_groups(answers, by=by, stopwords=stopwords, merges=merges)
    question = next((g.question for g in groups if g.question), None)
    output, _ = write_series(groups, name=name or f"{answers_name(question)}-per-{by}", by=by,
                             rules_for=rules_for, settings=settings, out_dir=Path(out_dir),
                             style=style or WordleStyle())
    return output


def answer_groups(documents: pd.DataFrame, *, stopwords: frozenset[str],
                  merges: Mapping[str, str] | None = None) -> list[WordleGroup]:
    """One group per question (`vraag`) of the documents of kind 'antwoord'."""
    answers = documents[documents["kind"] == "antwoord"]
    groups = []
    for question, part in answers.groupby(answers["vraag"].fillna(""), sort=True):
        frame = pd.DataFrame({"text": part["text"], "respondent": respondents_of(part)})
        groups.append(WordleGroup(answers_name(question or None), "antwoorden", question or None,
                                  answer_occurrences(frame, stopwords=stopwords, merges=merges), len(part),
                                  int(frame["respondent"].nunique())))
    return groups


def notes_groups(documents: pd.DataFrame, tokens: pd.DataFrame, segments: pd.DataFrame, *,
                 stopwords: frozenset[str]) -> list[WordleGroup]:
    """The notes (every document that is not an answer) as one group, or none without notes.

    A word's size is the number of notes that use it; when all notes come from one file (one long report),
    the number of its sentences, since counted by file every word would stay under min_respondents."""
    notes = documents[documents["kind"] != "antwoord"]
    if notes.empty:
        return []
    sources = dict(zip(notes["doc_id"], respondents_of(notes)))
    by_sentence = len(set(sources.values())) == 1
    occurrences = note_occurrences(tokens, sources=sources, stopwords=stopwords, by_sentence=by_sentence)
    n_sentences = int(segments["doc_id"].isin(list(sources)).sum()) if len(segments) else 0
    return [WordleGroup("notities", "notities", None, occurrences, document_units(notes).nunique(),
                        len(set(sources.values())),
                        extra={"sentences": n_sentences, "unit": "zinnen" if by_sentence else "notities",
                               "words": text_words(tokens, doc_ids=list(sources))})]


def _unique_names(groups: list[WordleGroup]) -> list[WordleGroup]:
    seen: dict[str, int] = {}
    for group in groups:
        seen[group.name] = seen.get(group.name, 0) + 1
        if seen[group.name] > 1:
            group.name = f"{group.name}-{seen[group.name]}"
    return groups


def read_poll(path: Path, *, settings: IngestSettings, answer_column: str | None = None,
              question: str | None = None) -> pd.DataFrame:
    """A poll export (xlsx/csv) as answer documents, read as ingest reads it; ConfigError if unreadable.

    Metadata come from a corpus.yaml beside the file (its `bestanden:` entry), then the file;
    `answer_column` and `question` replace theirs. A poll without a meeting (`bijeenkomst`) is
    named after its file, so that several polls form a series.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"Bestand niet gevonden: {path}")
    if path.suffix.lower().lstrip(".") not in TABLE_FORMATS:
        raise ConfigError(f"{path.name}: alleen .xlsx en .csv (een pollexport) kunnen een wordle worden.")
    description = read_corpus_description(path.parent)
    files = dict(description.get("bestanden") or {})
    own = files.pop(entry_name(description, path.name) or path.name, None)  # 'Poll.xlsx' names 'poll.xlsx' too
    files[path.name] = {**(own or {}), "soort": "antwoord",
                        **({"antwoordkolom": answer_column} if answer_column else {})}
    docs, row = ingest_file(path, folder=path.parent, source=path.name, settings=settings,
                            description={**description, "bestanden": files}, ignored=set())
    if row["status"] != "analysed":
        raise ConfigError(f"{path.name} kan niet worden gelezen: {row['reason']}.")
    documents = pd.DataFrame(docs, columns=DOCUMENT_COLUMNS)
    if question:
        documents["vraag"] = question
    documents["bijeenkomst"] = documents["bijeenkomst"].fillna(path.stem)
    return documents


def wordles_from_polls(paths: Sequence[Path], *, settings: Settings, out_dir: Path, question: str | None = None,
                       answer_column: str | None = None, style: WordleStyle | None = None,
                       question_given: bool = False, private_terms: bool = False) -> list[WordleOutput]:
    """Wordles of one or more poll exports; several polls also give a series (one panel per poll).
    question_given: `question` is the user's (--vraag), so wordle.question_word applies to it.
    private_terms: also write alle-termen-prive.csv into `out_dir` (only on request: `out_dir` is published).

    The answers pass the same privacy step as in a run (settings.privacy.mode; what was found, without the
    data itself, goes to privacy-findings.csv in `out_dir`), and the files written are checked for the
    identifiers found: on a leak they are deleted and PrivacyLeakError is raised."""
    out_dir = Path(out_dir)
    documents = pd.concat([read_poll(p, settings=settings.ingest, answer_column=answer_column, question=question)
                           for p in paths], ignore_index=True)
    protected = pseudonymise_documents(documents, mode=settings.privacy.mode)
    before = _file_versions(out_dir)
    outputs = write_wordles(documents=protected.documents, tokens=pd.DataFrame(columns=TOKEN_COLUMNS),
                            segments=pd.DataFrame(columns=SEGMENT_COLUMNS), settings=settings.wordle,
                            out_dir=out_dir, blocked_terms=protected.identifiers,
                            style=style or style_from_settings(settings.wordle), series_by="bijeenkomst",
                            private_terms_dir=out_dir if private_terms else None, question_given=question_given)
    findings = out_dir / FINDINGS_FILE
    if settings.privacy.mode == "uit":
        findings.unlink(missing_ok=True)  # an older file would speak of another run
    else:
        protected.findings.to_csv(findings, index=False)
    never_published = {findings, out_dir / PRIVATE_TERMS_FILE}
    written = [path for path, version in _file_versions(out_dir).items()
               if path not in never_published and before.get(path) != version]
    # a leak deletes the private list too: it comes from the same answers
    _guard_written(written, identifiers=protected.identifiers, also_delete=[out_dir / PRIVATE_TERMS_FILE])
    return outputs


def _file_versions(folder: Path) -> dict[Path, tuple[int, int]]:
    """(modification time, size) of every file under `folder`: what a call wrote is what changed."""
    if not folder.is_dir():
        return {}
    return {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in folder.rglob("*") if path.is_file()}


def _guard_written(written: list[Path], *, identifiers: set[str], also_delete: Sequence[Path] = ()) -> None:
    """Delete the files just written (every one: series panels have counts of their own) and raise if an
    identifier of the input is in one of them."""
    leaks = check_published_outputs(written, identifiers)
    if leaks:
        for path in [*written, *also_delete]:
            path.unlink(missing_ok=True)
        raise PrivacyLeakError(leaks)
