"""Which fragment of a run a researcher's correction is for.

In: the run's segments (seg_id, text) and the corrections (seg_id, text, themes); out: per correction the
seg_ids it fits. First by the same text (spacing and the numbers of privacy codes do not count), then, for what
is left, a fragment that differs only where a privacy code stands for a few words: a new note can turn a word
of an old fragment into '[PERSOON-19]'. Never a guess between two fragments.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from pipeline.privacy_codes import PLACEHOLDERS

# A privacy code of pipeline.privacy_codes ('[PERSOON-3]', '[EMAIL-1]'); the number is optional because
# normalise_text drops it and write_unmatched_corrections writes codes without one.
_CODES = "|".join(map(re.escape, PLACEHOLDERS.values()))
_PLACEHOLDER = re.compile(rf"\[({_CODES})(?:-\d+)?\]")
# Tokens of a normalised text: a code, a word (an e-mail address, date or 'Jan-Willem' stays one), a sign.
_TOKEN = re.compile(rf"\[(?:{_CODES})\]|\w(?:[\w@.'’/-]*\w)?|[^\w\s]")
MAX_CODE_WORDS = 4  # a code stands for a name, address or number: 'mevrouw De Vries-Bakker' is 3 tokens
MIN_SHARED_WORDS = 3  # below this a match on codes alone would be a guess ('[PERSOON-1] belt.')


def normalise_text(text) -> str:
    """How a corrected fragment is recognised: spacing does not count, and neither does the number of a
    privacy code ('[PERSOON-3]'), which moves when a note that sorts earlier names someone new."""
    return _PLACEHOLDER.sub(r"[\1]", " ".join(str(text or "").split()))


def match_corrections(segments: pd.DataFrame, corrections: pd.DataFrame) -> list[list[str]]:
    """The seg_ids each correction is for ([] = none), in the order of `corrections`.

    First by the same text (whitespace and code numbers normalised): the segment with its seg_id; without a
    seg_id (or when that seg_id now holds other text) every segment with that text, or with a seg_id only
    when that text occurs once, so a changed document does not get a stale code. A correction left over
    then matches a segment that differs only by privacy codes (`codes_align`), when exactly one such segment
    (or its own seg_id) fits: a new note can turn a word of an old fragment into '[PERSOON-19]'."""
    texts = dict(zip(segments["seg_id"], segments["text"].map(normalise_text)))
    by_text: dict[str, list[str]] = {}
    for seg_id, text in texts.items():
        by_text.setdefault(text, []).append(seg_id)
    matches = []
    for seg_id, text in corrections[["seg_id", "text"]].itertuples(index=False):
        same_text, seg_id = by_text.get(normalise_text(text), []), str(seg_id or "")
        matches.append([seg_id] if seg_id in same_text else same_text if not seg_id or len(same_text) == 1 else [])
    left = [i for i, targets in enumerate(matches) if not targets]
    if left:
        taken = {target for targets in matches for target in targets}
        index = CodeIndex({s: t for s, t in texts.items() if s not in taken})
        for i in left:
            matches[i] = index.find(corrections["text"].iat[i], seg_id=str(corrections["seg_id"].iat[i] or ""))
    return matches


def text_tokens(text) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(normalise_text(text)))


def is_code(token: str) -> bool:
    return token[0] == "[" and len(token) > 1


class Shape(NamedTuple):
    """What a cheap test needs of a token list: its length, its tokens other than codes, how many codes."""

    length: int
    words: frozenset
    codes: int


def shape_of(tokens: tuple[str, ...]) -> Shape:
    codes = sum(map(is_code, tokens))
    return Shape(len(tokens), frozenset(t for t in tokens if not is_code(t)), codes)


class CodeIndex:
    """Segments by their first and their last word (not a code): a segment that differs from a correction
    only by codes shares at least one of the two, unless codes stand at both ends. So a correction is
    aligned with a few segments, not with all of them."""

    def __init__(self, texts: dict[str, str]):
        self.tokens = {seg_id: tuple(_TOKEN.findall(text)) for seg_id, text in texts.items()}
        self.shapes: dict[str, Shape] = {}  # filled for candidates only: most segments are never one
        self.by_end: dict[tuple[int, str], list[str]] = {}
        for seg_id, tokens in self.tokens.items():
            for key in end_words(tokens):
                self.by_end.setdefault(key, []).append(seg_id)

    def shape(self, seg_id: str) -> Shape:
        if seg_id not in self.shapes:
            self.shapes[seg_id] = shape_of(self.tokens[seg_id])
        return self.shapes[seg_id]

    def find(self, text, *, seg_id: str = "") -> list[str]:
        """[the one segment `text` fits apart from codes] (its own seg_id first), else []."""
        wanted = text_tokens(text)
        shape = shape_of(wanted)
        candidates = {s for key in end_words(wanted) for s in self.by_end.get(key, [])}
        fits = [s for s in sorted(candidates) if may_align(shape, self.shape(s))
                and shared_words(wanted, self.tokens[s]) >= MIN_SHARED_WORDS]
        return [seg_id] if seg_id in fits else fits if len(fits) == 1 else []


def end_words(tokens: tuple[str, ...]) -> list[tuple[int, str]]:
    """(0, first word) and (1, last word), skipping codes and signs; lower case (a code may start a sentence)."""
    first = next((t for t in tokens if t[0].isalnum()), None)  # a code starts with '['
    last = next((t for t in reversed(tokens) if t[0].isalnum()), None)
    return [] if first is None else [(0, first.lower()), (1, last.lower())]


def codes_align(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether token lists `a` and `b` are equal except where a code in one stands for 1-MAX_CODE_WORDS
    tokens of the other, with at least MIN_SHARED_WORDS words equal in both."""
    return may_align(shape_of(a), shape_of(b)) and shared_words(a, b) >= MIN_SHARED_WORDS


