"""The Dutch pipeline loader and annotation into segments and tokens, on real Dutch text."""

import pandas as pd
import pytest

from pipeline.nlp import annotate_documents, build_blank_dutch_pipeline, describe_pipeline, load_dutch_pipeline

NOTE = ("De wijkteams in Dordrecht werkten dit jaar nauw samen met huisartsen. "
        "Professionals kregen meer ruimte om zelf te beslissen!")


@pytest.fixture(scope="module")
def documents():
    return pd.DataFrame([
        {"doc_id": "notitie1", "kind": "notitie", "text": NOTE},
        {"doc_id": "antwoord1", "kind": "antwoord", "text": "Samen leren. Loslaten!"},
    ])


def test_missing_package_falls_back_to_an_available_pipeline():
    nlp = load_dutch_pipeline("nl_bestaat_niet_lg", embedded_model="models/nl_ontmoeting_ud/pipeline")
    info = describe_pipeline(nlp)
    assert info.kind in {"embedded", "blank"}
    assert nlp.lang == "nl"
    assert "nl_core_news_sm" in info.note


def test_blank_fallback_lemmatises_dutch():
    nlp = build_blank_dutch_pipeline()
    doc = nlp("De professionals werkten samen in de wijken.")
    lemmas = [t.lemma_.lower() for t in doc]
    assert "werken" in lemmas and "professional" in lemmas


def test_notes_split_into_sentences_and_answers_stay_whole(dutch_nlp, documents):
    segments, tokens = annotate_documents(dutch_nlp, documents, batch_size=8)
    note = segments[segments["doc_id"] == "notitie1"]
    answer = segments[segments["doc_id"] == "antwoord1"]
    assert list(note["kind"]) == ["sentence", "sentence"]
    assert list(answer["kind"]) == ["answer"] and answer["text"].iloc[0] == "Samen leren. Loslaten!"
    assert note["text"].iloc[1].startswith("Professionals")
    for row in segments.itertuples():
        original = documents.set_index("doc_id").loc[row.doc_id, "text"]
        assert original[row.start:row.end].strip() == row.text


def test_tokens_have_lemmas_and_flags(dutch_nlp, documents):
    _, tokens = annotate_documents(dutch_nlp, documents, batch_size=8)
    werkten = tokens[tokens["text"] == "werkten"].iloc[0]
    assert werkten["lemma"] == "werken"
    assert tokens.loc[tokens["text"] == "!", "is_punct"].all()
    assert tokens.loc[tokens["text"] == "De", "is_stop"].all()


def test_progress_counts_documents_and_words(dutch_nlp, documents):
    seen = []
    annotate_documents(dutch_nlp, documents, batch_size=8, on_progress=lambda d, w: seen.append((d, w)))
    assert sum(d for d, _ in seen) == 2
    assert sum(w for _, w in seen) == 22


def test_pseudonymisation_codes_are_not_lemmas(dutch_nlp):
    documents = pd.DataFrame([{"doc_id": "n", "kind": "notitie",
                               "text": "Ik sprak [PERSOON-1] over het wijkteam. Mail [EMAIL-2] maar."}])
    segments, tokens = annotate_documents(dutch_nlp, documents, batch_size=4)
    lemmas = [lemma for row in segments["lemmas"] for lemma in row]
    assert "wijkteam" in lemmas
    assert not any(lemma.startswith(("persoon-", "email-")) for lemma in lemmas)
    assert "PERSOON-1" in tokens["text"].tolist()  # the tokens table keeps the text as it is


def test_cut_off_lemmas_are_repaired_from_the_lexicon(dutch_nlp):
    # The embedded model's edit-tree lemmatiser cut these answers to 'loslat' and 'samenwerk' (sample corpus)
    documents = pd.DataFrame([{"doc_id": "a1", "kind": "antwoord", "text": "Loslaten"},
                              {"doc_id": "a2", "kind": "antwoord", "text": "Samenwerken / vertrouwen / tijd"}])
    segments, _ = annotate_documents(dutch_nlp, documents, batch_size=4)
    lemmas = {lemma for row in segments["lemmas"] for lemma in row}
    assert {"loslaten", "samenwerken", "vertrouwen"} <= lemmas
    assert not lemmas & {"loslat", "samenwerk"}


def test_a_separable_verb_after_ik_gets_its_infinitive(dutch_nlp):
    # the heading 'Wat ik meeneem' of the sample notes: the embedded model kept 'meeneem' (and took it for
    # a noun), so the notes wordle showed a word that does not exist
    documents = pd.DataFrame([{"doc_id": "n1", "kind": "notitie", "text": "Wat ik meeneem naar onze afdeling."},
                              {"doc_id": "n2", "kind": "notitie", "text": "Die aanpak werkt in de wijk."}])
    segments, _ = annotate_documents(dutch_nlp, documents, batch_size=4)
    assert "meenemen" in segments["lemmas"][0] and "meeneem" not in segments["lemmas"][0]
    assert "aanpak" in segments["lemmas"][1]  # the noun, not after 'ik': stays


def test_a_garbled_lemma_of_a_common_word_is_repaired(dutch_nlp):
    # the embedded model gave 'Minder' at the start of an answer the lemma 'vindel' (no Dutch word)
    documents = pd.DataFrame([{"doc_id": "a1", "kind": "antwoord", "text": "Minder regels, meer vertrouwen"},
                              {"doc_id": "a2", "kind": "antwoord", "text": "Minder bureaucratie en meer ruimte"}])
    segments, tokens = annotate_documents(dutch_nlp, documents, batch_size=4)
    lemmas = {lemma for row in segments["lemmas"] for lemma in row}
    assert "minder" in lemmas and "vindel" not in lemmas
    assert "vindel" not in tokens["lemma"].tolist()
