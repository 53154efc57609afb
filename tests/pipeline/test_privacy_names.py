"""Person names: the deduce de-identifier behind them, accented and extra first names, full names in lower case."""

from __future__ import annotations

import pytest

from pipeline import privacy_name_lookup
from pipeline.lexicon import is_dutch_word
from pipeline.privacy import pseudonymise_text
from pipeline.privacy_name_lookup import EXTRA_FIRST_NAMES, fold_letters, is_first_name, is_surname


def test_deduce_is_loaded_once():
    assert privacy_name_lookup.load_deduce() is privacy_name_lookup.load_deduce()


def test_folding_keeps_one_character_for_one():
    assert fold_letters("Özlem Yıldız, Paweł, Çiğdem en één cliënt") == "Ozlem Yildiz, Pawel, Cigdem en een client"


@pytest.mark.parametrize("name", ["Özlem", "Büşra", "Ömer", "Hüseyin", "Paweł", "Tesfay", "Senait", "Churandy"])
def test_accented_and_extra_first_names_are_first_names(name):
    assert is_first_name(name)


def test_accented_surnames_are_surnames():
    assert is_surname("Yıldız") and is_surname("Öztürk") and is_surname("Şahin")


def test_extra_first_names_are_new_and_no_dutch_words():
    # the list only adds what deduce lacks, and no word of a note ('Million', 'Mehari') becomes a name
    deduce_names = privacy_name_lookup._deduce_names("lst_first_name")
    assert not [n for n in EXTRA_FIRST_NAMES if fold_letters(n) in deduce_names or is_dutch_word(n)]


@pytest.mark.parametrize("text, expected", [
    ("Özlem vroeg of we de casus konden bespreken.", "[PERSOON-1] vroeg of we de casus konden bespreken."),
    ("Özlem Yıldız", "[PERSOON-1]"),
    ("Samenwerking met Özlem", "Samenwerking met [PERSOON-1]"),
    ("Dhr. Ç. Öztürk had afgezegd.", "Dhr. [PERSOON-1] had afgezegd."),
    ("Tesfay vertelde dat hij nog geen huis heeft.", "[PERSOON-1] vertelde dat hij nog geen huis heeft."),
    ("kees bakker", "[PERSOON-1]"),
    ("samenwerking met özlem en büşra", "samenwerking met [PERSOON-1] en [PERSOON-2]"),
    ("Aanwezig: mevr. De Vries en kees bakker (notulist).", "Aanwezig: mevr. [PERSOON-1] en [PERSOON-2] (notulist)."),
    ("wie mij inspireert? anouk de jong, zonder twijfel", "wie mij inspireert? [PERSOON-1], zonder twijfel"),
])
def test_names_the_audit_found_missing_are_replaced(text, expected):
    assert pseudonymise_text(text)[0] == expected


@pytest.mark.parametrize("text", [
    "Wil koning worden is geen doel, zei de jongen lachend.",
    "De kosten worden ten bate van de raad in rekening gebracht aan koper en verkoper.",
    "Een financiële regeling en één loket: dat vroegen de cliënten in het café.",
    "We willen de bakker op de hoek en de visser in de haven betrekken.",
    "Het punt is dat bewoners niet weten waar ze terechtkunnen.",
])
def test_lower_case_words_and_accents_in_plain_dutch_are_no_names(text):
    assert pseudonymise_text(text)[0] == text
