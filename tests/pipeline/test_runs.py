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


def test_the_manifest_records_the_content_of_the_word_lists(tmp_path):
    # the lists change between runs while their paths stay the same: only a hash shows which version was used
    from pipeline.config import load_settings
    from pipeline.runs import file_sha256

    merges = tmp_path / "samenvoegingen.csv"
    merges.write_text("variant,term\nveranderring,verandering\n", encoding="utf-8")
    mine = tmp_path / "mijn.yaml"
    mine.write_text("wordle:\n  merges: samenvoegingen.csv\n", encoding="utf-8")
    settings = load_settings(mine)
    manifest = json.loads(write_manifest(tmp_path, settings=settings.to_dict()).read_text(encoding="utf-8"))
    lists = manifest["word_lists"]
    assert lists["merges"] == {"file": str(merges), "sha256": file_sha256(merges)}
    assert lists["stopwords"]["file"].endswith("corpora/lijsten/stopwoorden.txt")
    assert len(lists["stopwords"]["sha256"]) == 64


def test_the_manifest_tells_two_versions_of_the_code_apart(tmp_path):
    # the package version stays 0.1.0 while the code changes: the fingerprint of the code files shows it
    from pipeline.runs import code_fingerprint, folders_fingerprint

    (tmp_path / "pipeline" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pipeline" / "templates").mkdir()
    module, template = tmp_path / "pipeline" / "themes.py", tmp_path / "pipeline" / "templates" / "report.md"
    module.write_text("THRESHOLD = 0.4\n", encoding="utf-8")
    before = folders_fingerprint(tmp_path, folders=("pipeline",))
    (tmp_path / "pipeline" / "__pycache__" / "themes.pyc").write_bytes(b"\x00cache")
    assert folders_fingerprint(tmp_path, folders=("pipeline",)) == before  # caches are no code
    module.write_text("THRESHOLD = 0.5\n", encoding="utf-8")
    changed = folders_fingerprint(tmp_path, folders=("pipeline",))
    template.write_text("# Themarapport\n", encoding="utf-8")  # a template shapes the report as much as code
    assert len({before, changed, folders_fingerprint(tmp_path, folders=("pipeline",))}) == 3
    manifest = json.loads(write_manifest(tmp_path).read_text(encoding="utf-8"))
    assert manifest["versions"]["ontmoeting-code"] == code_fingerprint() and len(code_fingerprint()) == 16


def test_a_folder_with_wordles_is_refused_unless_overwriting(tmp_path):
    from pipeline.config import ConfigError
    from pipeline.runs import check_output_folder, list_outputs

    check_output_folder(tmp_path / "nieuw", overwrite=False)  # a new or empty folder is fine
    figure = tmp_path / "antwoorden-oud" / "wordle.png"
    figure.parent.mkdir()
    figure.write_bytes(b"png van seed 42")
    (tmp_path / "overzicht.csv").write_text("name\nantwoorden-oud\n", encoding="utf-8")
    mine = tmp_path / "notitie.txt"  # not made by the wordle: stays
    mine.write_text("eigen aantekening", encoding="utf-8")
    with pytest.raises(ConfigError, match="bevat al wordles \\(zonder manifest\\).*--overschrijven"):
        check_output_folder(tmp_path, overwrite=False)
    mine.unlink()
    write_manifest(tmp_path, seed=42, outputs=list_outputs(tmp_path))
    mine.write_text("eigen aantekening", encoding="utf-8")
    with pytest.raises(ConfigError, match="seed 42\\). Kies een andere map met --uit"):
        check_output_folder(tmp_path, overwrite=False)
    check_output_folder(tmp_path, overwrite=True)
    assert not figure.exists() and not (tmp_path / "manifest.json").exists() and mine.exists()


def finished_run(folder):
    """A run folder as analyse leaves it: a manifest without "soort", wordles under wordles/."""
    (folder / "wordles" / "antwoorden").mkdir(parents=True)
    (folder / "wordles" / "antwoorden" / "wordle.png").write_bytes(b"png")
    (folder / "wordles" / "overzicht.csv").write_text("name\nantwoorden\n", encoding="utf-8")
    write_manifest(folder, corpus="corpora/conferentie", outputs={"report_html": "report.html"})
    return folder


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_run_folder_is_refused_and_never_modified(tmp_path, overwrite):
    from pipeline.config import ConfigError
    from pipeline.runs import check_output_folder

    run = finished_run(tmp_path)
    before = sorted(p.relative_to(run) for p in run.rglob("*"))
    with pytest.raises(ConfigError, match="is een analyse-run.*verandert een run nooit"):
        check_output_folder(run, overwrite=overwrite)
    with pytest.raises(ConfigError, match="hoort bij een analyse-run"):
        check_output_folder(run / "wordles", overwrite=overwrite)
    assert sorted(p.relative_to(run) for p in run.rglob("*")) == before


def test_a_damaged_manifest_is_a_dutch_error(tmp_path):
    from pipeline.config import ConfigError
    from pipeline.runs import check_output_folder

    (tmp_path / "manifest.json").write_text('{"seed": 42, "outp', encoding="utf-8")
    with pytest.raises(ConfigError, match="manifest.json is beschadigd"):
        check_output_folder(tmp_path, overwrite=True)
    assert (tmp_path / "manifest.json").exists()


def test_overwriting_removes_the_wordle_folders_the_overview_names_and_nothing_else(tmp_path):
    from pipeline.runs import check_output_folder, write_wordle_manifest

    for name in ("antwoorden-oud", "antwoorden-per-bijeenkomst"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "wordle.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "foto's").mkdir()  # named in a tampered overview, but no wordle: stays
    (tmp_path / "foto's" / "zaal.jpg").write_bytes(b"jpg")
    (tmp_path / "overzicht.csv").write_text("name,status\nantwoorden-oud,gemaakt\nantwoorden-per-bijeenkomst,"
                                            "gemaakt\nfoto's,gemaakt\n..,gemaakt\n", encoding="utf-8")
    check_output_folder(tmp_path, overwrite=True)  # no manifest: the overview alone marks the wordles
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foto's", "overzicht.csv"]
    assert (tmp_path / "foto's" / "zaal.jpg").exists()
    settings = {"wordle": {"seed": 7, "stopwords": "corpora/lijsten/stopwoorden.txt",
                           "merges": "corpora/lijsten/samenvoegingen.csv"}}
    write_wordle_manifest(tmp_path, settings=settings, question=None, answer_column=None, inputs=[], publish=str)
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["soort"] == "wordle"
    (tmp_path / "overzicht.csv").unlink()  # a manifest with "soort": "wordle" marks the folder on its own
    with pytest.raises(Exception, match="seed 7"):
        check_output_folder(tmp_path, overwrite=False)
