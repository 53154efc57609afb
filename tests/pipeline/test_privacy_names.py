"""Person names: the deduce de-identifier behind them."""

from __future__ import annotations

from pipeline import privacy_name_lookup


def test_deduce_is_loaded_once():
    assert privacy_name_lookup.load_deduce() is privacy_name_lookup.load_deduce()
