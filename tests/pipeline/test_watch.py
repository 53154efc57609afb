"""The 'anything new in the folder?' check, against manifests written from a real ingest."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pipeline import runs, watch
from pipeline.ingest import ingest_corpus

NOTES = {
    "2025-01-16-leerkring-noord.md": "In de leerkring spraken we over de wachtlijst bij schuldhulp en het eigen netwerk.",
    "2025-02-20-intervisie.txt": "De casus van mevrouw Bakker liet zien hoe weinig we van elkaars werk weten.",
    "corpus.yaml": "naam: kring\n",
}


def write_folder(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def finished_run(folder: Path, outputs: Path, settings) -> Path:
    """A run folder whose manifest lists the inputs exactly as the analyse flow writes them."""
    result = ingest_corpus(folder, settings=settings.ingest)
    tmp = runs.start_run(outputs, result.corpus_name)
    runs.write_manifest(tmp, corpus=str(folder.resolve()), inputs=result.inputs.to_dict("records"),
                        settings=settings.to_dict(), framework={"name": "kader", "version": "1.0"})
    return runs.finish_run(tmp)


@pytest.fixture
def folder(tmp_path):
    folder = write_folder(tmp_path / "kring", NOTES)
    for path in folder.iterdir():  # written well before the run, as notes are
        age(path, 3600)
    return folder


def age(path: Path, seconds: float) -> None:
    stamp = (dt.datetime.now() - dt.timedelta(seconds=seconds)).timestamp()
    os.utime(path, (stamp, stamp))


def test_without_a_previous_run_everything_is_new(folder):
    changes = watch.folder_changes(folder, None)
    assert changes.any and changes.previous_run is None
    assert set(changes.added) == set(NOTES)
    assert "Nog geen eerdere run" in changes.describe()


def test_a_folder_just_analysed_has_no_changes(folder, tmp_path, settings):
    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    changes = watch.folder_changes(folder, run_dir)
    assert not changes.any, changes
    assert changes.describe() == "Geen nieuwe of gewijzigde bestanden sinds de vorige run."


def test_new_changed_and_removed_notes_are_reported(folder, tmp_path, settings):
    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    write_folder(folder / "2025", {"maart.md": "Nieuwe notitie over de toegang tot het wijkteam."})
    (folder / "2025-01-16-leerkring-noord.md").write_text("De leerkring ging over vertrouwen.", encoding="utf-8")
    (folder / "2025-02-20-intervisie.txt").unlink()
    changes = watch.folder_changes(folder, run_dir)
    assert changes.any
    assert changes.added == ("2025/maart.md",)
    assert changes.changed == ("2025-01-16-leerkring-noord.md",)
    assert changes.removed == ("2025-02-20-intervisie.txt",)
    assert "nieuw: 2025/maart.md" in changes.describe() and "verwijderd:" in changes.describe()


def test_touching_a_file_without_changing_it_is_not_a_change(folder, tmp_path, settings):
    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    (folder / "2025-02-20-intervisie.txt").touch()
    assert not watch.folder_changes(folder, run_dir).any


def test_files_without_a_hash_in_the_manifest_are_compared_by_modification_time(folder, tmp_path, settings):
    # corpus.yaml is skipped before hashing, like empty files and unsupported types
    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    assert not watch.folder_changes(folder, run_dir).any
    (folder / "corpus.yaml").write_text("naam: kring\nbeschrijving: nieuwe metadata\n", encoding="utf-8")
    assert watch.folder_changes(folder, run_dir).changed == ("corpus.yaml",)


def test_hidden_files_do_not_count(folder, tmp_path, settings):
    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    write_folder(folder, {".~lock.notitie.docx#": "slot", ".DS_Store": "x"})
    assert not watch.folder_changes(folder, run_dir).any


def test_a_file_still_being_written_is_settling(folder, tmp_path, settings):
    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    new = folder / "2025-04-10-werkgroep.md"
    new.write_text("Half gekopieerde notitie over", encoding="utf-8")
    assert watch.folder_changes(folder, run_dir, settle_seconds=30).settling == (new.name,)
    age(new, 60)
    assert watch.folder_changes(folder, run_dir, settle_seconds=30).settling == ()


def test_latest_run_of_folder_ignores_runs_of_another_folder_with_the_same_name(folder, tmp_path, settings):
    outputs = tmp_path / "outputs"
    own = finished_run(folder, outputs, settings)
    other = write_folder(tmp_path / "kopie", NOTES)
    for path in other.iterdir():
        age(path, 3600)
    finished_run(other, outputs, settings)
    assert watch.latest_run_of_folder(outputs, folder, "kring") == own
    assert watch.latest_run_of_folder(outputs, tmp_path / "elders", "kring") is None
    assert watch.latest_run_of_folder(tmp_path / "leeg", folder, "kring") is None


def test_changed_settings_or_framework_make_a_run_outdated(folder, tmp_path, settings):
    from pipeline.config import load_settings

    run_dir = finished_run(folder, tmp_path / "outputs", settings)
    assert watch.outdated_reasons(run_dir, settings=settings.to_dict(), framework_version="1.0") == []
    stricter = load_settings(overrides={"themes": {"threshold": 0.5}})
    assert watch.outdated_reasons(run_dir, settings=stricter.to_dict()) == ["de instellingen zijn gewijzigd"]
    assert "kader" in watch.outdated_reasons(run_dir, settings=settings.to_dict(), framework_version="2.0")[0]


def test_analysis_needed_decides_in_dutch(folder, tmp_path, settings):
    outputs = tmp_path / "outputs"
    decide = dict(corpus_name="kring", settings=settings.to_dict(), framework_version="1.0", settle_seconds=30)
    first = watch.analysis_needed(folder, outputs, **decide)
    assert first.analyse and first.reason == "Nog geen eerdere run van deze map."
    finished_run(folder, outputs, settings)
    assert not watch.analysis_needed(folder, outputs, **decide).analyse
    new = folder / "2025-04-10-werkgroep.md"
    new.write_text("De werkgroep sprak over de rol van de wijkverpleging.", encoding="utf-8")
    waiting = watch.analysis_needed(folder, outputs, **decide)
    assert not waiting.analyse and waiting.reason.startswith("Wacht tot")
    age(new, 60)
    assert watch.analysis_needed(folder, outputs, **decide).analyse
    new.unlink()
    assert watch.analysis_needed(folder, outputs, **decide | {"framework_version": "2.0"}).reason.startswith(
        "Opnieuw analyseren: het kader")


def coded_run(folder: Path, outputs: Path, settings, *, coded: dict[str, str]) -> Path:
    """A finished run whose manifest publishes the folder and some file names coded, as an analyse run does
    when they hold a person's name (`coded`: real name -> published name)."""
    result = ingest_corpus(folder, settings=settings.ingest)
    inputs = result.inputs.assign(source=result.inputs["source"].map(lambda s: coded.get(s, s)))
    tmp = runs.start_run(outputs, result.corpus_name)
    runs.write_manifest(tmp, corpus="/data/dossiers [PERSOON-1]", corpus_key=runs.folder_key(folder),
                        inputs=inputs.to_dict("records"), settings=settings.to_dict(),
                        framework={"name": "kader", "version": "1.0"})
    return runs.finish_run(tmp)


