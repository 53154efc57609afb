"""The review round for real: `ontmoeting analyse --kader --correcties` on a small corpus keeps the
researcher's codes, says so in the report and the manifest, shows them in the next review.xlsx, and
`importeer-correcties` reads that workbook back with the ids of the run's own framework."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import runs
from pipeline.corrections import (CORRECTION_EVIDENCE, SHEET, THEMES_SHEET, UNMATCHED_FILE,
                                  read_correction_examples)
from pipeline.paths import PROJECT_ROOT

NOTE = ("---\nbijeenkomst: Leerkring wijkteam Noord\ndatum: 2025-01-16\n---\n\n"
        "De huisarts en het wijkteam willen vaker samen op huisbezoek.\n\n"
        "Door de wachtlijst bij schuldhulpverlening is er geen tijd voor een goed gesprek.\n\n"
        "We bespraken een fout van vorige week en wat we daarvan leren.\n")
KADER = """naam: Werkdruk en samenwerking
versie: "0.1"
themas:
  - id: W1
    soort: thema
    label: Samenwerking met partners
    beschrijving: Wijkteams werken samen met huisarts en schuldhulpverlening.
    termen: [huisarts, schuldhulpverlening, samenwerking, samenwerken]
  - id: W2
    soort: thema
    label: Werkdruk en wachtlijsten
    beschrijving: Drukte en wachtlijsten maken het werk zwaar.
    termen: [wachtlijst, werkdruk, tijdgebrek]
  - id: W3
    soort: thema
    label: Leren van fouten
    beschrijving: Professionals bespreken fouten en leren daarvan.
    termen: [fout, reflectie, leren]
"""
HUISARTS = "De huisarts en het wijkteam willen vaker samen op huisbezoek."
WACHTLIJST = "Door de wachtlijst bij schuldhulpverlening is er geen tijd voor een goed gesprek."


def run_cli(*args, env: dict | None = None) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "flows.cli", *map(str, args)], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def corrected_run(prefect_harness, tmp_path_factory) -> dict:
    """A run with an own framework (--kader) and a hand-made corrections CSV without seg_id."""
    from prefect.settings import PREFECT_API_URL

    root = tmp_path_factory.mktemp("correcties")
    corpus = root / "kring"
    corpus.mkdir()
    (corpus / "2025-01-16-leerkring.md").write_text(NOTE, encoding="utf-8")
    (root / "kader.yaml").write_text(KADER, encoding="utf-8")
    corrections = root / "correcties.csv"
    pd.DataFrame({"text": [HUISARTS, f"  {WACHTLIJST} ", "Het wijkteam gaat met de huisarts op huisbezoek."],
                  "themes": ["W2; W3", "", "W1"]}).to_csv(corrections, index=False)
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value() or "")}
    code, out, err = run_cli("analyse", corpus, "--uit", root / "outputs", "--stil", "--kader", root / "kader.yaml",
                             "--correcties", corrections, env=env)
    assert code == 0, err
    run = Path(next(line for line in out.splitlines() if line.startswith("Run: "))[5:])
    return {"run": run, "root": root, "corrections": corrections, "env": env, "console": out + err}


def codes_by_text(run: Path) -> dict[str, set[str]]:
    segments = pd.read_parquet(run / "segments.parquet").set_index("seg_id")["text"]
    themes = pd.read_parquet(run / "themes.parquet")
    assigned = themes[themes["assigned"]].groupby("seg_id")["theme_id"].agg(set)
    return {" ".join(segments[s].split()): assigned.get(s, set()) for s in segments.index}


def test_corrected_fragments_keep_the_researchers_code(corrected_run):
    run = corrected_run["run"]
    codes = codes_by_text(run)
    assert codes[HUISARTS] == {"W2", "W3"} and codes[WACHTLIJST] == set()
    themes = pd.read_parquet(run / "themes.parquet")
    assert set(themes["theme_id"]) == {"W1", "W2", "W3"}  # the framework of --kader
    assert (themes["evidence"] == CORRECTION_EVIDENCE).sum() == 2 * 3


def test_report_and_manifest_account_for_the_corrections(corrected_run):
    run, corrections = corrected_run["run"], corrected_run["corrections"]
    for name in ("report.md", "report.html"):
        text = " ".join((run / name).read_text(encoding="utf-8").split())
        assert "3 correcties gegeven, waarvan 2 toegepast op 2 fragmenten van deze run en 1 zonder" in text, name
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corrections"] == {"file": str(corrections.resolve()), "sha256": runs.file_sha256(corrections),
                                       "given": 3, "applied": 2, "unmatched": 1, "fragments": 2}
    assert manifest["framework"]["file"] == str((corrected_run["root"] / "kader.yaml").resolve())


def test_unmatched_correction_is_listed_and_announced(corrected_run):
    run = corrected_run["run"]
    listed = read_correction_examples(run / "export" / UNMATCHED_FILE, theme_ids=["W1", "W2", "W3"])
    assert listed[["text", "themes"]].to_dict("list") == {"text": ["Het wijkteam gaat met de huisarts op huisbezoek."],
                                                          "themes": [["W1"]]}
    console = [line for line in corrected_run["console"].splitlines() if "niet toegepast" in line]
    assert len(console) == 1 and "1 correctie is niet toegepast" in console[0]
    assert str(run / "export" / UNMATCHED_FILE) in console[0]
    assert f"export/{UNMATCHED_FILE}" in " ".join((run / "report.md").read_text(encoding="utf-8").split())


def test_next_review_starts_from_the_corrections_and_reimports_with_the_runs_framework(corrected_run):
    run, root = corrected_run["run"], corrected_run["root"]
    sheet = pd.read_excel(run / "export" / "review.xlsx", sheet_name=SHEET, dtype=str, keep_default_na=False)
    shown = dict(zip(sheet["tekst"], sheet["correctie"]))
    assert shown[HUISARTS] in {"W2; W3", "W3; W2"} and shown[WACHTLIJST] == "geen"
    # No --instellingen: the default framework has other ids; the 'themas' sheet of the run decides.
    code, out, err = run_cli("importeer-correcties", run / "export" / "review.xlsx", "--uit", root / "opnieuw.csv")
    assert code == 0, err
    again = read_correction_examples(root / "opnieuw.csv", theme_ids=["W1", "W2", "W3"])
    # the correction the run could not apply is not in review.xlsx; the import carries it over from export/
    unmatched = "Het wijkteam gaat met de huisarts op huisbezoek."
    assert {t: set(ids) for t, ids in zip(again["text"], again["themes"])} == {
        HUISARTS: {"W2", "W3"}, WACHTLIJST: set(), unmatched: {"W1"}}
    assert again.loc[again["text"] != unmatched, "seg_id"].str.len().gt(0).all()
    assert f"Daarvan 1 uit {UNMATCHED_FILE}" in out


def test_import_without_theme_sheet_points_to_the_settings(corrected_run, tmp_path):
    book = load_workbook(corrected_run["run"] / "export" / "review.xlsx")
    del book[THEMES_SHEET]
    book.save(tmp_path / "zonder-themas.xlsx")
    code, _, err = run_cli("importeer-correcties", tmp_path / "zonder-themas.xlsx", "--uit", tmp_path / "c.csv")
    assert code == 2 and "Traceback" not in err
    assert "Onbekende thema-ids" in err and "W2" in err and "--instellingen" in err
