"""A person's name in a file or folder name is coded wherever the run publishes that name (report, tables, exports,
inputs.csv, manifest.json, the run folder's name), and a run the final guard stops leaves the leak nowhere."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline import privacy, runs, stages
from pipeline.config import load_settings
from pipeline.paths import PROJECT_ROOT

NOTE = ("Tijdens de intervisie bespraken we hoe bewoners eerder gehoord kunnen worden. De wijkcoach vertelde "
        "dat samen leren in de wijk tijd kost en dat vertrouwen tussen professionals en bewoners groeit door "
        "elkaar vaker te ontmoeten.")
TALK = ("In het gesprek ging het over ruimte voor ontmoeting in de buurt. Bewoners willen meer invloed op "
        "de plannen en minder formulieren invullen. Het team wil daarvan leren.")
RAW = ["Sanne Kok", "Wouter", "Hazeleger", "Amrani", "Gerrit Mulder"]


def write_corpus(root: Path) -> Path:
    """'dossiers Wouter Hazeleger/' with a note named after a person, a subfolder named after one, a poll
    whose file name makes a harmless guess ('Mentimeter') and a CSV that is skipped (its columns are names)."""
    folder = root / "dossiers Wouter Hazeleger"
    (folder / "Mohammed el Amrani").mkdir(parents=True)
    (folder / "2025-07-08-intervisie.txt").write_text(NOTE, encoding="utf-8")
    (folder / "gesprek Sanne Kok.txt").write_text(TALK, encoding="utf-8")
    (folder / "Mohammed el Amrani" / "notitie.txt").write_text(NOTE.replace("intervisie", "bijeenkomst"),
                                                                encoding="utf-8")
    workbook = openpyxl.Workbook()
    workbook.active.append(["respondent", "antwoord"])
    for n, answer in enumerate(["Samen leren", "samen leren", "Elkaar ontmoeten", "Vertrouwen"], start=1):
        workbook.active.append([f"R{n}", answer])
    workbook.save(folder / "Poll Mentimeter.xlsx")
    (folder / "aanwezig.csv").write_text("Gerrit Mulder;Fatima Bouzid\nja;nee\n", encoding="utf-8")
    return folder


def published_files(run_dir: Path) -> list[Path]:
    return [p for p in run_dir.rglob("*") if p.is_file() and p.name != privacy.FINDINGS_FILE]


def raw_names_in(paths: list[Path]) -> list[str]:
    """Every published file (text, the XML inside xlsx/qdpx, parquet text columns) read back for the raw names."""
    hits = []
    for path in paths:
        for where, text in privacy.published_texts(path):
            hits += [f"{where}: {name}" for name in RAW if name.lower() in text.lower()]
    return hits


@pytest.fixture(scope="module")
def named_run(prefect_harness, tmp_path_factory) -> dict:
    from flows.analyse import analyse_corpus

    root = tmp_path_factory.mktemp("namen")
    folder = write_corpus(root)
    return analyse_corpus(str(folder), outputs_dir=str(root / "uit")) | {"outputs": root / "uit", "folder": folder}


def test_names_in_file_and_folder_names_reach_no_published_file(named_run):
    run = Path(named_run["run"])
    # runs are filed under the corpus folder's own name on the researcher's machine; what is shared is the run
    assert run.parent.name == "dossiers-wouter-hazeleger"
    assert not [p for p in run.rglob("*") if any(n.lower() in p.name.lower() for n in RAW)]
    assert raw_names_in(published_files(run)) == []
    assert raw_names_in(list((named_run["outputs"] / ".cache" / "stages").rglob("*.*"))) == []


def test_the_coded_names_are_consistent_keys_and_the_harmless_guess_does_not_fail_the_run(named_run):
    run = Path(named_run["run"])
    sources = set(pd.read_csv(run / "inputs.csv")["source"])
    assert {"2025-07-08-intervisie.txt", "aanwezig.csv"} <= sources  # names without a person stay as they are
    talk = next(s for s in sources if s.startswith("gesprek "))
    assert talk.startswith("gesprek [PERSOON-") and any(s.startswith("[PERSOON-") and s.endswith("/notitie.txt")
                                                       for s in sources)
    assert "Poll Mentimeter.xlsx" in sources  # a poll tool is no name (privacy_name_lookup.NOT_NAMES)
    documents = pd.read_parquet(run / "documents.parquet")
    assert set(documents["source"]) <= sources
    review = pd.read_csv(run / "export" / "review.csv")
    assert talk in set(review["bron"])
    manifest = json.loads((run / runs.MANIFEST).read_text(encoding="utf-8"))
    assert Path(manifest["corpus"]).name.startswith("dossiers [PERSOON-")
    assert {row["source"] for row in manifest["inputs"]} == sources
    report = (run / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Themarapport: dossiers [PERSOON-")


def test_serve_finds_the_run_of_a_folder_with_coded_names_and_sees_no_change(named_run):
    from pipeline import watch

    folder, outputs = named_run["folder"], named_run["outputs"]
    run = watch.latest_run_of_folder(outputs, folder, stages.corpus_name_of(folder))
    assert run == Path(named_run["run"])
    assert not watch.folder_changes(folder, run).any  # 'gesprek [PERSOON-n].txt' is matched by its content
    (folder / "gesprek Sanne Kok.txt").write_text("Een nieuwe versie van het gesprek.", encoding="utf-8")
    assert watch.folder_changes(folder, run).added == ("gesprek Sanne Kok.txt",)


def test_the_console_line_of_skipped_files_quotes_their_columns_coded(tmp_path, caplog):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    with caplog.at_level(logging.WARNING, logger="pipeline.ingest"):
        stages.run_ingest(write_corpus(tmp_path), run_dir, settings=load_settings())
    console = "\n".join(r.getMessage() for r in caplog.records if "overgeslagen" in r.getMessage())
    assert "aanwezig.csv" in console and "kolommen: [PERSOON-" in console
    assert not any(name in console for name in [*RAW, "Fatima Bouzid"])


def test_respondent_codes_are_numbered_not_hashes_of_the_name():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["Samen leren.", "Elkaar zien.", "Meer tijd."],
                              "respondent": ["Petra Jansen", "Karim Bouali", "Petra Jansen"]})
    coded = privacy.pseudonymise_documents(documents).documents["respondent"].tolist()
    assert coded == ["respondent-1", "respondent-2", "respondent-1"]
    assert hashlib.sha256(b"Petra Jansen").hexdigest()[:8] not in "".join(coded)


@pytest.mark.parametrize("mode", ["rapporteren", "uit"])
def test_a_run_that_publishes_personal_data_says_so(mode):
    warning = stages.privacy_warning(load_settings(overrides={"privacy": {"mode": mode}}))
    assert "NIET vervangen" in warning and mode in warning
    assert stages.privacy_warning(load_settings()) is None


def framework_naming(tmp_path: Path, name: str) -> Path:
    """The project's framework, named after a person (published as it is: report header, codebook)."""
    source = PROJECT_ROOT / "corpora" / "kader" / "transformatieleren.yaml"
    text = source.read_text(encoding="utf-8").replace("../evaluatie/", f"{source.parent.parent / 'evaluatie'}/")
    path = tmp_path / "kader.yaml"
    path.write_text(text.replace("naam: Transformatieleren in sociale wijkteams", f"naam: Kader van {name}"),
                    encoding="utf-8")
    return path


