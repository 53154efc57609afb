"""Personal data with a fixed shape: the checks behind the patterns."""

from __future__ import annotations

import pytest

from pipeline.privacy_patterns import passes_elfproef


@pytest.mark.parametrize("number, valid", [("123456782", True), ("111222333", True), ("123456789", False),
                                           ("000000000", False), ("12345678", False)])
def test_elfproef(number, valid):
    assert passes_elfproef(number) is valid