def may_align(a: Shape, b: Shape) -> bool:
    """Cheap test first: the lengths differ no more, and each side misses no more tokens of the other, than
    the codes there are can stand for (a code bridges up to MAX_CODE_WORDS tokens)."""
    return (abs(a.length - b.length) <= (MAX_CODE_WORDS - 1) * (a.codes + b.codes)
            and len(a.words - b.words) <= MAX_CODE_WORDS * b.codes
            and len(b.words - a.words) <= MAX_CODE_WORDS * a.codes)


def shared_words(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Most equal words over the alignments of `a` and `b` where a code stands for a run of tokens; -1 = none."""
    # each code bridges at most MAX_CODE_WORDS - 1 tokens of difference, so an alignment stays in this band
    band = (MAX_CODE_WORDS - 1) * sum(map(is_code, a + b))
    shared = {(len(a), len(b)): 0}  # (i, j): most equal words aligning a[i:] with b[j:]; absent = none
    for i in range(len(a), -1, -1):
        for j in range(min(len(b), i + band), max(0, i - band) - 1, -1):
            if (i, j) != (len(a), len(b)) and (best := _best_step(a, b, i, j, shared)) >= 0:
                shared[i, j] = best
    return shared.get((0, 0), -1)


def _best_step(a, b, i: int, j: int, shared: dict) -> int:
    """Most equal words over the ways to align a[i] / b[j]: as equal tokens, a code against a code (of any kind:
    a carried-over correction writes every identifier as '[PERSOON]'), or a code against a run of words."""
    if i == len(a) or j == len(b):
        return -1
    steps = [((i + 1, j + 1), int(not is_code(a[i])))] if a[i] == b[j] or is_code(a[i]) and is_code(b[j]) else []
    if is_code(a[i]) and not is_code(b[j]):
        steps += [((i + 1, j + k), 0) for k in range(1, _word_run(b, j) + 1)]
    if is_code(b[j]) and not is_code(a[i]):
        steps += [((i + k, j + 1), 0) for k in range(1, _word_run(a, i) + 1)]
    return max((shared[key] + gain for key, gain in steps if key in shared), default=-1)


def _word_run(tokens: tuple[str, ...], start: int) -> int:
    """How many tokens from `start` a code may stand for: up to MAX_CODE_WORDS, not across another code."""
    run = 0
    while run < MAX_CODE_WORDS and start + run < len(tokens) and not is_code(tokens[start + run]):
        run += 1
    return run
