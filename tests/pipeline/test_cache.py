"""The content-addressed annotation cache: reruns parse only what is new, and nothing stale is reused.

Parses are counted, not timed: `AnnotateSummary.parsed` and a spy on `annotation.parse_texts`.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import spacy

from pipeline import annotation, cache, nlp
from pipeline.cache import AnnotationCache, annotation_key

TOPICS = ["wijkteam", "huisarts", "jeugdzorg", "mantelzorg", "schuldhulp", "buurtwerk", "wethouder", "school"]


def make_documents(n: int, *, start: int = 0) -> pd.DataFrame:
    """`n` distinct short Dutch notes (and every tenth one an answer)."""
    rows = []
    for i in range(start, start + n):
        topic = TOPICS[i % len(TOPICS)]
        text = (f"Bijeenkomst {i}: het {topic} sprak over samenwerking. "
                f"Professionals kregen ruimte om zelf te beslissen, zei deelnemer {i}.")
        rows.append({"doc_id": f"doc{i:05d}", "kind": "antwoord" if i % 10 == 0 else "notitie", "text": text,
                     "n_words": len(text.split())})
    return pd.DataFrame(rows)


def annotate(run_dir: Path, documents: pd.DataFrame, settings, cache_dir: Path | None) -> list:
    """The annotate stage as the flow runs it (plan, one batch at a time, merge); returns the summaries."""
    run_dir.mkdir(parents=True)
    documents.to_parquet(run_dir / "documents.parquet", index=False)
    plan_cache = annotation.open_cache(cache_dir, settings.nlp)
    batches = annotation.plan_batches(run_dir, max_words=settings.nlp.words_per_batch, cache=plan_cache)
    summaries = [annotation.run_batch(run_dir, batch, settings=settings.nlp,
                                      cache=annotation.open_cache(cache_dir, settings.nlp)) for batch in batches]
    annotation.merge_annotations(run_dir)
    return summaries


def tables(run_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(run_dir / "segments.parquet"), pd.read_parquet(run_dir / "tokens.parquet")


@pytest.fixture
def small_batches(settings):
    """Settings with small batches, so that a corpus of 1,000 notes spans many batches and shards."""
    return dataclasses.replace(settings, nlp=dataclasses.replace(settings.nlp, words_per_batch=2_000, cache=True))


@pytest.fixture
def parse_counter(monkeypatch):
    """Counts texts handed to the parser."""
    counted = []
    real = annotation.parse_texts

    def spy(keys, kinds, texts, **options):
        counted.extend(keys)
        return real(keys, kinds, texts, **options)

    monkeypatch.setattr(annotation, "parse_texts", spy)
    return counted


def test_unchanged_rerun_parses_nothing_and_gives_the_same_tables(tmp_path, small_batches, parse_counter):
    documents = make_documents(120)
    first = annotate(tmp_path / "run1", documents, small_batches, tmp_path / "cache")
    assert sum(s.parsed for s in first) == len(documents) == len(parse_counter)
    parse_counter.clear()
    rerun = annotate(tmp_path / "run2", documents, small_batches, tmp_path / "cache")
    assert sum(s.parsed for s in rerun) == 0 and parse_counter == []
    assert sum(s.cached for s in rerun) == len(documents)
    for before, after in zip(tables(tmp_path / "run1"), tables(tmp_path / "run2")):
        pd.testing.assert_frame_equal(before, after)


def test_one_new_note_among_a_thousand_parses_one(tmp_path, small_batches, parse_counter):
    documents = make_documents(1_000)
    annotate(tmp_path / "run1", documents, small_batches, tmp_path / "cache")
    parse_counter.clear()
    grown = pd.concat([documents.iloc[:500], make_documents(1, start=5_000), documents.iloc[500:]],
                      ignore_index=True)
    summaries = annotate(tmp_path / "run2", grown, small_batches, tmp_path / "cache")
    assert sum(s.parsed for s in summaries) == 1 and len(parse_counter) == 1
    segments, tokens = tables(tmp_path / "run2")
    fresh = annotate(tmp_path / "run3", grown, small_batches, None)
    assert sum(s.parsed for s in fresh) == len(grown)
    for cached, uncached in zip((segments, tokens), tables(tmp_path / "run3")):
        pd.testing.assert_frame_equal(cached, uncached)


def test_identical_texts_are_parsed_once_and_kept_per_document(tmp_path, small_batches, parse_counter):
    documents = make_documents(3)
    documents.loc[2, ["text", "kind"]] = [documents.loc[1, "text"], documents.loc[1, "kind"]]
    annotate(tmp_path / "run", documents, small_batches, tmp_path / "cache")
    assert len(parse_counter) == 2
    segments, _ = tables(tmp_path / "run")
    per_doc = segments.groupby("doc_id")["text"].apply(list)
    assert per_doc["doc00001"] == per_doc["doc00002"]
    assert segments.loc[segments["doc_id"] == "doc00002", "seg_id"].str.startswith("doc00002-").all()


def test_other_fingerprint_misses_everything(tmp_path, small_batches, dutch_nlp):
    documents = make_documents(20)
    annotate(tmp_path / "run", documents, small_batches, tmp_path / "cache")
    keys = [annotation_key(k, t) for k, t in zip(documents["kind"], documents["text"])]
    fingerprint = nlp.describe_pipeline(dutch_nlp).fingerprint()
    assert all(AnnotationCache(tmp_path / "cache", fingerprint).lookup(keys))
    assert not any(AnnotationCache(tmp_path / "cache", fingerprint + "-ander").lookup(keys))


def test_changed_text_or_segmentation_is_a_new_key():
    assert annotation_key("notitie", "Samen leren.") != annotation_key("notitie", "Samen leren!")
    assert annotation_key("notitie", "Samen leren. Loslaten.") != annotation_key("antwoord", "Samen leren. Loslaten.")
    assert annotation_key("notitie", "Tekst") == annotation_key("onbekend", "Tekst")


def blank_pipeline(*, punct_chars: list[str] | None = None):
    """The blank Dutch fallback pipeline, optionally with other sentence-boundary characters."""
    pipe = spacy.blank("nl")
    pipe.add_pipe("sentencizer", config={"punct_chars": punct_chars} if punct_chars else {})
    pipe.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipe.initialize()
    pipe.meta.update(name="blank", ontmoeting_kind="blank")
    return pipe


def test_fingerprint_follows_config_and_lookup_tables_and_nothing_else():
    fingerprint = nlp.describe_pipeline(nlp.build_blank_dutch_pipeline()).fingerprint()
    assert nlp.describe_pipeline(blank_pipeline()).fingerprint() == fingerprint
    assert nlp.describe_pipeline(blank_pipeline(punct_chars=[".", "!"])).fingerprint() != fingerprint
    other_lemmas = blank_pipeline()
    other_lemmas.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")["werkten"] = "werkte"
    assert nlp.describe_pipeline(other_lemmas).fingerprint() != fingerprint


def test_fingerprint_does_not_change_by_parsing():
    """A worker describes its pipeline after parsing, the main process before: both must agree."""
    fresh, used = nlp.build_blank_dutch_pipeline(), nlp.build_blank_dutch_pipeline()
    used("Een zin met woorden die de woordenschat laten groeien: blablabla, xyzzy, wijkteamoverleg.")
    assert nlp.describe_pipeline(used).fingerprint() == nlp.describe_pipeline(fresh).fingerprint()


def test_fingerprint_is_the_same_in_another_process(dutch_nlp, settings):
    """Dask workers compute the fingerprint themselves: it must not depend on the hash seed."""
    code = ("from pipeline import nlp; from pipeline.config import load_settings; s = load_settings().nlp; "
            "print(nlp.describe_pipeline(nlp.load_dutch_pipeline(s.model, embedded_model=s.embedded_model))"
            ".fingerprint())")
    env = os.environ | {"PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == nlp.describe_pipeline(dutch_nlp).fingerprint()


def test_cache_survives_an_interrupted_writer_and_a_lost_index(tmp_path, small_batches, parse_counter):
    documents = make_documents(60)
    annotate(tmp_path / "run1", documents, small_batches, tmp_path / "cache")
    annotate(tmp_path / "run2", documents, small_batches, tmp_path / "cache")  # builds the index
    fingerprint_dir = next((tmp_path / "cache").iterdir())
    (fingerprint_dir / cache.INDEX).unlink()
    half_written = fingerprint_dir / f"{cache.TMP_PREFIX}interrupted"
    half_written.mkdir()
    (half_written / "tokens.arrow").write_bytes(b"half")
    parse_counter.clear()
    summaries = annotate(tmp_path / "run3", documents, small_batches, tmp_path / "cache")
    assert sum(s.parsed for s in summaries) == 0 and parse_counter == []
    assert (fingerprint_dir / cache.INDEX).is_file()


def test_unreadable_index_and_shard_are_rebuilt_or_parsed_again(tmp_path, small_batches, parse_counter):
    documents = make_documents(60)
    annotate(tmp_path / "run1", documents, small_batches, tmp_path / "cache")
    annotate(tmp_path / "run2", documents, small_batches, tmp_path / "cache")  # builds the index
    fingerprint_dir = next((tmp_path / "cache").iterdir())
    (fingerprint_dir / cache.INDEX).write_bytes(b"kapot")
    broken = sorted(fingerprint_dir.glob(f"{cache.SHARD_PREFIX}*"))[0]
    broken_keys = cache.read_arrow(broken / "keys.arrow")["key"].to_pylist()
    (broken / "keys.arrow").write_bytes(b"kapot")
    parse_counter.clear()
    summaries = annotate(tmp_path / "run3", documents, small_batches, tmp_path / "cache")
    assert sum(s.parsed for s in summaries) == len(parse_counter) == len(broken_keys)
    for before, after in zip(tables(tmp_path / "run1"), tables(tmp_path / "run3")):
        pd.testing.assert_frame_equal(before, after)


def test_cache_off_writes_nothing(tmp_path, settings):
    no_cache = dataclasses.replace(settings, nlp=dataclasses.replace(settings.nlp, cache=False))
    annotate(tmp_path / "run", make_documents(5), no_cache, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
