"""Lemma repair from spaCy's Dutch lookup tables: stubs become lemmas, real lemmas stay."""

import pytest

from pipeline.lexicon import repair_lemma


@pytest.mark.parametrize(("lemma", "word", "expected"), [
    ("loslat", "loslaten", "loslaten"),          # infinitive cut short
    ("samenwerk", "samenwerken", "samenwerken"),  # a verb form, not the lemma
    ("regel", "regels", "regel"),                # a correct plural lemma stays
    ("droom", "dromen", "droom"),                # noun reading stays, though 'droom' is also a verb form
    ("hij", "hem", "hij"),                       # not a cut-off: left alone
    ("wijkteams", "wijkteams", "wijkteams"),
    ("xqzpl", "xqzplen", "xqzpl"),               # nothing known: the lemmatiser's reading stays
])
def test_repair_lemma(lemma, word, expected):
    assert repair_lemma(lemma, word) == expected