def test_serve_finds_a_run_whose_folder_and_files_are_published_coded(tmp_path, settings):
    # two copies with the same content, both with a name: each must keep its own row, or every round of
    # serve would see one as new and the other as removed
    text = "Tijdens de intervisie bespraken we hoe we bewoners eerder betrekken bij plannen in de wijk."
    folder = write_folder(tmp_path / "dossiers Sanne Kok", {"gesprek Sanne Kok.txt": text,
                                                             "Kopie van gesprek Sanne Kok.txt": text})
    for path in folder.iterdir():
        age(path, 3600)
    outputs = tmp_path / "outputs"
    run = coded_run(folder, outputs, settings, coded={"gesprek Sanne Kok.txt": "gesprek [PERSOON-1].txt",
                                                      "Kopie van gesprek Sanne Kok.txt": "Kopie van gesprek [PERSOON-1].txt"})
    assert watch.latest_run_of_folder(outputs, folder, "dossiers Sanne Kok") == run
    assert not watch.folder_changes(folder, run).any
    assert watch.latest_run_of_folder(outputs, tmp_path / "dossiers Petra Jansen", "dossiers Sanne Kok") is None


def test_the_logged_reason_codes_a_name_in_a_file_name_and_a_quiet_round_stays_as_it_is(tmp_path):
    """serve's log lines are kept in Prefect's database: a new file named after someone is logged coded."""
    changes = watch.FolderChanges(previous_run=tmp_path, added=("gesprek Sanne Kok.txt",))
    decision = watch.Decision(True, changes.describe(), changes)
    logged = watch.published_reason(decision)
    assert "Sanne" not in logged and "Kok" not in logged and "[PERSOON]" in logged
    quiet = watch.Decision(False, "Geen wijzigingen sinds de vorige run.", watch.FolderChanges(previous_run=tmp_path))
    assert watch.published_reason(quiet) == quiet.reason
