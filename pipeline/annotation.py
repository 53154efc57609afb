"""The annotate stage over a run folder, in batches, streaming, with a content-addressed cache.

1. `plan_batches` streams documents.parquet once, gives every document its cache key, looks the
   keys up and writes one small plan file per batch (`annotated/batch-<start>.arrow`) with the
   texts that still have to be parsed. Batches are row ranges of about `max_words` words.
2. `parse_texts` parses those texts into key-indexed tables. It needs no run folder: the flow runs
   it in-process, a Dask worker runs it elsewhere (texts in, Arrow tables out).
3. `finish_batch` stores new annotations in the cache, reads the cached ones, gives the rows their
   document ids and writes `annotated/segments-<start>.arrow` and `tokens-<start>.arrow`.
4. `merge_annotations` appends the parts, batch by batch, to segments.parquet and tokens.parquet.
Intermediate files are Arrow IPC (fast; see pipeline/cache.py). Memory holds one batch at a time,
whatever the size of the corpus.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline import doc_tables, nlp
from pipeline.cache import AnnotationCache, annotation_key, read_arrow, write_arrow
from pipeline.config import ConfigError, NlpSettings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None] | None
PARTS = "annotated"
PLAN_SCHEMA = pa.schema([("position", pa.int64()), ("doc_id", pa.string()), ("key", pa.string()),
                         ("kind", pa.string()), ("shard", pa.string()), ("text", pa.string())])
_READ_ROWS = 2_000


@dataclass(frozen=True)
class AnnotateSummary:
    """What one batch did: documents in it, parsed now, taken from the cache."""

    documents: int
    parsed: int
    cached: int


@dataclass(frozen=True)
class ParsedTexts:
    """Key-indexed annotation of the texts of one batch, and the pipeline that made it."""

    fingerprint: str
    keys: list[str]
    segments: pa.Table
    tokens: pa.Table
    words: int


def load_pipeline(settings: NlpSettings):
    """The configured Dutch pipeline (loaded once per process, also in a Dask worker)."""
    return nlp.load_dutch_pipeline(settings.model, embedded_model=settings.embedded_model)


def open_cache(cache_dir: Path | None, settings: NlpSettings) -> AnnotationCache | None:
    """The cache for the configured pipeline under `cache_dir`, or None when caching is off."""
    if cache_dir is None or not settings.cache:
        return None
    return AnnotationCache(Path(cache_dir), nlp.describe_pipeline(load_pipeline(settings)).fingerprint())


def plan_batches(run_dir: Path, *, max_words: int, cache: AnnotationCache | None = None) -> list[tuple[int, int]]:
    """Split documents.parquet into row ranges of about `max_words` words; write one plan file per range."""
    parts = Path(run_dir) / PARTS
    parts.mkdir(exist_ok=True)
    batches, rows, words = [], [], 0
    source = pq.ParquetFile(Path(run_dir) / "documents.parquet")
    position = 0
    for record_batch in source.iter_batches(batch_size=_READ_ROWS, columns=["doc_id", "kind", "text", "n_words"]):
        for doc_id, kind, text, n_words in zip(*(record_batch[c].to_pylist() for c in record_batch.schema.names)):
            rows.append((position, doc_id, kind, text or ""))
            position, words = position + 1, words + int(n_words or 0)
            if words >= max_words:
                batches.append(_write_plan(parts, rows, cache))
                rows, words = [], 0
    if rows:
        batches.append(_write_plan(parts, rows, cache))
    return batches


def _write_plan(parts: Path, rows: list[tuple], cache: AnnotationCache | None) -> tuple[int, int]:
    """Plan of one batch: key and cache shard per document; the text only where it must be parsed."""
    keys = [annotation_key(kind, text) for _, _, kind, text in rows]
    shards = cache.lookup(keys) if cache else [None] * len(rows)
    seen: set[str] = set()
    texts = []  # identical texts in a batch are parsed once
    for key, shard, (_, _, _, text) in zip(keys, shards, rows):
        texts.append(text if shard is None and key not in seen else None)
        seen.add(key)
    columns = list(zip(*rows))
    table = pa.table([pa.array(columns[0], pa.int64()), pa.array(columns[1], pa.string()), pa.array(keys),
                      pa.array(columns[2], pa.string()), pa.array(shards, pa.string()), pa.array(texts, pa.string())],
                     schema=PLAN_SCHEMA)
    batch = (rows[0][0], rows[-1][0] + 1)
    write_arrow(table, parts / f"batch-{batch[0]:08d}.arrow")
    return batch


def load_batch(run_dir: Path, batch: tuple[int, int]) -> pa.Table:
    """The plan of one batch (PLAN_SCHEMA)."""
    return read_arrow(Path(run_dir) / PARTS / f"batch-{batch[0]:08d}.arrow")


def texts_to_parse(plan: pa.Table) -> tuple[list[str], list[str], list[str]]:
    """(keys, kinds, texts) of the plan rows that carry a text."""
    todo = plan.filter(pc.is_valid(plan["text"]))
    return todo["key"].to_pylist(), todo["kind"].to_pylist(), todo["text"].to_pylist()


def parse_texts(keys: list[str], kinds: list[str], texts: list[str], *, settings: NlpSettings,
                n_process: int | None = None, on_progress: Progress = None) -> ParsedTexts:
    """Parse texts with the configured pipeline into tables indexed by cache key (`key` column)."""
    pipe = load_pipeline(settings)
    segments, tokens = doc_tables.parse_to_tables(
        pipe, keys, kinds, texts, batch_size=settings.batch_size,
        n_process=settings.n_process if n_process is None else n_process, on_progress=on_progress)
    return ParsedTexts(nlp.describe_pipeline(pipe).fingerprint(), list(keys),
                       segments.rename_columns(_keyed(segments)), tokens.rename_columns(_keyed(tokens)),
                       count_words(tokens))


def is_word(tokens: pa.Table) -> pa.ChunkedArray:
    """Which tokens count as words: all but punctuation (so '...' or a lone '-' is no word; '3' and 'o.a.'
    are). The one definition behind the annotate progress and the word counts of the report."""
    return pc.invert(tokens["is_punct"])


def count_words(tokens: pa.Table) -> int:
    return int(pc.sum(is_word(tokens)).as_py() or 0)


def _keyed(table: pa.Table) -> list[str]:
    return ["key" if name == "doc_id" else name for name in table.column_names]


def finish_batch(run_dir: Path, batch: tuple[int, int], plan: pa.Table, parsed: ParsedTexts | None, *,
                 cache: AnnotationCache | None, on_progress: Progress = None) -> AnnotateSummary:
    """Store new annotations, fetch cached ones, write the batch's segments and tokens parts."""
    keyed = [(parsed.segments, parsed.tokens)] if parsed and parsed.keys else []
    if cache is not None and keyed:
        if parsed.fingerprint != cache.fingerprint:
            raise ConfigError(f"De tekstanalyse gebruikte een ander spaCy-model ({parsed.fingerprint}) dan verwacht "
                              f"({cache.fingerprint}). Installeer op alle Dask-workers hetzelfde model.")
        try:
            cache.write(parsed.keys, parsed.segments, parsed.tokens)
        except OSError as error:  # the cache only saves time; a full disk must not stop the analysis
            log.warning("Annotatiecache niet bijgewerkt (%s); de analyse gaat door.", error)
    hits = plan.filter(pc.is_valid(plan["shard"]))
    for shard in sorted(set(hits["shard"].to_pylist())):
        keys = hits.filter(pc.equal(hits["shard"], shard))["key"].to_pylist()
        keyed.append(cache.read(shard, keys))
    segments = _by_document(_concat([s for s, _ in keyed], doc_tables.SEGMENT_SCHEMA), plan)
    tokens = _by_document(_concat([t for _, t in keyed], doc_tables.TOKEN_SCHEMA), plan)
    segments, tokens = doc_tables.with_seg_ids(segments, tokens)
    parts = Path(run_dir) / PARTS
    write_arrow(segments, parts / f"segments-{batch[0]:08d}.arrow")
    write_arrow(tokens, parts / f"tokens-{batch[0]:08d}.arrow")
    n_parsed = len(parsed.keys) if parsed else 0
    if on_progress and len(plan) > n_parsed:
        words = count_words(tokens) - (parsed.words if parsed else 0)
        on_progress(len(plan) - n_parsed, max(words, 0))
    return AnnotateSummary(documents=len(plan), parsed=n_parsed, cached=len(hits))


