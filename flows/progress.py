"""Progress reporting shared by the CLI (which shows a bar) and flow tasks (which report numbers)."""

from __future__ import annotations

import threading
from collections.abc import Callable

_lock = threading.Lock()
_listener: Callable[[str, int, int], None] | None = None


def set_listener(listener: Callable[[str, int, int], None] | None) -> None:
    """Register `listener(stage, documents, words)`; None switches reporting off."""
    global _listener
    with _lock:
        _listener = listener


def reporter(stage: str) -> Callable[[int, int], None]:
    """A callback for pipeline functions' `on_progress(documents, words)`."""
    def report(documents: int, words: int) -> None:
        listener = _listener
        if listener is not None:
            listener(stage, documents, words)
    return report
