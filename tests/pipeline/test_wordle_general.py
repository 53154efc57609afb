"""General Dutch words in a notes wordle: words the notes use no more than ordinary Dutch (wordfreq) does are
left out with a reason, domain words stay; answers are never touched."""

import pandas as pd
from wordfreq import word_frequency

from pipeline.nlp import annotate_documents
from pipeline.wordle_counts import REASON_GENERAL, TermRules, count_terms
from pipeline.wordle_general import TextWords, is_general_word, log_likelihood, text_words
from pipeline.wordle_terms import note_occurrences
from pipeline.wordle_text import build_stopwords

STOPWORDS = build_stopwords(project_words=[])
NOTES = [
    "Het wijkteam besprak de casus van een mantelzorger. De mantelzorgers in de wijk hebben weinig tijd.",
    "Een nieuwe collega van het wijkteam vertelde over de mantelzorger. Er was geen tijd voor koffie.",
    "Mantelzorgers vragen het wijkteam om steun. We nemen daar de tijd voor, zei de teamleider.",
]


def test_text_words_counts_words_and_keeps_the_forms_of_each_lemma(dutch_nlp):
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "kind": "notitie", "text": NOTES})
    _, tokens = annotate_documents(dutch_nlp, documents, batch_size=8)
    words = text_words(tokens, doc_ids=["a", "b"])
    assert words.n_words == len(" ".join(NOTES[:2]).replace(".", " ").replace(",", " ").split())
    assert words.forms["mantelzorger"] == {"mantelzorger", "mantelzorgers"}
    assert "steun" not in words.forms  # only the notes asked for
    assert words.count_of({"mantelzorger", "mantelzorgers"}) == 3 and words.count_of({"tijd"}) == 2
    assert words.count_of({"de", "het"}) == 6  # every token of a form counts, whatever its word class


def test_a_word_used_as_often_as_in_general_dutch_is_general_a_domain_word_is_not():
    n_words = 5_000
    expected_tijd = n_words * word_frequency("tijd", "nl")  # about 5 in 5,000 words
    assert is_general_word({"tijd"}, count=round(expected_tijd), n_words=n_words)
    assert is_general_word({"tijd"}, count=round(1.5 * expected_tijd), n_words=n_words)  # not twice as often
    assert not is_general_word({"tijd"}, count=round(4 * expected_tijd), n_words=n_words)
    assert not is_general_word({"wijkteam", "wijkteams"}, count=6, n_words=n_words)
    # unknown to wordfreq (a compound) or a collocation: rare in general Dutch, so never general
    assert not is_general_word({"wijkteammedewerkers"}, count=2, n_words=n_words)
    assert not is_general_word({"burger centraal"}, count=1, n_words=n_words)


def test_two_uses_of_a_common_word_may_be_chance():
    share = word_frequency("vertrouwen", "nl")
    assert log_likelihood(2, 4_000, share) < 3.84
    assert is_general_word({"vertrouwen"}, count=2, n_words=4_000)
    assert log_likelihood(1, 4_000, 0.0) == float("inf")


def notes_counts(*, drop: bool, words: TextWords | None) -> pd.DataFrame:
    rows = []
    for n, text in enumerate(NOTES * 2):
        tokens = [w.strip(".,").lower() for w in text.split()]
        rows += [{"seg_id": f"d{n}-0000", "doc_id": f"d{n}", "i": i, "text": w, "lemma": w, "pos": "",
                  "is_stop": False, "is_punct": False, "is_alpha": True} for i, w in enumerate(tokens)]
    tokens = pd.DataFrame(rows)
    occurrences = note_occurrences(tokens, sources={f"d{n}": f"d{n}" for n in range(6)}, stopwords=STOPWORDS)
    return count_terms(occurrences, rules=TermRules(stopwords=STOPWORDS, drop_general_words=drop), words=words)


def test_count_terms_gives_general_words_a_reason_only_when_asked():
    # as if these notes were 4,000 words long: 'tijd' 6 times is its general rate, 'wijkteam' 6 times is not
    words = TextWords(4_000, {"tijd": frozenset({"tijd"}), "wijkteam": frozenset({"wijkteam"}),
                              "mantelzorger": frozenset({"mantelzorger", "mantelzorgers"})},
                      {"tijd": 6, "wijkteam": 6, "mantelzorger": 4, "mantelzorgers": 4})
    counts = notes_counts(drop=True, words=words).set_index("term")
    assert counts.loc["tijd", "reason"] == REASON_GENERAL and not counts.loc["tijd", "kept"]
    assert counts.loc["wijkteam", "kept"] and counts.loc["mantelzorger", "kept"]
    assert notes_counts(drop=False, words=words).set_index("term").loc["tijd", "kept"]
    assert notes_counts(drop=True, words=None).set_index("term").loc["tijd", "kept"]  # answers: no words given


