"""Theme scoring on real Dutch sentences with the project framework and a real spaCy pipeline."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import spacy
from sklearn.base import clone

from pipeline.framework import load_framework
from pipeline.nlp import annotate_documents
from pipeline.paths import CORPORA_DIR
from pipeline.theme_learned import learned_keys
from pipeline.theme_lexicon import normalise_key
from pipeline.theme_weighting import neighbour_rows
from pipeline.themes import SCORE_COLUMNS, ThemeScorer, assign_themes

FRAMEWORK_FILE = CORPORA_DIR / "kader" / "transformatieleren.yaml"

ON_TOPIC = [
    ("L1", "Het was heerlijk om collega's uit andere gemeenten te ontmoeten en in alle rust ervaringen uit te wisselen."),
    ("L2", "Ons team houdt wekelijks een inloopspreekuur in het buurthuis, zodat buurtbewoners laagdrempelig binnen kunnen lopen."),
    ("L3", "We willen meer professionele ruimte en minder protocollen, zodat we zelf kunnen inschatten welk maatwerk nodig is."),
    ("L4", "In de teamdag hebben we onze gezamenlijke visie besproken: waar staan we voor als team en wat is onze professionele identiteit?"),
    ("L5", "De transformatie lukt pas als ook de bestuurders en de financiering meebewegen en de schotten tussen budgetten verdwijnen."),
    ("P1", "In de intervisie brachten we een casus in en reflecteerden we op wat we de volgende keer anders gaan uitproberen."),
    ("P2", "Niemand had een pasklaar antwoord, en juist door die onzekerheid hardop te benoemen gingen we samen op zoek."),
    ("P3", "We maakten de impliciete kennis van ervaren collega's expliciet en legden de werkzame factoren vast."),
    ("P4", "De spanning tussen beleid en uitvoering hebben we niet uit de weg gegaan maar juist bespreekbaar gemaakt."),
    ("P5", "Samen met de huisarts, de politie en de woningcorporatie keken we over de grenzen van onze eigen organisatie heen."),
    ("P6", "In de dialoog met bewoners gaven we samen betekenis aan het woord zelfredzaamheid en stelden we onze aannames ter discussie."),
    ("P7", "Studenten, onderzoekers van de hogeschool en professionals ontwikkelden in de leergemeenschap samen nieuwe kennis."),
]
OFF_TOPIC = [
    "De vergadering begint om half acht; de koffie staat klaar in zaal twee.",
    # social-domain text that is not about the framework (procedure, logistics, money)
    "Voor een scootmobiel uit de Wmo betaalt u geen eigen bijdrage; het CAK stuurt alleen een factuur voor begeleiding.",
    "Het buurthuis is in de kerstvakantie gesloten; de sleutel ligt bij de beheerder van de sporthal.",
    "De huisarts of de jeugdarts kan verwijzen naar jeugdhulp; de gemeente betaalt de kosten van die hulp.",
    "Verwarm de oven voor op tweehonderd graden en bak de taart in veertig minuten gaar.",
    "Het college van burgemeester en wethouders stelt nadere regels omtrent de indiening van een aanvraag.",
    "Feyenoord won zondag met twee-nul van PSV na doelpunten in de tweede helft.",
]


def segments_from(nlp, texts, kind="antwoord"):
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "kind": kind, "text": texts})
    return annotate_documents(nlp, documents, batch_size=16)[0]


@pytest.fixture(scope="module")
def framework():
    return load_framework(FRAMEWORK_FILE)


@pytest.fixture(scope="module")
def scorer(framework, dutch_nlp):
    return ThemeScorer().fit(framework, nlp=dutch_nlp)


@pytest.mark.parametrize("theme_id, text", ON_TOPIC, ids=[t for t, _ in ON_TOPIC])
def test_a_clear_sentence_gets_its_theme_first(scorer, dutch_nlp, theme_id, text):
    predicted = scorer.predict(segments_from(dutch_nlp, [text]))[0]
    assert predicted and predicted[0] == theme_id


@pytest.mark.parametrize("text", OFF_TOPIC)
def test_off_topic_text_gets_no_theme(scorer, dutch_nlp, text):
    assert scorer.predict(segments_from(dutch_nlp, [text])) == [[]]


def test_score_segments_is_a_long_table_with_evidence(scorer, dutch_nlp, framework):
    segments = segments_from(dutch_nlp, [text for _, text in ON_TOPIC[:3]] + OFF_TOPIC[:1])
    table = scorer.score_segments(segments)
    assert list(table.columns) == SCORE_COLUMNS
    assert len(table) == len(segments) * len(framework.themes)
    assert table["score"].between(0, 1).all()
    assert table["framework_version"].unique().tolist() == [f"{framework.name} {framework.version}"]
    assigned = table[table["assigned"]]
    assert len(assigned) >= 3 and (assigned["evidence"].str.len() > 0).all()
    assert "buurthuis" in assigned.loc[assigned["theme_id"] == "L2", "evidence"].iloc[0]
    assert not table.loc[table["seg_id"] == segments["seg_id"].iloc[-1], "assigned"].any()


def test_transform_and_predict_agree(scorer, dutch_nlp):
    segments = segments_from(dutch_nlp, [text for _, text in ON_TOPIC])
    scores = scorer.transform(segments)
    assert scores.shape == (len(ON_TOPIC), 12)
    for row, predicted in zip(scores, scorer.predict(segments)):
        assert len(predicted) <= scorer.max_themes
        ranked = [scorer.theme_ids_[t] for t in np.argsort(-row, kind="stable")]
        assert predicted == ranked[: len(predicted)]
        assert all(row[scorer.theme_ids_.index(t)] >= scorer.threshold for t in predicted)


def test_scoring_is_deterministic(framework, dutch_nlp):
    segments = segments_from(dutch_nlp, [text for _, text in ON_TOPIC] + OFF_TOPIC)
    first = ThemeScorer().fit(framework, nlp=dutch_nlp).score_segments(segments)
    second = ThemeScorer().fit(framework, nlp=dutch_nlp).score_segments(segments)
    pd.testing.assert_frame_equal(first, second)


def test_estimator_conventions(scorer, framework):
    params = scorer.get_params()
    assert params["threshold"] == 0.4 and params["max_themes"] == 2
    copy = clone(scorer)
    assert copy.get_params() == params and not hasattr(copy, "weights_")
    copy.set_params(threshold=0.9, max_themes=1)
    assert copy.fit(framework) is copy and copy.theme_ids_ == framework.theme_ids
    assert scorer.threshold == 0.4


WEAKER = [  # on topic, but in other words than the framework's: scores between clear and none
    "Halverwege het jaar wist niemand hoe de nieuwe regeling zou uitpakken, dus probeerden we kleine dingen uit.",
    "Sinds de koffieochtend in de bibliotheek bellen de schuldhulpverleners en de consulenten elkaar gewoon op.",
    "Tijdens het overleg liep de discussie over de wachtlijst hoog op, en de teamleider vroeg wat erachter zat.",
    "De coördinator bepaalde zelf dat het gezin drie maanden langer begeleiding kreeg.",
]


def test_a_higher_threshold_assigns_fewer_themes(framework, dutch_nlp):
    segments = segments_from(dutch_nlp, [text for _, text in ON_TOPIC] + WEAKER)
    low = ThemeScorer(threshold=0.2).fit(framework, nlp=dutch_nlp).predict(segments)
    high = ThemeScorer(threshold=0.95).fit(framework, nlp=dutch_nlp).predict(segments)
    assert sum(map(len, high)) < sum(map(len, low))


def test_assign_themes_matches_the_estimator(scorer, dutch_nlp, framework):
    segments = segments_from(dutch_nlp, [ON_TOPIC[0][1], OFF_TOPIC[0]])
    table = assign_themes(segments, framework=FRAMEWORK_FILE, threshold=0.4, max_themes=2, sentence_vectors=True,
                          nlp=dutch_nlp)
    pd.testing.assert_frame_equal(table, scorer.score_segments(segments))


def test_labelled_examples_extend_a_theme_profile(framework, dutch_nlp):
    text = "De fietsenmaker en de bakker deden ook mee."
    examples = pd.DataFrame({"text": ["Met de fietsenmaker en de bakker in gesprek over de buurt."], "themes": ["L2"]})
    segments = segments_from(dutch_nlp, [text])
    plain = ThemeScorer().fit(framework, nlp=dutch_nlp).score_segments(segments)
    taught = ThemeScorer(label_weight=1.0).fit(framework, examples, nlp=dutch_nlp).score_segments(segments)
    l2 = taught[taught["theme_id"] == "L2"].iloc[0]
    assert "fietsenmaker" in l2["evidence"]
    assert l2["score"] > plain.loc[plain["theme_id"] == "L2", "score"].iloc[0]


def test_neighbouring_sentences_add_context_but_not_evidence(framework, dutch_nlp):
    note = ("We hadden grote frustraties over de samenwerking en die spanning liep hoog op. "
            "Daarna dronken we thee. Het conflict werd zo een vliegwiel om van te leren.")
    segments = segments_from(dutch_nlp, [note], kind="notitie")
    assert len(segments) == 3
    alone = ThemeScorer(context_weight=0.0).fit(framework, nlp=dutch_nlp).transform(segments)
    with_context = ThemeScorer(context_weight=0.5).fit(framework, nlp=dutch_nlp)
    p4 = with_context.theme_ids_.index("P4")
    assert with_context.transform(segments)[1, p4] > alone[1, p4]
    table = with_context.score_segments(segments)
    middle = table[(table["seg_id"] == segments["seg_id"].iloc[1])]
    assert (middle["evidence"] == "").all() and not middle["assigned"].any()


def test_compounds_count_but_neutral_domain_words_do_not(scorer, dutch_nlp):
    segments = segments_from(dutch_nlp, ["De buurtbewoners kwamen naar het wijkcentrum.",
                                         "Het wijkteam kreeg een nieuwe medewerker."])
    table = scorer.score_segments(segments)
    l2 = table[table["theme_id"] == "L2"].set_index("seg_id")["score"]
    assert l2.iloc[0] > 0.3 and l2.iloc[1] == 0


@pytest.mark.parametrize("a, b", [("grenzen", "grens"), ("vragen", "vraag"), ("geleerd", "leren"),
                                  ("wijk_team", "wijkteam"), ("bewoners", "bewoner"), ("organisaties", "organisatie"),
                                  ("kernwaarden", "kernwaarde"), ("inkopen", "inkoop"), ("problemen", "probleem"),
                                  ("betrokkenen", "betrokkene"), ("luisteren", "luister"),
                                  # what a trained lemmatiser makes of unseen compounds
                                  ("leervrag", "leervraag"), ("leergemeenschapp", "leergemeenschap"),
                                  ("inloopspreekur", "inloopspreekuur"), ("buurtinitiatieef", "buurtinitiatief")])
def test_word_forms_share_a_matching_key(a, b):
    assert normalise_key(a) == normalise_key(b)


def test_word_vectors_are_used_when_the_pipeline_has_them(framework):
    nlp = spacy.blank("nl")
    rng = np.random.default_rng(0)
    shared = rng.normal(size=20)
    for word in ["ontmoeting", "ontmoeten", "uitwisseling", "picknicktafel"]:
        nlp.vocab.set_vector(word, shared + rng.normal(scale=0.1, size=20))
    for word in ["protocol", "mandaat", "regeldruk"]:
        nlp.vocab.set_vector(word, rng.normal(size=20))
    segments = pd.DataFrame({"seg_id": ["s1", "s2"], "text": ["picknicktafel", "ontmoeting bij de picknicktafel"],
                             "lemmas": [["picknicktafel"], ["ontmoeting", "bij", "de", "picknicktafel"]]})
    with_vectors = ThemeScorer().fit(framework, nlp=nlp)
    without = ThemeScorer(use_vectors=False).fit(framework, nlp=nlp)
    assert with_vectors.vectors_ is not None and without.vectors_ is None
    l1 = framework.theme_ids.index("L1")
    boosted, plain = with_vectors.transform(segments), without.transform(segments)
    assert boosted[1, l1] > plain[1, l1] > 0
    assert boosted[0, l1] == plain[0, l1] == 0  # vectors alone never make a theme
    assert with_vectors.predict(segments)[0] == []


SMALL_FRAMEWORK = {"naam": "klein", "versie": "1", "themas": [
    {"id": "A", "label": "Armoede", "termen": ["armoede", "schuldhulp"], "bijtermen": ["geld", "rekening"],
     "frasen": ["rood staan", "rood staan op de rekening"]},
    {"id": "B", "label": "Eenzaamheid", "termen": ["eenzaamheid"]}]}


def small_scorer(**params):
    from pipeline.framework import framework_from_dict

    return ThemeScorer(use_vectors=False, **params).fit(framework_from_dict(SMALL_FRAMEWORK))


def lemma_segments(*lemma_lists):
    return pd.DataFrame({"seg_id": [f"s{i}" for i in range(len(lemma_lists))], "text": "",
                         "lemmas": [list(lemmas) for lemmas in lemma_lists]})


def test_supporting_terms_add_weight_but_never_assign_a_theme_alone():
    scorer = small_scorer(threshold=0.05, support_only_threshold=1.01)
    segments = lemma_segments(["geld", "en", "een", "rekening"], ["geld", "en", "armoede"], ["armoede"])
    scores, predicted = scorer.transform(segments), scorer.predict(segments)
    assert scores[0, 0] > 0 and predicted[0] == []
    assert predicted[1] == ["A"] and scores[1, 0] > scores[2, 0]
    table = scorer.score_segments(segments)
    assert "geld" in table.loc[(table["seg_id"] == "s1") & (table["theme_id"] == "A"), "evidence"].iloc[0]


def test_many_supporting_words_can_carry_a_theme_above_the_support_only_threshold():
    segments = lemma_segments(["geld", "rekening", "geld", "rekening", "geld"])
    assert small_scorer(threshold=0.05, support_only_threshold=1.01).predict(segments) == [[]]
    assert small_scorer(threshold=0.05, support_only_threshold=0.05).predict(segments) == [["A"]]


def test_a_phrase_inside_a_longer_matched_phrase_counts_once():
    scorer = small_scorer()
    long_phrase = lemma_segments(["we", "staan", "rood", "op", "de", "rekening"])
    evidence = scorer.score_segments(long_phrase).query("theme_id == 'A'")["evidence"].iloc[0]
    assert "rood staan op de rekening" in evidence and "rood staan;" not in evidence + ";"


def test_project_framework_rejects_hard_social_domain_negatives(scorer, dutch_nlp):
    texts = ["Bewoners kunnen voor activiteiten in hun buurt een bijdrage uit het wijkbudget aanvragen.",
             "Bij elke nieuwe melding legt de medewerker de betrokken partijen vast in het registratiesysteem.",
             "Een bestuursorgaan kan mandaat verlenen, tenzij bij wettelijk voorschrift anders is bepaald."]
    assert scorer.predict(segments_from(dutch_nlp, texts)) == [[], [], []]


def test_short_words_keep_their_vowel_length():
    assert normalise_key("kop") != normalise_key("koop") and normalise_key("bos") != normalise_key("boos")


def test_terms_and_phrases_also_get_their_lookup_lemmas():
    """A pipeline whose lemmatiser reads a phrase differently out of context still matches the text."""
    from pipeline.framework import framework_from_dict

    framework = framework_from_dict({"naam": "k", "themas": [
        {"id": "A", "label": "Onder woorden", "termen": ["miskenning"], "frasen": ["onder woorden gebracht"]}]})
    no_lemmas = spacy.blank("nl")  # no lemmatiser: lemmas are the word forms themselves
    segments = lemma_segments(["dat", "werd", "nooit", "onder", "woord", "brengen"])
    scorer = ThemeScorer(use_vectors=False, threshold=0.1).fit(framework, nlp=no_lemmas)
    assert scorer.predict(segments) == [["A"]]
    assert "onder woorden gebracht" in scorer.score_segments(segments)["evidence"].iloc[0]


def test_a_reading_that_is_another_word_does_not_join_the_term():
    """Out of context a lemmatiser reads 'vroeg' (early) as 'vragen' and 'verbinder' as 'verbinden'; a
    cut-off form of an unseen compound is still the term itself."""
    from pipeline.theme_lexicon import is_reading_of

    assert not is_reading_of(normalise_key("vroeg"), normalise_key("vragen"), "vragen")
    assert not is_reading_of(normalise_key("verbinder"), normalise_key("verbinden"), "verbinden")
    assert is_reading_of(normalise_key("kennismakingsronde"), "kennismakingsron", "kennismakingsron")


def test_a_question_does_not_count_for_the_term_early():
    from pipeline.framework import framework_from_dict

    framework = framework_from_dict({"naam": "k", "themas": [
        {"id": "A", "label": "Vroeg erbij", "termen": ["vroeg"], "beschrijving": "Het team signaleert vroeg."}]})
    scorer = ThemeScorer(use_vectors=False, threshold=0.05).fit(framework)
    assert scorer.predict(lemma_segments(["de", "bewoner", "vragen", "om", "hulp"])) == [[]]
    assert scorer.predict(lemma_segments(["we", "zijn", "er", "vroeg", "bij"])) == [["A"]]


@pytest.mark.parametrize("lemmas, expected", [
    (["bewoner", "kunnen", "er", "binnen", "lopen"], [["A"]]),
    (["u", "krijgen", "binnen", "twee", "werkdag", "antwoord", "over", "een", "lopen", "aanvraag", "en", "kunnen",
      "ook", "mailen"], [[]]),
])
def test_a_phrase_of_everyday_words_only_counts_when_its_words_stand_together(lemmas, expected):
    from pipeline.framework import framework_from_dict

    framework = framework_from_dict({"naam": "k", "themas": [
        {"id": "A", "label": "Inloop", "termen": ["inloopspreekuur"], "frasen": ["binnen kunnen lopen"]}]})
    scorer = ThemeScorer(use_vectors=False, threshold=0.1).fit(framework)
    assert scorer.predict(lemma_segments(lemmas)) == expected


def test_stressed_and_unstressed_pronouns_share_a_key():
    assert normalise_key("wij") == normalise_key("we") and normalise_key("zij") == normalise_key("ze")


def test_labelled_paragraphs_give_a_theme_that_only_supporting_words_point_to(framework, dutch_nlp):
    text = ("De buurtcoach loopt twee keer per week een rondje langs het winkelcentrum en de speeltuin. Bewoners "
            "weten haar inmiddels te vinden en melden zorgen over een buurvrouw al voordat het misgaat.")
    segments = segments_from(dutch_nlp, [text])
    lexical_only = ThemeScorer(use_examples=False).fit(framework, nlp=dutch_nlp)
    learned = ThemeScorer().fit(framework, nlp=dutch_nlp)
    assert lexical_only.predict(segments) == [[]]
    assert learned.predict(segments) == [["L2"]]
    table = learned.score_segments(segments)
    evidence = table.loc[table["assigned"], "evidence"].iloc[0]
    assert "uit voorbeelden: " in evidence and "buurtcoach" in evidence
    learned_words = evidence.split("uit voorbeelden: ")[1].split(", ")
    assert set(learned_words) <= set(segments["lemmas"].iloc[0])  # lemmas of the text, not matching keys


def test_a_paragraph_like_the_labelled_ones_without_theme_loses_its_score(framework, dutch_nlp):
    text = ("Agenda teamoverleg: 1. opening; 2. intervisie verschuift naar donderdag; 3. verlofplanning zomer; "
            "4. rondvraag. Graag uiterlijk maandag de agendapunten doorgeven aan het secretariaat.")
    segments = segments_from(dutch_nlp, [text])
    p1 = framework.theme_ids.index("P1")
    lexical = ThemeScorer(use_examples=False).fit(framework, nlp=dutch_nlp).transform(segments)[0, p1]
    learned = ThemeScorer().fit(framework, nlp=dutch_nlp).transform(segments)[0, p1]
    assert lexical > 0.3 and learned < lexical / 2


def test_a_sentence_is_read_with_its_neighbours_by_the_learned_part(dutch_nlp):
    texts = ["We zaten met de hele groep in het buurthuis.", "Er kwamen veel bewoners langs.",
             "De koffie was op."]
    documents = pd.DataFrame({"doc_id": ["n1"], "kind": "notitie", "text": [" ".join(texts)]})
    segments = annotate_documents(dutch_nlp, documents, batch_size=16)[0]
    own, pooled = learned_keys(segments, neighbour_rows(segments, 1))
    assert len(segments) == 3 and "bewoner" in pooled[0] and "buurthuis" in pooled[1] and "buurthuis" not in pooled[2]
    assert "bewoner" not in own[0]


def test_a_text_without_words_the_classifier_knows_keeps_its_lexical_score(framework, dutch_nlp):
    # a framework term that no labelled paragraph uses twice: the classifier has no word to go on
    segments = segments_from(dutch_nlp, ["Saamhorigheid!", "Qwertyuiop zxcvbnm."], kind="notitie")
    lexical = ThemeScorer(use_examples=False).fit(framework, nlp=dutch_nlp).transform(segments)
    learned = ThemeScorer(learned_min_words=1).fit(framework, nlp=dutch_nlp)
    assert lexical[0].max() > 0.3 and learned.transform(segments).tolist() == lexical.tolist()
    assert learned.predict(segments) == [[], []]


def test_the_classifier_leaves_answers_of_a_few_words_alone(framework, dutch_nlp):
    # it learned from paragraphs; on 'dichtbij' alone its 'geen thema' vote took nabijheid (L2) away
    segments = segments_from(dutch_nlp, ["dichtbij", "dichtbij de inwoner"])
    lexical = ThemeScorer(use_examples=False).fit(framework, nlp=dutch_nlp).transform(segments)
    assert ThemeScorer().fit(framework, nlp=dutch_nlp).transform(segments).tolist() == lexical.tolist()
    every_length = ThemeScorer(learned_min_words=1).fit(framework, nlp=dutch_nlp).transform(segments)
    assert not np.allclose(every_length, lexical)
    assert ThemeScorer().fit(framework, nlp=dutch_nlp).predict(segments) == [["L2"], ["L2"]]


@pytest.mark.parametrize("answer, theme_id", [("ontmoeting", "L1"), ("Eindelijk maatwerk!", "L3"),
                                              ("co-creatie", "P7"), ("de kanteling", "L5")])
def test_a_short_answer_that_names_a_theme_gets_it(framework, dutch_nlp, answer, theme_id):
    segments = segments_from(dutch_nlp, [answer])
    assert ThemeScorer().fit(framework, nlp=dutch_nlp).predict(segments) == [[theme_id]]
    plain = ThemeScorer(short_answer_words=0).fit(framework, nlp=dutch_nlp)
    assert theme_id not in plain.predict(segments)[0]


def test_only_answers_count_as_short_answers(framework, dutch_nlp):
    scorer = ThemeScorer(context_weight=0.0).fit(framework, nlp=dutch_nlp)
    as_answer = scorer.transform(segments_from(dutch_nlp, ["Ontmoeting."]))
    as_sentence = scorer.transform(segments_from(dutch_nlp, ["Ontmoeting."], kind="notitie"))
    l1 = framework.theme_ids.index("L1")
    assert as_answer[0, l1] > as_sentence[0, l1] > 0


def test_sentence_vectors_join_the_learned_part_only_where_the_words_point_at_the_framework(framework, dutch_nlp):
    from pipeline.sentence_vectors import load_sentence_encoder
    from pipeline.theme_examples import VectorClassifier

    with_vectors = ThemeScorer().fit(framework, nlp=dutch_nlp)
    assert isinstance(with_vectors.sentence_classifier_, VectorClassifier)
    assert ThemeScorer(sentence_vector_weight=0.0).fit(framework, nlp=dutch_nlp).sentence_classifier_ is None
    encoder = load_sentence_encoder()
    off_topic = segments_from(dutch_nlp, [OFF_TOPIC[4], "Deze wet treedt in werking op een bij koninklijk besluit te bepalen tijdstip."],
                              kind="notitie")
    before = encoder.n_encoded_
    assert with_vectors.predict(off_topic) == [[], []]
    assert encoder.n_encoded_ == before  # nothing pointed at the framework, so nothing was encoded
    on_topic = segments_from(dutch_nlp, [ON_TOPIC[1][1]], kind="notitie")
    assert with_vectors.predict(on_topic)[0][0] == "L2"
    assert encoder.n_encoded_ == before + 1


def test_sentence_vectors_change_the_learned_probabilities(framework, dutch_nlp):
    text = ("De wethouder liep een middag mee met de jongerenwerkers. Daarna veranderde de manier waarop de "
            "gemeente de subsidie verantwoordt: minder formulieren, meer gesprekken over wat er in de straat gebeurt.")
    segments = segments_from(dutch_nlp, [text])
    words_only = ThemeScorer(sentence_vector_weight=0.0).fit(framework, nlp=dutch_nlp).transform(segments)
    mixed = ThemeScorer(sentence_vector_weight=0.5).fit(framework, nlp=dutch_nlp).transform(segments)
    assert not np.allclose(words_only, mixed)
    assert np.all((mixed >= 0) & (mixed <= 1))


def test_a_non_answer_gets_no_theme_but_a_real_answer_keeps_it(scorer, dutch_nlp):
    from pipeline.config import load_settings
    from pipeline.paths import resolve_project_path
    from pipeline.themes import unassign_non_answers
    from pipeline.wordle_text import read_word_list

    texts = ["Weet ik niet", "Geen idee!", "Niet weten wat er komt en het toch samen uitzoeken", "Elkaar vinden",
             "Tegen elkaar in"]
    segments = segments_from(dutch_nlp, texts)
    scores = scorer.score_segments(segments)
    non_answers = read_word_list(resolve_project_path(load_settings().themes.non_answers))
    kept = unassign_non_answers(scores, segments, non_answers=non_answers)
    assigned = set(kept.loc[kept["assigned"], "seg_id"])
    seg = dict(zip(segments["text"], segments["seg_id"]))
    assert not assigned & {seg[texts[0]], seg[texts[1]]}
    # real answers keep their theme, also when all their words are stop words ('Elkaar vinden': L1)
    assert {seg[t] for t in texts[2:]} <= assigned
    assert len(kept) == len(scores) and (kept["score"] == scores["score"]).all()  # scores kept for inspection
    assert scores.loc[scores["seg_id"] == seg[texts[0]], "assigned"].any()  # the engine alone did see P2 in it
