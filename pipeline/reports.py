"""Theme report: report.md, a self-contained report.html and the tables behind them (tables/*.csv).

Everything shown comes from the run folder's tables: documents are already pseudonymised by
`pipeline.privacy`, so quotes are safe to show; raw input text is never read here. HTML is
rendered with Jinja2 autoescaping; Markdown text goes through `md_escape`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from pipeline import charts
from pipeline import report_tables as rt
from pipeline import report_text as text
from pipeline import report_views as views
from pipeline.documents import document_units

TEMPLATES = Path(__file__).with_name("templates")
# Markdown markup in note text: backslash, code, emphasis, tables, HTML; '_' and '#' only where they act,
# and '[' only where it would start a link, so '[PERSOON-1]' and 'nl_core' stay readable.
_MD_SPECIAL = re.compile(r"([\\`*<>|]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|^#|\[(?=[^\]]*\][(\[:]))")


@dataclass
class ReportInputs:
    """Everything a report shows; plain data so it can be built from a run folder too."""

    corpus_name: str
    documents: pd.DataFrame
    inputs: pd.DataFrame
    segments: pd.DataFrame
    themes: pd.DataFrame  # long table: seg_id, theme_id, score, assigned, evidence
    framework: Any  # pipeline.framework.Framework
    wordles: list  # WordleOutput
    model: dict[str, Any]
    n_top_terms: int
    n_quotes: int
    clusters: pd.DataFrame | None = None  # from pipeline.clustering, when the run has one
    cluster_segments: pd.DataFrame | None = None  # seg_id, cluster_id
    method: dict[str, Any] = field(default_factory=dict)  # threshold, max_themes, privacy mode
    created: str = field(default_factory=lambda: dt.datetime.now().strftime("%Y-%m-%d %H:%M"))


def md_escape(text: Any) -> str:
    """One line of Markdown-safe text: whitespace collapsed, markup characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text if text is not None else "").split()))


