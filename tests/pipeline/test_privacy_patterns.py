"""Personal data with a fixed shape: the checks behind the patterns."""

from __future__ import annotations

import pytest

from pipeline.privacy_patterns import passes_elfproef, pattern_spans


@pytest.mark.parametrize("number, valid", [("123456782", True), ("111222333", True), ("123456789", False),
                                           ("000000000", False), ("12345678", False)])
def test_elfproef(number, valid):
    assert passes_elfproef(number) is valid


@pytest.mark.parametrize("text, address", [
    ("Contact: p.jansen AT dordrecht DOT nl of bel de wijkcoach.", "p.jansen AT dordrecht DOT nl"),
    ("Mail gerust naar petra(at)gemeente(punt)nl als er vragen zijn.", "petra(at)gemeente(punt)nl"),
    ("Het adres is jan.de.boer [at] wijkteam [dot] nl, schreef hij.", "jan.de.boer [at] wijkteam [dot] nl"),
    ("Aanmelden via info apenstaartje buurthuis punt nl.", "info apenstaartje buurthuis punt nl"),
    ("Of via jan at gemeente.nl natuurlijk.", "jan at gemeente.nl"),
])
def test_an_obfuscated_email_address_is_one_span(text, address):
    assert [(s.category, s.text) for s in pattern_spans(text)] == [("email", address)]


def test_eating_and_points_are_no_email_address():
    assert pattern_spans("Hij at zijn soep op; het punt van de avond was duidelijk, punt uit.") == []
