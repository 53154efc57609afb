"""Sentence boundaries: the parser's, but only where a Dutch sentence can end (real pipeline, real notes)."""

import pytest

from pipeline.sentences import sentence_spans


@pytest.mark.parametrize(("text", "expected"), [
    # the embedded parser cut 'We' off as a sentence of its own
    ("We hadden grote frustraties over de samenwerking en die spanning liep hoog op. Daarna dronken we thee.",
     ["We hadden grote frustraties over de samenwerking en die spanning liep hoog op.", "Daarna dronken we thee."]),
    ('Zij vroeg: "Wie doet mee?" Niemand antwoordde.', None),  # whatever the parser does, no piece lacks an end
    ("## Opening\nDe voorzitter opende de bijeenkomst.", None),
])
def test_sentences_end_at_punctuation_or_a_line_break(dutch_nlp, text, expected):
    doc = dutch_nlp(text)
    spans = list(sentence_spans(doc))
    assert "".join(s.text_with_ws for s in spans) == doc.text  # nothing lost, nothing doubled
    for span, following in zip(spans, spans[1:]):
        tail = doc.text[span.start_char:following.start_char].rstrip(" ")
        assert tail.endswith(("\n", ".", "?", "!", '"', ":", ";")) or following.text.startswith("\n"), tail
    if expected is not None:
        assert [s.text.strip() for s in spans] == expected


def test_a_text_without_end_punctuation_is_one_sentence(dutch_nlp):
    assert [s.text for s in sentence_spans(dutch_nlp("Geen punt aan het eind"))] == ["Geen punt aan het eind"]
    assert list(sentence_spans(dutch_nlp(""))) == []


def doc_with_starts(words, starts, spaces=None):
    """A Doc with the sentence starts a parser might give (no model involved)."""
    from spacy.lang.nl import Dutch
    from spacy.tokens import Doc

    return Doc(Dutch().vocab, words=words, spaces=spaces, sent_starts=starts)


@pytest.mark.parametrize(("words", "starts", "expected", "spaces"), [
    # a cut after the first word is undone
    (["We", "hadden", "spanning", ".", "Daarna", "thee", "."], [1, 1, 0, 0, 1, 0, 0],
     ["We hadden spanning .", "Daarna thee ."], None),
    # full stop inside closing quotes, colon and semicolon end a sentence
    (["Zij", "zei", ":", '"', "Kom", ".", '"', "Toen", "zat", "ze", ";", "goed", "zo", "!"],
     [1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0], ['Zij zei:', '"Kom."', "Toen zat ze;", "goed zo!"],
     [1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0]),
    # a closing quote written against the full stop stays with its sentence; a quote after a space opens one
    (["Ze", "zei", ":", "'", "Kom", ".", "'", "Toen", "kwam", "ze", ".", '"', "Goed", "zo", ".", '"'],
     [1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1], ["Ze zei:", "'Kom.'", "Toen kwam ze.", '"Goed zo."'],
     [1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0]),
    # ... also after a line break
    (["Klaar", ".", "\n", '"', "Wij", "gaan", ".", '"'], [1, 0, 0, 0, 1, 0, 0, 0], ["Klaar.\n", '"Wij gaan."'],
     [0, 0, 0, 0, 1, 0, 0, 0]),
    # a line break before the next sentence, or as its first token, ends a sentence
    (["1)", "Bewoners", "\n", "2)", "Professionals", "\n", "Het", "gaat", "goed"], [1, 0, 0, 1, 0, 1, 0, 0, 0],
     ["1) Bewoners \n", "2) Professionals", "\n Het gaat goed"], None),
    # a blank line ends a sentence where the parser saw none (a heading); a single line break does not
    (["Wat", "ik", "meeneem", "\n\n", "Ik", "had", "twijfels", "."], [1, 0, 0, 0, 0, 0, 0, 0],
     ["Wat ik meeneem\n\n", "Ik had twijfels."], [1, 1, 0, 0, 1, 1, 0, 0]),
    (["De", "wijkagent", "en", "de", "\n", "huismeester", "kwamen", "."], [1, 0, 0, 0, 0, 0, 0, 0],
     ["De wijkagent en de\nhuismeester kwamen."], [1, 1, 1, 0, 0, 1, 0, 0]),
    # no end at all: one sentence
    (["Geen", "punt", "hier", "en", "daar"], [1, 0, 1, 0, 1], ["Geen punt hier en daar"], None),
])
def test_boundaries_kept_only_after_an_end_or_at_a_line_break(words, starts, expected, spaces):
    doc = doc_with_starts(words, [bool(s) for s in starts], spaces and [bool(s) for s in spaces])
    assert [s.text for s in sentence_spans(doc)] == expected


