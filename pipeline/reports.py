"""Theme report: report.md and a self-contained report.html (inline CSS, embedded images)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

TEMPLATES = Path(__file__).with_name("templates")


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


def summarise_themes(data: ReportInputs) -> pd.DataFrame:
    """One row per framework theme: segments assigned, share of segments, top evidence terms, quotes."""
    assigned = data.themes[data.themes["assigned"]] if len(data.themes) else data.themes
    n_segments = max(len(data.segments), 1)
    rows = []
    for theme in data.framework.themes:
        hits = assigned[assigned["theme_id"] == theme.id] if len(assigned) else assigned
        rows.append({
            "theme_id": theme.id, "label": theme.label, "kind": theme.kind, "segments": len(hits),
            "share": len(hits) / n_segments, "top_terms": top_evidence_terms(hits, n=data.n_top_terms),
            "quotes": pick_quotes(hits, data.segments, n=data.n_quotes),
        })
    return pd.DataFrame(rows)


def top_evidence_terms(hits: pd.DataFrame, *, n: int) -> list[str]:
    """Most frequent evidence terms among a theme's assigned segments."""
    if not len(hits):
        return []
    terms = hits["evidence"].fillna("").str.split(";").explode().str.strip()
    terms = terms[terms != ""]
    return terms.value_counts().head(n).index.tolist()


def pick_quotes(hits: pd.DataFrame, segments: pd.DataFrame, *, n: int) -> list[str]:
    """The highest-scoring assigned segments as quotes (texts are pseudonymised upstream)."""
    if not len(hits):
        return []
    best = hits.sort_values(["score", "seg_id"], ascending=[False, True]).head(n)
    texts = segments.set_index("seg_id")["text"]
    return [texts[s] for s in best["seg_id"] if s in texts.index]


def image_data_uri(path: Path) -> str:
    """Embed a PNG in HTML so the report is one file."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def write_report(data: ReportInputs, *, out_dir: Path) -> tuple[Path, Path]:
    """Write report.md and report.html into `out_dir`; returns both paths."""
    summary = summarise_themes(data)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"]),
                             trim_blocks=True, lstrip_blocks=True)
    context = {
        "data": data, "summary": summary.to_dict("records"),
        "n_documents": len(data.documents), "n_segments": len(data.segments),
        "n_words": int(data.documents["n_words"].sum()) if len(data.documents) else 0,
        "skipped": data.inputs[data.inputs["status"] != "analysed"].to_dict("records"),
        "analysed": data.inputs[data.inputs["status"] == "analysed"].to_dict("records"),
        "wordles": [{"name": w.name, "png": Path(w.png).relative_to(out_dir).as_posix(),
                     "uri": image_data_uri(w.png), "alt": w.alt_text} for w in data.wordles],
        "max_share": max(summary["share"].max() if len(summary) else 0, 1e-9),
    }
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(env.get_template("report.md.j2").render(**context), encoding="utf-8")
    html_path.write_text(env.get_template("report.html.j2").render(**context), encoding="utf-8")
    return md_path, html_path
