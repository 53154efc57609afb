"""Parsed spaCy Docs into columnar segments and tokens tables (Arrow), without a Python dict per token.

Same rows as `nlp.rows_from_doc` (the readable reference), built from `Doc.to_array` and one
string lookup per distinct hash, so that turning Docs into tables costs little next to parsing.
Tables come without `seg_id`: the identifier column may hold a document id or a cache key, and
`with_seg_ids` adds `seg_id` once the final document ids are known.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lexicon import repair_token_lemma
from pipeline.nlp import PLACEHOLDER_LEMMA_PATTERN
from pipeline.sentences import sentence_spans

_ATTRS = [ORTH, LEMMA, POS, IS_STOP, IS_PUNCT, IS_ALPHA, IS_SPACE]
_ORTH, _LEMMA, _POS, _STOP, _PUNCT, _ALPHA, _SPACE = range(len(_ATTRS))
_AFTER_IK = len(_ATTRS)  # an extra column: 1 where the token before is 'ik' (see nlp.normalise_lemma)

SEGMENT_SCHEMA = pa.schema([("doc_id", pa.string()), ("n", pa.int64()), ("kind", pa.string()),
                            ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                            ("lemmas", pa.list_(pa.string()))])
TOKEN_SCHEMA = pa.schema([("doc_id", pa.string()), ("n", pa.int64()), ("i", pa.int64()), ("text", pa.string()),
                          ("lemma", pa.string()), ("pos", pa.string()), ("is_stop", pa.bool_()),
                          ("is_punct", pa.bool_()), ("is_alpha", pa.bool_())])


def parse_to_tables(nlp: Language, ids: Sequence[str], kinds: Sequence[str], texts: Sequence[str], *,
                    batch_size: int, n_process: int = 1,
                    on_progress: Callable[[int, int], None] | None = None) -> tuple[pa.Table, pa.Table]:
    """Parse `texts` with nlp.pipe; return (segments, tokens) tables keyed by `ids` (SEGMENT/TOKEN_SCHEMA).

    `kinds[i] == 'antwoord'` keeps a text as one segment; other texts are split into sentences.
    `on_progress(1, words)` is called after each document (words: tokens that are not punctuation).
    """
    builder = TableBuilder(nlp.vocab.strings)
    for doc, index in pipe_numbered(nlp, texts, batch_size=batch_size, n_process=n_process):
        words = builder.add(doc, index=index, kind=kinds[index], text=texts[index])
        if on_progress:
            on_progress(1, words)
    return builder.tables(list(ids))


# spaCy's memory follows the words in a batch, not the number of texts: 64 long statutes took
# 1 GB where 64 short notes take little. Measured at 300k words: peak RSS 712 -> 531 MB, same speed.
PIPE_BATCH_WORDS = 4_000


def pipe_numbered(nlp: Language, texts: Sequence[str], *, batch_size: int, n_process: int = 1):
    """(Doc, index) per text, in order, in batches of at most `batch_size` texts and ~PIPE_BATCH_WORDS words.

    With several processes spaCy gets one stream (a pipe call per batch would start processes each time).
    """
    numbered = zip(texts, itertools.count())
    if n_process != 1:
        yield from nlp.pipe(numbered, as_tuples=True, batch_size=batch_size, n_process=n_process)
        return
    batch, words = [], 0
    for text, index in numbered:
        n_words = len(text.split())
        if batch and (len(batch) >= batch_size or words + n_words > PIPE_BATCH_WORDS):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, words = [], 0
        batch.append((text, index))
        words += n_words
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


class TableBuilder:
    """Collects the arrays of many Docs; `tables()` turns them into two Arrow tables at once."""

    def __init__(self, strings):
        self.strings = strings
        self.segments: dict[str, list] = {name: [] for name in ("doc", "n", "kind", "text", "start", "end")}
        self.token_parts: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []
        self.ik_hashes = np.array([strings.add(form) for form in ("ik", "Ik", "IK")], dtype=np.uint64)

    def add(self, doc: Doc, *, index: int, kind: str, text: str | None = None) -> int:
        """Add one Doc (document number `index`, parsed from `text`); returns its non-punctuation tokens."""
        values = doc.to_array(_ATTRS).reshape(len(doc), len(_ATTRS))
        after_ik = np.zeros((len(doc), 1), dtype=np.uint64)
        after_ik[1:, 0] = np.isin(values[:-1, _ORTH], self.ik_hashes)
        values = np.hstack([values, after_ik])
        answer = kind == "antwoord"
        segment_of = np.full(len(doc), -1, dtype=np.int64)
        # spaCy keeps the text verbatim; Doc.text would rebuild it from Python Token objects (slow).
        last = doc[-1] if len(doc) else None
        same = text is not None and len(text) == (last.idx + len(last.text_with_ws) if last is not None else 0)
        n, doc_text = 0, text if same else doc.text
        for span in ([doc[:]] if answer else sentence_spans(doc)):
            text = doc_text[span.start_char:span.end_char].strip()
            if not text:
                continue
            segment_of[span.start:span.end] = n
            for name, value in zip(self.segments, (index, n, "answer" if answer else "sentence", text,
                                                    span.start_char, span.end_char)):
                self.segments[name].append(value)
            n += 1
        kept = np.flatnonzero((segment_of >= 0) & (values[:, _SPACE] == 0))
        self.token_parts.append((index, kept, segment_of[kept], values[kept]))
        return int(np.count_nonzero((values[:, _PUNCT] == 0) & (values[:, _SPACE] == 0)))

    def tables(self, ids: list[str]) -> tuple[pa.Table, pa.Table]:
        """(segments, tokens) with document numbers replaced by `ids`."""
        id_array = pa.array(ids, type=pa.string())
        token_docs = np.concatenate([np.full(len(k), d) for d, k, _, _ in self.token_parts] or [np.empty(0, int)])
        positions = np.concatenate([k for _, k, _, _ in self.token_parts] or [np.empty(0, int)])
        token_segments = np.concatenate([s for _, _, s, _ in self.token_parts] or [np.empty(0, int)])
        values = np.concatenate([v for _, _, _, v in self.token_parts] or [np.empty((0, len(_ATTRS) + 1), np.uint64)])
        texts = self._strings(values[:, _ORTH])
        lemma_hashes = np.where(values[:, _LEMMA] == 0, values[:, _ORTH], values[:, _LEMMA])
        lemmas = self._strings(self._repaired(lemma_hashes, values[:, _ORTH], values[:, _AFTER_IK]), lower=True)
        tokens = pa.table([id_array.take(pa.array(token_docs, pa.int64())), token_segments, positions, texts,
                           lemmas, self._strings(values[:, _POS]), values[:, _STOP] == 1, values[:, _PUNCT] == 1,
                           values[:, _ALPHA] == 1], schema=TOKEN_SCHEMA)
        return self._segment_table(id_array, token_docs, token_segments, texts, lemmas, values), tokens

    def _segment_table(self, id_array, token_docs, token_segments, texts, lemmas, values) -> pa.Table:
        seg = self.segments
        seg_docs = np.asarray(seg["doc"], dtype=np.int64)
        # Segments and tokens are both in (document, segment) order: count the lemma tokens per segment.
        first_row = np.zeros(len(id_array) + 1, dtype=np.int64)
        documents, first = np.unique(seg_docs, return_index=True)
        first_row[documents] = first
        # As nlp.is_placeholder(token.text): pseudonymisation codes are no lemmas of the text.
        placeholder = pc.match_substring_regex(texts, PLACEHOLDER_LEMMA_PATTERN,
                                               ignore_case=True).to_numpy(zero_copy_only=False)
        is_word = (values[:, _PUNCT] == 0) & ~placeholder
        counts = np.bincount((first_row[token_docs] + token_segments)[is_word], minlength=len(seg_docs))
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        lemma_lists = pa.ListArray.from_arrays(pa.array(offsets), lemmas.filter(pa.array(is_word)))
        return pa.table([id_array.take(pa.array(seg_docs)), np.asarray(seg["n"], np.int64),
                         pa.array(seg["kind"], pa.string()), pa.array(seg["text"], pa.string()),
                         np.asarray(seg["start"], np.int64), np.asarray(seg["end"], np.int64), lemma_lists],
                        schema=SEGMENT_SCHEMA)

    def _repaired(self, lemma_hashes: np.ndarray, orth_hashes: np.ndarray, after_ik: np.ndarray) -> np.ndarray:
        """Lemma hashes repaired by the lexicon as nlp.normalise_lemma does ('loslat' -> 'loslaten', 'ik
        meeneem' -> 'meenemen'); each distinct (lemma, word, after 'ik') triple is looked at once."""
        if not len(lemma_hashes):
            return lemma_hashes
        triples, inverse = np.unique(np.stack([lemma_hashes, orth_hashes, after_ik], axis=1), axis=0,
                                     return_inverse=True)
        fixed = np.array([self._repair(int(lemma), int(orth), bool(ik)) for lemma, orth, ik in triples],
                         dtype=np.uint64)
        return fixed[inverse.ravel()]

    def _repair(self, lemma_hash: int, orth_hash: int, after_ik: bool) -> int:
        lemma, word = self.strings[lemma_hash].lower(), self.strings[orth_hash].lower()
        repaired = repair_token_lemma(lemma, word, after_ik=after_ik)
        return lemma_hash if repaired == lemma else self.strings.add(repaired)

    def _strings(self, hashes: np.ndarray, *, lower: bool = False) -> pa.Array:
        """Strings for an array of StringStore hashes, looking each distinct hash up once."""
        encoded = pa.array(hashes, pa.uint64()).dictionary_encode()
        words = [self.strings[int(h)] for h in encoded.dictionary.to_numpy()]
        if lower:
            words = [w.lower() for w in words]
        return pa.array(words, pa.string()).take(encoded.indices)


def with_seg_ids(segments: pa.Table, tokens: pa.Table) -> tuple[pa.Table, pa.Table]:
    """Add `seg_id` (`<doc_id>-<n:04d>`) and order the columns as nlp.SEGMENT_COLUMNS / TOKEN_COLUMNS."""
    from pipeline.nlp import SEGMENT_COLUMNS, TOKEN_COLUMNS

    def seg_ids(table: pa.Table) -> pa.Array:
        numbers = pc.utf8_lpad(pc.cast(table["n"], pa.string()), width=4, padding="0")
        return pc.binary_join_element_wise(table["doc_id"], numbers, "-")

    segments = segments.append_column("seg_id", seg_ids(segments)).select(SEGMENT_COLUMNS)
    tokens = tokens.append_column("seg_id", seg_ids(tokens)).select(TOKEN_COLUMNS)
    return segments, tokens