def test_a_phone_number_after_tel_stays_in_its_sentence_after_pseudonymisation(dutch_nlp):
    from pipeline.privacy import pseudonymise_text

    # the order of a run: ingest replaces the number, annotation then splits the replaced text
    text, _ = pseudonymise_text("Bel de wijkcoach (tel. 06-12345678) als er iets is. Zij weet de weg.")
    assert text == "Bel de wijkcoach (tel. [TELEFOON-1]) als er iets is. Zij weet de weg."
    assert [s.text.strip() for s in sentence_spans(dutch_nlp(text))] == [
        "Bel de wijkcoach (tel. [TELEFOON-1]) als er iets is.", "Zij weet de weg."]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ik sprak mw. [PERSOON-1] en dhr. [PERSOON-2] over o.a. de huur. Het ging om ca. 20 gezinnen, bijv. in nr. 12.",
     ["Ik sprak mw. [PERSOON-1] en dhr. [PERSOON-2] over o.a. de huur.",
      "Het ging om ca. 20 gezinnen, bijv. in nr. 12."]),
    ("Graag z.s.m. reageren t.a.v. het team. We nemen i.p.v. koffie thee mee. Mevr. [PERSOON-1] kwam ook.",
     ["Graag z.s.m. reageren t.a.v. het team.", "We nemen i.p.v. koffie thee mee.", "Mevr. [PERSOON-1] kwam ook."]),
])
def test_abbreviations_before_a_number_or_name_do_not_end_a_sentence(dutch_nlp, text, expected):
    assert [s.text.strip() for s in sentence_spans(dutch_nlp(text))] == expected


def test_an_abbreviation_that_can_close_a_sentence_ends_one_only_before_a_capital():
    # 'tel.' before a number, and 'Ik tel.' or 'folders e.d.' at the end of a sentence (parser cuts given)
    words = ["Bel", "(", "tel", ".", "[", "TELEFOON-1", "]", ")", "nu", ".", "Ik", "tel", ".", "Folders", "e.d.",
             "Klaar", "."]
    starts = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    spaces = [1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0]
    doc = doc_with_starts(words, [bool(s) for s in starts], [bool(s) for s in spaces])
    assert [s.text for s in sentence_spans(doc)] == ["Bel (tel. [TELEFOON-1]) nu.", "Ik tel.", "Folders e.d.", "Klaar."]


def test_an_abbreviation_before_a_placeholder_or_capital_may_end_the_sentence(dutch_nlp):
    from pipeline.sentences import continues_after_abbreviation

    def continues(text, abbreviation):
        doc = dutch_nlp(text)
        last = next(t.i for t in doc if t.text.lower().startswith(abbreviation) or
                    (t.text == "." and t.i and doc[t.i - 1].text.lower() == abbreviation))
        last = last if doc[last].text.endswith(".") else last + 1
        return continues_after_abbreviation(doc, 0, last)

    assert not continues("We bespraken roosters, dossiers enz. [PERSOON-1] zei toen iets.", "enz")
    assert not continues("Ik mail het verslag naar HR. Daarna plannen we verder.", "hr")
    assert continues("Bel de wijkcoach (tel. [TELEFOON-1]) als er iets is.", "tel")
    assert continues("Bel de wijkcoach, tel. 06-12345678, als er iets is.", "tel")
    assert continues("We bespreken dit met dhr. [PERSOON-2] van de gemeente.", "dhr")
