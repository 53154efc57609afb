"""Sentences of a parsed Doc: the parser's boundaries, kept only where a sentence can end.

A parser trained on a small treebank now and then cuts a sentence after its first word ('We | hadden
grote frustraties ...'). A note's sentence ends with a full stop, question or exclamation mark (or a
colon or semicolon), possibly followed by a closing quote or bracket, or at a line break (headings,
list items). Boundaries elsewhere are dropped and the pieces joined.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

SENTENCE_END = (".", "!", "?", "…", ":", ";")
CLOSING = frozenset({'"', "'", "”", "’", "»", ")", "]"})


def sentence_spans(doc: Doc) -> Iterator[Span]:
    """The Doc's sentences, with boundaries that follow no sentence end and no line break removed."""
    start = 0
    for sent in doc.sents:
        if sent.end < len(doc) and not ends_sentence(doc, sent):
            continue
        yield doc[start:sent.end]
        start = sent.end
    if start < len(doc):
        yield doc[start:]


def ends_sentence(doc: Doc, sent: Span) -> bool:
    """Whether `sent` ends like a sentence, or a line break follows it.

    A line break is a token of its own in spaCy (a token's trailing whitespace is one space at most), at
    the end of this sentence or at the start of the next. Only token texts are read: `doc.text` would
    rebuild the whole text for every sentence."""
    if sent.end < len(doc) and doc[sent.end].is_space and "\n" in doc[sent.end].text:
        return True
    last = sent.end - 1
    while last >= sent.start and doc[last].is_space:
        if "\n" in doc[last].text:
            return True
        last -= 1
    if last < sent.start:
        return True
    if doc[last].text in CLOSING and last > sent.start and not doc[last - 1].is_space:
        last -= 1
    return doc[last].text.endswith(SENTENCE_END)
