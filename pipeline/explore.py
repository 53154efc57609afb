"""Helpers for exploring a finished run in a notebook: find the run, search words in context, term
frequencies and keyness, theme evidence, co-occurrence, group comparisons and emerging themes.

Plain pandas in, plain pandas out. Tables meant for researchers have Dutch column names; counts of
themes are of segments ("fragmenten": sentences of notes, whole answers) with the theme assigned.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from wordfreq import word_frequency

from pipeline import report_tables, runs
from pipeline.config import settings_of_run
from pipeline.paths import OUTPUTS_DIR, PROJECT_ROOT, SAMPLE_CORPUS_DIR, resolve_project_path

RUN_ENV = "ONTMOETING_RUN"
PER_MILLION = 1_000_000


# --- Which run ------------------------------------------------------------------------------------

def open_run(path: str | Path | None = None, *, corpus_dir: Path = SAMPLE_CORPUS_DIR, outputs_dir: Path = OUTPUTS_DIR,
             analyse_if_missing: bool = True) -> runs.Run:
    """The run to explore: `path`, else $ONTMOETING_RUN, else the newest run of `corpus_dir` under
    `outputs_dir`; when there is none, the corpus is analysed first (`ontmoeting analyse`, ~1 minute)."""
    chosen = path or os.environ.get(RUN_ENV)
    if chosen:
        return runs.load_run(run_folder(chosen))
    from pipeline.stages import corpus_name_of

    found = runs.latest_run(outputs_dir, corpus_name_of(corpus_dir))
    if found is None:
        if not analyse_if_missing:
            raise FileNotFoundError(f"Nog geen run van {corpus_dir} in {outputs_dir}; draai 'ontmoeting analyse'.")
        found = analyse_in_subprocess(corpus_dir, outputs_dir)
    return runs.load_run(found)


def run_folder(path: str | Path) -> Path:
    """The run folder to open for `path`: a run folder itself; the newest run of a corpus folder
    (<uit>/<corpus>/) or of the --uit folder of `ontmoeting analyse` when that holds one corpus with
    finished runs. FileNotFoundError (Dutch) when it holds several corpora or no runs at all."""
    path = Path(path)
    if (path / runs.MANIFEST).is_file():
        return path
    own = runs.finished_runs(path)
    if own:
        return own[-1]
    corpora = sorted(p for p in path.iterdir() if p.is_dir() and runs.finished_runs(p)) if path.is_dir() else []
    if len(corpora) == 1:
        return runs.finished_runs(corpora[0])[-1]
    if corpora:
        listed = "\n".join(f"  {p}  (nieuwste run: {runs.finished_runs(p)[-1].name})" for p in corpora)
        raise FileNotFoundError(f"In {path} staan runs van {len(corpora)} corpora:\n{listed}\nKies er een: geef die "
                                f"map aan explore.open_run(...) of zet {RUN_ENV} erop (of op één runmap daarin).")
    raise FileNotFoundError(f"Geen afgeronde run gevonden in {path}. Geef een runmap (<uit>/<corpus>/<tijdstempel>), "
                            f"de map van een corpus (<uit>/<corpus>) of de map die u aan 'ontmoeting analyse --uit' gaf.")


def analyse_in_subprocess(corpus_dir: Path, outputs_dir: Path) -> Path:
    """Run `ontmoeting analyse` on `corpus_dir` in a separate process; returns the new run folder."""
    command = [sys.executable, "-m", "flows.cli", "analyse", str(corpus_dir), "--uit", str(outputs_dir), "--stil"]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"De analyse van {corpus_dir} is mislukt:\n{done.stderr[-3000:]}")
    run_line = next(line for line in done.stdout.splitlines() if line.startswith("Run: "))
    return Path(run_line.removeprefix("Run: ").strip())


def run_inputs(run: runs.Run) -> pd.DataFrame:
    """inputs.csv of a run: every file found, analysed or skipped with a reason."""
    return pd.read_csv(run.path / "inputs.csv", keep_default_na=False)


def run_framework(run: runs.Run):
    """The framework named in the run's settings, read as the file is now (compare `.version` with
    run.manifest["framework"]["version"] to see whether it changed since the run)."""
    from pipeline.framework import load_framework

    return load_framework(resolve_project_path(run.manifest["settings"]["themes"]["framework"]))


def run_clusters(run: runs.Run) -> pd.DataFrame:
    """Clusters of fragments the framework does not explain (label 'Nieuw thema: ...' or the theme they
    resemble): the run's clusters.parquet, or computed now from its segments and theme scores."""
    if (run.path / "clusters.parquet").is_file():
        return run.table("clusters")
    from pipeline import clustering

    settings = settings_of_run(run.manifest["settings"])
    clusters, _ = clustering.cluster_segments(run.table("segments"), framework=run_framework(run),
                                              map_threshold=settings.themes.cluster_threshold,
                                              theme_scores=run.table("themes"))
    return clusters


