"""Dutch spaCy pipelines: choose the best one available, and annotate documents in batches.

Preference: the configured spaCy package (nl_core_news_sm/md/lg) -> the project's embedded
UD-trained pipeline in models/ -> a blank Dutch pipeline with lookup lemmas and a sentencizer.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import spacy
from spacy.language import Language

from pipeline.lexicon import has_word_vectors, repair_token_lemma
from pipeline.paths import resolve_project_path
from pipeline.privacy_codes import PLACEHOLDERS
from pipeline.sentences import sentence_spans

# Pseudonymisation codes ('[PERSOON-1]' is tokenised as '[', 'PERSOON-1', ']') are not words.
PLACEHOLDER_LEMMA_PATTERN = r"^(?:%s)-\d+$" % "|".join(v.lower() for v in PLACEHOLDERS.values())
_PLACEHOLDER = re.compile(PLACEHOLDER_LEMMA_PATTERN, re.IGNORECASE)

log = logging.getLogger(__name__)

INSTALL_ADVICE = (
    "Voor betere resultaten: installeer nl_core_news_sm (of md/lg) met internettoegang via "
    "'python -m spacy download nl_core_news_sm'."
)


@dataclass(frozen=True)
class PipelineInfo:
    """Which pipeline is in use, for the manifest and the report."""

    name: str
    version: str
    kind: str  # package | embedded | blank
    has_vectors: bool
    has_tagger: bool
    has_ner: bool
    note: str
    config_hash: str = ""  # pipeline_hash(): config, tokenizer, weights, lookup tables

    def fingerprint(self) -> str:
        """Stable key for caches: annotation changes exactly when this changes."""
        base = f"{self.name}-{self.version}-{self.kind}-a{ANNOTATION_FORMAT}"
        return f"{base}-{self.config_hash[:12]}" if self.config_hash else base


def load_dutch_pipeline(name: str = "nl_core_news_sm", *, embedded_model: str | Path | None = None) -> Language:
    """Load the best available Dutch pipeline; see module docstring for the order."""
    return _load_cached(name, str(embedded_model) if embedded_model else "")


@functools.lru_cache(maxsize=4)
def _load_cached(name: str, embedded_model: str) -> Language:
    if importlib.util.find_spec(name) is not None:
        nlp = spacy.load(name)
        nlp.meta["ontmoeting_kind"] = "package"
        log.info("spaCy-model %s %s wordt gebruikt.", name, nlp.meta.get("version"))
        return nlp
    embedded = resolve_project_path(embedded_model) if embedded_model else None
    if embedded is not None and (embedded / "meta.json").is_file():
        nlp = spacy.load(embedded)
        nlp.meta["ontmoeting_kind"] = "embedded"
        log.warning("%s is niet geïnstalleerd; het ingebouwde model %s wordt gebruikt. %s",
                    name, nlp.meta.get("name"), INSTALL_ADVICE)
        return nlp
    log.warning("Geen getraind Nederlands model gevonden; een eenvoudige pipeline (opzoeklemma's, "
                "zinsgrenzen op leestekens) wordt gebruikt. %s", INSTALL_ADVICE)
    return build_blank_dutch_pipeline()


def build_blank_dutch_pipeline() -> Language:
    """A blank Dutch pipeline with lookup lemmas (spacy-lookups-data) and a sentencizer."""
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "blank"
    nlp.meta["ontmoeting_kind"] = "blank"
    return nlp


def describe_pipeline(nlp: Language) -> PipelineInfo:
    """Summarise a loaded pipeline for manifests and reports."""
    meta = nlp.meta
    lang_name = meta.get("name", "onbekend")
    name = lang_name if lang_name.startswith(f"{nlp.lang}_") else f"{nlp.lang}_{lang_name}"
    kind = meta.get("ontmoeting_kind", "package")
    return PipelineInfo(
        name=name,
        version=str(meta.get("version", "0.0.0")),
        kind=kind,
        has_vectors=has_word_vectors(nlp.vocab),
        has_tagger=any(p in nlp.pipe_names for p in ("tagger", "morphologizer")),
        has_ner="ner" in nlp.pipe_names,
        note="" if kind == "package" else INSTALL_ADVICE,
        config_hash=pipeline_hash(nlp),
    )


_HASHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pipeline_hash(nlp: Language) -> str:
    """Hash of all that shapes the annotation: spaCy version, config, tokenizer, weights, tables, patterns.

    Built only from parts whose bytes are the same in every process (not `nlp.to_bytes()`, which
    serialises sets in hash-seed order), so Dask workers and the main process agree. Memoised.
    """
    if nlp not in _HASHES:
        # the lemma repair (pipeline.lexicon) reads spacy-lookups-data's tables: their version shapes lemmas too
        lookups = importlib.metadata.version("spacy-lookups-data")
        digest = hashlib.sha256(f"spacy={spacy.__version__};lookups={lookups};format={ANNOTATION_FORMAT}".encode())
        meta = {key: nlp.meta.get(key) for key in ("lang", "name", "version", "ontmoeting_kind")}
        digest.update(json.dumps(meta, sort_keys=True, default=str).encode())
        digest.update(nlp.config.to_str().encode())
        digest.update(nlp.tokenizer.to_bytes(exclude=["vocab"]))  # the vocab grows with every text parsed
        for name, component in nlp.pipeline:
            digest.update(name.encode())
            for part in _component_state(component):
                digest.update(part)
        _HASHES[nlp] = digest.hexdigest()
    return _HASHES[nlp]


def _component_state(component) -> list[bytes]:
    """Stable bytes for what a component learned or looks up (weights, lookup tables, rules, labels)."""
    parts = []
    for attribute in ("model", "lookups", "trees"):
        value = getattr(component, attribute, None)
        if hasattr(value, "to_bytes"):
            parts.append(value.to_bytes())
    for attribute in ("patterns", "labels"):
        value = getattr(component, attribute, None)
        if value:
            parts.append(json.dumps(value, sort_keys=True, default=str).encode())
    return parts


# Bump when the rows made from a parsed Doc change (rows_from_doc, doc_tables): cached annotations of
# older formats are not reused. 3, 6, 7: lemmas repaired by pipeline.lexicon; 4, 5, 8: pipeline.sentences
# (8: a blank line always ends a sentence, quotes stay with their sentence; 9: 'tel.', 'dhr.', 'o.a.' and
# other abbreviations do not end one); 10: 'wat ik meeneem' -> 'meenemen' (lexicon.repair_token_lemma);
# 11: a garbled lemma of a common word ('Minder' -> 'vindel') is repaired (lexicon.is_garbled_lemma).
ANNOTATION_FORMAT = 11
SEGMENT_COLUMNS = ["seg_id", "doc_id", "n", "kind", "text", "start", "end", "lemmas"]
TOKEN_COLUMNS = ["seg_id", "doc_id", "i", "text", "lemma", "pos", "is_stop", "is_punct", "is_alpha"]


def annotate_documents(
    nlp: Language,
    documents: pd.DataFrame,
    *,
    batch_size: int,
    n_process: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Annotate `documents` (doc_id, kind, text) into segments and tokens tables.

    Notes are split into sentences; a short answer stays one segment. `on_progress(docs, words)`
    is called after each document with the numbers just done. Rows as `rows_from_doc`, built
    column-wise by `pipeline.doc_tables` (fast).
    """
    from pipeline import doc_tables

    segments, tokens = doc_tables.parse_to_tables(
        nlp, documents["doc_id"].tolist(), documents["kind"].tolist(), documents["text"].tolist(),
        batch_size=batch_size, n_process=n_process, on_progress=on_progress)
    segments, tokens = doc_tables.with_seg_ids(segments, tokens)
    segment_frame = segments.to_pandas()
    segment_frame["lemmas"] = segments["lemmas"].to_pylist()
    return segment_frame, tokens.to_pandas()


