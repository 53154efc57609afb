"""The wordle workshop behind notebooks/03-wordle-atelier: redraw a wordle of a finished run with other
stop words, merges, colours or size, and save it for publication with the choices that made it.

Everything goes through `pipeline.wordles` (the same counting, privacy rules and drawing as a run);
only the word lists and the look change. The privacy threshold `min_respondents` can be raised here,
never lowered below the one the run used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from pipeline import runs, wordles
from pipeline.config import ConfigError, WordleSettings, settings_of_run
from pipeline.wordle_counts import count_terms
from pipeline.wordle_output import WordleGroup, WordleOutput, WordleStyle, load_word_lists, term_rules, write_wordle
from pipeline.wordle_render import NEUTRAL_COLOUR, term_colours
from pipeline.wordle_text import compact_key, normalise_term

CHOICES_FILE = "keuzes.json"
ATELIER_DIR = "atelier"  # next to the runs: outputs/<corpus>/atelier/
PREVIEW_DIR = ".voorbeeld"


@dataclasses.dataclass(frozen=True)
class Choices:
    """What a researcher changes: words to leave out or keep ('!woord' keeps a stop word), merges
    (variant -> term as shown), the look (`palette`, `mask` 'ellips' or 'cirkel', colours per theme),
    and `settings` overrides (max_words, width, height, dpi, seed, min_respondents, ...)."""

    extra_stopwords: Sequence[str] = ()
    merges: Mapping[str, str] = dataclasses.field(default_factory=dict)
    palette: str | Sequence[str] | None = None
    mask: str | None = None
    term_themes: Mapping[str, str] | None = None  # term -> theme id: colour words by theme
    theme_colours: Mapping[str, str] | None = None  # theme id -> colour
    settings: Mapping[str, object] = dataclasses.field(default_factory=dict)


def run_wordle_settings(run: runs.Run, choices: Choices = Choices()) -> WordleSettings:
    """The run's wordle settings with the choices applied; ConfigError when min_respondents is lowered."""
    used = settings_of_run(run.manifest["settings"]).wordle
    changed = dataclasses.replace(used, **dict(choices.settings),
                                  extra_stopwords=[*used.extra_stopwords, *choices.extra_stopwords])
    if int(changed.min_respondents) < int(used.min_respondents):
        raise ConfigError(f"min_respondents mag niet lager dan in de run ({used.min_respondents}): woorden van "
                          "minder respondenten kunnen iemand herkenbaar maken.")
    return changed


def wordle_groups(run: runs.Run, settings: WordleSettings) -> dict[str, WordleGroup]:
    """The wordles a run can make (one per question, one for the notes), by name."""
    stopwords, _ = load_word_lists(settings)
    documents, tokens, segments = run.table("documents"), run.table("tokens"), run.table("segments")
    groups = wordles.answer_groups(documents, stopwords=stopwords)
    groups += wordles.notes_groups(documents, tokens, segments, stopwords=stopwords)
    return {group.name: group for group in groups}


def draw(run: runs.Run, name: str, choices: Choices = Choices(), *, out_dir: Path | None = None
         ) -> tuple[WordleOutput | None, pd.DataFrame]:
    """Draw wordle `name` of the run with `choices` into `out_dir` (default: atelier/.voorbeeld/, reused).
    Returns the output (None when too few terms remain) and the full term table: every term with its
    respondents, whether it is shown and otherwise why not."""
    settings = run_wordle_settings(run, choices)
    groups = wordle_groups(run, settings)
    if name not in groups:
        raise ConfigError(f"Geen wordle '{name}' in deze run; kies uit: {', '.join(groups)}.")
    group = groups[name]
    stopwords, merges = load_word_lists(settings)
    merges = merges | {compact_key(normalise_term(variant)): term for variant, term in choices.merges.items()}
    rules = term_rules(settings, stopwords=stopwords, merges=merges, question=group.question)
    style = WordleStyle(palette=choices.palette or WordleStyle().palette, mask=choices.mask,
                        term_themes=choices.term_themes, theme_colours=choices.theme_colours)
    out_dir = Path(out_dir) if out_dir else run.path.parent / ATELIER_DIR / PREVIEW_DIR
    output, _ = write_wordle(group, rules=rules, settings=settings, out_dir=out_dir, style=style)
    table = count_terms(group.occurrences, rules=rules, words=group.extra.get("words"))
    return output, table.drop(columns=["respondent_ids"], errors="ignore")


