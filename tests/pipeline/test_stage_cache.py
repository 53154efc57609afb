"""Stage memos: a stage with the same inputs, settings and code is restored; anything changed recomputes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline import runs, stage_cache
from pipeline.stage_cache import StageMemo


def make_run(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"seg_id": ["s1"], "text": [text]}).to_parquet(folder / "segments.parquet", index=False)
    return folder


def compute(run_dir: Path, memo: StageMemo, calls: list) -> int:
    """A stage as stages.py writes one: restore, or compute, write and store."""
    if (result := memo.restore(run_dir)) is not None:
        return result
    calls.append(run_dir)
    text = pd.read_parquet(run_dir / "segments.parquet")["text"].iloc[0]
    (run_dir / "out").mkdir(exist_ok=True)
    (run_dir / "out" / "words.txt").write_text(text.upper(), encoding="utf-8")
    memo.store(run_dir, ["out"], len(text.split()))
    return len(text.split())


def test_same_inputs_restore_files_and_result(tmp_path):
    calls = []
    first = make_run(tmp_path / "run1", "We gingen samen de wijk in.")
    second = make_run(tmp_path / "run2", "We gingen samen de wijk in.")
    memo = lambda run: StageMemo(tmp_path / "cache", "woorden", inputs=[run / "segments.parquet"],  # noqa: E731
                                 config={"drempel": 0.4})
    assert compute(first, memo(first), calls) == 6
    assert compute(second, memo(second), calls) == 6
    assert calls == [first]
    assert (second / "out" / "words.txt").read_text(encoding="utf-8") == "WE GINGEN SAMEN DE WIJK IN."


def test_changed_input_or_config_recomputes(tmp_path):
    calls = []
    first = make_run(tmp_path / "run1", "De huisarts schoof aan bij het overleg.")
    compute(first, StageMemo(tmp_path / "cache", "woorden", inputs=[first / "segments.parquet"], config=1), calls)
    other_text = make_run(tmp_path / "run2", "De huisarts schoof niet aan.")
    compute(other_text, StageMemo(tmp_path / "cache", "woorden", inputs=[other_text / "segments.parquet"],
                                  config=1), calls)
    same_text = make_run(tmp_path / "run3", "De huisarts schoof aan bij het overleg.")
    compute(same_text, StageMemo(tmp_path / "cache", "woorden", inputs=[same_text / "segments.parquet"],
                                 config=2), calls)
    assert calls == [first, other_text, same_text]


def test_editing_a_restored_file_leaves_the_memo_intact(tmp_path):
    calls = []
    runs = [make_run(tmp_path / f"run{i}", "Het team koos een eigen koers.") for i in range(3)]
    for run in runs[:2]:
        compute(run, StageMemo(tmp_path / "cache", "woorden", inputs=[run / "segments.parquet"], config=0), calls)
    (runs[1] / "out" / "words.txt").write_text("aangepast door een onderzoeker", encoding="utf-8")
    compute(runs[2], StageMemo(tmp_path / "cache", "woorden", inputs=[runs[2] / "segments.parquet"], config=0), calls)
    assert (runs[2] / "out" / "words.txt").read_text(encoding="utf-8") == "HET TEAM KOOS EEN EIGEN KOERS."


def test_without_cache_dir_nothing_is_kept(tmp_path):
    calls = []
    run = make_run(tmp_path / "run", "Ontmoeting kost tijd.")
    for _ in range(2):
        compute(run, StageMemo(None, "woorden", inputs=[run / "segments.parquet"], config=0), calls)
    assert calls == [run, run]


def test_memos_and_text_facts_of_older_code_are_removed(tmp_path):
    from pipeline.text_cache import TextCache

    old_memo = tmp_path / "cache" / "stages" / "0123456789abcdef" / "woorden-oud"
    old_memo.mkdir(parents=True)
    old_texts = tmp_path / "cache" / "texts" / "0123456789abcdef.sqlite"
    old_texts.parent.mkdir(parents=True)
    old_texts.write_bytes(b"")
    run = make_run(tmp_path / "run", "De buurtcoach kent de sleutelfiguren.")
    compute(run, StageMemo(tmp_path / "cache", "woorden", inputs=[run / "segments.parquet"], config=0), [])
    TextCache(tmp_path / "cache").map("woorden", ["Een nieuwe notitie."], lambda text: len(text.split()))
    assert not old_memo.exists() and not old_texts.exists()
    assert [p.name for p in (tmp_path / "cache" / "stages").iterdir()] == [runs.code_fingerprint()]
    assert [p.name for p in (tmp_path / "cache" / "texts").iterdir()] == [f"{runs.code_fingerprint()}.sqlite"]


def test_editing_a_labelled_paragraph_file_changes_the_theme_memo_key(tmp_path):
    from pipeline.config import load_settings
    from pipeline.stages import framework_config

    (tmp_path / "eigen.csv").write_text("text,themes\nWe ontmoetten collega's uit de regio.,A\n", encoding="utf-8")
    (tmp_path / "kader.yaml").write_text(
        'naam: Eigen\nversie: "1"\nvoorbeeldalineas: [eigen.csv]\nthemas:\n  - id: A\n    label: Ontmoeting\n'
        '    termen: [ontmoeting]\n', encoding="utf-8")
    settings = load_settings(overrides={"themes": {"framework": str(tmp_path / "kader.yaml")}})
    before = framework_config(settings)
    (tmp_path / "eigen.csv").write_text("text,themes\nDe vergadering is verplaatst.,\n", encoding="utf-8")
    after = framework_config(settings)
    assert before["framework"] == after["framework"] and before["examples"] != after["examples"]
