"""The progress bars of `ontmoeting analyse`: one word count (the annotation's), Dutch numbers, full at the end."""

from __future__ import annotations

from flows.progress import reporter
from flows.progress_bar import corpus_progress, counted


def test_counts_are_dutch_and_singular_for_one():
    assert counted(1, "bestand", "bestanden") == "1 bestand"
    assert counted(3941, "woord", "woorden") == "3.941 woorden"


def test_only_the_annotation_shows_words(tmp_path, capsys):
    (tmp_path / "notitie.txt").write_text("Samen - leren ...", encoding="utf-8")
    with corpus_progress(tmp_path):
        reporter("inlezen")(1, 3)  # ingest splits on whitespace: '-' and '...' are 'words' there
        reporter("annoteren")(1, 2)
    err = capsys.readouterr().err
    assert "1 bestand" in err and "1 document, 2 woorden" in err
    assert "3 woorden" not in err
    assert "╸" not in err and "╺" not in err  # no half-drawn bar: the estimated total (3 words) is not kept
    assert "documenten." not in err  # the separator between the counts stays a comma
