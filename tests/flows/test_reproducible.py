"""Same input + same settings = same output: two real flow runs give byte-identical tables and wordles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTES = {
    "intervisie.md": "---\nbijeenkomst: Intervisie\ndatum: 2025-01-20\n---\n"
                     "In de intervisie bespraken we een casus van een gezin met schulden. De huisarts en het "
                     "wijkteam werkten voor het eerst samen aan tafel. We leerden dat ontmoeting tijd kost.",
    "werkgroep.txt": "De werkgroep wil meer ruimte voor de professional. Protocollen knellen soms. "
                     "Samen zoeken we naar maatwerk in de wijk, dichtbij de bewoners.",
}
ANSWERS = ("respondent;antwoord\nR1;Samen leren\nR2;samen leren!\nR3;Loslaten\nR4;loslaten\nR5;Vertrouwen\n"
           "R6;vertrouwen\nR7;Samenwerking\nR8;samenwerking\nR9;Ruimte\nR10;ruimte!\n")


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("klein-corpus")
    for name, text in NOTES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "antwoorden.csv").write_text(ANSWERS, encoding="utf-8")
    return folder


def published_hashes(run: Path) -> dict[str, str]:
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    # The report and exports carry the date they were made; everything they show comes from these files.
    return {path: digest for path, digest in manifest["outputs"]["files"].items()
            if not path.startswith(("report.", "export/"))}


def test_two_runs_give_identical_outputs(prefect_harness, tiny_corpus, tmp_path):
    from flows.analyse import analyse_corpus

    first = analyse_corpus(str(tiny_corpus), outputs_dir=str(tmp_path / "a"))
    second = analyse_corpus(str(tiny_corpus), outputs_dir=str(tmp_path / "b"))
    first_hashes, second_hashes = published_hashes(Path(first["run"])), published_hashes(Path(second["run"]))
    assert any(path.endswith("wordle.png") for path in first_hashes)
    assert "themes.parquet" in first_hashes and "tokens.parquet" in first_hashes
    assert "tables/tabellen.xlsx" in first_hashes  # written in every run, the same bytes for the same tables
    assert first_hashes == second_hashes


def test_unchanged_rerun_reuses_every_stage_and_gives_the_same_outputs(prefect_harness, tiny_corpus, tmp_path,
                                                                       monkeypatch):
    from flows.analyse import analyse_corpus
    from pipeline import clustering, exports, privacy, themes, wordles

    first = analyse_corpus(str(tiny_corpus), outputs_dir=str(tmp_path))
    (code_dir,) = (tmp_path / ".cache" / "stages").iterdir()  # one folder: this version of the code
    memos = sorted(p.name.split("-")[0] for p in code_dir.iterdir())
    assert memos == ["clusters", "exports", "themes", "wordles"]

    def must_not_run(*args, **kwargs):
        raise AssertionError("an unchanged rerun must not recompute this stage")

    for module, name in [(themes, "assign_themes"), (clustering, "cluster_segments"), (wordles, "write_wordles"),
                         (exports, "write_exports"), (privacy, "find_spans")]:
        monkeypatch.setattr(module, name, must_not_run)
    second = analyse_corpus(str(tiny_corpus), outputs_dir=str(tmp_path))
    assert second["run"] != first["run"]
    assert published_hashes(Path(second["run"])) == published_hashes(Path(first["run"]))
    for name in ("export/review.xlsx", "export/project.qdpx"):
        assert (Path(second["run"]) / name).read_bytes() == (Path(first["run"]) / name).read_bytes()
    assert [Path(p).is_file() for p in second["wordles"]] == [True] * len(first["wordles"])