def _concat(tables: list[pa.Table], schema: pa.Schema) -> pa.Table:
    keyed_schema = pa.schema([schema.field(i).with_name("key") if schema.field(i).name == "doc_id"
                              else schema.field(i) for i in range(len(schema))])
    return pa.concat_tables([t.cast(keyed_schema) for t in tables]) if tables else keyed_schema.empty_table()


def _by_document(keyed: pa.Table, plan: pa.Table) -> pa.Table:
    """Rows of `keyed` repeated for each plan document with that key, in document order, with its doc_id.

    Identical texts in a batch are parsed once and get one copy of the rows per document.
    """
    unique = pc.unique(plan["key"])
    row_keys = pc.index_in(keyed["key"], value_set=unique).to_numpy(zero_copy_only=False)
    if len(row_keys) and np.isnan(row_keys.astype(float)).any():
        raise RuntimeError("annotation rows for a key that is not in the batch plan")
    row_keys = row_keys.astype(np.int64)
    order = np.argsort(row_keys, kind="stable")
    counts = np.bincount(row_keys, minlength=len(unique))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    doc_keys = pc.index_in(plan["key"], value_set=unique).to_numpy().astype(np.int64)
    lengths = counts[doc_keys]
    first_out = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    rows = order[np.repeat(starts[doc_keys] - first_out, lengths) + np.arange(lengths.sum(), dtype=np.int64)]
    doc_ids = plan["doc_id"].take(pa.array(np.repeat(np.arange(len(plan)), lengths)))
    return keyed.take(pa.array(rows, pa.int64())).drop_columns(["key"]).add_column(0, "doc_id", doc_ids)


