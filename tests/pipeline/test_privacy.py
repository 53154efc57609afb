"""Pseudonymisation: personal data replaced consistently, measured on a test set, guarded at publication."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.privacy import (
    PrivacyLeakError,
    check_published_outputs,
    evaluate_privacy,
    pseudonymise_documents,
    pseudonymise_text,
)

DATA = Path(__file__).parent / "data"
# Measured on tests/pipeline/data/privacy_zinnen.yaml (see tests/pipeline/data/privacy_meting.md).
NAME_RECALL_BAR = 0.9
NAME_PRECISION_BAR = 0.85


def measure(name: str) -> pd.DataFrame:
    cases = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["zinnen"]
    return evaluate_privacy(cases).set_index("category")


@pytest.fixture(scope="module")
def measured():
    return measure("privacy_zinnen.yaml")


def docs(*texts: str, **columns) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts), **columns})


def test_test_set_is_big_enough():
    cases = yaml.safe_load((DATA / "privacy_zinnen.yaml").read_text(encoding="utf-8"))["zinnen"]
    assert len(cases) >= 60
    assert sum(not c["verwacht"] for c in cases) >= 15  # sentences without personal data


@pytest.mark.parametrize("category", ["email", "telefoon", "iban", "bsn", "postcode", "adres"])
def test_fixed_shapes_are_always_found(measured, category):
    assert measured.loc[category, "recall"] == 1.0
    assert measured.loc[category, "precision"] == 1.0


def test_names_meet_the_measured_bar(measured):
    print("\n" + measured.to_string())
    assert measured.loc["persoon", "recall"] >= NAME_RECALL_BAR
    assert measured.loc["persoon", "precision"] >= NAME_PRECISION_BAR


def test_the_second_set_meets_its_measured_bars():
    # written blind by a helper (not seeing the code); measured once: names 0.87/0.86, birth dates 0.83, address
    # 0.89; then the detection was improved on it (tests/pipeline/data/privacy_meting.md), so now a development set
    second = measure("privacy_zinnen_2.yaml")
    print("\n" + second.to_string())
    for category in ["email", "telefoon", "iban", "bsn", "postcode", "adres", "geboortedatum"]:
        assert second.loc[category, "recall"] == 1.0
    assert second.loc["persoon", "recall"] >= 0.95
    assert second.loc["persoon", "precision"] >= NAME_PRECISION_BAR


def test_the_control_set_meets_the_same_bars():
    control = measure("privacy_zinnen_controle.yaml")
    print("\n" + control.to_string())
    assert control.loc["email", "recall"] == control.loc["telefoon", "recall"] == 1.0
    assert control.loc["persoon", "recall"] >= NAME_RECALL_BAR
    assert control.loc["persoon", "precision"] >= NAME_PRECISION_BAR


def test_the_audit_set_meets_its_measured_bars():
    # the forms a privacy audit found leaking (Turkish names, 'kees bakker', 'p.jansen AT dordrecht DOT nl'), written
    # while fixing them: before names 0.25 / 0.83 and e-mail 0.00, after 1.00 / 1.00 (privacy_meting.md)
    third = measure("privacy_zinnen_3.yaml")
    print("\n" + third.to_string())
    assert third.loc["email", "recall"] == third.loc["email", "precision"] == 1.0
    assert third.loc["persoon", "recall"] >= 0.95
    assert third.loc["persoon", "precision"] >= NAME_PRECISION_BAR


def test_the_same_person_gets_the_same_placeholder_within_a_document():
    result = pseudonymise_documents(docs("Jan Jansen belde. Later zei Jansen dat Piet de Boer kwam. Jan Jansen bleef."))
    text = result.documents.loc[0, "text"]
    assert text == "[PERSOON-1] belde. Later zei [PERSOON-1] dat [PERSOON-2] kwam. [PERSOON-1] bleef."


def test_numbering_holds_for_the_whole_corpus():
    result = pseudonymise_documents(docs("Mail a@b.nl en c@d.nl.", "Mail c@d.nl of e@f.nl."))
    assert result.documents["text"].tolist() == ["Mail [EMAIL-1] en [EMAIL-2].", "Mail [EMAIL-2] of [EMAIL-3]."]


def test_a_first_name_surname_or_title_gets_the_code_of_the_full_name_in_the_note():
    note = ("Aanwezig waren Marieke van Drunen (gemeente) en Sjoerd Bakhuizen. Marieke vertelde over het "
            "wijkbudget. Mevrouw Van Drunen vraagt om ideeën; M. van Drunen is de contactpersoon. "
            "Sjoerd herkende het.")
    assert pseudonymise_documents(docs(note)).documents.loc[0, "text"] == (
        "Aanwezig waren [PERSOON-1] (gemeente) en [PERSOON-2]. [PERSOON-1] vertelde over het wijkbudget. "
        "Mevrouw [PERSOON-1] vraagt om ideeën; [PERSOON-1] is de contactpersoon. [PERSOON-2] herkende het.")


def test_a_first_name_shared_by_two_people_gets_a_code_of_its_own():
    note = ("Marieke van Drunen en Marieke Jansen spraken over de wijk. Marieke zei dat ze het anders wil. "
            "Jansen knikte.")
    assert pseudonymise_documents(docs(note)).documents.loc[0, "text"] == (
        "[PERSOON-1] en [PERSOON-2] spraken over de wijk. [PERSOON-3] zei dat ze het anders wil. [PERSOON-2] knikte.")


def test_the_same_person_has_one_code_in_every_document_and_others_never_share_it():
    result = pseudonymise_documents(docs(
        "Marieke van Drunen opende de leerkring; bel haar op 06-41872935.",
        "Femke Oosterbroek notuleerde (tel. 078-6912345); Marieke van Drunen kwam later en Femke bleef.",
        "Femke merkte op dat de regels knellen. Bel 06 41 87 29 35."))
    assert result.documents["text"].tolist() == [
        "[PERSOON-1] opende de leerkring; bel haar op [TELEFOON-1].",
        "[PERSOON-2] notuleerde (tel. [TELEFOON-2]); [PERSOON-1] kwam later en [PERSOON-2] bleef.",
        "[PERSOON-3] merkte op dat de regels knellen. Bel [TELEFOON-1]."]  # a lone first name: no guess across notes
    assert set(result.findings["placeholder"]) == {"[PERSOON-1]", "[PERSOON-2]", "[PERSOON-3]", "[TELEFOON-1]",
                                                   "[TELEFOON-2]"}


def test_a_double_surname_has_one_code_in_every_document():
    result = pseudonymise_documents(docs("Mw. Van den Heuvel-de Groot opende de leerkring.",
                                         "Daarna sprak mw. Van den Heuvel-de Groot over ruimte; De Vries knikte.",
                                         "De Vries was er niet."))
    assert result.documents["text"].tolist() == [
        "Mw. [PERSOON-1] opende de leerkring.",
        "Daarna sprak mw. [PERSOON-1] over ruimte; [PERSOON-2] knikte.",
        "[PERSOON-3] was er niet."]  # a single surname may be another person in another note


def test_the_same_corpus_gives_the_same_codes_every_time_with_or_without_the_cache(tmp_path):
    from pipeline.text_cache import TextCache

    notes = docs("Sjoerd Bakhuizen belde. Later zei Sjoerd dat dhr. Jansen ook komt.",
                 "Jan Jansen en Sjoerd Bakhuizen mailden naar wijkteam@example.nl.", "Bakhuizen was er niet.")
    first = pseudonymise_documents(notes)
    for cache in (TextCache(tmp_path), TextCache(tmp_path), None):  # fills the cache, then reads it
        again = pseudonymise_documents(notes, cache=cache)
        pd.testing.assert_frame_equal(again.documents, first.documents)
        pd.testing.assert_frame_equal(again.findings, first.findings)


def test_phone_numbers_in_different_notations_are_one_number():
    text, _ = pseudonymise_text("Bel 06-12345678 of +31 6 1234 5678 of 0031612345678.")
    assert text == "Bel [TELEFOON-1] of [TELEFOON-1] of [TELEFOON-1]."


def test_a_name_found_in_one_document_is_replaced_in_all():
    result = pseudonymise_documents(docs("Gesprek met Fatma Yilmaz over de huur.", "yilmaz kwam niet, fatma yilmaz wel."))
    assert "yilmaz" not in result.documents.loc[1, "text"].lower()
    assert "Yilmaz" in result.identifiers


def test_places_and_social_domain_words_are_kept():
    sentence = "Het Wijkteam Dordrecht en de Werkplaats Sociaal Domein spraken in Rotterdam met de GGD."
    assert pseudonymise_text(sentence)[0] == sentence


def test_literature_citations_are_kept():
    for sentence in ("Volgens Stam en Wilken (2015) leren professionals van elkaar.",
                     "Dit sluit aan bij eerder onderzoek (Bakker & De Boer, 2019).",
                     "Zie ook Van der Linden et al. (2021)."):
        assert pseudonymise_text(sentence)[0] == sentence


@pytest.mark.parametrize("text, expected", [
    ("Mooi woord", "Mooi woord"),  # 'Mooi' is a surname in deduce's lists, but this answer means the word
    ("Burger centraal", "Burger centraal"),  # a word of the social domain
    ("Mevrouw Burger belde.", "Mevrouw [PERSOON-1] belde."),  # after a title: a name
    ("Dhr. Klein belde.", "Dhr. [PERSOON-1] belde."),  # after an abbreviated title too
    ("Casus mw. Klein: schulden en eenzaamheid.", "Casus mw. [PERSOON-1]: schulden en eenzaamheid."),
    ("Aanwezig: Koning, Bos en Jansen.", "Aanwezig: [PERSOON-1], [PERSOON-2] en [PERSOON-3]."),  # after a label
    ("Koning belde gisteren.", "[PERSOON-1] belde gisteren."),  # common, but not common enough to be the word
    ("Burger belde gisteren over de brief.", "[PERSOON-1] belde gisteren over de brief."),  # no short answer
    ("Het was fijn.\nMooi werk van het team.", "Het was fijn.\nMooi werk van het team."),
    ("Gisteren belde Mooi over de casus.", "Gisteren belde [PERSOON-1] over de casus."),  # inside: a name
    ("Bakker", "[PERSOON-1]"),  # a surname that is a less common word stays a name, even alone
    ("Bos belde.", "[PERSOON-1] belde."),
])
def test_a_very_common_word_opening_a_sentence_alone_is_no_name(text, expected):
    assert pseudonymise_text(text)[0] == expected


def test_a_date_after_a_capitalised_word_is_no_house_number():
    # deduce reads 'Bijeenkomst 13' as a street and a number; the rest of the date says otherwise
    assert pseudonymise_text("Bijeenkomst 13-03-2025 in Dordrecht.")[0] == "Bijeenkomst 13-03-2025 in Dordrecht."
    assert pseudonymise_text("Wij woonden op Kerkstraat 12 in Gorinchem.")[0] == "Wij woonden op [ADRES-1] in Gorinchem."


@pytest.mark.parametrize("text", ["Zie artikel 2.3.10 van de Wmo.", "Zie versie 1.2.10 van het protocol.",
                                  "Uitslag 3-1-10 voor het wijkteam."])
def test_numbers_that_look_like_old_dates_are_kept(text):
    assert pseudonymise_text(text)[0] == text


def test_titles_stay_outside_the_placeholder():
    assert pseudonymise_text("Mevrouw Bakker en dhr. Jansen kwamen.")[0] == "Mevrouw [PERSOON-1] en dhr. [PERSOON-2] kwamen."


@pytest.mark.parametrize("text, expected", [
    ("Gesprek met mevrouw De Jong over de buurt.", "Gesprek met mevrouw [PERSOON-1] over de buurt."),
    ("Gisteren sprak ik dhr. El Amrani over zijn buurt.", "Gisteren sprak ik dhr. [PERSOON-1] over zijn buurt."),
    ("De Vries belde over de huur.", "[PERSOON-1] belde over de huur."),
    ("Ik sprak in De Vries haar tuin.", "Ik sprak in [PERSOON-1] haar tuin."),  # not the preposition before it
    ("Het Wijkteam sprak met mevrouw de Jong.", "Het Wijkteam sprak met mevrouw [PERSOON-1]."),  # after a title
    ("Ik sprak met mevrouw Van der Berg.", "Ik sprak met mevrouw [PERSOON-1]."),
    ("De wethouder opende de bijeenkomst.", "De wethouder opende de bijeenkomst."),
    ("Van Marieke kreeg ik een mail.", "Van [PERSOON-1] kreeg ik een mail."),  # a preposition before a first name
    ("Volgens Stam en Wilken (2015) leren professionals van elkaar.",
     "Volgens Stam en Wilken (2015) leren professionals van elkaar."),
])
def test_particles_go_into_the_placeholder_with_the_surname(text, expected):
    assert pseudonymise_text(text)[0] == expected


def test_a_surname_with_a_particle_gets_the_code_of_the_full_name_in_the_note():
    result = pseudonymise_documents(docs("Gesprek met Youssef El Amrani; dhr. El Amrani wil meedoen.",
                                         "El Amrani belde terug."))
    assert result.documents["text"].tolist() == [
        "Gesprek met [PERSOON-1]; dhr. [PERSOON-1] wil meedoen.",
        "[PERSOON-2] belde terug."]  # a lone surname in another note: no guess across notes


@pytest.mark.parametrize("text, expected", [
    ("mevrouw Jansen, geboren 12-03-1961, wonend aan de Dorpsstraat 12, 3331 AB Zwijndrecht",
     "mevrouw [PERSOON-1], geboren [GEBOORTEDATUM-1], wonend aan de [ADRES-1], [POSTCODE-1] Zwijndrecht"),
    ("Geboren 01-02-1980, BSN 111222333", "Geboren [GEBOORTEDATUM-1], BSN [BSN-1]"),
    ("Geboortedatum: 12 mrt. 1961.", "Geboortedatum: [GEBOORTEDATUM-1]."),
    ("Haar zoon is geb. 3-4-2019 en woont thuis.", "Haar zoon is geb. [GEBOORTEDATUM-1] en woont thuis."),  # any year
    ("Geb.datum 2019-04-03, woont bij zijn moeder.", "Geb.datum [GEBOORTEDATUM-1], woont bij zijn moeder."),
    ("Zij noemde 12 maart 1961 als datum.", "Zij noemde [GEBOORTEDATUM-1] als datum."),  # long ago: a birth date
    ("De cliënt (1-2-80) kwam op tijd.", "De cliënt ([GEBOORTEDATUM-1]) kwam op tijd."),
    ("Geboortejaar: 1990, woont alleen.", "Geboortejaar: [GEBOORTEDATUM-1], woont alleen."),
    ("Geboren 12-03-1961; in het dossier staat 12 maart 1961.",
     "Geboren [GEBOORTEDATUM-1]; in het dossier staat [GEBOORTEDATUM-1]."),  # one date, one code
    ("De bijeenkomst van 13-03-2025 ging over de wijk.", "De bijeenkomst van 13-03-2025 ging over de wijk."),
    ("Op 14 januari 2025 spraken we over de wijk.", "Op 14 januari 2025 spraken we over de wijk."),
    ("In 2015 begon de transformatie, ook van de Wmo.", "In 2015 begon de transformatie, ook van de Wmo."),
    ("Peuter Liam (geb. 5-2-'22) gaat naar de voorschool.", "Peuter [PERSOON-1] (geb. [GEBOORTEDATUM-1]) gaat naar de voorschool."),
    ("Thijmen (*14-12-2016) slaapt slecht.", "[PERSOON-1] (*[GEBOORTEDATUM-1]) slaapt slecht."),  # the genealogical star
    ("De training op 5-2-'25 was vol.", "De training op 5-2-'25 was vol."),  # an apostrophe year without a cue
])
def test_birth_dates_are_replaced_and_recent_meeting_dates_kept(text, expected):
    assert pseudonymise_text(text)[0] == expected


def test_a_birth_date_is_replaced_in_every_note_and_guarded(tmp_path):
    texts = ["Haar zoon, geb. 3-4-2019, komt mee. Geboortejaar vader: 1990.", "Op 3-4-2019 was er een feestje.",
             "Sinds 2019 en 1990 werken we samen."]
    result = pseudonymise_documents(docs(*texts))
    assert result.documents["text"].tolist() == [
        "Haar zoon, geb. [GEBOORTEDATUM-1], komt mee. Geboortejaar vader: [GEBOORTEDATUM-2].",
        "Op [GEBOORTEDATUM-1] was er een feestje.", "Sinds 2019 en 1990 werken we samen."]  # a bare year is not hunted
    assert set(result.findings["category"]) == {"geboortedatum"} and "3-4-2019" in result.identifiers
    (tmp_path / "quotes.md").write_text("\n".join(result.documents["text"]), encoding="utf-8")
    assert check_published_outputs([tmp_path], result.identifiers) == []
    (tmp_path / "raw.md").write_text("\n".join(texts), encoding="utf-8")
    assert len(check_published_outputs([tmp_path], result.identifiers)) == 2


def test_modes():
    sentence = "Bel Jan Jansen op 06-12345678."
    report = pseudonymise_documents(docs(sentence), mode="rapporteren")
    assert report.documents.loc[0, "text"] == sentence
    assert set(report.findings["category"]) == {"persoon", "telefoon"}
    assert report.identifiers == set()
    off = pseudonymise_documents(docs(sentence), mode="uit")
    assert off.documents.loc[0, "text"] == sentence and off.findings.empty
    on = pseudonymise_documents(docs(sentence))
    assert on.documents.loc[0, "text"] == "Bel [PERSOON-1] op [TELEFOON-1]."
    assert {"Jan Jansen", "06-12345678"} <= on.identifiers


def test_unknown_mode_is_a_config_error():
    from pipeline.config import ConfigError

    with pytest.raises(ConfigError, match="privacymodus"):
        pseudonymise_documents(docs("x"), mode="anoniem")


def test_findings_hold_no_raw_identifiers():
    result = pseudonymise_documents(docs("Mail jan.jansen@example.nl of bel 06-12345678."))
    assert list(result.findings.columns[:5]) == ["doc_id", "category", "placeholder", "start", "end"]
    flat = result.findings.astype(str).to_csv()
    assert "jansen" not in flat and "12345678" not in flat


def test_respondent_ids_that_are_personal_data_are_replaced_but_stay_distinct():
    result = pseudonymise_documents(docs("Goed", "Meer tijd", "Samen", respondent=["Jan Jansen", "p@x.nl", "R3"]))
    respondents = result.documents["respondent"].tolist()
    assert respondents[2] == "R3" and respondents[0].startswith("respondent-") and respondents[1].startswith("respondent-")
    assert respondents[0] != respondents[1]
    assert {"Jan Jansen", "p@x.nl"} <= result.identifiers


def test_the_input_frame_is_not_changed_and_empty_input_works():
    frame = docs("Bel 06-12345678.")
    pseudonymise_documents(frame)
    assert frame.loc[0, "text"] == "Bel 06-12345678."
    assert pseudonymise_documents(docs()).documents.empty


def test_long_runs_of_names_stay_fast():
    import time

    start = time.perf_counter()
    pseudonymise_text("Jan " * 2500 + "(" + "Piet Jansen " * 800)
    assert time.perf_counter() - start < 20


@given(st.lists(st.sampled_from(["Bel", "mail", "de", "wijk", "06-12345678", "Jan Jansen", "jan@example.nl",
                                 "info@wijkteam.nl", "1234 AB", "Kerkstraat 5", "NL91ABNA0417164300", ",", ".",
                                 "078-1234567", "Dordrecht", "Wijkteam", "\n"]), max_size=25),
       st.emails())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_pseudonymisation_never_leaves_an_email_address_and_is_stable(words, email):
    text = " ".join(words) + f" {email} "
    once, _ = pseudonymise_text(text)
    assert "@" not in once.replace("[EMAIL-", "")
    twice, findings = pseudonymise_text(once)
    assert twice == once or not any(f["category"] in ("email", "telefoon", "iban") for f in findings)


# ---- the final guard -------------------------------------------------------------------------------------

def test_guard_finds_leaks_in_every_published_format(tmp_path):
    (tmp_path / "report.md").write_text("Citaat van JANSEN over de wijk.", encoding="utf-8")
    (tmp_path / "report.html").write_text("<p>Jan&#32;Jansen</p>", encoding="utf-8")
    (tmp_path / "counts.csv").write_text("term,n\njansen,3\n", encoding="utf-8")
    (tmp_path / "wordle.svg").write_text("<svg><text>06-12345678</text></svg>", encoding="utf-8")
    (tmp_path / "data.json").write_text(json.dumps({"q": "Mevrouw Jansen"}), encoding="utf-8")
    (tmp_path / "alt.txt").write_text("Geen namen hier; wel Jansenbuurt en jansens.", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "review.xlsx", "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst><si><t>Jansen</t></si></sst>")
    pd.DataFrame({"text": ["Dit zei Jan Jansen"]}).to_parquet(tmp_path / "documents.parquet")
    (tmp_path / "wordle.png").write_bytes(b"\x89PNG Jansen")
    leaks = check_published_outputs([tmp_path], {"Jan Jansen", "Jansen", "06-12345678"})
    leaked = {Path(leak.split(",")[0].split(" > ")[0]).name for leak in leaks}
    assert leaked == {"report.md", "report.html", "counts.csv", "wordle.svg", "data.json", "review.xlsx",
                      "documents.parquet"}
    assert all("Jansen" not in leak and "12345678" not in leak for leak in leaks)


def test_guard_passes_clean_outputs(tmp_path):
    (tmp_path / "report.md").write_text("[PERSOON-1] belde [TELEFOON-1]. Jansenbuurt.", encoding="utf-8")
    assert check_published_outputs([tmp_path / "report.md"], {"Jansen", "06-12345678"}) == []
    assert check_published_outputs([tmp_path / "report.md"], set()) == []


def test_leak_error_is_dutch_and_does_not_repeat_the_identifier():
    error = PrivacyLeakError(["report.md, regel 1: 'J****n'"])
    assert "Privacycontrole mislukt" in str(error) and "J****n" in str(error)


def test_pseudonymised_outputs_pass_the_guard(tmp_path):
    texts = ["Jan Jansen (06-12345678) woont op de Kerkstraat 12, 3311 AB Dordrecht.",
             "Later belde jansen opnieuw; mail naar jan@example.nl.", "Fatma Yilmaz kwam ook."]
    result = pseudonymise_documents(docs(*texts))
    (tmp_path / "quotes.md").write_text("\n".join(result.documents["text"]), encoding="utf-8")
    assert check_published_outputs([tmp_path], result.identifiers) == []
    (tmp_path / "raw.md").write_text("\n".join(texts), encoding="utf-8")
    assert len(check_published_outputs([tmp_path], result.identifiers)) >= 5


def test_person_entities_from_a_spacy_pipeline_are_used():
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("entity_ruler", name="ner").add_patterns([{"label": "PER", "pattern": "Xandru Qovelo"}])
    sentence = "Gesprek met Xandru Qovelo over de buurt."
    assert pseudonymise_documents(docs(sentence)).documents.loc[0, "text"] == sentence  # deduce alone misses it
    result = pseudonymise_documents(docs(sentence), nlp=nlp)
    assert result.documents.loc[0, "text"] == "Gesprek met [PERSOON-1] over de buurt."


@pytest.mark.parametrize("text, expected", [
    ("Casusinbrenger Senait vertelde over haar cliënt.", "Casusinbrenger [PERSOON-1] vertelde over haar cliënt."),
    ("Glenn en zijn partner Shurandy Martina vroegen hulp.", "[PERSOON-1] en zijn partner [PERSOON-2] vroegen hulp."),
    ("'Ik ben Fatou en ik kook graag,' zei ze.", "'Ik ben [PERSOON-1] en ik kook graag,' zei ze."),
    ("Tesfay (22) woont met vier anderen in een woning.", "[PERSOON-1] (22) woont met vier anderen in een woning."),
    ("Xiaoling, de dochter van de eigenaar, vertaalt.", "[PERSOON-1], de dochter van de eigenaar, vertaalt."),
    ("samen met buurvrouw truus de maaltijd gekookt", "samen met buurvrouw [PERSOON-1] de maaltijd gekookt"),
    ("wat ik meeneem: dat anouk gewoon aanbelt", "wat ik meeneem: dat [PERSOON-1] gewoon aanbelt"),
    ("Rami Al-Hussein is nu vrijwilliger.", "[PERSOON-1] [PERSOON-2] is nu vrijwilliger."),  # 'Al-' goes with it
    ("Zijn schoonvader, Abdulrahman Al Khatib, is overleden.", "Zijn schoonvader, [PERSOON-1], is overleden."),
    ("Reactie: 'meneer de Bruin maait het gras'", "Reactie: 'meneer [PERSOON-1] maait het gras'"),
    ("ik heb het met joke besproken", "ik heb het met [PERSOON-1] besproken"),  # 'joke' is a word too
    ("ik heb met els en ruud gesproken", "ik heb met [PERSOON-1] en [PERSOON-2] gesproken"),
    ("Li Na en haar man Zhang Wei willen hun zoon aanmelden.", "[PERSOON-1] en haar man [PERSOON-2] willen hun zoon "
                                                              "aanmelden."),
    ("Gisteren sprak ik met Wang Xiaoling over de buurt.", "Gisteren sprak ik met [PERSOON-1] over de buurt."),
])
def test_names_deduce_does_not_know_are_found_by_their_context(text, expected):
    assert pseudonymise_text(text)[0] == expected


@pytest.mark.parametrize("text", [
    "De speeltuin aan de Graaf Florislaan is al weken dicht.",          # a street without a number
    "Op de Willem de Zwijgerschool is de schoolmaatschappelijk werker er twee dagen.",
    "Het Rode Kruis heeft de noodopvang overgenomen.",                   # capitalised Dutch words
    "De Mantelzorgwaardering 2025 wordt in november uitgekeerd.",         # '-ering' is no street
    "Ik ben blij dat de bewoner Rotterdam kent.",                         # a cue before a word or place
    "Een jongere (16) uit de wijk kwam langs.",                           # an age after a Dutch word
    "We gingen met hoop en vertrouwen naar de wijk, met rust en ruimte.",  # common words after 'met'
    "Dat werd een running joke in het team.",                             # 'joke' without 'met'
    "Na de bijeenkomst stonden Li en Na nog op het bord van de scheikundeles.",
])
def test_places_institutions_and_words_near_name_cues_are_kept(text):
    assert pseudonymise_text(text)[0] == text


def test_an_address_with_a_floor_is_replaced_whole():
    text = "Het gezin woont op de Hugo de Grootstraat 118-II, 3033 KL Rotterdam."
    assert pseudonymise_text(text)[0] == "Het gezin woont op de [ADRES-1], [POSTCODE-1] Rotterdam."


def test_a_dutch_word_that_is_no_name_is_not_hunted_elsewhere():
    # 'Goede Vrijdag' or a mistaken 'van de GGZ' must not wipe out 'goede', 'vrijdag' or 'ggz' in every note
    result = pseudonymise_documents(docs("Sanne en Piet Goede kwamen op Goede Vrijdag, ook iemand van de GGZ.",
                                         "Goede zorg kost tijd; de ggz komt vrijdag."))
    assert result.documents.loc[1, "text"] == "Goede zorg kost tijd; de ggz komt vrijdag."
    assert "Sanne" not in result.documents.loc[0, "text"] and "Piet" not in result.documents.loc[0, "text"]


def test_a_surname_or_first_name_that_is_also_a_rare_word_is_hunted_everywhere(tmp_path):
    # spaCy's tables know 'mulder', 'peters', 'kees' as words; they are names in deduce's lists: privacy first
    result = pseudonymise_documents(docs("Gesprek met mevrouw Peters en Kees Mulder over de buurt.",
                                         "peters gaf aan dat mulder ook kwam; met kees gesproken.",
                                         rol=["wijkcoach", "Mulder"]))
    second = result.documents.loc[1, "text"]
    assert not any(name in second.lower() for name in ("peters", "mulder", "kees"))
    assert "mulder" not in str(result.documents.loc[1, "rol"]).lower()
    (tmp_path / "quotes.md").write_text("Mulder en kees waren er.", encoding="utf-8")
    assert len(check_published_outputs([tmp_path], result.identifiers)) == 2


def test_a_role_before_a_name_stays_a_word_in_every_note():
    # 'Wijkcoach Priya Ramdin' taken whole made 'wijkcoach' a name, hunted in every other note.
    out = pseudonymise_documents(docs("Wijkcoach Priya Ramdin sprak met mevrouw Kramer.",
                                      "Een wijkcoach vertelde over de koffieochtend. De wijkcoach belt haar."))
    assert out.documents["text"].tolist() == ["Wijkcoach [PERSOON-1] sprak met mevrouw [PERSOON-2].",
                                              "Een wijkcoach vertelde over de koffieochtend. De wijkcoach belt haar."]


@pytest.mark.parametrize(("text", "expected"), [
    # surname first, as in lists of those present: the surname is no role or sentence word to strip
    ("Aanwezig: Groenhuis Petra, Jansen Kees.", "Aanwezig: [PERSOON-1], [PERSOON-2]."),
    ("Bos-Visser Petra belde.", "[PERSOON-1] belde."),
    ("Hoogland Petra belde.", "[PERSOON-1] belde."),
    ("GGZ-consulent Priya Ramdin belde.", "GGZ-consulent [PERSOON-1] belde."),
])
def test_a_role_is_stripped_from_a_name_but_a_surname_before_a_first_name_is_not(text, expected):
    assert pseudonymise_text(text)[0] == expected


def test_a_surname_initial_after_a_first_name_is_part_of_the_name():
    assert pseudonymise_text("Petra J. zei: samen leren")[0] == "[PERSOON-1] zei: samen leren"
    assert pseudonymise_text("Ik sprak Petra J. Dat was fijn.")[0] == "Ik sprak [PERSOON-1]. Dat was fijn."
    assert pseudonymise_text("Ik sprak Petra. Jan kwam later.")[0] == "Ik sprak [PERSOON-1]. [PERSOON-2] kwam later."