# --- Words -------------------------------------------------------------------------------------------

def term_pattern(term: str) -> re.Pattern:
    """Whole-word, case-insensitive pattern; `*` matches any word ending (`wijkteam*`), spaces any space."""
    words = [re.escape(word).replace(r"\*", r"\w*") for word in term.split()]
    if not words:
        raise ValueError("Geef een zoekwoord.")
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def keyword_in_context(segments: pd.DataFrame, term: str, *, width: int = 60) -> pd.DataFrame:
    """Every occurrence of `term` in the segments' text with `width` characters of context on each side."""
    pattern = term_pattern(term)
    rows = []
    for seg in segments.itertuples(index=False):
        text = " ".join(str(seg.text).split())
        for match in pattern.finditer(text):
            left, right = text[:match.start()], text[match.end():]
            rows.append({"seg_id": seg.seg_id, "doc_id": seg.doc_id,
                         "links": ("…" + left[-width:]) if len(left) > width else left,
                         "trefwoord": match.group(0),
                         "rechts": (right[:width] + "…") if len(right) > width else right})
    return pd.DataFrame(rows, columns=["seg_id", "doc_id", "links", "trefwoord", "rechts"])


def format_kwic(table: pd.DataFrame) -> str:
    """The classic concordance view: one line per hit, keywords aligned in one column."""
    if not len(table):
        return "(geen treffers)"
    left = max(table["links"].str.len())
    return "\n".join(f"{row.links:>{left}}  [{row.trefwoord}]  {row.rechts}" for row in table.itertuples())


def content_tokens(tokens: pd.DataFrame, *, min_length: int = 2, stopwords: frozenset[str] = frozenset()
                   ) -> pd.DataFrame:
    """Word tokens that carry content: alphabetic, no stop word, not too short."""
    keep = tokens["is_alpha"].astype(bool) & ~tokens["is_stop"].astype(bool) & ~tokens["is_punct"].astype(bool)
    keep &= tokens["lemma"].str.len() >= min_length
    if stopwords:
        keep &= ~tokens["lemma"].isin(stopwords) & ~tokens["text"].str.lower().isin(stopwords)
    return tokens.loc[keep].assign(vorm=lambda t: t["text"].str.lower())


