"""How a segment's length, kind and neighbours weigh its lexical theme score.

Long texts are damped (`length_factor`), a theme named in a short answer counts double
(`short_answer_factor`), and a sentence borrows part of the score of the sentences around it in the same
document (`neighbour_rows`, `context_sum`). Pure functions of arrays and frames, used by `pipeline.themes`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from spacy.lang.nl.stop_words import STOP_WORDS

from pipeline.theme_lexicon import is_content


def short_answer_factor(segments: pd.DataFrame, lemma_lists: list[list[str]], matches: list[dict[int, float]],
                        core: np.ndarray, max_words: int) -> np.ndarray:
    """2 for a theme whose own term or phrase stands in a short answer (at most `max_words` content words,
    'ontmoeting', 'samen leren', 'co-creatie'), else 1: such an answer names the theme, while one term in a
    sentence or paragraph is weak evidence."""
    factor = np.ones((len(lemma_lists), core.shape[0]))
    if max_words < 1 or "kind" not in segments.columns:
        return factor
    for i, kind in enumerate(segments["kind"].tolist()):
        if kind == "answer" and matches[i] and sum(map(is_content, lemma_lists[i])) <= max_words:
            cols = list(matches[i])
            factor[i] += core[:, cols].any(axis=1)
    return factor


def length_factor(lemmas: Sequence[str], reference_length: int, power: float) -> float:
    """BM25-like damping: long texts collect matches by chance, so divide by (length/ref)^power."""
    n_content = sum(1 for lemma in lemmas if lemma not in STOP_WORDS)
    return max(1.0, n_content / reference_length) ** power


def neighbour_rows(segments: pd.DataFrame, window: int) -> list[tuple[int, list[int]]]:
    """(row, rows within `window` sentences in the same document, itself included) for every segment that
    has neighbours; none without the columns doc_id and n. Sorted once: linear in the number of segments."""
    if window < 1 or not {"doc_id", "n"} <= set(segments.columns) or not len(segments):
        return []
    frame = pd.DataFrame({"doc_id": segments["doc_id"].to_numpy(), "n": segments["n"].to_numpy(),
                          "row": np.arange(len(segments))}).sort_values(["doc_id", "n"], kind="stable")
    docs, ns, rows = frame["doc_id"].to_numpy(), frame["n"].to_numpy(), frame["row"].to_numpy()
    result = []
    for j in range(len(rows)):
        lo, hi = j, j
        while lo > 0 and docs[lo - 1] == docs[j] and ns[j] - ns[lo - 1] <= window:
            lo -= 1
        while hi + 1 < len(rows) and docs[hi + 1] == docs[j] and ns[hi + 1] - ns[j] <= window:
            hi += 1
        if hi > lo:
            result.append((int(rows[j]), [int(r) for r in rows[lo:hi + 1]]))
    return sorted(result)


def context_sum(near: list[tuple[int, list[int]]], raw: np.ndarray) -> np.ndarray:
    """Mean raw score of the neighbouring segments of the same document (`near`: see neighbour_rows)."""
    context = np.zeros_like(raw)
    for row, rows in near:
        context[row] = raw[[other for other in rows if other != row]].mean(axis=0)
    return context