def test_a_stopped_run_says_where_and_leaves_the_leak_nowhere(prefect_harness, tmp_path):
    from flows.analyse import analyse_corpus

    outputs = tmp_path / "uit"
    with pytest.raises(privacy.PrivacyLeakError) as stopped:
        analyse_corpus(str(write_corpus(tmp_path)), outputs_dir=str(outputs),
                       framework_path=str(framework_naming(tmp_path, "Sanne Kok")))
    message = str(stopped.value)
    assert "report.md: een naam uit een bestandsnaam" in message
    assert "themes.parquet (kolom framework_version): een naam uit een bestandsnaam" in message
    assert "Sanne" not in message and "Kok" not in message and ".tmp-" not in message
    assert not list(outputs.rglob("report.md")) and not list(outputs.rglob("themes.parquet"))  # nor in a memo
    assert raw_names_in([p for p in outputs.rglob("*") if p.is_file()]) == []


def test_the_command_line_is_coded_on_its_own_and_does_not_number_the_files(monkeypatch):
    """How a command was typed (a --correcties file named after someone) must not renumber the files' codes:
    the manifest's argv is coded apart, without numbers, except for paths the run itself coded."""
    names = {"/data/dossiers Wouter Hazeleger": "/data/dossiers [PERSOON-3]"}
    argv = ["analyse", "/data/dossiers Wouter Hazeleger", "--correcties", "correcties Anouk de Boer.csv", "--stil"]
    assert stages.published_argv(argv, names) == [
        "analyse", "/data/dossiers [PERSOON-3]", "--correcties", "correcties [PERSOON].csv", "--stil"]
    monkeypatch.setattr(sys, "argv", ["ontmoeting", *argv])
    assert not any("Anouk" in name for name in stages.published_names(Path("/data"), "proef"))
