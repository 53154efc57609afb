"""Wordle series: one question at several meetings (or in several poll files), side by side.

All panels share one size scale (a number of respondents gets the same font size in every panel)
and a term has the same colour in every panel, so panels can be compared. Each panel keeps its own
minimum-respondents rule and its own counts (counts-<panel>.csv; counts.csv has them all).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from pipeline.config import WordleSettings
from pipeline.wordle_counts import TermRules, TermVocabulary, count_terms, publishable_counts, term_vocabulary
from pipeline.wordle_layout import TextMeasure, layout_panels
from pipeline.wordle_output import (MIN_TERMS, WordleGroup, WordleOutput, WordleStyle, answers_name, apply_layout,
                                    kept_words, write_files)
from pipeline.wordle_render import Panel, default_font_path
from pipeline.wordle_terms import answer_occurrences, respondents_of
from pipeline.wordle_text import slugify

SERIES_TOP_TERMS = 5


def series_groups(answers: pd.DataFrame, *, by: str, stopwords: frozenset[str],
                  merges: Mapping[str, str] | None = None) -> list[WordleGroup]:
    """One panel per value of column `by`, ordered by date (`datum`), then by name."""
    answers = answers[answers[by].notna() & (answers[by].astype(str) != "")]
    groups = []
    for value, part in answers.groupby(by, sort=False):
        frame = pd.DataFrame({"text": part["text"], "respondent": respondents_of(part)})
        question = part["vraag"].dropna().mode()
        group = WordleGroup(slugify(str(value)), "antwoorden", question.iloc[0] if len(question) else None,
                            answer_occurrences(frame, stopwords=stopwords, merges=merges), len(part),
                            int(frame["respondent"].nunique()), title=str(value))
        group.extra["order"] = (str(part["datum"].dropna().min()) if part["datum"].notna().any() else "", str(value))
        groups.append(group)
    return sorted(groups, key=lambda g: g.extra["order"])


def write_series(groups: list[WordleGroup], *, name: str, by: str, rules_for: Callable[[str | None], TermRules],
                 settings: WordleSettings, out_dir: Path, style: WordleStyle) -> tuple[WordleOutput | None, dict]:
    """Count each panel, lay all out on one scale and write the series; (None, row) if < 2 panels."""
    question = next((g.question for g in groups if g.question), None)
    vocabulary = series_vocabulary(groups, rules=rules_for(question))
    counted = [(g, count_terms(g.occurrences, rules=rules_for(g.question), vocabulary=vocabulary)) for g in groups]
    usable = [(g, c) for g, c in counted if int(c["kept"].sum()) >= MIN_TERMS]
    row = {"name": name, "kind": f"reeks per {by}", "question": question,
           "documents": sum(g.n_documents for g in groups), "respondents": sum(g.n_respondents for g in groups)}
    if len(usable) < 2:
        reason = f"minder dan 2 panelen met minstens {MIN_TERMS} termen"
        return None, row | {"status": "overgeslagen", "reason": reason, "terms_shown": 0}
    font_path = str(style.font_path or default_font_path())
    layouts = layout_panels([kept_words(c, font_path=font_path) for _, c in usable], width=settings.width,
                            height=settings.height, measure=TextMeasure(font_path), seed=settings.seed,
                            mask=style.mask)
    counts = [apply_layout(c, layout) for (_, c), layout in zip(usable, layouts)]
    min_respondents = int(settings.min_respondents)
    published = [publishable_counts(c, min_respondents=min_respondents) for c in counts]
    folder = out_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    for (group, _), table in zip(usable, published):
        table.to_csv(folder / f"counts-{group.name}.csv", index=False)
    combined = pd.concat([t.assign(panel=g.title) for (g, _), t in zip(usable, published)], ignore_index=True)
    panels = [Panel(layout, g.title) for (g, _), layout in zip(usable, layouts)]
    output = write_files(folder, panels=panels, published=combined[["panel", *published[0].columns]],
                         alt=series_alt_text([g for g, _ in usable], counts, by=by, question=question,
                                             min_respondents=min_respondents),
                         title=f"{question or name} (per {by})", top_terms=summed_top_terms(counts),
                         settings=settings, style=style, font_path=font_path)
    return output, row | {"status": "gemaakt", "reason": "", "terms_shown": sum(len(x.placements) for x in layouts)}


def series_vocabulary(groups: list[WordleGroup], *, rules: TermRules) -> TermVocabulary:
    """One vocabulary for all panels: 'samenwerken' and 'samenwerking' are merged (or not) and written alike
    in every panel, as in the wordle of all answers together. Respondent ids are made distinct per panel."""
    if not groups:
        return TermVocabulary({}, {})
    occurrences = pd.concat([g.occurrences.assign(respondent=g.name + ": " + g.occurrences["respondent"].astype(str))
                             for g in groups], ignore_index=True)
    return term_vocabulary(occurrences, rules=rules)


def summed_top_terms(counts: list[pd.DataFrame]) -> list[tuple[str, int]]:
    """Kept terms of all panels with their respondents summed over the panels, most named first."""
    kept = pd.concat([c.loc[c["kept"], ["term", "respondents"]] for c in counts])
    summed = kept.groupby("term")["respondents"].sum().reset_index()
    summed = summed.sort_values(["respondents", "term"], ascending=[False, True])
    return [(t, int(r)) for t, r in zip(summed["term"], summed["respondents"])]


def series_alt_text(groups: list[WordleGroup], counts: list[pd.DataFrame], *, by: str, question: str | None,
                    min_respondents: int) -> str:
    """Dutch alt text for a series: per panel its size and most named terms."""
    parts = []
    for group, table in zip(groups, counts):
        top = table[table["kept"]].head(SERIES_TOP_TERMS)
        terms = ", ".join(f"{t} ({r})" for t, r in zip(top["term"], top["respondents"]))
        parts.append(f"{group.title} ({group.n_documents} antwoorden van {group.n_respondents} respondenten): {terms}")
    about = f" op de vraag “{question}”" if question else ""
    return (f"Reeks van {len(groups)} woordwolken, één per {by}, op dezelfde schaal{about}. " + "; ".join(parts)
            + f". Tussen haakjes en in de grootte van een woord: het aantal respondenten dat het noemde. "
            f"Woorden van minder dan {min_respondents} respondenten zijn weggelaten.")


def series_per_question(documents: pd.DataFrame, *, by: str, rules_for: Callable[[str | None], TermRules],
                        stopwords: frozenset[str], merges: Mapping[str, str], settings: WordleSettings,
                        out_dir: Path, style: WordleStyle) -> tuple[list[WordleOutput], list[dict]]:
    """A series for every question whose answers come from at least two values of `by`."""
    answers = documents[documents["kind"] == "antwoord"]
    if by not in answers or answers.empty:
        return [], []
    outputs, rows = [], []
    for question, part in answers.groupby(answers["vraag"].fillna(""), sort=True):
        values = part[by].dropna().astype(str)
        if values[values != ""].nunique() < 2:
            continue
        output, row = write_series(series_groups(part, by=by, stopwords=stopwords, merges=merges),
                                   name=f"{answers_name(question or None)}-per-{slugify(by)}", by=by,
                                   rules_for=rules_for, settings=settings, out_dir=out_dir, style=style)
        outputs += [output] if output else []
        rows.append(row)
    return outputs, rows