def term_frequencies(tokens: pd.DataFrame, *, by: str = "lemma", min_length: int = 2,
                     stopwords: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Content terms by frequency: term, aantal, aandeel (of all words), vormen (the word forms seen)."""
    words = content_tokens(tokens, min_length=min_length, stopwords=stopwords)
    n_words = max(int(tokens["is_alpha"].astype(bool).sum()), 1)
    table = words.groupby(by).agg(aantal=("vorm", "size"), vormen=("vorm", _forms)).reset_index()
    table = table.rename(columns={by: "term"}).assign(aandeel=lambda t: t["aantal"] / n_words)
    return table.sort_values(["aantal", "term"], ascending=[False, True], ignore_index=True)[
        ["term", "aantal", "aandeel", "vormen"]]


def _forms(series: pd.Series) -> str:
    return ", ".join(series.value_counts().index)


def keyness(tokens: pd.DataFrame, *, reference: pd.DataFrame | None = None, min_count: int = 3,
            smoothing: float | None = None, by: str = "lemma") -> pd.DataFrame:
    """Terms that are typical of these tokens compared with general Dutch (wordfreq) or a `reference`
    tokens table, as a smoothed log2 ratio of frequencies per million words ("simple maths"):
    keyness = log2((per_miljoen + k) / (referentie_per_miljoen + k)).

    Against wordfreq a term's reference frequency is the sum over the word forms seen in the corpus,
    so both sides count the same forms. k (`smoothing`) defaults to 1 per million for wordfreq and to
    one occurrence in the reference corpus otherwise; a larger k favours common words."""
    table = term_frequencies(tokens, by=by)
    table = table[table["aantal"] >= min_count].copy()
    n_words = max(int(tokens["is_alpha"].astype(bool).sum()), 1)
    table["per_miljoen"] = table["aantal"] / n_words * PER_MILLION
    if reference is None:
        table["referentie_per_miljoen"] = table["vormen"].map(_wordfreq_per_million)
        k = 1.0 if smoothing is None else smoothing
    else:
        ref = term_frequencies(reference, by=by).set_index("term")["aantal"]
        n_ref = max(int(reference["is_alpha"].astype(bool).sum()), 1)
        table["referentie_per_miljoen"] = table["term"].map(ref).fillna(0) / n_ref * PER_MILLION
        k = PER_MILLION / n_ref if smoothing is None else smoothing
    table["keyness"] = np.log2((table["per_miljoen"] + k) / (table["referentie_per_miljoen"] + k))
    return table.sort_values(["keyness", "term"], ascending=[False, True], ignore_index=True)[
        ["term", "aantal", "per_miljoen", "referentie_per_miljoen", "keyness", "vormen"]]


def _wordfreq_per_million(forms: str) -> float:
    return sum(word_frequency(form, "nl") for form in forms.split(", ")) * PER_MILLION


# --- Themes ------------------------------------------------------------------------------------------

def doc_id_of(seg_ids: pd.Series) -> pd.Series:
    """The document of each segment (seg_id is `<doc_id>-<n:04d>`)."""
    return seg_ids.str.rsplit("-", n=1).str[0]


def assigned_themes(themes: pd.DataFrame, segments: pd.DataFrame | None = None,
                    documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (segment, assigned theme), with doc_id; with segments and documents also the text
    and the metadata (bijeenkomst, datum, gemeente, rol, ...)."""
    if segments is not None and documents is not None:
        return report_tables.assigned_segments(themes, report_tables.segment_meta(segments, documents))
    hits = themes.loc[themes["assigned"].astype(bool), ["seg_id", "theme_id", "score", "evidence"]]
    return hits.assign(doc_id=doc_id_of(hits["seg_id"]))


def theme_ids_of(themes: pd.DataFrame) -> list[str]:
    return sorted(themes["theme_id"].unique(), key=_natural)


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(text))]


