"""Wordle terms as text: normalised keys, display forms, Dutch inflection variants, the question's key
word and the editable word lists in corpora/lijsten/."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import ConfigError
from pipeline.paths import CORPORA_DIR
from pipeline.wordle_text import (build_stopwords, compact_key, display_form, is_stop_key, key_variants,
                                  normalise_term, question_keyword, read_merges, read_word_list, slugify,
                                  trim_articles, word_bases)

SEED_QUESTION = "‘Waar denkt u aan bij het woord ‘transformatie’?"  # as printed under Figure 3


@pytest.mark.parametrize("surface, key", [
    ("Verandering", "verandering"), ("verandering!", "verandering"), ("VERANDERING ", "verandering"),
    ("Samen leren", "samen leren"), ("samen  leren.", "samen leren"), ("Loslaten!!", "loslaten"),
    ("n.v.t.", "nvt"), ("coördinatie", "coordinatie"), ("ont-moeting", "ontmoeting"), ("één team", "een team"),
    ("van 'zorgen voor' naar 'zorgen dat'", "van zorgen voor naar zorgen dat"), ("samen doen 💪", "samen doen"),
])
def test_normalise_merges_case_accents_punctuation_and_spacing(surface, key):
    assert normalise_term(surface) == key


def test_compact_key_merges_spelling_with_and_without_spaces():
    assert len({compact_key(normalise_term(s)) for s in ["eigen kracht", "eigen-kracht", "Eigenkracht"]}) == 1


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_normalise_is_idempotent_and_gives_plain_words(text):
    key = normalise_term(text)
    assert normalise_term(key) == key
    assert key == key.strip() and "  " not in key
    assert all(c.isalnum() or c == " " for c in key)


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_display_form_is_stable_and_keeps_the_key(text):
    shown = display_form(text)
    assert display_form(shown) == shown
    assert normalise_term(shown) == normalise_term(display_form(text))


@pytest.mark.parametrize("surface, shown", [
    ("Verandering!!!", "verandering"), ("  cliënt centraal ", "cliënt centraal"), ("WOT", "WOT"),
    ("samen doen 💪", "samen doen"), ("(maar niet iedereen)", "maar niet iedereen"),
])
def test_display_form_keeps_accents_and_acronyms_and_drops_emoji(surface, shown):
    assert display_form(surface) == shown


def test_leading_articles_are_trimmed_but_not_een_with_accents():
    assert trim_articles("de burger centraal") == "burger centraal"
    assert trim_articles("één team") == "één team"
    assert trim_articles("de") == "de"


@pytest.mark.parametrize("word, base", [
    ("wijkteams", "wijkteam"), ("veranderingen", "verandering"), ("mogelijkheden", "mogelijkheid"),
    (normalise_term("ideeën"), "idee"), ("bomen", "boom"), ("sociale", "sociaal"), ("kinderen", "kind"),
    ("samenwerken", "samenwerking"), ("huizen", "huis"), ("mannen", "man"), ("nieuwe", "nieuw"),
])
def test_word_bases_know_dutch_plurals_and_inflections(word, base):
    assert base in word_bases(word)


def test_a_doubled_consonant_is_never_lengthened():
    assert "leeg" not in word_bases("leggen")  # leggen (to lay) is not leeg (empty)


def test_key_variants_vary_one_word_of_a_phrase():
    assert "sociale wijkteam" in key_variants("sociale wijkteams")
    assert "sociaal wijkteams" in key_variants("sociale wijkteams")


@pytest.mark.parametrize("question, keyword", [
    ("Waar denkt u aan bij het woord 'transformatie'?", "transformatie"),
    (SEED_QUESTION, "transformatie"),
    ("Waar denkt u aan bij het woord transformatie?", "transformatie"),
    ("Wat betekent “sociaal domein” voor u?", "sociaal domein"),
    ("Wat is zo'n wijkteam voor u?", None),
    ("Hoe was de dag?", None),
    (None, None),
    ("Welk woord past bij samenwerken?", "samenwerken"),  # not the verb 'past'
    ("Noem een woord over de wijkteams", "wijkteams"),
    ("Wat roept het woord transformatie bij u op?", "transformatie"),
    ("Welk woord past?", None),
])
def test_question_keyword_is_the_quoted_word(question, keyword):
    assert question_keyword(question) == keyword


def test_slugify_gives_safe_folder_names():
    assert slugify("Transformatie & Wijkteams!") == "transformatie-wijkteams"
    assert slugify("") == "leeg"


def test_stopwords_combine_spacy_project_list_and_extras():
    stopwords = build_stopwords(project_words=["eigenlijk", "N.v.t."], extra=["Wijkteam"])
    assert {"de", "het", "eigenlijk", "nvt", "wijkteam"} <= stopwords


def test_an_exclamation_mark_takes_a_word_out_of_the_stop_words():
    assert "eigen" in build_stopwords()
    assert "eigen" not in build_stopwords(project_words=["!eigen"])


def test_a_phrase_of_stop_words_is_a_stop_word_but_not_a_phrase_with_content():
    stopwords = build_stopwords(project_words=["geen idee"])
    assert is_stop_key("geen idee", stopwords) and is_stop_key("niet meer", stopwords)
    assert not is_stop_key("eigen kracht", stopwords)


def test_project_stop_list_has_the_words_polls_need():
    words = {normalise_term(w) for w in read_word_list(CORPORA_DIR / "lijsten" / "stopwoorden.txt")}
    assert {"denk", "eigenlijk", "nvt", "geen idee"} <= words


def test_project_merge_table_maps_wijkteam_variants():
    merges = read_merges(CORPORA_DIR / "lijsten" / "samenvoegingen.csv")
    assert merges["wijkteams"] == "wijkteam" and merges["wot"] == "wijkteam"
    assert merges[compact_key(normalise_term("sociale wijkteam"))] == "sociaal wijkteam"


def test_word_list_comments_and_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "lijst.txt"
    path.write_text("# kop\n\nnvt  # commentaar\ngeen idee\n", encoding="utf-8")
    assert read_word_list(path) == ["nvt", "geen idee"]


def test_a_merge_table_without_its_columns_is_a_dutch_error(tmp_path):
    path = tmp_path / "samen.csv"
    path.write_text("van,naar\nwot,wijkteam\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="variant,term"):
        read_merges(path)


def test_a_missing_word_list_is_a_dutch_error(tmp_path):
    with pytest.raises(ConfigError, match="niet gevonden"):
        read_word_list(tmp_path / "weg.txt")
