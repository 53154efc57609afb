"""Run folders: atomic publication, manifest, reading back."""

import json

import pytest

from pipeline.runs import finish_run, latest_run, load_run, start_run, write_manifest


def test_a_run_becomes_visible_only_when_finished(tmp_path):
    tmp = start_run(tmp_path, "Werkplaats 2025")
    assert tmp.parent.name == "werkplaats-2025"
    assert latest_run(tmp_path, "Werkplaats 2025") is None
    write_manifest(tmp, corpus="x")
    final = finish_run(tmp)
    assert latest_run(tmp_path, "Werkplaats 2025") == final
    manifest = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corpus"] == "x" and "spacy" in manifest["versions"]
    assert load_run(final.parent).path == final


def test_unfinished_run_cannot_be_published_and_is_cleaned_up(tmp_path):
    tmp = start_run(tmp_path, "voorbeeld")
    with pytest.raises(RuntimeError):
        finish_run(tmp)
    start_run(tmp_path, "voorbeeld")
    assert not tmp.exists()
