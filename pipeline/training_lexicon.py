"""Word-class vectors for the embedded model's tok2vec, from spaCy's Dutch lemma tables and wordfreq.

The treebanks hold about 60,000 tokens, so almost a fifth of the words in new text were never seen
in training; the tagger then guesses from spelling, and Dutch '-en' is both a plural noun and a verb
('liepen', 'spraken' became nouns). spacy-lookups-data knows which word classes ~400,000 Dutch forms
can have, and wordfreq how common they are. Each known word gets a small static vector
[noun, verb, adjective, zipf/7] under its lower-case form; the tok2vec learns what to make of it. The
vectors are looked up by the token's lower-case form (`KEY_ATTR`), so a sentence's first word or a
capitalised noun finds its row too, without a second set of keys.
These vectors carry no meaning: pipeline.lexicon.LEXICON_VECTORS_NAME tells the theme scorer to skip them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import spacy
import srsly
from spacy.attrs import IDS
from spacy.strings import get_string_id
from spacy.vectors import Vectors
from wordfreq import zipf_frequency

from pipeline.lexicon import LEXICON_VECTORS_NAME, WORD_CLASSES, lemma_lookup, lemmas_by_class

LEXICON_ATTRIBUTION = """
The static vectors are a word-class lexicon: spaCy's Dutch lemma tables (spacy-lookups-data, MIT licence)
and Dutch word frequencies from wordfreq (Robyn Speer et al.; data CC BY-SA 4.0).
"""
ZIPF_SCALE = 7.0  # zipf values run to about 7 ('de', 'en'); keeps the feature in [0, 1]
KEY_ATTR = "LOWER"


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
    about a megabyte of strings to the shipped model). Words with the same row share it: wordfreq's
    zipf values have two decimals, so 2,720 distinct rows serve the 151,554 words of zipf >= 1.0."""
    keys, rows = lexicon_rows(min_zipf=min_zipf)
    if not keys:
        raise ValueError(f"no Dutch word in the lexicon has zipf >= {min_zipf}: choose a lower lexicon_min_zipf")
    distinct, row_of_word = np.unique(rows, axis=0, return_inverse=True)
    nlp = spacy.blank("nl")
    vectors = Vectors(strings=nlp.vocab.strings, data=distinct, name=LEXICON_VECTORS_NAME)
    for key, row in zip(keys, row_of_word.ravel().tolist()):
        vectors.add(get_string_id(key), row=row)
    nlp.vocab.vectors = vectors
    nlp.to_disk(out_dir)
    set_vectors_key_attr(out_dir, KEY_ATTR)
    return {"path": str(out_dir), "words": len(keys), "rows": len(distinct), "dims": rows.shape[1],
            "min_zipf": min_zipf}


def vectors_key_attr(model_dir: str | Path) -> int | None:
    """The token attribute (spaCy attribute id) a saved pipeline's vectors are looked up by; None = as written."""
    path = Path(model_dir) / "vocab" / "vectors.cfg"
    return srsly.read_json(path).get("attr") if path.is_file() else None


def set_vectors_key_attr(model_dir: str | Path, attr: str | int | None) -> None:
    """Make a saved pipeline look its vectors up by `attr` ('LOWER'); None leaves the files alone.

    spaCy's static-vector layer keys on `vocab.vectors.attr`, and spaCy reads that setting from
    vocab/vectors.cfg, but it writes it only for floret vectors: every save of a pipeline with the
    lexicon (training checkpoints, packaging) must put it back, or the model would look up other keys
    than it was trained on.
    """
    path = Path(model_dir) / "vocab" / "vectors.cfg"
    if attr is None or not path.is_file():
        return
    cfg = srsly.read_json(path)
    cfg["attr"] = IDS[attr] if isinstance(attr, str) else int(attr)
    srsly.write_json(path, cfg)


def lexicon_settings(*, min_zipf: float, words: int | None = None, rows: int | None = None) -> dict | None:
    """What metrics.json records about the lexicon vectors (None when off): `words` keys share `rows` rows."""
    if not min_zipf:
        return None
    return {"name": LEXICON_VECTORS_NAME, "features": [*WORD_CLASSES, f"zipf/{ZIPF_SCALE:g}"],
            "key": "lower-case word form", "key_attr": KEY_ATTR, "min_zipf": min_zipf, "words": words, "rows": rows,
            "sources": ["spacy-lookups-data nl_lemma_index + nl_lemma_lookup (MIT)",
                        "wordfreq Dutch frequencies (data CC BY-SA 4.0)"]}
