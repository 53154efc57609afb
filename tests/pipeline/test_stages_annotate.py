"""The annotate stage over a run folder: batches, columnar rows equal to the reference, streaming merge."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import doc_tables, nlp, stages

TEXTS = [
    ("notitie", "De wijkteams in Dordrecht werkten dit jaar nauw samen met huisartsen. Professionals kregen "
                "meer ruimte om zelf te beslissen!\n\nDat gaf rust."),
    ("antwoord", "Samen leren. Loslaten!"),
    ("antwoord", "Goed"),
    ("notitie", "   \n  "),
    ("notitie", "..."),
    ("notitie", "Vraag: wie beslist er eigenlijk?   Antwoord: de inwoner zelf,  samen met het team.\n- punt een\n- punt twee"),
    ("antwoord", "Samen leren. Loslaten!"),
    ("notitie", "Mevrouw [PERSOON-1] belde op 3 maart over de Wmo-aanvraag (zie ook https://example.org)."),
    # a lemma the model cuts short ('samenwerk') and a list whose line break starts the next parser sentence
    ("notitie", "We hadden grote frustraties over het samenwerken en die spanning liep hoog op. Samenwerken / "
                "vertrouwen\r\n1) Bewoners\n2) Professionals\nHet gaat goed"),
]


@pytest.fixture
def documents() -> pd.DataFrame:
    rows = [{"doc_id": f"doc{i:02d}", "kind": kind, "text": text, "n_words": len(text.split())}
            for i, (kind, text) in enumerate(TEXTS)]
    return pd.DataFrame(rows)


def reference_tables(nlp_pipeline, documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows from nlp.rows_from_doc, the readable reference implementation."""
    segments, tokens = [], []
    for row, doc in zip(documents.itertuples(), nlp_pipeline.pipe(documents["text"])):
        seg_rows, tok_rows = nlp.rows_from_doc(doc, doc_id=row.doc_id, kind=row.kind)
        segments += seg_rows
        tokens += tok_rows
    return pd.DataFrame(segments, columns=nlp.SEGMENT_COLUMNS), pd.DataFrame(tokens, columns=nlp.TOKEN_COLUMNS)


def assert_same_rows(expected: pd.DataFrame, actual: pd.DataFrame) -> None:
    assert list(actual.columns) == list(expected.columns)
    assert len(actual) == len(expected)
    for column in expected.columns:
        want, got = expected[column].tolist(), actual[column].tolist()
        if column == "lemmas":
            got = [list(value) for value in got]
        assert got == want, column


def run_stage(run_dir, documents, settings, *, cache_dir=None):
    run_dir.mkdir(parents=True, exist_ok=True)
    documents.to_parquet(run_dir / "documents.parquet", index=False)
    batches = stages.plan_batches(run_dir, settings=settings, cache_dir=cache_dir)
    summaries = [stages.run_annotate(run_dir, batch, settings=settings, cache_dir=cache_dir) for batch in batches]
    n_segments = stages.merge_annotations(run_dir)
    return batches, summaries, n_segments


def test_columnar_rows_equal_the_reference(dutch_nlp, documents):
    expected_segments, expected_tokens = reference_tables(dutch_nlp, documents)
    segments, tokens = nlp.annotate_documents(dutch_nlp, documents, batch_size=3)
    assert_same_rows(expected_segments, segments)
    assert_same_rows(expected_tokens, tokens)


def test_small_spacy_batches_keep_order_and_rows(dutch_nlp, documents, monkeypatch):
    monkeypatch.setattr(doc_tables, "PIPE_BATCH_WORDS", 5)  # about one text per nlp.pipe call
    order = [index for _, index in doc_tables.pipe_numbered(dutch_nlp, documents["text"].tolist(), batch_size=3)]
    assert order == list(range(len(documents)))
    expected_segments, expected_tokens = reference_tables(dutch_nlp, documents)
    segments, tokens = nlp.annotate_documents(dutch_nlp, documents, batch_size=3)
    assert_same_rows(expected_segments, segments)
    assert_same_rows(expected_tokens, tokens)


