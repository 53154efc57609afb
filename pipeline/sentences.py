"""Sentences of a parsed Doc: the parser's boundaries, kept only where a sentence can end, plus blank lines.

A parser trained on a small treebank now and then cuts a sentence after its first word ('We | hadden
grote frustraties ...'). A note's sentence ends with a full stop, question or exclamation mark (or a
colon or semicolon), possibly followed by a closing quote or bracket, or at a line break (headings,
list items). Boundaries elsewhere are dropped and the pieces joined.

A blank line always ends a sentence, even where the parser saw none: it closes a paragraph, a heading
or a title line ('Wat ik meeneem' above its paragraph). A single line break is not enough on its own,
because text from a PDF or a hard-wrapped .txt breaks lines in the middle of sentences; the readers
turn headings into paragraphs of their own (pipeline.readers).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc, Span

SENTENCE_END = (".", "!", "?", "…", ":", ";")
CLOSING = frozenset({'"', "'", "”", "’", "»", ")", "]"})
# Abbreviations that stand before a number, a name or a noun ('tel. 06-...', 'dhr. Jansen', 'i.p.v. koffie'):
# their full stop never ends a sentence. Lower case, without the last full stop.
ABBREVIATIONS = frozenset({
    "nr", "mw", "mevr", "dhr", "dr", "drs", "prof", "mr", "ir", "ing", "ds", "ca", "bijv", "o.a",
    "t.a.v", "i.p.v", "m.b.t", "n.a.v", "d.w.z", "i.v.m", "t.b.v", "vs", "zgn", "z.g.a.n",
})
# Abbreviations that may also close a sentence ('boeken e.d.', 'ik tel.', 'naar HR.'): they end one only before
# what starts a sentence: a capital, an opening quote or a placeholder ('enz. [PERSOON-1] zei'; but
# 'tel. [TELEFOON-1]' goes on).
ABBREVIATIONS_AT_END = frozenset({"tel", "e.d", "z.s.m", "enz", "etc", "evt", "resp", "e.a", "hr", "bv"})
OPENING = frozenset({'"', "'", "“", "‘", "«", "["})


def sentence_spans(doc: Doc) -> Iterator[Span]:
    """The Doc's sentences: parser boundaries after a sentence end or line break, and every blank line.

    The spans cover the Doc without gaps; white space between two boundaries joins the span before it."""
    bounds = [0]
    for cut in [*sorted(set(parser_cuts(doc)) | set(blank_line_ends(doc))), len(doc)]:
        if len(bounds) > 1 and all(token.is_space for token in doc[bounds[-1]:cut]):
            bounds[-1] = cut
        elif cut > bounds[-1]:
            bounds.append(cut)
    for start, end in zip(bounds, bounds[1:]):
        yield doc[start:end]


def parser_cuts(doc: Doc) -> Iterator[int]:
    """The parser's boundaries that follow a sentence end, with quotes and brackets on the right side.

    The parser may leave an opening quote at the end of a sentence ('kwam. "') or put a closing one at
    the start of the next ('"'); the boundary moves to before, or past, the quote."""
    for sent in doc.sents:
        cut = sent.end
        while cut > sent.start + 1 and doc[cut - 1].text in CLOSING and not attached(doc, cut - 1) \
                and not doc[cut - 1].whitespace_:
            cut -= 1
        if cut < len(doc) and ends_sentence(doc, doc[sent.start:cut]):
            yield past_closing(doc, cut)


def past_closing(doc: Doc, cut: int) -> int:
    """`cut`, moved past closing quotes or brackets written against the sentence end ('... voorschrijft.\'')."""
    while cut < len(doc) and doc[cut].text in CLOSING and attached(doc, cut):
        cut += 1
    return cut


def attached(doc: Doc, i: int) -> bool:
    """Whether token `i` is written against the token before it (no space or line break between)."""
    return i > 0 and not doc[i - 1].whitespace_ and not doc[i - 1].is_space


def blank_line_ends(doc: Doc) -> Iterator[int]:
    """Token positions just after a blank line (a white-space token with two or more line breaks)."""
    for i in np.flatnonzero(doc.to_array(IS_SPACE)):  # Token objects only for the white space
        if doc[i].text.count("\n") > 1 and i + 1 < len(doc):
            yield int(i) + 1


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
    # a quote after white space opens the next sentence ('kwam. "Wij ...'), it does not close this one
    if doc[last].text in CLOSING and last > sent.start and attached(doc, last):
        last -= 1
    return doc[last].text.endswith(SENTENCE_END) and not continues_after_abbreviation(doc, sent.start, last)


def continues_after_abbreviation(doc: Doc, start: int, last: int) -> bool:
    """Whether token `last` is the full stop of an abbreviation that does not end the sentence here.

    spaCy writes 'dhr.' and 'o.a.' as one token, but 'tel.' and 'mw.' as a word and a full stop."""
    text = doc[last].text
    if text == "." and last > start and attached(doc, last):
        text = doc[last - 1].text + text
    word = text.lower()[:-1] if text.endswith(".") else ""
    if word in ABBREVIATIONS:
        return True
    following = next((token for token in doc[last + 1:] if not token.is_space), None)
    first = following.text[:1] if following is not None else ""
    starts_next = first.isupper() or (first in OPENING and not (word == "tel" and first == "["))
    return word in ABBREVIATIONS_AT_END and not starts_next
