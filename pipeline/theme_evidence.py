"""The evidence text of a theme score: the matched words and phrases, and the words that made the classifier
pick a theme ('uit voorbeelden: ...'), as written in the evidence column of the theme scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.theme_examples import LEARNED_EVIDENCE, ExampleClassifier
from pipeline.theme_lexicon import is_content, normalise_key

MEANING_EVIDENCE = "betekenis van de tekst (zinsvector)"


def lexical_evidence(found: dict[int, float], t: int, *, weights: np.ndarray, labels: list[str],
                     max_evidence: int) -> str:
    """The labels of the features `found` in a segment (column -> strength) that count for theme row `t`,
    strongest first, at most `max_evidence`, joined by '; '."""
    contributions = [(weights[t, col] * value, col) for col, value in found.items()
                     if weights[t, col] > 0]
    contributions.sort(key=lambda item: (-item[0], item[1]))
    return "; ".join(labels[col] for _, col in contributions[: max_evidence])


def learned_evidence(segments: pd.DataFrame, own_keys: list[list[str]] | None, learned: np.ndarray,
                     assigned: list[set[str]], meaning: np.ndarray, *, classifier: ExampleClassifier | None,
                     theme_ids: list[str]) -> list[str]:
    """Per segment 'uit voorbeelden: ...': the words of the segment itself that made the classifier pick
    the theme it assigned, as the lemmas in the text (not matching keys); '' elsewhere."""
    result = [""] * len(learned)
    picked = [i for i, t in enumerate(learned) if t >= 0 and theme_ids[t] in assigned[i]]
    if own_keys is None or not picked:
        return result
    words = classifier.top_words([own_keys[i] for i in picked], [theme_ids[learned[i]] for i in picked])
    for i, keys in zip(picked, words):
        readable: dict[str, str] = {}
        for lemma in segments["lemmas"].iloc[i]:
            if is_content(lemma):
                readable.setdefault(normalise_key(lemma), lemma)
        if keys:
            result[i] = LEARNED_EVIDENCE + ", ".join(readable.get(key, key) for key in keys)
        elif meaning[i]:  # the meaning of the text, not a word, decided
            result[i] = LEARNED_EVIDENCE + MEANING_EVIDENCE
    return result
