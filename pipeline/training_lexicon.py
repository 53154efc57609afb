"""Word-class vectors for the embedded model's tok2vec, from spaCy's Dutch lemma tables and wordfreq.

The treebanks hold about 60,000 tokens, so almost a fifth of the words in new text were never seen
in training; the tagger then guesses from spelling, and Dutch '-en' is both a plural noun and a verb
('liepen', 'spraken' became nouns). spacy-lookups-data knows which word classes ~400,000 Dutch forms
can have, and wordfreq how common they are. Each known word gets a small static vector
[noun, verb, adjective, zipf/7] under its lower-case form; the tok2vec learns what to make of it. spaCy
looks vectors up on the word as written (a Vectors `attr` is not saved with a pipeline), so a capitalised
word, a name or a sentence's first word, gets no row: measured, that costs less than the extra keys would.
These vectors carry no meaning: pipeline.lexicon.LEXICON_VECTORS_NAME tells the theme scorer to skip them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy
from spacy.strings import get_string_id
from spacy.vectors import Vectors
from wordfreq import zipf_frequency

from pipeline.lexicon import LEXICON_VECTORS_NAME, WORD_CLASSES, lemma_lookup, lemmas_by_class

LEXICON_ATTRIBUTION = """
The static vectors are a word-class lexicon: spaCy's Dutch lemma tables (spacy-lookups-data, MIT licence)
and Dutch word frequencies from wordfreq (Robyn Speer et al.; data CC BY-SA 4.0).
"""
ZIPF_SCALE = 7.0  # zipf values run to about 7 ('de', 'en'); keeps the feature in [0, 1]


def lexicon_rows(*, min_zipf: float) -> tuple[list[str], np.ndarray]:
    """Known lower-cased words with zipf >= `min_zipf` and one row [noun, verb, adj, zipf/7] each, sorted."""
    classes, lookup = lemmas_by_class(), lemma_lookup()
    words = sorted({word.lower() for word in lookup} | {w.lower() for lemmas in classes.values() for w in lemmas})
    keys, rows = [], []
    for word in words:
        zipf = zipf_frequency(word, "nl")
        if zipf < min_zipf:
            continue
        lemma = lookup.get(word)
        flags = [float(word in classes[name] or (lemma is not None and lemma in classes[name]))
                 for name in WORD_CLASSES]
        if any(flags):
            keys.append(word)
            rows.append(flags + [zipf / ZIPF_SCALE])
    return keys, np.asarray(rows, dtype=np.float32).reshape(len(rows), len(WORD_CLASSES) + 1)


def build_lexicon_vectors(*, out_dir: str | Path, min_zipf: float) -> dict:
    """Write a blank Dutch pipeline whose vectors are the lexicon rows (for `[initialize] vectors`).

    Keys are hashes of the lower-case words; the words themselves are not stored (that would add
    about a megabyte of strings to the shipped model)."""
    keys, rows = lexicon_rows(min_zipf=min_zipf)
    if not keys:
        raise ValueError(f"no Dutch word in the lexicon has zipf >= {min_zipf}: choose a lower lexicon_min_zipf")
    nlp = spacy.blank("nl")
    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=rows, keys=[get_string_id(k) for k in keys],
                                name=LEXICON_VECTORS_NAME)
    nlp.to_disk(out_dir)
    return {"path": str(out_dir), "rows": len(keys), "dims": rows.shape[1], "min_zipf": min_zipf}


def lexicon_settings(*, min_zipf: float, rows: int | None = None) -> dict | None:
    """What metrics.json records about the lexicon vectors (None when off)."""
    if not min_zipf:
        return None
    return {"name": LEXICON_VECTORS_NAME, "features": [*WORD_CLASSES, f"zipf/{ZIPF_SCALE:g}"],
            "key": "lower-case word form", "min_zipf": min_zipf, "rows": rows,
            "sources": ["spacy-lookups-data nl_lemma_index + nl_lemma_lookup (MIT)",
                        "wordfreq Dutch frequencies (data CC BY-SA 4.0)"]}
