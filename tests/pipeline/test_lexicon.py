"""Lemma repair from spaCy's Dutch lookup tables: stubs become lemmas, real lemmas stay."""

import pytest

from pipeline.lexicon import infinitive_spellings, repair_first_person_verb, repair_lemma


@pytest.mark.parametrize(("lemma", "word", "expected"), [
    ("loslat", "loslaten", "loslaten"),          # infinitive cut short
    ("samenwerk", "samenwerken", "samenwerken"),  # a verb form, not the lemma
    ("regel", "regels", "regel"),                # a correct plural lemma stays
    ("droom", "dromen", "droom"),                # noun reading stays, though 'droom' is also a verb form
    ("hij", "hem", "hij"),                       # not a cut-off: left alone
    ("wijkteams", "wijkteams", "wijkteams"),
    ("xqzpl", "xqzplen", "xqzpl"),               # nothing known: the lemmatiser's reading stays
    ("vindel", "minder", "minder"),              # a garbled lemma of a common word: the word stays
    ("geachot", "geachte", "geachte"),
    ("snelal", "sneller", "snel"),               # ... or gets the tables' lemma
    ("werken", "gewerkt", "werken"),             # a participle's lemma is a known word: stays
    ("buurtcoach", "buurtcoaches", "buurtcoach"),  # an unknown lemma of an unknown word: stays
])
def test_repair_lemma(lemma, word, expected):
    assert repair_lemma(lemma, word) == expected


def test_an_inflected_form_kept_as_lemma_gets_the_lexicon_lemma():
    # a small model takes 'Ervaringsdeskundigen' at the start of a sentence for a name and keeps the form
    assert repair_lemma("ervaringsdeskundigen", "ervaringsdeskundigen") == "ervaringsdeskundige"
    assert repair_lemma("liep", "liep") == "lopen"
    assert repair_lemma("bergen", "bergen") == "bergen"  # a lemma itself (a verb): also the place name, stays
    assert repair_lemma("dordrecht", "dordrecht") == "dordrecht"  # unknown to the tables: stays


@pytest.mark.parametrize(("word", "expected"), [
    ("meeneem", "meenemen"),      # 'wat ik meeneem': the stem is in the tables as 'neem' -> 'nemen'
    ("aanpak", "aanpakken"),      # 'wat ik aanpak': consonant doubled before -en
    ("bijdraag", "bijdragen"),    # long vowel written once
    ("opgeef", "opgeven"),        # f -> v
    ("afspraak", "afspraak"),     # no verb 'afspraken' with particle 'af' + 'spraak': stays
    ("uitdaging", "uitdaging"),
    ("werk", "werk"),             # no particle: the tagger's reading stays
])
def test_repair_first_person_verb(word, expected):
    assert repair_first_person_verb(word, word) == expected


def test_infinitive_spellings_follow_dutch_spelling():
    assert {"nemen", "pakken", "lezen"} <= set(infinitive_spellings("neem") + infinitive_spellings("pak")
                                              + infinitive_spellings("lees"))
