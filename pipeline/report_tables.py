"""The tables behind the report: theme distribution, co-occurrence, crosstabs and trend.

Plain pandas in, plain pandas out; `pipeline.reports` renders them and writes them as CSV. Counts
are of segments (sentences of notes, whole answers) with a theme *assigned*, unless a column
says `documenten`.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from pipeline.documents import document_units

META_COLUMNS = ["source", "kind", "bijeenkomst", "datum", "gemeente", "rol"]
UNKNOWN = "(onbekend)"


def segment_meta(segments: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Segments (seg_id, doc_id, n, text) with the metadata of their document."""
    docs = documents.reindex(columns=["doc_id", *META_COLUMNS])
    seg = segments.reindex(columns=["seg_id", "doc_id", "n", "text"])
    return seg.merge(docs, on="doc_id", how="left")


def assigned_segments(themes: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """One row per (segment, assigned theme): theme_id, score, evidence plus the segment metadata."""
    if not len(themes):
        return pd.DataFrame(columns=["seg_id", "theme_id", "score", "evidence", *meta.columns.drop("seg_id")])
    hits = themes.loc[themes["assigned"].astype(bool), ["seg_id", "theme_id", "score", "evidence"]]
    hits = hits.merge(meta, on="seg_id", how="inner")
    # plain Python strings: the report iterates these rows many times (Arrow strings are slow to iterate)
    return hits.astype({c: object for c in hits.columns if not pd.api.types.is_numeric_dtype(hits[c])})


def theme_distribution(theme_list, assigned: pd.DataFrame, *, n_segments: int, n_documents: int) -> pd.DataFrame:
    """Per framework theme: segments and documents with the theme, and their shares (0-1): of all segments,
    of the segments with any theme (`aandeel_met_thema`; a segment may have several) and of all documents."""
    n_themed = assigned["seg_id"].nunique() if len(assigned) else 0
    rows = []
    for theme in theme_list:
        hits = assigned[assigned["theme_id"] == theme.id]
        n_seg, n_doc = len(hits), document_units(hits).nunique()
        rows.append({"theme_id": theme.id, "label": theme.label, "soort": theme.kind,
                     "fragmenten": n_seg, "aandeel_fragmenten": n_seg / max(n_segments, 1),
                     "aandeel_met_thema": n_seg / max(n_themed, 1),
                     "documenten": n_doc, "aandeel_documenten": n_doc / max(n_documents, 1)})
    return pd.DataFrame(rows, columns=["theme_id", "label", "soort", "fragmenten", "aandeel_fragmenten",
                                       "aandeel_met_thema", "documenten", "aandeel_documenten"])


def theme_sets(assigned: pd.DataFrame, unit: str) -> dict[str, set[str]]:
    """unit id (seg_id or doc_id) -> the themes assigned in it."""
    return {key: set(group) for key, group in assigned.groupby(unit)["theme_id"]}


def cooccurrence(theme_ids: list[str], assigned: pd.DataFrame, *, unit: str) -> pd.DataFrame:
    """Square table: how many units (seg_id or doc_id) have both themes; the diagonal has one theme."""
    present = pd.crosstab(assigned[unit], assigned["theme_id"]).clip(upper=1) if len(assigned) else pd.DataFrame()
    present = present.reindex(columns=theme_ids, fill_value=0)
    matrix = present.T @ present if len(present) else pd.DataFrame(0, index=theme_ids, columns=theme_ids)
    matrix = matrix.reindex(index=theme_ids, columns=theme_ids, fill_value=0).astype(int)
    matrix.index.name, matrix.columns.name = "thema", None
    return matrix


def cooccurrence_pairs(theme_ids: list[str], assigned: pd.DataFrame) -> pd.DataFrame:
    """Theme pairs that occur together: in the same segment and in the same document (non-zero only)."""
    by_segment = cooccurrence(theme_ids, assigned, unit="seg_id")
    by_document = cooccurrence(theme_ids, assigned, unit="doc_id")
    rows = [{"thema_a": a, "thema_b": b, "fragmenten": int(by_segment.loc[a, b]),
             "documenten": int(by_document.loc[a, b])}
            for a, b in combinations(theme_ids, 2) if by_document.loc[a, b] or by_segment.loc[a, b]]
    pairs = pd.DataFrame(rows, columns=["thema_a", "thema_b", "fragmenten", "documenten"])
    return pairs.sort_values(["fragmenten", "documenten", "thema_a", "thema_b"],
                             ascending=[False, False, True, True], ignore_index=True)


def has_metadata(meta: pd.DataFrame, column: str) -> bool:
    """True when at least one segment has a value for `column`."""
    return column in meta and meta[column].map(is_filled).any()


def is_filled(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""


def group_columns(column: str) -> list[str]:
    """Meetings are told apart by date and name; other groupings by their one column."""
    return ["datum", "bijeenkomst"] if column == "bijeenkomst" else [column]


def group_frame(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The grouping columns of `frame` as clean strings, missing values as '(onbekend)'."""
    return pd.DataFrame({c: frame[c].map(lambda v: " ".join(str(v).split()) if is_filled(v) else UNKNOWN)
                         if c in frame else UNKNOWN for c in columns}, index=frame.index)


def sort_groups(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Alphabetical (so dates come in time order), with '(onbekend)' last."""
    return table.sort_values(columns, key=lambda s: s.map(lambda v: (v == UNKNOWN, v)), ignore_index=True)


def crosstab(theme_ids: list[str], assigned: pd.DataFrame, meta: pd.DataFrame, *, column: str) -> pd.DataFrame:
    """One row per value of `column` (meetings: per date and name): `fragmenten` (all segments in the
    group) and the number of segments per theme."""
    columns = group_columns(column)
    totals = group_frame(meta, columns).groupby(columns).size().rename("fragmenten")
    hits = group_frame(assigned, columns).assign(theme_id=assigned["theme_id"].to_numpy())
    counts = hits.groupby([*columns, "theme_id"]).size().unstack("theme_id") if len(hits) else None
    table = totals.to_frame() if counts is None else totals.to_frame().join(counts, how="left")
    table = table.reindex(columns=["fragmenten", *theme_ids]).fillna(0).astype(int).reset_index()
    return sort_groups(table, columns)


def trend(theme_ids: list[str], by_meeting: pd.DataFrame) -> pd.DataFrame:
    """Share (0-1) of each meeting's segments per theme, meetings in date order (from `crosstab`)."""
    shares = by_meeting[theme_ids].div(by_meeting["fragmenten"].clip(lower=1), axis=0).round(4)
    return pd.concat([by_meeting[["datum", "bijeenkomst", "fragmenten"]], shares], axis=1)


def corpus_overview(documents: pd.DataFrame, segments: pd.DataFrame, inputs: pd.DataFrame) -> dict:
    """Headline counts of the corpus, for the first section of the report."""
    kind = documents["kind"] if "kind" in documents else pd.Series(dtype=str)

    def distinct(column: str) -> int:
        if column not in documents:
            return 0
        values = documents.loc[documents[column].map(is_filled), column]
        return int(values.astype(str).str.strip().nunique())

    status = inputs["status"] if "status" in inputs else pd.Series(dtype=str)
    units = document_units(documents) if len(documents) else pd.Series(dtype=str)
    return {"documenten": int(units.nunique()), "notities": int(units[kind == "notitie"].nunique()),
            "antwoorden": int((kind == "antwoord").sum()), "fragmenten": len(segments),
            "bijeenkomsten": distinct("bijeenkomst"), "gemeenten": distinct("gemeente"),
            "rollen": distinct("rol"),
            "woorden": int(documents["n_words"].sum()) if "n_words" in documents and len(documents) else 0,
            "bestanden": len(inputs), "bestanden_geanalyseerd": int((status == "analysed").sum()),
            "bestanden_overgeslagen": int((status != "analysed").sum())}


def meetings_overview(documents: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Per meeting (date order): documents, answers, segments and words."""
    columns = ["datum", "bijeenkomst"]
    n_segments = segments.groupby("doc_id").size()
    docs = group_frame(documents, columns).assign(
        doc_id=document_units(documents), antwoord=(documents["kind"] == "antwoord").astype(int),
        fragmenten=documents["doc_id"].map(n_segments).fillna(0).astype(int), woorden=documents["n_words"])
    table = docs.groupby(columns, as_index=False).agg(
        documenten=("doc_id", "nunique"), antwoorden=("antwoord", "sum"), fragmenten=("fragmenten", "sum"),
        woorden=("woorden", "sum"))
    return sort_groups(table, columns)
