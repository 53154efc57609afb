"""The wordles of a real analyse run of the sample corpus: general Dutch words leave the notes wordle with a
reason the reader can see, and never the answers wordle."""

from pathlib import Path

import pandas as pd

from pipeline.wordle_counts import REASON_GENERAL


def wordle_folder(sample_run, name: str):
    (folder,) = {Path(path).parent for path in sample_run["wordles"] if Path(path).parent.name == name}
    return folder


def test_general_words_leave_the_notes_wordle_with_their_reason(sample_run):
    folder = wordle_folder(sample_run, "notities")
    counts = pd.read_csv(folder / "counts.csv", keep_default_na=False)
    general = counts[counts["reason"] == REASON_GENERAL]
    assert len(general) >= 3 and not general["kept"].astype(str).eq("True").any()
    alt = (folder / "alt.txt").read_text(encoding="utf-8")
    assert "niet duidelijk vaker gebruiken dan in gewoon Nederlands" in alt
    assert f"‘{general.sort_values('occurrences', ascending=False, kind='stable')['term'].iloc[0]}’" in alt
    kept = set(counts.loc[counts["kept"].astype(str) == "True", "term"])
    assert {"wijkteam", "wijkteammedewerker"} <= kept  # domain words stay


def test_the_answers_wordle_keeps_general_words(sample_run):
    counts = pd.read_csv(wordle_folder(sample_run, "antwoorden-transformatie") / "counts.csv", keep_default_na=False)
    assert REASON_GENERAL not in set(counts["reason"])
    assert "Algemene woorden" not in (wordle_folder(sample_run, "antwoorden-transformatie") / "alt.txt").read_text(
        encoding="utf-8")