def theme_summary(themes: pd.DataFrame, *, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Per theme: fragmenten and documenten with the theme, their mean and highest score."""
    hits = assigned_themes(themes)
    table = pd.DataFrame({"theme_id": theme_ids_of(themes)})
    table["label"] = table["theme_id"].map(labels or {}).fillna("")
    grouped = hits.groupby("theme_id")
    table["fragmenten"] = table["theme_id"].map(grouped.size()).fillna(0).astype(int)
    table["documenten"] = table["theme_id"].map(grouped["doc_id"].nunique()).fillna(0).astype(int)
    table["gemiddelde_score"] = table["theme_id"].map(grouped["score"].mean()).round(3)
    table["hoogste_score"] = table["theme_id"].map(grouped["score"].max()).round(3)
    return table.sort_values(["fragmenten", "theme_id"], ascending=[False, True], ignore_index=True)


def theme_evidence(themes: pd.DataFrame, segments: pd.DataFrame, theme_id: str, *, n: int = 5,
                   documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `n` segments with the highest score for `theme_id`: score, evidence, text (and metadata)."""
    meta = report_tables.segment_meta(segments, documents if documents is not None else
                                      pd.DataFrame(columns=["doc_id"]))
    hits = report_tables.assigned_segments(themes[themes["theme_id"] == theme_id], meta)
    columns = ["seg_id", "score", "evidence", "text", *[c for c in ("bijeenkomst", "datum", "gemeente")
                                                        if documents is not None and c in documents]]
    return hits.sort_values(["score", "seg_id"], ascending=[False, True]).head(n)[columns].reset_index(drop=True)


def theme_cooccurrence(themes: pd.DataFrame, *, unit: str = "fragment", measure: str = "aantal") -> pd.DataFrame:
    """Theme x theme: in how many fragments (or documents) both themes were assigned.
    measure "jaccard": overlap / union; "lift": observed / expected if independent (>1 = more often
    together than chance). The diagonal holds each theme's own count (NaN for jaccard and lift)."""
    key = {"fragment": "seg_id", "document": "doc_id"}[unit]
    ids = theme_ids_of(themes)
    counts = report_tables.cooccurrence(ids, assigned_themes(themes), unit=key).astype(float)
    own = pd.Series(np.diag(counts), index=ids)
    if measure == "jaccard":
        result = counts / (own.to_numpy()[:, None] + own.to_numpy()[None, :] - counts)
    elif measure == "lift":
        n_units = (themes["seg_id"] if key == "seg_id" else doc_id_of(themes["seg_id"])).nunique()
        result = counts * n_units / np.outer(own, own)
    elif measure == "aantal":
        return counts.astype(int)
    else:
        raise ValueError(f"onbekende maat {measure!r}: kies aantal, jaccard of lift")
    values = result.to_numpy(dtype=float, copy=True)
    values[~np.isfinite(values)] = np.nan
    np.fill_diagonal(values, np.nan)
    return pd.DataFrame(values, index=counts.index, columns=counts.columns).round(3)


def compare_groups(themes: pd.DataFrame, segments: pd.DataFrame, documents: pd.DataFrame, *,
                   by: str = "gemeente", relative: bool = False) -> pd.DataFrame:
    """Per group (gemeente, rol, bijeenkomst, kind, ...): its number of fragmenten and, per theme, the
    share of its fragments with that theme; `relative=True` divides by the theme's share in the whole
    corpus (2.0 = twice as often as on average)."""
    ids = theme_ids_of(themes)
    meta = report_tables.segment_meta(segments, documents)
    table = report_tables.crosstab(ids, report_tables.assigned_segments(themes, meta), meta, column=by)
    shares = table[ids].div(table["fragmenten"].clip(lower=1), axis=0)
    if relative:
        overall = table[ids].sum() / max(int(table["fragmenten"].sum()), 1)
        shares = shares.div(overall.where(overall > 0))
    return pd.concat([table.drop(columns=ids), shares.round(3)], axis=1)


def theme_trend(themes: pd.DataFrame, segments: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per meeting in date order: fragmenten and the share of them per theme."""
    ids = theme_ids_of(themes)
    meta = report_tables.segment_meta(segments, documents)
    meetings = report_tables.crosstab(ids, report_tables.assigned_segments(themes, meta), meta, column="bijeenkomst")
    return report_tables.trend(ids, meetings)


def rising_themes(trend: pd.DataFrame) -> pd.DataFrame:
    """Themes whose share grows over the dated meetings: share in the earlier and the later half,
    their difference, and the least-squares slope per meeting. Meetings without a date are left out."""
    dated = trend[trend["datum"] != report_tables.UNKNOWN].reset_index(drop=True)
    ids = [c for c in trend.columns if c not in ("datum", "bijeenkomst", "fragmenten")]
    half = math.ceil(len(dated) / 2)
    rows = []
    for theme_id in ids:
        shares = dated[theme_id].to_numpy(dtype=float)
        early, late = shares[:half], shares[half:] if len(dated) > 1 else shares[:0]
        slope = float(np.polyfit(np.arange(len(shares)), shares, 1)[0]) if len(shares) > 1 else 0.0
        rows.append({"theme_id": theme_id, "eerder": early.mean() if len(early) else np.nan,
                     "later": late.mean() if len(late) else np.nan, "helling": slope})
    table = pd.DataFrame(rows, columns=["theme_id", "eerder", "later", "helling"])
    table["verschil"] = table["later"] - table["eerder"]
    return table.round(4).sort_values(["verschil", "theme_id"], ascending=[False, True], ignore_index=True)


def emerging_terms(tokens: pd.DataFrame, documents: pd.DataFrame, *, since: str | None = None,
                   min_count: int = 2) -> pd.DataFrame:
    """Words that are typical of recent documents (datum >= `since`, default: the later half of the
    dates) compared with earlier ones: a way to spot themes the framework does not name yet."""
    dated = documents[documents["datum"].map(report_tables.is_filled)]
    dates = sorted(dated["datum"].astype(str).unique())
    if len(dates) < 2:
        return keyness(tokens.iloc[:0], reference=tokens, min_count=min_count)
    since = since or dates[math.ceil(len(dates) / 2)]
    recent = set(dated.loc[dated["datum"].astype(str) >= since, "doc_id"])
    earlier = set(dated.loc[dated["datum"].astype(str) < since, "doc_id"])
    return keyness(tokens[tokens["doc_id"].isin(recent)], reference=tokens[tokens["doc_id"].isin(earlier)],
                   min_count=min_count)
