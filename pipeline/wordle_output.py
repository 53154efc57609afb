"""One wordle from counted terms to files: the output record, the look (style), the layout step and
the files wordle.png, wordle.svg, counts.csv and alt.txt. Shared by single wordles and series.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import WordleSettings
from pipeline.paths import resolve_project_path
from pipeline.wordle_counts import (COUNT_COLUMNS, REASON_GENERAL, REASON_NO_ROOM, REASON_TOO_SMALL, TermRules,
                                    count_terms, mark_left_out, mentions_word, publishable_counts, tie_note)
from pipeline.wordle_layout import Layout, TextMeasure, Word, layout_panels
from pipeline.wordle_render import (DEFAULT_PALETTE, Frame, Panel, default_font_path, drawable, render_png,
                                    render_svg, save_png, term_colours)
from pipeline.wordle_text import (build_stopwords, normalise_term, question_keyword, read_merges, read_word_list,
                                  slugify)

log = logging.getLogger(__name__)

MIN_TERMS = 3  # a wordle with fewer kept terms is skipped (and listed in overzicht.csv)
# Every term with its count, also those hidden for min_respondents, so a researcher can find variants to
# merge. Never published: in a run's root beside privacy-findings.csv; by `ontmoeting wordle` only on request.
PRIVATE_TERMS_FILE = "alle-termen-prive.csv"
PRIVATE_TERMS_HEADER = ("# NIET PUBLICEREN. Alle termen van de wordles, ook die van minder dan wordle.min_respondents "
                        "respondenten, om tikfouten en varianten te vinden voor de samenvoegingen. Termen met een "
                        "privacyreden (naam, gepseudonimiseerd gegeven) staan er niet in.")
ALT_TOP_TERMS = 10


@dataclass(frozen=True)
class WordleOutput:
    """One written wordle; `alt_text` is the text itself (also in alt.txt), `top_terms` (term, respondents)."""

    name: str
    png: Path
    svg: Path
    counts_csv: Path
    alt_text: str
    top_terms: list[tuple[str, int]]


@dataclass(frozen=True)
class WordleStyle:
    """How wordles look. `mask`: None, 'ellips', 'cirkel' or an image path (dark = room for words).
    `palette`: a matplotlib colormap name or a list of colours. `term_themes` (term -> theme id)
    colours terms by theme, with `theme_colours` (theme id -> colour) or the palette."""

    palette: str | tuple[str, ...] = DEFAULT_PALETTE
    mask: str | None = None
    font_path: str | None = None  # default: DejaVu Sans, shipped with matplotlib
    term_themes: Mapping[str, str] | None = None
    theme_colours: Mapping[str, str] | None = None


@dataclass
class WordleGroup:
    """The documents behind one wordle (or one panel), as term occurrences."""

    name: str
    kind: str  # antwoorden | notities
    question: str | None
    occurrences: pd.DataFrame
    n_documents: int
    n_respondents: int
    title: str | None = None
    extra: dict = field(default_factory=dict)


def load_word_lists(settings: WordleSettings) -> tuple[frozenset[str], dict[str, str]]:
    """Stop words (spaCy + settings.stopwords file + settings.extra_stopwords) and the merge table."""
    project = read_word_list(resolve_project_path(settings.stopwords))
    stopwords = build_stopwords(project_words=project, extra=list(settings.extra_stopwords or []))
    return stopwords, read_merges(resolve_project_path(settings.merges))


def term_rules(settings: WordleSettings, *, stopwords: frozenset[str], merges: Mapping[str, str],
               question: str | None, blocked: frozenset[str] = frozenset(), question_given: bool = False) -> TermRules:
    """The counting rules for one wordle: settings + word lists + the question's key word (unless kept)."""
    keyword = question_word_of(question, named=settings.question_word,
                               question_given=question_given) if settings.drop_question_word else None
    return TermRules(stopwords=stopwords, merges=merges, min_respondents=int(settings.min_respondents),
                     max_words=int(settings.max_words), question_word=keyword, blocked=blocked,
                     drop_general_words=bool(settings.drop_general_words))


