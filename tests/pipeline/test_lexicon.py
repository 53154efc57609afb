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


def test_the_first_word_of_a_sentence_is_read_in_lower_case():
    # a small model takes 'Ervaringsdeskundigen' at the start of a sentence for a name and keeps the form
    assert repair_lemma("ervaringsdeskundigen", "ervaringsdeskundigen", opening=True) == "ervaringsdeskundige"
    assert repair_lemma("ervaringsdeskundigen", "ervaringsdeskundigen") == "ervaringsdeskundigen"
    assert repair_lemma("dordrecht", "dordrecht", opening=True) == "dordrecht"  # no inflection: stays