def iter_parsed(nlp: Language, documents: pd.DataFrame, *, batch_size: int, n_process: int = 1
                ) -> Iterator[tuple[str, str, spacy.tokens.Doc]]:
    """Yield (doc_id, kind, Doc) for each document, parsed with nlp.pipe in batches."""
    pairs: Iterable = ((row.text, (row.doc_id, row.kind)) for row in documents.itertuples(index=False))
    for doc, (doc_id, kind) in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_id, kind, doc


def rows_from_doc(doc: spacy.tokens.Doc, *, doc_id: str, kind: str) -> tuple[list[dict], list[dict]]:
    """Segment rows (one per sentence, or one per answer) and token rows for one parsed Doc."""
    spans = [doc[:]] if kind == "antwoord" else list(sentence_spans(doc))
    seg_kind = "answer" if kind == "antwoord" else "sentence"
    seg_rows, tok_rows = [], []
    for n, span in enumerate(s for s in spans if s.text.strip()):
        seg_id = f"{doc_id}-{n:04d}"
        seg_rows.append({
            "seg_id": seg_id, "doc_id": doc_id, "n": n, "kind": seg_kind, "text": span.text.strip(),
            "start": span.start_char, "end": span.end_char,
            "lemmas": [normalise_lemma(t) for t in span
                       if not (t.is_punct or t.is_space or is_placeholder(t.text))],
        })
        for t in span:
            if t.is_space:
                continue
            tok_rows.append({
                "seg_id": seg_id, "doc_id": doc_id, "i": t.i, "text": t.text, "lemma": normalise_lemma(t),
                "pos": t.pos_, "is_stop": t.is_stop, "is_punct": t.is_punct, "is_alpha": t.is_alpha,
            })
    return seg_rows, tok_rows


def is_placeholder(text: str) -> bool:
    """A pseudonymisation code such as 'PERSOON-1' (of '[PERSOON-1]'): not a word of the text."""
    return bool(_PLACEHOLDER.match(text))


def normalise_lemma(token: spacy.tokens.Token) -> str:
    """Lower-cased lemma repaired by the lexicon (lexicon.repair_token_lemma), else the lower-cased text."""
    word = token.text.lower()
    if not token.lemma_:
        return word
    return repair_token_lemma(token.lemma_.lower(), word, after_ik=token.i > 0 and token.nbor(-1).lower_ == "ik")