def build_context(data: ReportInputs) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The template context and the tables to write as CSV."""
    theme_ids, labels = [t.id for t in data.framework.themes], {t.id: t.label for t in data.framework.themes}
    meta = rt.segment_meta(data.segments, data.documents)
    assigned = rt.assigned_segments(data.themes, meta)
    drill = views.DrillDown(assigned)
    distribution = rt.theme_distribution(data.framework.themes, assigned, n_segments=len(data.segments),
                                         n_documents=document_units(data.documents).nunique())
    sections = views.theme_sections(data, assigned, distribution, drill)
    cooc, tables = views.cooccurrence_view(theme_ids, labels, assigned, drill)
    crosstabs, trend_svg = [], None
    for column in views.CROSSTABS:
        if rt.has_metadata(meta, column):
            view, table = views.crosstab_view(column, labels, assigned, meta, drill)
            crosstabs.append(view)
            tables[f"per-{column}"] = table
    if "per-bijeenkomst" in tables and rt.has_metadata(meta, "datum") and len(tables["per-bijeenkomst"]) >= 2:
        tables["verloop"] = rt.trend(theme_ids, tables["per-bijeenkomst"])
        trend_svg = views.trend_chart(data.framework.themes, tables["verloop"])
    emerging = views.emerging_themes(data, meta, drill)
    overview = rt.corpus_overview(data.documents, data.segments, data.inputs)
    skipped = data.inputs[data.inputs["status"] != "analysed"].reindex(columns=["source", "reason"])
    # an analysed file can still have left something out (empty answer rows, answers in another language)
    noted = data.inputs[(data.inputs["status"] == "analysed") & (data.inputs["reason"].fillna("") != "")]
    quotes = pd.DataFrame([q | {"theme": s["id"]} for s in sections for q in s["quotes"]],
                          columns=["theme", "seg_id", "where", "source", "score", "evidence", "text"])
    tables |= {"corpus": pd.DataFrame(list(overview.items()), columns=["maat", "aantal"]),
               "bijeenkomsten": rt.meetings_overview(data.documents, data.segments), "overgeslagen": skipped,
               "thema-verdeling": distribution, "citaten": quotes}
    if emerging:
        tables["opkomende-themas"] = emerging["table"]
    context = {
        "data": data, "overview": overview, "meetings": tables["bijeenkomsten"].to_dict("records"),
        "skipped": skipped.to_dict("records"), "noted": noted.reindex(columns=["source", "reason"]).to_dict("records"),
        "sections": sections, "theme_chart": views.theme_chart(sections),
        "cooc": cooc, "crosstabs": crosstabs, "trend_svg": trend_svg, "theme_ids": theme_ids, "labels": labels,
        "emerging": emerging, "drill": drill.groups, "drill_limit": drill.limit, "wordles": [],
        "method": text.method_note(data), "n_unassigned": len(data.segments) - assigned["seg_id"].nunique(),
        **opening(data, overview, distribution, emerging, n_themed=assigned["seg_id"].nunique())}
    return context, tables


def opening(data: ReportInputs, overview: dict, distribution: pd.DataFrame, emerging: dict[str, Any] | None, *,
            n_themed: int) -> dict[str, Any]:
    """The summary and the reading guide at the top of the report; `n_themed`: fragments with a theme."""
    groups = [c for c in (emerging or {}).get("clusters", []) if not c["residual"]]
    largest = max(groups, key=lambda c: c["size"], default=None)
    return {"summary": text.summary(overview, distribution, documents=data.documents, n_themed=n_themed,
                                    framework_name=data.framework.name, largest_group=largest),
            "guide": text.reading_guide(threshold=data.method.get("threshold", "?"), framework_name=data.framework.name,
                                        kinds=[t.kind for t in data.framework.themes],
                                        with_groups=emerging is not None)}


def wordle_views(wordles: list, out_dir: Path, documents: pd.DataFrame) -> list[dict[str, str]]:
    questions = text.answer_questions(documents)
    return [{"name": w.name, "title": text.wordle_title(w.name, questions),
             "png": Path(w.png).relative_to(out_dir).as_posix(),
             "uri": charts.png_data_uri(Path(w.png)), "alt": w.alt_text} for w in wordles]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                             autoescape=jinja2.select_autoescape(["html", "html.j2"]),
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["md"] = md_escape
    env.filters["pct"] = text.percent
    env.filters["quoted"] = text.quoted
    env.filters["num"] = lambda value: f"{int(value):,}".replace(",", ".")
    env.filters["dec"] = text.decimal
    env.filters["counted"] = text.counted  # {{ n|counted("fragment", "fragmenten") }}: '1 fragment'
    env.filters["plural"] = text.plural
    env.filters["model_kind"] = text.model_kind
    return env


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Each table as tables/<name>.csv (UTF-8); matrices keep their theme index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in sorted(tables.items()):
        path = out_dir / f"{name}.csv"
        table.to_csv(path, index=name.startswith("samenhang-") and name != "samenhang-paren")
        paths.append(path)
    return paths


def write_figures(context: dict[str, Any], out_dir: Path) -> list[Path]:
    """The SVG charts as files too, for report.md and for use in other documents."""
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = {"thema-grafiek": context["theme_chart"], "verloop-grafiek": context["trend_svg"]}
    paths = []
    for name, svg in figures.items():
        if svg:
            path = out_dir / f"{name}.svg"
            path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, encoding="utf-8")
            paths.append(path)
    return paths


def write_report(data: ReportInputs, *, out_dir: Path) -> tuple[Path, Path]:
    """Write report.md, report.html and tables/*.csv into `out_dir`; returns the two report paths."""
    out_dir = Path(out_dir)
    context, tables = build_context(data)
    context["wordles"] = wordle_views(data.wordles, out_dir, data.documents)
    write_tables(tables, out_dir / "tables")
    write_figures(context, out_dir / "figuren")
    env = environment()
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(env.get_template("report.md.j2").render(**context), encoding="utf-8")
    html_path.write_text(env.get_template("report.html.j2").render(**context), encoding="utf-8")
    return md_path, html_path


def read_clusters(run_dir: Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """clusters.parquet and cluster_segments.parquet of a run (pipeline.clustering); None when absent."""
    paths = [Path(run_dir) / "clusters.parquet", Path(run_dir) / "cluster_segments.parquet"]
    return tuple(pd.read_parquet(p) if p.is_file() else None for p in paths)


def artifact_contents(run_dir: Path) -> tuple[str, list[dict[str, Any]]]:
    """A short Markdown summary and the theme table of a finished run, for Prefect artifacts."""
    run_dir = Path(run_dir)
    corpus = pd.read_csv(run_dir / "tables" / "corpus.csv").set_index("maat")["aantal"]
    table = pd.read_csv(run_dir / "tables" / "thema-verdeling.csv", keep_default_na=False)
    top = table.sort_values("fragmenten", ascending=False).head(3)
    lines = [f"**{corpus['documenten']} documenten**, {corpus['fragmenten']} fragmenten, "
             f"{corpus['woorden']} woorden; {corpus['bestanden_overgeslagen']} bestanden overgeslagen.", "",
             "Meest voorkomende thema's: " + ", ".join(
                 f"{md_escape(r.theme_id)} {md_escape(r.label)} ({r.fragmenten})" for r in top.itertuples()), "",
             f"Rapport: `{run_dir / 'report.html'}`"]
    rows = [{"thema": r.theme_id, "label": r.label, "soort": r.soort, "fragmenten": int(r.fragmenten),
             "aandeel": f"{100 * r.aandeel_fragmenten:.1f}%".replace(".", ","), "documenten": int(r.documenten)}
            for r in table.itertuples()]
    return "\n".join(lines), rows
