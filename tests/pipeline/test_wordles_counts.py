"""Counting wordle terms: respondents not repetitions, merged Dutch variants, phrases, collocations within
sentences, and a Dutch reason for every term that is left out (privacy first)."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import annotate_documents, build_blank_dutch_pipeline
from pipeline.wordle_counts import (COUNT_COLUMNS, REASON_NAME, REASON_PLACEHOLDER, REASON_QUESTION, REASON_STOP,
                                    TermRules, blocked_keys, count_terms, is_question_word, mentions_word,
                                    publishable_counts, same_word, tie_note)
from pipeline.wordle_terms import answer_occurrences, note_occurrences, split_answer
from pipeline.wordle_text import build_stopwords, question_keyword

STOPWORDS = build_stopwords(project_words=["n.v.t.", "nvt", "geen idee", "denk", "eigenlijk"])
QUESTION = "Waar denkt u aan bij het woord 'transformatie'?"


def answers(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["respondent", "text"])


def count(frame: pd.DataFrame, **rules) -> pd.DataFrame:
    options = {"stopwords": STOPWORDS, "min_respondents": 2, "max_words": 80} | rules
    occurrences = answer_occurrences(frame, stopwords=STOPWORDS, merges=options.get("merges"))
    return count_terms(occurrences, rules=TermRules(**options))


def row(counts: pd.DataFrame, term: str) -> pd.Series:
    hits = counts[counts["term"] == term]
    assert len(hits) == 1, f"{term!r} niet (eenmaal) in {counts['term'].tolist()}"
    return hits.iloc[0]


def test_real_dutch_variants_merge_into_the_most_frequent_form():
    counts = count(answers(("R1", "Verandering"), ("R2", "verandering!"), ("R3", "veranderingen"),
                           ("R4", "VERANDERING "), ("R5", "Samen leren"), ("R6", "samen  leren.")))
    assert row(counts, "verandering")[["respondents", "kept"]].tolist() == [4, True]
    assert row(counts, "samen leren")[["respondents", "kept"]].tolist() == [2, True]
    assert set(counts["term"]) == {"verandering", "samen leren"}


def test_accented_form_is_shown_when_spellings_tie():
    counts = count(answers(("R1", "ruimte creëren"), ("R2", "ruimte creeren"), ("R3", "financien"),
                           ("R4", "financiën")))
    assert {"ruimte creëren", "financiën"} <= set(counts["term"])


def test_one_respondent_repeating_a_word_counts_once():
    counts = count(answers(*[("R1", "loslaten")] * 5, ("R1", "Loslaten loslaten loslaten loslaten loslaten")))
    loslaten = row(counts, "loslaten")
    assert (loslaten["respondents"], loslaten["kept"]) == (1, False)
    assert loslaten["reason"] == "minder dan 2 respondenten"


def test_a_name_given_by_one_respondent_is_left_out_and_not_published():
    counts = count(answers(("R1", "samen leren"), ("R1", "Marieke"), ("R2", "samen leren")))
    assert row(counts, "marieke")["reason"] == "minder dan 2 respondenten"
    published = publishable_counts(counts, min_respondents=2)
    assert "marieke" not in " ".join(published["term"]).lower()
    assert published["term"].str.contains("verborgen").any()


def test_blocked_identifiers_are_left_out_even_when_many_respondents_name_them():
    frame = answers(("R1", "Petra"), ("R2", "petra!"), ("R3", "Petra de Vries"), ("R4", "vertrouwen"),
                    ("R5", "vertrouwen"))
    counts = count(frame, blocked=blocked_keys({"Petra de Vries", "Petra"}, stopwords=STOPWORDS))
    assert set(counts.loc[counts["term"].str.contains("petra", case=False), "reason"]) == {REASON_NAME}
    published = publishable_counts(counts, min_respondents=2)
    assert not published["term"].str.contains("petra", case=False).any()
    assert published["kept"].sum() == 1


def test_placeholders_of_the_privacy_step_never_become_terms():
    counts = count(answers(("R1", "samen met [PERSOON-1]"), ("R2", "[PERSOON-1]"), ("R3", "mail [EMAIL-1]"),
                           ("R4", "[PERSOON-2] en [PERSOON-1]")))
    assert not counts["kept"].any()
    assert REASON_PLACEHOLDER in set(counts["reason"])
    assert not counts["term"].str.contains("persoon", case=False).any() or set(
        counts.loc[counts["term"].str.contains("persoon", case=False), "reason"]) == {REASON_PLACEHOLDER}
    assert split_answer("samen met [PERSOON-1] leren") == ["samen met", "[PERSOON-1]", "leren"]


def test_question_key_word_is_dropped_unless_kept():
    frame = answers(("R1", "Transformatie"), ("R2", "transformaties"), ("R3", "verandering"), ("R4", "verandering"))
    dropped = count(frame, question_word=question_keyword(QUESTION))
    assert row(dropped, "transformatie")["reason"] == REASON_QUESTION
    kept = count(frame, question_word=None)
    assert row(kept, "transformatie")[["respondents", "kept"]].tolist() == [2, True]


def test_stop_answers_and_words_are_left_out_as_stop_words():
    counts = count(answers(("R1", "n.v.t."), ("R2", "nvt"), ("R3", "geen idee"), ("R4", "Geen idee!"),
                           ("R5", "eigenlijk"), ("R6", "eigenlijk")))
    assert set(counts["reason"]) == {REASON_STOP}
    assert row(counts, "n.v.t")["respondents"] == 2


def test_extra_stop_words_and_the_exclamation_override():
    frame = answers(("R1", "eigen kracht"), ("R2", "eigen-kracht"), ("R3", "wijkteam"), ("R4", "wijkteam"))
    stopwords = build_stopwords(extra=["wijkteam"])
    counts = count_terms(answer_occurrences(frame, stopwords=stopwords), rules=TermRules(stopwords=stopwords))
    assert row(counts, "wijkteam")["reason"] == REASON_STOP
    assert row(counts, "eigen kracht")["kept"]


def test_merge_table_maps_variants_to_the_term_as_written():
    counts = count(answers(("R1", "WOT"), ("R2", "wijkteams"), ("R3", "sociale wijkteams"), ("R4", "Sociaal wijkteam")),
                   merges={"wot": "wijkteam", "wijkteams": "wijkteam", "socialewijkteam": "sociaal wijkteam"})
    assert row(counts, "wijkteam")["respondents"] == 2
    assert row(counts, "sociaal wijkteam")["respondents"] == 2


def test_merge_table_can_keep_a_word_apart():
    frame = answers(("R1", "wonen"), ("R2", "wonen"), ("R3", "woning"), ("R4", "woning"))
    assert len(count(frame)) == 1
    assert len(count(frame, merges={"wonen": "wonen"})) == 2


def test_typos_of_long_words_join_the_word_most_respondents_wrote():
    counts = count(answers(("R1", "samenwerking"), ("R2", "samenwerking"), ("R3", "samewerking"), ("R4", "vertrouen")))
    assert row(counts, "samenwerking")["respondents"] == 3
    assert "samewerking" in row(counts, "samenwerking")["variants"]


def test_lists_in_one_cell_are_split_into_terms():
    counts = count(answers(("R1", "verandering, loslaten, vertrouwen"), ("R2", "Samenwerken / vertrouwen / tijd"),
                           ("R3", "Loslaten en vertrouwen"), ("R4", "Transformatie = verandering")))
    assert row(counts, "vertrouwen")["respondents"] == 3
    assert row(counts, "loslaten")["respondents"] == 2
    assert row(counts, "verandering")["respondents"] == 2


def test_shared_phrases_stay_whole_and_unshared_long_answers_give_words():
    counts = count(answers(("R1", "van zorgen voor naar zorgen dat"), ("R2", "Van 'zorgen voor' naar 'zorgen dat'"),
                           ("R3", "maatwerk"), ("R4", "maatwerk leveren"), ("R5", "integraal werken"),
                           ("R6", "integraal werken in de wijk")))
    assert row(counts, "van zorgen voor naar zorgen dat")["respondents"] == 2
    assert row(counts, "maatwerk")["respondents"] == 2
    assert row(counts, "integraal werken")["respondents"] == 2


def test_max_words_cuts_the_least_named_terms():
    frame = answers(*[(f"R{i}{j}", word) for i, word in enumerate(["a1", "b2", "c3"]) for j in range(3 + i)])
    counts = count(frame, max_words=2)
    assert counts.loc[counts["kept"], "term"].tolist() == ["c3", "b2"]
    assert "wordle.max_words" in row(counts, "a1")["reason"]


# Notes: lemmas and collocations within a sentence, from the NLP tokens table.

@pytest.fixture(scope="module")
def blank_nlp():
    return build_blank_dutch_pipeline()


def notes_tokens(nlp, texts: list[str]) -> tuple[pd.DataFrame, dict[str, str]]:
    documents = pd.DataFrame({"doc_id": [f"n{i}" for i in range(len(texts))], "kind": "notitie", "text": texts})
    _, tokens = annotate_documents(nlp, documents, batch_size=8)
    return tokens, dict(zip(documents["doc_id"], documents["doc_id"]))


def test_collocations_stay_whole_within_a_sentence(blank_nlp):
    text = ("De professionele autonomie groeit. Over professionele autonomie praten we. "
            "Wijkteams willen professionele autonomie.")
    tokens, sources = notes_tokens(blank_nlp, [text, text])
    counts = count_terms(note_occurrences(tokens, sources=sources, stopwords=STOPWORDS),
                         rules=TermRules(stopwords=STOPWORDS))
    assert row(counts, "professionele autonomie")[["respondents", "occurrences", "kept"]].tolist() == [2, 6, True]
    assert "autonomie" not in set(counts["term"])  # its words are not counted twice


def test_no_phantom_bigrams_across_sentence_boundaries(blank_nlp):
    text = "Wij zijn professionele. Autonomie is er. Zij zijn professionele. Autonomie is er."
    tokens, sources = notes_tokens(blank_nlp, [text, text, text])
    counts = count_terms(note_occurrences(tokens, sources=sources, stopwords=STOPWORDS, min_npmi=-1.0),
                         rules=TermRules(stopwords=STOPWORDS))
    assert not counts["term"].str.contains(" ").any()
    assert {"professioneel", "autonomie"} <= set(counts.loc[counts["kept"], "term"])


def test_with_pos_tags_only_content_words_count_and_proper_nouns_are_names():
    tokens = pd.DataFrame({
        "seg_id": ["a-0000"] * 4 + ["b-0000"] * 4, "doc_id": ["a"] * 4 + ["b"] * 4, "i": [0, 1, 2, 3] * 2,
        "text": ["Jansen", "belt", "snel", "huisarts"] * 2, "lemma": ["jansen", "bellen", "snel", "huisarts"] * 2,
        "pos": ["PROPN", "VERB", "ADV", "NOUN"] * 2, "is_stop": False, "is_punct": False, "is_alpha": True,
    })
    counts = count_terms(note_occurrences(tokens, sources={"a": "a", "b": "b"}, stopwords=STOPWORDS),
                         rules=TermRules(stopwords=STOPWORDS))
    assert row(counts, "jansen")["reason"] == REASON_NAME
    assert counts.loc[counts["kept"], "term"].tolist() == ["bellen", "huisarts"]
    assert "snel" not in set(counts["term"])


def test_placeholder_tokens_in_notes_are_privacy_rows(blank_nlp):
    tokens, sources = notes_tokens(blank_nlp, ["Gesprek met [PERSOON-1] over schulden."] * 2)
    counts = count_terms(note_occurrences(tokens, sources=sources, stopwords=STOPWORDS),
                         rules=TermRules(stopwords=STOPWORDS))
    assert set(counts.loc[counts["term"].str.contains("persoon", case=False), "reason"]) == {REASON_PLACEHOLDER}
    assert {"gesprek", "schuld"} <= set(counts.loc[counts["kept"], "term"])


# Properties: counting never invents respondents and accounts for every candidate.

VOCABULARY = ["verandering", "Veranderingen", "samen leren", "Samen  leren!", "loslaten", "n.v.t.", "Marieke",
              "vertrouwen, tijd", "[PERSOON-1]", "eigen-kracht", "eigen kracht", "wijkteams", "2015", "💪", "??"]
answer_rows = st.lists(st.tuples(st.sampled_from([f"R{i}" for i in range(8)]),
                                 st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=20))), max_size=40)


@given(answer_rows, st.integers(min_value=1, max_value=4))
@settings(max_examples=80, deadline=None)
def test_counting_properties(rows, min_respondents):
    frame = answers(*rows)
    occurrences = answer_occurrences(frame, stopwords=STOPWORDS)
    counts = count_terms(occurrences, rules=TermRules(stopwords=STOPWORDS, min_respondents=min_respondents,
                                                      max_words=10))
    n_respondents = frame["respondent"].nunique()
    assert (counts["respondents"] <= n_respondents).all()
    assert (counts["respondents"] <= counts["occurrences"]).all()
    assert counts["occurrences"].sum() == len(occurrences)  # every candidate is in exactly one row
    assert (counts["kept"] == (counts["reason"] == "")).all()  # kept, or left out with a reason
    assert (counts.loc[counts["kept"], "respondents"] >= min_respondents).all()
    assert counts["kept"].sum() <= 10
    published = publishable_counts(counts, min_respondents=min_respondents)
    assert list(published.columns) == COUNT_COLUMNS
    assert published["occurrences"].sum() == counts["occurrences"].sum()
    shown = published[~published["term"].str.contains("verborgen")]
    assert ((shown["respondents"] >= min_respondents) | shown["reason"].isin([REASON_STOP, REASON_QUESTION])).all()


def test_token_tests_run_once_per_distinct_word_form():
    from pipeline.wordle_terms import _has_letter, _map_distinct

    words = pd.Series(["Buurt", "buurt", "Buurt", "2025", None, "Buurt"], index=[5, 3, 9, 1, 0, 7])
    calls = []
    mapped = _map_distinct(words, lambda w: calls.append(w) or _has_letter(w), dtype=bool)
    assert mapped.equals(words.map(_has_letter).astype(bool)) and mapped.dtype == bool
    assert len(calls) == 4  # Buurt, buurt, 2025, None
    assert _map_distinct(words.iloc[:0], _has_letter, dtype=bool).empty


def test_with_pos_tags_a_collocation_ends_in_a_noun():
    # 'eigen kracht' is a term; 'professionals ervaren' (a subject and its verb) is not, however often it recurs
    words = [("Professionals", "professional", "NOUN"), ("ervaren", "ervaren", "VERB"), ("eigen", "eigen", "ADJ"),
             ("kracht", "kracht", "NOUN")]
    tokens = pd.DataFrame({
        "seg_id": ["a-0000"] * 4 + ["b-0000"] * 4, "doc_id": ["a"] * 4 + ["b"] * 4, "i": [0, 1, 2, 3] * 2,
        "text": [w[0] for w in words] * 2, "lemma": [w[1] for w in words] * 2, "pos": [w[2] for w in words] * 2,
        "is_stop": False, "is_punct": False, "is_alpha": True,
    })
    counts = count_terms(note_occurrences(tokens, sources={"a": "a", "b": "b"}, stopwords=frozenset()),
                         rules=TermRules(stopwords=frozenset()))
    assert "eigen kracht" in set(counts["term"])
    assert "professional ervaren" not in set(counts["term"]) and "ervaren eigen" not in set(counts["term"])


# Walkthrough 4: typos with a letter too many, phrases the merge table keeps, ties at max_words.

def test_a_letter_too_many_or_a_wrong_letter_joins_the_word_most_respondents_wrote():
    counts = count(answers(("R1", "verandering"), ("R2", "verandering"), ("R3", "veranderring"),
                           ("R4", "Verandeting"), ("R5", "verandering")))
    assert row(counts, "verandering")["respondents"] == 5
    assert {"veranderring", "verandeting"} <= set(row(counts, "verandering")["variants"].split("; "))


def test_two_real_dutch_words_one_letter_apart_stay_apart():
    counts = count(answers(("R1", "begeleiden"), ("R2", "begeleiden"), ("R3", "begeleiden"), ("R4", "begeleider")),
                   min_respondents=1)
    assert row(counts, "begeleiden")["respondents"] == 3
    assert row(counts, "begeleider")["respondents"] == 1


def test_a_phrase_in_the_merge_table_stays_one_term_also_inside_a_longer_answer():
    frame = answers(("R1", "Professionele ruimte"), ("R2", "ruimte"), ("R3", "ruimte"),
                    ("R4", "meer professionele ruimte voor de werker in de wijk"), ("R5", "1 gezin 1 plan"))
    merges = {"professioneleruimte": "professionele ruimte", "1gezin1plan": "1 gezin 1 plan"}
    counts = count(frame, merges=merges, min_respondents=1)
    assert row(counts, "professionele ruimte")["respondents"] == 2
    assert row(counts, "ruimte")["respondents"] == 2  # R1 and R4 no longer count towards 'ruimte'
    assert row(counts, "1 gezin 1 plan")["respondents"] == 1
    assert "gezin" not in set(counts["term"]) and "professionele" not in set(counts["term"])


def test_terms_tied_with_the_last_one_shown_are_named():
    words = ["verandering", "loslaten", "vertrouwen", "lef", "mindset", "ruimte"]
    frame = answers(*[(f"R{i}{j}", w) for i, w in enumerate(words) for j in range(4 if i < 2 else 2)])
    counts = count(frame, max_words=3)
    assert tie_note(counts, max_words=3) == (
        "3 termen met evenveel respondenten (2) als het laatst getoonde woord vielen buiten de wordle: die toont "
        "hoogstens 3 woorden; verhoog wordle.max_words om meer te tonen.")
    # a notes wordle counts notes or sentences, not respondents
    assert tie_note(counts, max_words=3, unit="notities").startswith("3 termen met evenveel notities (2) als")
    assert tie_note(counts, max_words=3, unit="zinnen").count("wordle.max_words") == 1
    assert tie_note(count(frame, max_words=2), max_words=2) == ""  # the cut falls between 4 and 2 respondents


@pytest.mark.parametrize("word", ["transformeren", "getransformeerd", "transformeert", "transformaties"])
def test_the_verb_of_the_question_word_is_the_question_word(word):
    assert is_question_word(word, "transformatie")


@pytest.mark.parametrize("word", ["transformatief", "informatie", "relatie", "veranderen", "leren"])
def test_other_words_are_not_the_question_word(word):
    assert not is_question_word(word, "transformatie") and not is_question_word(word, "relateren")


@pytest.mark.parametrize(("noun", "verb"), [("participatie", "participeren"), ("organisatie", "organiseren")])
def test_a_noun_and_its_verb_stay_two_words_outside_the_question_word(noun, verb):
    assert not same_word(noun, verb) and is_question_word(verb, noun)
    frame = answers(*[(f"R{i}", w) for i, w in enumerate([noun, noun, verb, verb, "tijd", "tijd"])])
    assert {noun, verb} <= set(count(frame)["term"])  # two terms, each with its own respondents


def test_the_question_mentions_its_word_or_a_verb_of_its_family():
    assert mentions_word("Wat moet er transformeren in uw team?", "transformatie")
    assert mentions_word("Waar denkt u aan bij het woord 'Transformatie'?", "transformatie")
    assert not mentions_word("Wat geeft u energie?", "transformatie") and not mentions_word(None, "transformatie")
