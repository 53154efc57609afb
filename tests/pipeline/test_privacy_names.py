"""Person names: the deduce de-identifier behind them."""

from __future__ import annotations

from pipeline import privacy_names


def test_deduce_is_loaded_once():
    assert privacy_names.load_deduce() is privacy_names.load_deduce()
