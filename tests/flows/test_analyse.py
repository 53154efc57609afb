"""End-to-end: the real analyse flow on corpora/voorbeeld, checked by reading its outputs back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pipeline.paths import SAMPLE_CORPUS_DIR


def test_run_folder_is_complete(sample_run):
    run = Path(sample_run["run"])
    for name in ("manifest.json", "documents.parquet", "segments.parquet", "tokens.parquet", "themes.parquet",
                 "report.html", "report.md"):
        assert (run / name).is_file(), name
    assert not list(run.parent.glob(".tmp-*")), "temporary run folder left behind"
    # the private list of all terms (never published) sits beside privacy-findings.csv, not among the wordles
    assert (run / "alle-termen-prive.csv").read_text(encoding="utf-8").startswith("# NIET PUBLICEREN")
    assert not list((run / "wordles").rglob("alle-termen-prive.csv"))


def test_manifest_accounts_for_every_input_file(sample_run):
    manifest = json.loads((Path(sample_run["run"]) / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {p.relative_to(SAMPLE_CORPUS_DIR).as_posix() for p in SAMPLE_CORPUS_DIR.rglob("*") if p.is_file()}
    listed = {row["source"] for row in manifest["inputs"]}
    assert listed == on_disk
    for row in manifest["inputs"]:
        assert row["status"] in {"analysed", "skipped"}
        assert row["status"] == "analysed" or row["reason"], row
    assert manifest["counts"]["inputs"] == manifest["counts"]["analysed"] + manifest["counts"]["skipped"]
    assert manifest["model"]["name"] and manifest["framework"]["version"]
    assert len(manifest["framework"]["labelled_paragraphs"]["corpora/evaluatie/thema-blindset-2.csv"]) == 64  # a SHA-256
    assert manifest["versions"]["spacy"]


def test_wordle_png_opens_and_is_not_blank(sample_run):
    assert sample_run["wordles"]
    for path in sample_run["wordles"]:
        with Image.open(path) as image:
            pixels = np.asarray(image.convert("L"), dtype=float)
        assert pixels.shape[0] > 100 and pixels.shape[1] > 100
        assert pixels.std() > 10, f"{path} looks blank"


def test_report_names_the_themes_found(sample_run):
    run = Path(sample_run["run"])
    themes = pd.read_parquet(run / "themes.parquet")
    found = set(themes.loc[themes["assigned"], "theme_id"])
    assert len(found) >= 3, found
    html = (run / "report.html").read_text(encoding="utf-8")
    markdown = (run / "report.md").read_text(encoding="utf-8")
    for theme_id in found:
        assert theme_id in html and theme_id in markdown
    # the method note says how themes were found, including the learned part and its sentence vectors
    assert "gelabelde alinea's van het kader (12 bestanden)" in markdown
    assert "met zinsvectoren (Universal Sentence Encoder multilingual)" in markdown


def test_no_personal_data_in_published_outputs(sample_run):
    run = Path(sample_run["run"])
    published = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in run.rglob("*")
                          if p.suffix in {".md", ".html", ".csv", ".svg", ".txt"} and p.name != "privacy-findings.csv")
    # Personal data deliberately placed in the sample notes (see corpora/voorbeeld/README.md).
    for identifier in ("p.devries@wijkteam-dordrecht.nl", "06-12345678", "078 123 4567", "Jansen",
                       "Petra de Vries", "El Amrani", "Marieke"):
        assert identifier not in published, identifier