def question_word_of(question: str | None, *, named: str | None, question_given: bool = False) -> str | None:
    """The key word to leave out of a wordle of `question`; None for the notes (no question).
    `named` (wordle.question_word) belongs to the questions that contain it (or a form of its verb
    family: 'transformeren' for 'transformatie'), or to every question when the user gave the question
    (`question_given`, `ontmoeting wordle --vraag`); other questions get the word guessed from them."""
    if not question:
        return None
    named = normalise_term(named or "")
    if named and (question_given or mentions_word(question, named)):
        return named
    return question_keyword(question)


def answers_name(question: str | None) -> str:
    """Folder name of the answers to a question: 'antwoorden-<key word of the question>'."""
    return "antwoorden" + (f"-{slugify(question_keyword(question) or question)}" if question else "")


def write_wordle(group: WordleGroup, *, rules: TermRules, settings: WordleSettings, out_dir: Path,
                 style: WordleStyle, private: list[pd.DataFrame] | None = None) -> tuple[WordleOutput | None, dict]:
    """Count, lay out and write one wordle; (None, overview row) when it has too few terms. `private`, when
    given, gets the wordle's full term list (see `private_terms`)."""
    counts = count_terms(group.occurrences, rules=rules, words=group.extra.get("words"))
    if private is not None:
        private.append(private_terms(counts, name=group.name))
    row = {"name": group.name, "kind": group.kind, "question": group.question, "documents": group.n_documents,
           "respondents": group.n_respondents}
    if int(counts["kept"].sum()) < MIN_TERMS:
        reason = f"te weinig termen om te tonen ({int(counts['kept'].sum())}; minimaal {MIN_TERMS})"
        log.warning("Wordle %s overgeslagen: %s.", group.name, reason)
        return None, row | {"status": "overgeslagen", "reason": reason, "terms_shown": 0}
    font_path = str(style.font_path or default_font_path())
    words = kept_words(counts, font_path=font_path)
    (layout,) = layout_panels([words], width=settings.width, height=settings.height,
                              measure=TextMeasure(font_path), seed=settings.seed, mask=style.mask)
    tie = tie_note(counts, max_words=rules.max_words, unit=count_unit(group))
    counts = apply_layout(counts, layout)
    kept = counts[counts["kept"]]
    output = write_files(out_dir / group.name, panels=[Panel(layout)],
                         published=publishable_counts(counts, min_respondents=rules.min_respondents),
                         alt=alt_text(group, counts, min_respondents=rules.min_respondents, tie=tie),
                         title=group.question or group.name, settings=settings, style=style, font_path=font_path,
                         top_terms=[(str(t), int(r)) for t, r in zip(kept["term"], kept["respondents"])])
    return output, row | {"status": "gemaakt", "reason": tie, "terms_shown": len(layout.placements)}


def private_terms(counts: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """Every term of one wordle with its counts and reason, except terms left out for privacy."""
    rows = counts.loc[~counts["reason"].str.startswith("privacy"), COUNT_COLUMNS]
    return rows.assign(wordle=name)[["wordle", *COUNT_COLUMNS]]


def write_private_terms(tables: Sequence[pd.DataFrame], *, out_dir: Path) -> Path:
    """PRIVATE_TERMS_FILE in `out_dir`, with a first comment line that says it is not for publication."""
    path = Path(out_dir) / PRIVATE_TERMS_FILE
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=["wordle", *COUNT_COLUMNS])
    path.write_text(PRIVATE_TERMS_HEADER + "\n" + table.to_csv(index=False), encoding="utf-8")
    return path


def kept_words(counts: pd.DataFrame, *, font_path: str) -> list[Word]:
    """The kept terms as layout words, in rank order; characters the font lacks (emoji) are dropped."""
    kept = counts[counts["kept"]]
    return [Word(k, drawable(t, font_path) or k, int(r))
            for k, t, r in zip(kept["key"], kept["term"], kept["respondents"])]


