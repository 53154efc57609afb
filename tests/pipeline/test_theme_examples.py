"""The learned part of the theme engine: labelled paragraphs, the classifier and its evidence words."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from pipeline.config import ConfigError
from pipeline.theme_examples import (NO_THEME, ExampleClassifier, example_keys, example_rows_from_frame,
                                     fit_example_classifier, read_example_rows, read_labelled_paragraphs)

PARAGRAPHS = [
    ("Het wijkteam zit elke week in het buurthuis, zodat bewoners zonder afspraak binnenlopen.", "L2"),
    ("In het buurthuis kennen de bewoners de wijkcoach; ze lopen gewoon binnen met een vraag.", "L2"),
    ("De wijkcoach drinkt koffie in het buurthuis en hoort zo wat er onder bewoners speelt.", "L2"),
    ("De spanning tussen de teamleider en de uitvoering hebben we besproken in plaats van weggestopt.", "P4"),
    ("Er was frictie in het team; door de spanning te bespreken leerden we van het conflict.", "P4"),
    ("Het conflict over de wachtlijst gaf spanning, en juist die spanning leverde een gesprek op.", "P4"),
    ("De vergadering begint om negen uur; de agenda en de notulen volgen per mail.", ""),
    ("Neem voor de vergadering de agenda mee; de koffie staat om negen uur klaar.", ""),
    ("De notulen van de vergadering worden na afloop per mail rondgestuurd.", ""),
]


def write_csv(path, rows):
    pd.DataFrame({"text": [text for text, _ in rows], "themes": [theme for _, theme in rows]}).to_csv(path, index=False)
    return path


def labelled_rows():
    return example_rows_from_frame(pd.DataFrame({"text": [t for t, _ in PARAGRAPHS], "themes": [l for _, l in PARAGRAPHS]}))


def fitted():
    rows = labelled_rows()
    return ExampleClassifier(C=2.0).fit([list(keys) for _, keys, _ in rows], [label for _, _, label in rows])


def test_the_classifier_learns_which_words_go_with_a_theme_and_with_no_theme():
    classifier = fitted()
    assert classifier.classes_ == [NO_THEME, "L2", "P4"]
    new = [example_keys(["de", "bewoner", "lopen", "het", "buurthuis", "binnen"]),
           example_keys(["de", "agenda", "van", "de", "vergadering", "volgen"])]
    themes, none, known = classifier.probabilities([*new, ["onbekend"]], ["L2", "P4", "L9"])
    assert themes[0].argmax() == 0 and themes[0, 0] > none[0]
    assert none[1] > themes[1].max()
    assert themes[:2, 2].tolist() == [0.0, 0.0]  # a theme without examples gets nothing
    assert known.tolist() == [True, True, False]
    words = classifier.top_words(new, ["L2", None])
    assert "buurthuis" in words[0] and words[1] == []
    assert "buurthuis" not in classifier.top_words(new[:1], ["P4"])[0]


def test_training_needs_two_labels_and_leaves_out_excluded_texts():
    rows = labelled_rows()
    assert fit_example_classifier(rows[:3], C=2.0) is None
    assert fit_example_classifier(rows, C=2.0).classes_ == [NO_THEME, "L2", "P4"]
    without_p4 = fit_example_classifier(rows, C=2.0, exclude_texts=[text for text, label in PARAGRAPHS if label == "P4"])
    assert without_p4.classes_ == [NO_THEME, "L2"]
    # two classes: scikit-learn keeps one weight row, the evidence words still point the right way
    assert "buurthuis" in without_p4.top_words([rows[0][1]], ["L2"])[0]
    assert "buurthuis" not in without_p4.top_words([rows[0][1]], [NO_THEME])[0]


def test_labelled_files_are_read_and_reread_when_they_change(tmp_path):
    path = write_csv(tmp_path / "eigen.csv", PARAGRAPHS[:4])
    rows = read_example_rows([path])
    assert [label for _, _, label in rows] == ["L2", "L2", "L2", "P4"]
    assert "buurthuis" in rows[0][1]
    stat = path.stat()
    write_csv(path, PARAGRAPHS[6:])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same time stamp: the content decides
    assert [label for _, _, label in read_example_rows([path])] == [NO_THEME] * 3


def test_a_labelled_file_with_ids_outside_the_framework_is_a_dutch_config_error(tmp_path):
    path = write_csv(tmp_path / "eigen.csv", [("Het wijkteam zit in het buurthuis.", "l2")])
    with pytest.raises(ConfigError, match="eigen.csv gebruiken thema-ids die niet in het kader staan: l2"):
        read_example_rows([path], theme_ids=["L2", "P4"])


@pytest.mark.parametrize("content, message", [
    ("tekst,thema\nIets,L1\n", "mist de kolom"),
    ("text,themes\n\"kapot,L1\n", "geen leesbaar CSV"),
])
def test_a_bad_labelled_file_gives_a_dutch_config_error(tmp_path, content, message):
    path = tmp_path / "slecht.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_labelled_paragraphs(path)
    with pytest.raises(ConfigError, match="niet gevonden"):
        read_labelled_paragraphs(tmp_path / "nergens.csv")


def test_two_corrections_without_shared_words_still_train_a_classifier():
    rows = [("Het team zat samen bij de koffie.", ("team", "koffie"), "L1"),
            ("De wijkagent kent elke straat.", ("wijkagent", "straat"), "L2")]
    classifier = fit_example_classifier(rows, C=2.0)
    themes, none, known = classifier.probabilities([["koffie"], ["straat"]], ["L1", "L2"])
    assert themes[0].argmax() == 0 and themes[1].argmax() == 1 and known.all()
    assert fit_example_classifier([("", (), "L1"), ("", (), "L2")], C=2.0) is None
