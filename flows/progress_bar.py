"""A terminal progress bar (rich, which comes with Prefect) for ingest and annotation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from flows.progress import set_listener


@contextlib.contextmanager
def corpus_progress(corpus_dir: Path, *, enabled: bool = True) -> Iterator[None]:
    """Show 'Inlezen' (files) and 'Annoteren' (documents, words) bars while the block runs.

    Words are counted once, by the annotation (tokens that are not punctuation), as in the report. Ingest's
    whitespace count is only the estimated total of the 'Annoteren' bar, so it is not shown."""
    if not enabled:
        yield
        return
    n_files = sum(1 for p in corpus_dir.rglob("*") if p.is_file()) if corpus_dir.is_dir() else 0
    columns = [TextColumn("{task.description:<10}"), BarColumn(), TextColumn("{task.fields[detail]}"),
               TimeElapsedColumn(), TextColumn("nog"), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        ingest_id = bar.add_task("Inlezen", total=n_files or None, detail="")
        state = {"files": 0, "words_in": 0, "docs": 0, "words": 0, "annotate_id": None}

        def listen(stage: str, documents: int, words: int) -> None:
            if stage == "inlezen":
                state["files"] += documents
                state["words_in"] += words
                bar.update(ingest_id, advance=documents, detail=counted(state["files"], "bestand", "bestanden"))
                return
            if state["annotate_id"] is None:
                bar.update(ingest_id, completed=n_files)
                state["annotate_id"] = bar.add_task("Annoteren", total=state["words_in"] or None, detail="")
            state["docs"] += documents
            state["words"] += words
            bar.update(state["annotate_id"], advance=words, detail=", ".join(
                (counted(state["docs"], "document", "documenten"), counted(state["words"], "woord", "woorden"))))

        set_listener(listen)
        try:
            yield
        finally:
            set_listener(None)
        for task in bar.tasks:  # done: full bars, whatever the estimated totals were
            bar.update(task.id, total=task.completed)


def counted(n: int, singular: str, plural: str) -> str:
    """'1 bestand', '3.941 woorden': Dutch thousands separator (rich would print '3,941')."""
    return f"{n:,}".replace(",", ".") + " " + (singular if n == 1 else plural)