def test_stage_writes_the_reference_rows_in_document_order(tmp_path, dutch_nlp, documents, settings):
    small = dataclasses.replace(settings, nlp=dataclasses.replace(settings.nlp, words_per_batch=12))
    batches, summaries, n_segments = run_stage(tmp_path / "run", documents, small, cache_dir=tmp_path / "cache")
    assert len(batches) > 2
    assert batches[0][0] == 0 and batches[-1][1] == len(documents)
    assert all(a[1] == b[0] for a, b in zip(batches, batches[1:]))
    expected_segments, expected_tokens = reference_tables(dutch_nlp, documents)
    assert_same_rows(expected_segments, pd.read_parquet(tmp_path / "run" / "segments.parquet"))
    assert_same_rows(expected_tokens, pd.read_parquet(tmp_path / "run" / "tokens.parquet"))
    assert n_segments == len(expected_segments)
    assert sum(s.documents for s in summaries) == len(documents)
    assert not (tmp_path / "run" / "annotated").exists()


def test_merge_appends_one_row_group_per_batch(tmp_path, documents, settings):
    small = dataclasses.replace(settings, nlp=dataclasses.replace(settings.nlp, words_per_batch=12))
    batches, _, _ = run_stage(tmp_path / "run", documents, small)
    assert pq.ParquetFile(tmp_path / "run" / "tokens.parquet").num_row_groups == len(batches)


def test_no_documents_gives_empty_tables_with_the_contract_columns(tmp_path, documents, settings):
    batches, summaries, n_segments = run_stage(tmp_path / "run", documents.iloc[:0], settings)
    assert batches == [] and summaries == [] and n_segments == 0
    assert list(pd.read_parquet(tmp_path / "run" / "segments.parquet").columns) == nlp.SEGMENT_COLUMNS
    assert list(pd.read_parquet(tmp_path / "run" / "tokens.parquet").columns) == nlp.TOKEN_COLUMNS


def test_progress_counts_parsed_and_cached_documents(tmp_path, documents, settings):
    seen = []
    for run in ("run1", "run2"):
        run_dir = tmp_path / run
        run_dir.mkdir()
        documents.to_parquet(run_dir / "documents.parquet", index=False)
        for batch in stages.plan_batches(run_dir, settings=settings, cache_dir=tmp_path / "cache"):
            stages.run_annotate(run_dir, batch, settings=settings, cache_dir=tmp_path / "cache",
                                on_progress=lambda d, w: seen.append((run, d, w)))
    for run in ("run1", "run2"):
        assert sum(d for r, d, _ in seen if r == run) == len(documents)
    words = {run: sum(w for r, _, w in seen if r == run) for run in ("run1", "run2")}
    assert words["run1"] == words["run2"] > 0


def test_segment_ids_are_doc_id_and_number_padded_to_four_digits():
    segments = pa.table({"doc_id": ["abc", "abc"], "n": [7, 12345], "kind": ["sentence"] * 2, "text": ["a", "b"],
                         "start": [0, 2], "end": [1, 3], "lemmas": [["a"], ["b"]]}, schema=doc_tables.SEGMENT_SCHEMA)
    segments, tokens = doc_tables.with_seg_ids(segments, doc_tables.TOKEN_SCHEMA.empty_table())
    assert segments["seg_id"].to_pylist() == ["abc-0007", "abc-12345"] == [f"abc-{n:04d}" for n in (7, 12345)]
    assert segments.column_names == nlp.SEGMENT_COLUMNS and tokens.column_names == nlp.TOKEN_COLUMNS


@pytest.mark.parametrize("cached", [False, True])
def test_the_report_counts_the_words_the_console_counted(tmp_path, documents, settings, cached):
    """A lone '-', '...' or '/' is a word to ingest's whitespace count, not to the annotation, whose count
    the console shows while annotating: the report says the console's number, also for cached texts."""
    from pipeline.report_tables import corpus_overview

    cache_dir = tmp_path / "cache"
    if cached:
        run_stage(tmp_path / "earlier", documents, settings, cache_dir=cache_dir)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    documents.to_parquet(run_dir / "documents.parquet", index=False)
    console = []
    for batch in stages.plan_batches(run_dir, settings=settings, cache_dir=cache_dir):
        stages.run_annotate(run_dir, batch, settings=settings, cache_dir=cache_dir,
                            on_progress=lambda _, words: console.append(words))
    stages.merge_annotations(run_dir)
    report = corpus_overview(stages.report_documents(run_dir), pd.read_parquet(run_dir / "segments.parquet"),
                             pd.DataFrame())
    assert report["woorden"] == sum(console) > 0
    assert sum(console) < documents["n_words"].sum()  # the texts above have lone '...', '-' and '/'