def run_batch(run_dir: Path, batch: tuple[int, int], *, settings: NlpSettings, cache: AnnotationCache | None,
              on_progress: Progress = None) -> AnnotateSummary:
    """Annotate one batch in this process: plan -> parse what is new -> write the parts."""
    plan = load_batch(run_dir, batch)
    keys, kinds, texts = texts_to_parse(plan)
    parsed = parse_texts(keys, kinds, texts, settings=settings, on_progress=on_progress) if keys else None
    return finish_batch(run_dir, batch, plan, parsed, cache=cache, on_progress=on_progress)


def merge_annotations(run_dir: Path) -> int:
    """Append the batch parts in order to segments.parquet and tokens.parquet; returns the segment count."""
    run_dir = Path(run_dir)
    parts = run_dir / PARTS
    n_segments = 0
    empty = dict(zip(("segments", "tokens"), doc_tables.with_seg_ids(doc_tables.SEGMENT_SCHEMA.empty_table(),
                                                                     doc_tables.TOKEN_SCHEMA.empty_table())))
    for name, schema in ((name, table.schema) for name, table in empty.items()):
        files = sorted(parts.glob(f"{name}-*.arrow")) if parts.is_dir() else []
        with pq.ParquetWriter(run_dir / f"{name}.parquet", schema) as writer:
            if not files:
                writer.write_table(empty[name])
            for path in files:
                table = read_arrow(path).cast(schema)
                writer.write_table(table)
                n_segments += len(table) if name == "segments" else 0
    shutil.rmtree(parts, ignore_errors=True)
    return n_segments


def word_counts(run_dir: Path) -> dict[str, int]:
    """Words per doc_id in the run's tokens.parquet (see `is_word`); documents without a word are absent."""
    tokens = pq.read_table(Path(run_dir) / "tokens.parquet", columns=["doc_id", "is_punct"])
    counted = tokens.filter(is_word(tokens)).group_by("doc_id").aggregate([("doc_id", "count")])
    return dict(zip(counted["doc_id"].to_pylist(), counted["doc_id_count"].to_pylist()))
