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
    """Show 'Inlezen' (files) and 'Annoteren' (words) bars while the block runs."""
    if not enabled:
        yield
        return
    n_files = sum(1 for p in corpus_dir.rglob("*") if p.is_file()) if corpus_dir.is_dir() else 0
    columns = [TextColumn("{task.description:<10}"), BarColumn(), TextColumn("{task.fields[detail]}"),
               TimeElapsedColumn(), TextColumn("nog"), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        ingest_id = bar.add_task("Inlezen", total=n_files or None, detail="")
        state = {"words_in": 0, "docs": 0, "words": 0, "annotate_id": None}

        def listen(stage: str, documents: int, words: int) -> None:
            if stage == "inlezen":
                state["words_in"] += words
                bar.update(ingest_id, advance=documents, detail=f"{state['words_in']:,} woorden".replace(",", "."))
                return
            if state["annotate_id"] is None:
                bar.update(ingest_id, completed=n_files)
                state["annotate_id"] = bar.add_task("Annoteren", total=state["words_in"] or None, detail="")
            state["docs"] += documents
            state["words"] += words
            detail = f"{state['docs']:,} documenten, {state['words']:,} woorden".replace(",", ".")
            bar.update(state["annotate_id"], advance=words, detail=detail)

        set_listener(listen)
        try:
            yield
        finally:
            set_listener(None)
