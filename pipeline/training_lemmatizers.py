"""The lemmatizer a trained Dutch pipeline ships with: one of four modes, built from spaCy components.

In: a loaded spaCy pipeline and a mode (LEMMATIZER_MODES); out: the pipeline with that lemmatizer. The
lookup tables come from spacy-lookups-data (and wordfreq, to cut them down) and are serialized with the
pipeline, so loading it needs no custom code.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.lookups import Lookups

from pipeline.lexicon import lemma_table

LEMMATIZER_MODES = ("rule", "lookup", "trainable", "hybrid")
RULE_POS = ("NOUN", "VERB")  # where spaCy's Dutch rules beat the edit trees on the dev split


def with_lemmatizer(nlp: Language, mode: str) -> Language:
    """Return `nlp` with the lemmatizer of `mode` (one of LEMMATIZER_MODES), built from spaCy components.

    `trainable` keeps the trained edit-tree lemmatizer; `rule` and `lookup` replace it by spaCy's Dutch
    lemmatizer; `hybrid` keeps it but hands the word classes in RULE_POS to the rule lemmatizer (an
    attribute_ruler clears those lemmas first). Lookup tables come from spacy-lookups-data and are
    serialized with the pipeline, so loading needs no custom code.
    """
    if mode not in LEMMATIZER_MODES:
        raise ValueError(f"unknown lemmatizer mode {mode!r}")
    if mode == "hybrid":
        router = nlp.add_pipe("attribute_ruler", name="lemma_router")
        router.add([[{"POS": {"IN": list(RULE_POS)}}]], {"LEMMA": ""})
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": False})
        lemmatizer.initialize(lookups=rule_lookups(pos=RULE_POS))
    elif mode != "trainable":
        nlp.remove_pipe("trainable_lemmatizer")
        nlp.add_pipe("lemmatizer", config={"mode": mode}).initialize()
    return nlp


def rule_lookups(*, pos: Sequence[str], min_zipf: float = 0.0) -> Lookups:
    """spaCy's Dutch rule tables cut down to the classes in `pos` and to words wordfreq knows
    (zipf > `min_zipf`): a third of the size. Lemma indexes become dicts for fast membership tests."""
    from wordfreq import get_frequency_dict

    raw = {name: lemma_table(name) for name in ("lemma_lookup", "lemma_index", "lemma_exc", "lemma_rules")}
    keys = [tag.lower() for tag in pos]
    known = {word for word, freq in get_frequency_dict("nl").items() if freq > 10 ** (min_zipf - 9)}
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {form: lemma for form, lemma in raw["lemma_lookup"].items() if form in known})
    lookups.add_table("lemma_index", {k: dict.fromkeys(w for w in raw["lemma_index"][k] if w in known) for k in keys})
    for name in ("lemma_exc", "lemma_rules"):
        lookups.add_table(name, {k: raw[name][k] for k in keys if k in raw[name]})
    return lookups