def save(run: runs.Run, name: str, choices: Choices = Choices(), *, title: str | None = None,
         atelier_dir: Path | None = None) -> WordleOutput:
    """Draw the wordle for publication into `<outputs>/<corpus>/atelier/<title>/` (png at the run's dpi,
    svg, counts.csv without identifying terms, alt.txt) with keuzes.json: the run and choices behind it.
    An existing folder of that title is kept; the new one gets a time stamp."""
    atelier_dir = Path(atelier_dir) if atelier_dir else run.path.parent / ATELIER_DIR
    atelier_dir.mkdir(parents=True, exist_ok=True)
    folder_name = runs.slugify(title or name)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder_name}-", dir=atelier_dir))
    try:
        output, _ = draw(run, name, choices, out_dir=scratch)
        if output is None:
            raise ConfigError(f"Wordle '{name}' heeft met deze keuzes te weinig woorden om te tonen.")
        record = {"run": str(run.path), "wordle": name, "saved": dt.datetime.now().isoformat(timespec="seconds"),
                  "choices": dataclasses.asdict(choices)}
        (Path(output.png).parent / CHOICES_FILE).write_text(
            json.dumps(record, ensure_ascii=False, indent=2, default=list), encoding="utf-8")
        final = atelier_dir / folder_name
        if final.exists():
            final = atelier_dir / f"{folder_name}-{dt.datetime.now():%Y%m%d-%H%M%S}"
        Path(output.png).parent.rename(final)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dataclasses.replace(output, png=final / "wordle.png", svg=final / "wordle.svg",
                               counts_csv=final / "counts.csv")


def framework_term_themes(framework) -> dict[str, str]:
    """term -> theme id for every term of the framework (the first theme naming a term wins), for
    colouring a wordle by theme."""
    found: dict[str, str] = {}
    for theme in framework.themes:
        for term in theme.terms:
            found.setdefault(term, theme.id)
    return found


def theme_legend(choices: Choices, *, labels: Mapping[str, str] | None = None,
                 terms: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which colour each theme has in a wordle drawn with `choices.term_themes` (the drawing's own colours):
    thema, label (from `labels`, theme id -> label), kleur and woorden. Given the term table of `draw`,
    only themes with a word in the wordle, with those words; a last row gives the grey of other words."""
    term_themes = {_key(term): theme for term, theme in (choices.term_themes or {}).items()}
    example = {theme: term for term, theme in reversed(term_themes.items())}  # one term per theme
    colours = term_colours(example.values(), palette=choices.palette or WordleStyle().palette,
                           term_themes=term_themes, theme_colours=choices.theme_colours)
    shown = [] if terms is None else terms.loc[terms["kept"], "term"].tolist()
    words = {theme: [w for w in shown if term_themes.get(_key(w)) == theme] for theme in example}
    rows = [{"thema": theme, "label": (labels or {}).get(theme, theme), "kleur": colours[example[theme]],
             "woorden": ", ".join(words[theme])} for theme in sorted(example)
            if terms is None or words[theme]]
    others = [w for w in shown if _key(w) not in term_themes]
    if terms is None or others:
        rows.append({"thema": "", "label": "overige woorden", "kleur": NEUTRAL_COLOUR, "woorden": ", ".join(others)})
    return pd.DataFrame(rows, columns=["thema", "label", "kleur", "woorden"])


def with_legend(png: Path, legend: pd.DataFrame, *, width: float = 10.0) -> Figure:
    """The wordle image `png` with a legend below it: a coloured patch and 'label (thema)' per row of
    `theme_legend`. For viewing in a notebook; the saved wordle files stay as drawn."""
    with Image.open(png) as opened:
        image = opened.convert("RGB")
    columns = max(1, min(3, len(legend)))
    image_height, legend_height = width * image.height / image.width, 0.3 * (-(-len(legend) // columns) + 1)
    total = image_height + legend_height
    figure = Figure(figsize=(width, total))
    axes = figure.add_axes((0, legend_height / total, 1, image_height / total))
    axes.imshow(image)
    axes.set_axis_off()
    handles = [Patch(color=row.kleur, label=f"{row.label} ({row.thema})" if row.thema else row.label)
               for row in legend.itertuples()]
    figure.legend(handles=handles, loc="lower center", ncol=columns, frameon=False, fontsize="small")
    return figure


def _key(term: str) -> str:
    return compact_key(normalise_term(term))
