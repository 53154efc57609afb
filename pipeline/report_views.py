"""The parts of the theme report: per-theme sections, co-occurrence, crosstabs, trend, emerging themes
and the drill-down from every count to the quotes behind it.

Each `*_view` function turns tables from `pipeline.report_tables` into plain dicts for the templates
and registers the quotes behind its counts with a `DrillDown`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline import charts
from pipeline.clustering import RESIDUAL, grouping_terms, sort_clusters
from pipeline import report_tables as rt
from pipeline.documents import document_units
from pipeline.corrections import CORRECTION_EVIDENCE
from pipeline.report_text import counted, decimal, has_words, listed, plural
from pipeline.theme_examples import LEARNED_EVIDENCE
from pipeline.theme_evidence import MEANING_EVIDENCE

if TYPE_CHECKING:
    from pipeline.reports import ReportInputs

CROSSTABS = {"bijeenkomst": "Bijeenkomst", "gemeente": "Gemeente", "rol": "Rol"}
# Quotes shown behind one count in the HTML drill-down; the rest are in export/review.xlsx.
DRILL_LIMIT = 25
QUOTE_WORDS = (6, 80)  # representative quotes prefer segments of this many words
# A key term that is not the theme's own term or phrase must be evidence in this many segments of the theme.
MIN_TERM_SEGMENTS = 2
NOT_TERMS = {"", CORRECTION_EVIDENCE, MEANING_EVIDENCE}  # evidence labels, not words of the texts


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def top_evidence_terms(hits: pd.DataFrame, *, n: int, theme=None) -> list[str]:
    """The words and phrases most often found as evidence among a theme's assigned segments (`hits`), counted
    once per segment. A term, supporting term or phrase of `theme` in the framework always counts; any other
    word (from the theme's description, or learned from labelled paragraphs or corrections) only when it was
    evidence in at least MIN_TERM_SEGMENTS segments, so a word of one corrected sentence is no key term.
    Labels that are not words of the texts never count: CORRECTION_EVIDENCE, MEANING_EVIDENCE and the
    classifier's words ('uit voorbeelden: ...', shown with each quote)."""
    own = {term.strip().casefold() for term in (*theme.terms, *theme.support_terms, *theme.phrases)} if theme else set()
    counts = Counter(term for value in hits["evidence"].fillna("") for term in
                     {part.strip() for part in str(value).split(";")} - NOT_TERMS
                     if term and not term.startswith(LEARNED_EVIDENCE))
    kept = {term: count for term, count in counts.items() if term.casefold() in own or count >= MIN_TERM_SEGMENTS}
    return [term for term, _ in sorted(kept.items(), key=lambda item: (-item[1], item[0]))[:n]]


def pick_quotes(hits: pd.DataFrame, *, n: int) -> pd.DataFrame:
    """The best-scoring assigned segments of a readable length, one per document before a second; a text
    that recurs (a sentence copied into several notes, a template line) is quoted once."""
    if not len(hits):
        return hits
    words = hits["text"].fillna("").str.split().str.len()
    ordered = hits.assign(_odd_length=~words.between(*QUOTE_WORDS)).sort_values(
        ["_odd_length", "score", "seg_id"], ascending=[True, False, True])
    ordered = ordered[~ordered["text"].fillna("").map(lambda text: " ".join(text.lower().split())).duplicated()]
    first = ordered.loc[document_units(ordered).drop_duplicates().index]
    chosen = pd.concat([first, ordered.drop(first.index)]).head(n)
    return chosen.drop(columns="_odd_length")


def quote(row: Any, *, evidence: str | None = None) -> dict[str, Any]:
    """A quote for the templates: text, source and the words that made the theme match."""
    meta = [str(v) for v in (row.bijeenkomst, row.datum) if rt.is_filled(v)]
    return {"seg_id": row.seg_id, "text": " ".join(str(row.text).split()), "source": str(row.source),
            "where": ", ".join(meta), "theme_id": row.theme_id,
            "score": float(row.score), "evidence": row.evidence if evidence is None else evidence}


class DrillDown:
    """The quotes behind every count in the HTML: groups of segments, each with an anchor."""

    def __init__(self, assigned: pd.DataFrame, *, limit: int = DRILL_LIMIT):
        self.limit = limit
        self.groups: list[dict[str, Any]] = []
        # rows as objects, once: groups are subsets of `assigned` (same index), and there are hundreds
        self.rows = {i: SimpleNamespace(**r) for i, r in zip(assigned.index, assigned.to_dict("records"))}

    def add(self, key: str, title: str, rows: pd.DataFrame, *, documents: int | None = None) -> str | None:
        """Register a group of rows of `assigned`; returns its '#anchor', or None when it is empty.
        `documents`: the count the link shows when it counts documents, named beside the fragments."""
        if not len(rows):
            return None
        return self.add_records(key, title, sorted((self.rows[i] for i in rows.index),
                                                   key=lambda r: (-r.score, r.seg_id)), documents=documents)

    def add_records(self, key: str, title: str, records: list, *, documents: int | None = None) -> str | None:
        """Register rows (objects with the fields of `assigned`) in the order given; one quote per segment."""
        if not records:
            return None
        evidence: dict[str, list[str]] = {}
        unique = []  # best-scoring row of each segment, best first
        for r in records:
            if r.seg_id not in evidence:
                unique.append(r)
            evidence.setdefault(r.seg_id, []).append(f"{r.theme_id}: {r.evidence}" if r.evidence else "")
        anchor = f"d-{slug(key)}"
        count = counted(len(unique), "fragment", "fragmenten")
        if documents is not None:
            count = f"{counted(documents, 'document', 'documenten')}, {count}"
        self.groups.append({"id": anchor, "title": title, "n": len(unique), "count": count,
                            "more": max(0, len(unique) - self.limit),
                            "quotes": [quote(r, evidence=joined_evidence(evidence[r.seg_id]))
                                       for r in unique[: self.limit]]})
        return "#" + anchor


def joined_evidence(items: list[str]) -> str:
    """Evidence of one segment; the theme id is only kept when the segment counts for several themes."""
    items = [i for i in items if i]
    return items[0].split(": ", 1)[1] if len(items) == 1 else " | ".join(items)


def theme_sections(data: ReportInputs, assigned: pd.DataFrame, distribution: pd.DataFrame,
                   drill: DrillDown) -> list[dict[str, Any]]:
    """Per theme: description, counts (linked to all its quotes), top terms, representative quotes."""
    sections = []
    for theme, row in zip(data.framework.themes, distribution.itertuples(index=False)):
        hits = assigned[assigned["theme_id"] == theme.id]
        sections.append({
            "id": theme.id, "anchor": f"thema-{slug(theme.id)}", "label": theme.label, "kind": theme.kind,
            "description": theme.description, "segments": row.fragmenten, "documents": row.documenten,
            "share": row.aandeel_fragmenten, "share_themed": row.aandeel_met_thema, "top_terms": top_evidence_terms(hits, n=data.n_top_terms, theme=theme),
            "quotes": [quote(r) for r in pick_quotes(hits, n=data.n_quotes).itertuples(index=False)],
            "href": drill.add(f"thema-{theme.id}", f"{theme.id} {theme.label}: alle fragmenten", hits)})
    return sections


def theme_chart(sections: list[dict[str, Any]]) -> str:
    bars = [charts.Bar(key=slug(s["id"]), label=f"{s['id']} {s['label']}", value=s["segments"], kind=s["kind"],
                       text=f"{s['segments']} ({100 * s['share']:.1f}%)".replace(".", ",")) for s in sections]
    return charts.bar_chart_svg(bars, title="Aantal fragmenten per thema", chart_id="thema-grafiek")


def cooccurrence_view(theme_ids: list[str], labels: dict[str, str], assigned: pd.DataFrame,
                      drill: DrillDown) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Segment-level matrix and the strongest pairs, with drill-down links; plus their CSV tables."""
    by_segment = rt.cooccurrence(theme_ids, assigned, unit="seg_id")
    by_document = rt.cooccurrence(theme_ids, assigned, unit="doc_id")
    pairs = rt.cooccurrence_pairs(theme_ids, assigned)
    seg_sets, doc_sets = rt.theme_sets(assigned, "seg_id"), rt.theme_sets(assigned, "doc_id")
    links: dict[tuple[str, str], dict[str, str | None]] = {}
    for p in pairs.itertuples(index=False):
        both = {"seg_id": {k for k, v in seg_sets.items() if {p.thema_a, p.thema_b} <= v},
                "doc_id": {k for k, v in doc_sets.items() if {p.thema_a, p.thema_b} <= v}}
        of_pair = assigned[assigned["theme_id"].isin([p.thema_a, p.thema_b])]
        title = f"{p.thema_a} {labels[p.thema_a]} en {p.thema_b} {labels[p.thema_b]}"
        links[p.thema_a, p.thema_b] = {
            "seg": drill.add(f"samen-frag-{p.thema_a}-{p.thema_b}", f"{title}: in hetzelfde fragment",
                             of_pair[of_pair["seg_id"].isin(both["seg_id"])]),
            # per document the best fragment of each of the two themes: enough to see why they meet
            "doc": drill.add(f"samen-doc-{p.thema_a}-{p.thema_b}", f"{title}: in hetzelfde document",
                             of_pair[of_pair["doc_id"].isin(both["doc_id"])].sort_values(
                                 "score", ascending=False).drop_duplicates(["doc_id", "theme_id"]),
                             documents=int(p.documenten))}
    peak = max([int(by_segment.loc[a, b]) for a in theme_ids for b in theme_ids if a != b] + [0])
    matrix = [{"id": a, "label": labels[a], "cells": [
        {"count": int(by_segment.loc[a, b]), "diagonal": a == b, "bg": charts.heat_colour(
            0 if a == b else by_segment.loc[a, b], peak),
         "href": None if a == b else links.get(tuple(sorted((a, b), key=theme_ids.index)), {}).get("seg")}
        for b in theme_ids]} for a in theme_ids]
    top_pairs = [{"a": p.thema_a, "b": p.thema_b, "label_a": labels[p.thema_a], "label_b": labels[p.thema_b],
                  "segments": p.fragmenten, "documents": p.documenten, **links[p.thema_a, p.thema_b]}
                 for p in pairs.head(12).itertuples(index=False)]
    view = {"matrix": matrix, "pairs": top_pairs, "n_pairs": len(pairs)}
    return view, {"samenhang-fragmenten": by_segment, "samenhang-documenten": by_document,
                  "samenhang-paren": pairs}


def crosstab_view(column: str, labels: dict[str, str], assigned: pd.DataFrame, meta: pd.DataFrame,
                  drill: DrillDown) -> tuple[dict[str, Any], pd.DataFrame]:
    """Counts per value of `column` and theme (shaded by share of the group), each linked to its quotes."""
    theme_ids = list(labels)
    table = rt.crosstab(theme_ids, assigned, meta, column=column)
    keys = rt.group_columns(column)
    hit_labels = rt.group_frame(assigned, keys).agg(" · ".join, axis=1) if len(assigned) else pd.Series(dtype=str)
    cells_of = {key: group for key, group in assigned.groupby([hit_labels, "theme_id"])} if len(assigned) else {}
    rows = []
    for i, record in enumerate(table.to_dict("records")):
        values = [record[k] for k in keys]
        label, total = " · ".join(values), int(record["fragmenten"])
        cells = []
        for t in theme_ids:
            share = record[t] / max(total, 1)
            hits = cells_of.get((label, t), assigned.iloc[:0])
            cells.append({"count": int(record[t]), "share": share, "bg": charts.heat_colour(share, 0.5),
                          "href": drill.add(f"{column}-{i}-{t}",
                                            f"{t} {labels[t]} · {CROSSTABS[column].lower()}: {label}", hits)})
        rows.append({"values": values, "total": total, "cells": cells})
    return {"column": column, "title": CROSSTABS[column], "key_columns": keys, "rows": rows}, table


def trend_chart(theme_list, trend: pd.DataFrame) -> str:
    series = [(t.id, f"{t.id} {t.label}", t.kind, trend[t.id].tolist()) for t in theme_list]
    labels = [f"{d} {b}" for d, b in zip(trend["datum"], trend["bijeenkomst"])]
    return charts.small_multiples_svg(series, x_labels=labels, chart_id="verloop-grafiek",
                                      title="Aandeel fragmenten per thema per bijeenkomst, in de tijd")


def emerging_themes(data: ReportInputs, meta: pd.DataFrame, drill: DrillDown) -> dict[str, Any] | None:
    """Clusters of segments without a theme (pipeline.clustering), each with its quotes and closest theme,
    and an intro that accounts for every segment without a theme: grouped, or why not."""
    if data.clusters is None:
        return None
    clusters = sort_clusters(data.clusters)
    members = data.cluster_segments if data.cluster_segments is not None else pd.DataFrame(
        columns=["seg_id", "cluster_id"])
    rows = meta.astype(object).assign(theme_id="", score=0.0, evidence="").set_index("seg_id", drop=False)
    views = []
    for c in clusters.itertuples(index=False):
        in_cluster = [SimpleNamespace(**rows.loc[s].to_dict())
                      for s in members.loc[members["cluster_id"] == c.cluster_id, "seg_id"] if s in rows.index]
        by_text = {r.text: r for r in in_cluster}
        examples = unique_texts(str(c.examples or "").split(" | "))
        quotes = [quote(by_text[t]) if t in by_text else {"text": t, "where": "", "source": ""} for t in examples]
        views.append({"id": int(c.cluster_id), "title": str(c.label), "size": int(c.size),
                      "residual": str(c.mapped_theme) == RESIDUAL,
                      "status": cluster_status(c, data.framework, threshold=data.method.get("cluster_threshold")),
                      "terms": [t for t in str(c.top_terms or "").split("; ") if t], "quotes": quotes,
                      "href": drill.add_records(f"cluster-{c.cluster_id}", f"{c.label}: alle fragmenten", in_cluster)})
    free = unexplained_segments(data, grouped=set(members.loc[members["cluster_id"].isin(clusters["cluster_id"]),
                                                              "seg_id"]))
    no_words = free[free["reason"] == "geen woorden"]
    readable = no_words[no_words["text"].map(has_words).astype(bool)]  # not '...', '2015', '💪' or '[PERSOON-4]'
    ungrouped = {"n": len(no_words), "shown": len(readable), "href": drill.add_records(
        "cluster-niet-gegroepeerd", "Niet gegroepeerd: fragmenten zonder woorden om op te groeperen",
        [SimpleNamespace(**rows.loc[s].to_dict()) for s in readable["seg_id"] if s in rows.index])}
    table = clusters.reindex(columns=["cluster_id", "label", "size", "mapped_theme", "similarity", "cohesion",
                                      "nearest_theme", "shared_terms", "top_terms", "examples"])
    return {"intro": emerging_intro(free, n_groups=len(views)), "clusters": views, "table": table,
            "ungrouped": ungrouped}


def unexplained_segments(data: ReportInputs, *, grouped: set[str]) -> pd.DataFrame:
    """Segments without a theme (seg_id, text) with `reason`: 'gegroepeerd', 'geen woorden' (nothing to group
    on, see clustering.grouping_terms) or 'anders' (not in a group of this run)."""
    explained = set(data.themes.loc[data.themes["assigned"].astype(bool), "seg_id"])
    free = data.segments[~data.segments["seg_id"].isin(explained)]
    neutral = set(data.framework.neutral_terms)
    lemmas = free["lemmas"] if "lemmas" in free else [None] * len(free)  # without lemmas the reason is unknown
    reason = ["gegroepeerd" if seg_id in grouped else
              "anders" if words is None or grouping_terms(words, neutral=neutral) else "geen woorden"
              for seg_id, words in zip(free["seg_id"], lemmas)]
    return free.reindex(columns=["seg_id", "text"]).assign(reason=reason)


def emerging_intro(free: pd.DataFrame, *, n_groups: int) -> str:
    """The intro of the emerging themes: what happened to each of the segments without a theme (Dutch)."""
    n = free["reason"].value_counts()
    grouped, no_words, other = (int(n.get(key, 0)) for key in ("gegroepeerd", "geen woorden", "anders"))
    examples = unique_texts(sorted(free.loc[free["reason"] == "geen woorden", "text"].astype(str),
                                   key=lambda t: (-len(t.split()), t)))[:3]
    words = (f"{counted(no_words, 'fragment', 'fragmenten')} {plural(no_words, 'bevat', 'bevatten')} geen woorden "
             "om op te groeperen: alleen alledaagse woorden, neutrale woorden van het kader, getallen of tekens"
             + (f" (bijvoorbeeld {', '.join(f'“{t}”' for t in examples)})" if examples else "") + ".")
    rest = (f"{counted(other, 'fragment', 'fragmenten')} {plural(other, 'staat', 'staan')} in geen groep van "
            "deze run.")
    if not n_groups:
        return (f"Er zijn te weinig fragmenten zonder thema om groepen in te vinden: "
                f"{counted(len(free), 'fragment', 'fragmenten')} zonder thema, waarvan {other + grouped} met "
                f"woorden om op te groeperen.")
    return " ".join([
        f"Van de {counted(len(free), 'fragment', 'fragmenten')} zonder thema {plural(grouped, 'is', 'zijn')} er "
        f"{grouped} op hun woordgebruik in {counted(n_groups, 'groep', 'groepen')} ingedeeld (clustering).",
        *([words] if no_words else []), *([rest] if other else []),
        "Per groep staan de kenmerkende woorden en het thema uit het kader waar de groep het meest op lijkt. "
        "'Dicht bij' betekent dat woorden in de naam van de groep in het kader bij dat thema staan, maar dat de "
        "groep te zwak of te gemengd is om eraan te koppelen; 'nieuw thema' betekent dat de woorden in de naam "
        "van de groep bij geen thema in het kader staan; 'overig' zijn fragmenten die onderling weinig woorden "
        "delen."])


def cluster_status(cluster: Any, framework: Any, *, threshold: float | None) -> str:
    """How a cluster relates to the framework, in the report's words (see pipeline.clustering.map_to_theme)."""
    themes = {t.id: t for t in framework.themes}
    mapped, nearest = str(cluster.mapped_theme), str(getattr(cluster, "nearest_theme", "") or "")
    if mapped in themes:
        return (f"lijkt op {mapped} {themes[mapped].label} (woordovereenkomst {decimal(cluster.similarity)}: "
                "hoe dicht de woorden van de groep bij het thema liggen, een andere maat dan de score van een "
                "fragment)")
    if mapped == RESIDUAL:
        return (f"geen samenhangende groep: de fragmenten delen weinig woorden (samenhang "
                f"{decimal(getattr(cluster, 'cohesion', 0.0))}); lees ze zelf door")
    if nearest not in themes:
        return "nieuw thema: de woorden in de naam van de groep staan bij geen van de thema's in het kader"
    shared = [w for w in str(getattr(cluster, "shared_terms", "") or "").split("; ") if w]
    where = f"{listed(shared)} {plural(len(shared), 'staat', 'staan')} in het kader"
    if shared and not set(shared) & set(themes[nearest].terms):  # only supporting terms: never enough alone
        where += (f" als {plural(len(shared), 'bijterm', 'bijtermen')} bij dit thema "
                  "(een bijterm telt maar voor een deel mee)")
    else:
        where += " bij dit thema"
    if threshold is not None and float(cluster.similarity) < float(threshold):
        # 0.196 must not read as '0,20' next to a threshold of 0,2
        score = float(cluster.similarity)
        shown = decimal(score) if round(score, 2) < float(threshold) else decimal(math.floor(score * 1000) / 1000,
                                                                                 digits=3)
        why = (f"de groep is te zwak om eraan te koppelen (woordovereenkomst {shown}; "
               f"drempel voor groepen {decimal(threshold, digits=None)})")
    else:
        # it reaches the threshold, so the margin failed: another theme scores about as high or higher
        why = f"een ander thema scoort ongeveer even hoog of hoger (woordovereenkomst {decimal(cluster.similarity)})"
    return f"dicht bij {nearest} {themes[nearest].label}: {where}, maar {why}"


def unique_texts(texts: list[str]) -> list[str]:
    """Texts in order without repeats; 'Ruimte' and 'ruimte ' count as the same."""
    seen, kept = set(), []
    for text in (t.strip() for t in texts):
        if text and text.lower() not in seen:
            seen.add(text.lower())
            kept.append(text)
    return kept
