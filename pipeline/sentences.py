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
    """Whether `sent` ends like a sentence, or a line break follows it."""
    if sent.end < len(doc):
        following = doc.text[sent[-1].idx + len(sent[-1].text):doc[sent.end].idx]
        # the line break may also be the next sentence's first token ('1) Bewoners' / '\n2) Professionals')
        if "\n" in following or (doc[sent.end].is_space and "\n" in doc[sent.end].text):
            return True
    words = [t for t in sent if not t.is_space]
    if not words or "\n" in sent[-1].text:
        return True
    last = words[-1]
    if last.text in CLOSING and len(words) > 1:
        last = words[-2]
    return last.text.endswith(SENTENCE_END)