def apply_layout(counts: pd.DataFrame, layout: Layout) -> pd.DataFrame:
    """Record the terms the layout could not show, with their reason."""
    counts = mark_left_out(counts, layout.too_small, reason=REASON_TOO_SMALL)
    return mark_left_out(counts, layout.no_room, reason=REASON_NO_ROOM)


def count_unit(group: WordleGroup) -> str:
    """What a wordle counts per term: respondenten (answers), notities or zinnen (notes)."""
    return "respondenten" if group.kind == "antwoorden" else group.extra.get("unit", "notities")


def alt_text(group: WordleGroup, counts: pd.DataFrame, *, min_respondents: int, tie: str = "") -> str:
    """Dutch alt text: what the wordle shows and its most named terms with their respondents."""
    top = counts[counts["kept"]].head(ALT_TOP_TERMS)
    terms = ", ".join(f"{t} ({r})" for t, r in zip(top["term"], top["respondents"]))
    unit = count_unit(group)
    if group.kind == "antwoorden":
        intro = f"Woordwolk van {group.n_documents} antwoorden van {group.n_respondents} respondenten"
        intro += f" op de vraag “{group.question}”" if group.question else ""
    else:
        notes = "notitie" if group.n_documents == 1 else "notities"
        intro = f"Woordwolk van {group.n_documents} {notes} ({group.extra.get('sentences', 0)} zinnen)"
    return (f"{intro}; de meest genoemde woorden zijn: {terms}. Tussen haakjes en in de grootte van een woord: "
            f"het aantal {unit} {'waarin het staat' if unit == 'zinnen' else 'dat het noemde'}. "
            + (f"Woorden die in minder dan {min_respondents} zinnen staan, zijn weggelaten." if unit == "zinnen" else
               f"Woorden van minder dan {min_respondents} {unit} zijn weggelaten.")
            + general_words_note(counts) + (f" {tie}" if tie else ""))


def general_words_note(counts: pd.DataFrame) -> str:
    """' Algemene woorden ... (zoals ‘tijd’, ‘kijken’) zijn weggelaten.' when some were; '' otherwise."""
    general = counts[counts["reason"] == REASON_GENERAL].sort_values("occurrences", ascending=False, kind="stable")
    if general.empty:
        return ""
    examples = ", ".join(f"‘{t}’" for t in general["term"].head(3))
    return (" Algemene woorden die de notities niet duidelijk vaker gebruiken dan in gewoon Nederlands "
            f"(zoals {examples}) zijn weggelaten.")


def write_files(folder: Path, *, panels: Sequence[Panel], published: pd.DataFrame, alt: str, title: str,
                top_terms: list[tuple[str, int]], settings: WordleSettings, style: WordleStyle,
                font_path: str) -> WordleOutput:
    """wordle.png, wordle.svg, counts.csv (already made publishable) and alt.txt in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = [p.key for panel in panels for p in panel.layout.placements]
    colours = term_colours(keys, palette=style.palette, term_themes=style.term_themes,
                           theme_colours=style.theme_colours)
    frame = Frame(settings.width, settings.height, len(panels), titled=any(p.title for p in panels))
    png = save_png(render_png(panels, frame=frame, colours=colours, font_path=font_path), folder / "wordle.png",
                   dpi=settings.dpi)
    svg = folder / "wordle.svg"
    svg.write_text(render_svg(panels, frame=frame, colours=colours, measure=TextMeasure(font_path),
                              title=f"Woordwolk: {title}", description=alt), encoding="utf-8")
    counts_csv = folder / "counts.csv"
    published.to_csv(counts_csv, index=False)
    (folder / "alt.txt").write_text(alt + "\n", encoding="utf-8")
    return WordleOutput(folder.name, png, svg, counts_csv, alt, top_terms)
