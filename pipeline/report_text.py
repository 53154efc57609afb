"""The report's Dutch prose: the summary, the reading guide, the method note and the small helpers that
write counts, shares and decimals the Dutch way ('1 fragment', '5,8%', '0,45').

Plain values in, strings out; `pipeline.report_views` and the templates use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.corrections import UNMATCHED_FILE
from pipeline.wordle_text import PLACEHOLDER_RE

if TYPE_CHECKING:
    from pipeline.reports import ReportInputs

MODEL_KINDS = {"package": "geïnstalleerd spaCy-pakket", "embedded": "ingebouwd", "blank": "leeg model, zonder training"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
N_TOP_THEMES = 3  # themes named in the summary
MAX_QUESTIONS = 3  # more questions than this are counted, not quoted, in the summary
OPEN_QUOTES, CLOSE_QUOTES = "“\"'„‘«", "”\"'’»"


def percent(share: float) -> str:
    """0.0577 -> '5,8%'."""
    return f"{100 * float(share):.1f}%".replace(".", ",")


def quoted(text: str) -> str:
    """The text between Dutch quote marks, unless it already starts and ends with quote marks."""
    text = str(text)
    if len(text) > 1 and text[0] in OPEN_QUOTES and text[-1] in CLOSE_QUOTES:
        return text
    return f"“{text}”"


def has_words(text: str) -> bool:
    """False for text without letters or with only privacy codes: '...', '2015', '💪', '[PERSOON-4]'."""
    return any(c.isalpha() for c in PLACEHOLDER_RE.sub("", str(text)))


def dutch_date(value: Any) -> str:
    """'2024-02-15' -> '15 februari 2024'; other text as given."""
    date = pd.to_datetime(value, errors="coerce")
    return str(value) if pd.isna(date) else f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def wordle_title(name: str, questions: list[str]) -> str:
    """A readable caption for the wordle folder `name`: the question it answers, or 'Notities'."""
    from pipeline.wordle_output import answers_name  # the naming rule of the wordle folders

    for question in questions:
        if name == answers_name(question):
            return question
        if name.startswith(answers_name(question) + "-per-"):
            return f"{question} (per {name.rsplit('-per-', 1)[1].replace('-', ' ')})"
    return {"notities": "Notities", "antwoorden": "Antwoorden"}.get(name, name)


def model_kind(kind: str) -> str:
    """The model's kind in the report's words; the run's manifest keeps the English fingerprint."""
    return MODEL_KINDS.get(kind, kind)


def learned_note(n_files: int, *, sentence_vectors: bool | None) -> str:
    """The paragraph on the learned part of the theme engine (Dutch)."""
    meaning = (", en met zinsvectoren (Universal Sentence Encoder multilingual) ook welke betekenis,"
               if sentence_vectors else "")
    return (f"Daarnaast weegt een classificatie mee die uit de gelabelde alinea's van het kader "
            f"({counted(n_files, 'bestand', 'bestanden')}) heeft geleerd welke woorden{meaning} bij een thema of bij "
            f"'geen thema' horen. Het thema dat zij het waarschijnlijkst vindt, telt ook als bewijs; bij het citaat "
            f"staat dan 'uit voorbeelden: …'.")


def negation_example(framework) -> str:
    """A negation that names the framework's first theme, so the example fits any framework (Dutch)."""
    label = framework.themes[0].label.strip() if framework.themes else ""
    if not label:
        return "'daar ging het vandaag niet over'"
    if len(label) > 1 and label[1].islower():  # 'Lichaamsfuncties' → 'lichaamsfuncties', not 'GGD' → 'gGD'
        label = label[0].lower() + label[1:]
    return f"'het ging vandaag niet over {label}'"


def method_note(data: ReportInputs) -> list[str]:
    """Plain-text paragraphs on how the themes were found and what that cannot tell (Dutch)."""
    fw, model, method = data.framework, data.model, data.method
    threshold = decimal(method.get("threshold", "?"), digits=None)
    max_themes = method.get("max_themes", "?")
    max_themes = counted(max_themes, "thema", "thema's") if isinstance(max_themes, int) else f"{max_themes} thema's"
    evidence = ("alleen met bewijs (een herkend woord, of de voorkeur van de geleerde classificatie hieronder)"
                if fw.example_files else "alleen als er minstens één herkend woord als bewijs is")
    paragraphs = [
        f"Elk fragment (een zin uit een notitie of een volledig antwoord) krijgt per thema een score tussen 0 en 1. "
        f"De score telt de kernwoorden en vaste woordcombinaties uit het kader '{fw.name}' (versie {fw.version}) "
        f"die in het fragment voorkomen, ook als deel van een samengesteld woord; zeldzame woorden wegen zwaarder "
        f"dan alledaagse en de zinnen eromheen tellen licht mee. Een thema wordt toegekend vanaf score {threshold}, "
        f"{evidence}, en een fragment krijgt hoogstens {max_themes}. Bij elk citaat staat aan welke woorden het "
        f"thema is herkend.",
        f"Zinsgrenzen en lemma's (woordenboekvormen) komen van het taalmodel {model.get('name', '?')} "
        f"{model.get('version', '')} ({model_kind(model.get('kind', '?'))}). Een zin eindigt alleen bij een punt, vraagteken, "
        f"uitroepteken, dubbele punt of puntkomma, of bij een regeleinde; afgekapte lemma's ('loslat') en "
        "onveranderd gelaten vervoegingen worden met de Nederlandse woordenlijsten van spaCy hersteld.",
        "Beperkingen: de automatische codering herkent woorden, geen bedoelingen. Ontkenningen "
        f"({negation_example(fw)}), ironie en passages die een thema in heel andere woorden beschrijven worden "
        "verkeerd of niet herkend. Aandelen zijn aandelen van fragmenten, niet van personen of meningen: een "
        "lange notitie weegt zwaarder dan een kort antwoord. Het corpus is geen steekproef; verschillen tussen "
        "bijeenkomsten, gemeenten of rollen zijn aanwijzingen om verder te lezen, geen bewijs. Lees de citaten in "
        "hun context voordat u conclusies trekt.",
        privacy_note(method.get("privacy", "?"), counts=method.get("privacy_counts") or {}),
        "Controleren en verbeteren: in export/review.xlsx staat elk fragment met de voorgestelde thema's; vul de "
        "kolom 'correctie' in en lees de correcties terug met 'ontmoeting importeer-correcties'. Het bestand "
        "export/project.qdpx opent de fragmenten met hun codering in ATLAS.ti, MAXQDA, NVivo of QualCoder.",
    ]
    if data.clusters is not None:
        paragraphs.insert(3, "Opkomende thema's zijn groepen fragmenten die op elkaar lijken (clustering). Hun "
                             "namen zijn de meest kenmerkende woorden, geen interpretatie: beoordeel zelf of er een "
                             "nieuw thema achter zit.")
    if method.get("corrections"):
        paragraphs.insert(1, corrections_note(method["corrections"]))
    if fw.example_files:
        paragraphs.insert(1, learned_note(len(fw.example_files), sentence_vectors=method.get("sentence_vectors")))
    return paragraphs


PRIVACY_CATEGORY_WORDS = {  # privacy_codes' categories, singular and plural
    "persoon": ("naam", "namen"), "email": ("e-mailadres", "e-mailadressen"),
    "telefoon": ("telefoonnummer", "telefoonnummers"), "postcode": ("postcode", "postcodes"),
    "adres": ("adres", "adressen"), "bsn": ("BSN", "BSN's"), "iban": ("IBAN", "IBAN's"),
    "geboortedatum": ("geboortedatum", "geboortedata")}


def privacy_note(mode: str, *, counts: dict[str, int]) -> str:
    """What the privacy step did in this run, in the words of the setting that decides it (privacy.mode); `counts`:
    the different codes per category. Any other mode than 'pseudonimiseren' says that nothing was replaced."""
    if mode == "pseudonimiseren":
        found = ", ".join(f"{n} {PRIVACY_CATEGORY_WORDS.get(c, (c, c))[n != 1]}" for c, n in sorted(counts.items()) if n)
        return ("Namen, e-mailadressen, telefoonnummers en adressen zijn automatisch vervangen door codes zoals "
                f"[PERSOON-1] (privacy.mode: pseudonimiseren{'; verschillende codes: ' + found if found else ''}). "
                "Automatische pseudonimisering kan iets missen: lees citaten na voordat u ze buiten het team deelt.")
    if mode == "rapporteren":
        return ("Let op: persoonsgegevens zijn in deze run alleen gemeld, NIET vervangen (privacy.mode: rapporteren). "
                "Citaten, tabellen en wordles kunnen namen, e-mailadressen en telefoonnummers uit de teksten bevatten.")
    return (f"Let op: persoonsgegevens zijn in deze run NIET vervangen (privacy.mode: {mode}). Namen, e-mailadressen "
            "en telefoonnummers uit de teksten kunnen in citaten, tabellen en wordles staan; deel dit rapport alleen "
            "met wie de oorspronkelijke teksten mag lezen.")


def corrections_note(counts: dict[str, int]) -> str:
    """What the researcher's corrections did in this run (Dutch): given, applied, not found, and where the
    ones not found are listed (corrections.write_unmatched_corrections)."""
    given, applied, unmatched = (int(counts.get(key, 0)) for key in ("given", "applied", "unmatched"))
    fragments = int(counts.get("fragments", applied))
    return (f"Correcties van onderzoekers: {counted(given, 'correctie', 'correcties')} gegeven, waarvan {applied} "
            f"toegepast op {counted(fragments, 'fragment', 'fragmenten')} van deze run en {unmatched} zonder "
            "bijbehorend fragment (de tekst is veranderd of komt niet in dit corpus voor). Een gecorrigeerd "
            "fragment krijgt precies de thema's van de correctie (bewijs: 'correctie onderzoeker'), ook als de "
            "score lager is dan de drempel; 'geen' betekent geen thema. De correcties dienen daarnaast als "
            "voorbeelden waarvan de thema-toekenning voor de andere fragmenten leert."
            + (f" De correcties zonder fragment staan in export/{UNMATCHED_FILE}: 'ontmoeting "
               "importeer-correcties' neemt ze mee naar de volgende ronde (zie docs/rapport.md)."
               if unmatched else ""))


def listed(words: list[str]) -> str:
    """"'a', 'b' en 'c'"."""
    return and_list([f"'{w}'" for w in words])


def and_list(items: list[str]) -> str:
    """'a, b en c'."""
    return " en ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def counted(n: int, one: str, many: str) -> str:
    """'1 fragment', '3 fragmenten'."""
    return f"{n} {plural(n, one, many)}"


def decimal(value: Any, *, digits: int | None = 2) -> str:
    """A number with a Dutch decimal comma: 0.914 -> '0,91'; `digits=None` keeps it as given (0.2 -> '0,2')."""
    text = str(value) if digits is None else f"{float(value):.{digits}f}"
    return text.replace(".", ",")


def summary(overview: dict, distribution: pd.DataFrame, *, documents: pd.DataFrame, n_themed: int,
            framework_name: str, largest_group: dict | None) -> list[str]:
    """The report's opening paragraphs (Dutch): what was analysed, the themes found, and what got none."""
    found = [*theme_sentences(distribution, n_themed=n_themed, n_segments=overview["fragmenten"],
                              framework_name=framework_name), *group_sentence(largest_group)]
    paragraphs = [corpus_sentences(overview, documents), found[:2], found[2:]]  # what, themes, the rest
    return [" ".join(sentences) for sentences in paragraphs if sentences]


def corpus_sentences(overview: dict, documents: pd.DataFrame) -> list[str]:
    """'Geanalyseerd zijn 8 notities en 151 antwoorden van 8 bijeenkomsten, van … tot en met ….'"""
    others = overview["documenten"] - overview["notities"] - overview["antwoorden"]  # a free 'soort' in corpus.yaml
    kinds = [counted(n, one, many) for n, one, many in
             ((overview["notities"], "notitie", "notities"), (overview["antwoorden"], "antwoord", "antwoorden"),
              (others, "ander document", "andere documenten")) if n > 0]
    what = and_list(kinds) or counted(overview["documenten"], "document", "documenten")
    meetings = f" van {counted(overview['bijeenkomsten'], 'bijeenkomst', 'bijeenkomsten')}" \
        if overview["bijeenkomsten"] else ""
    dates = sorted(d for d in pd.to_datetime(documents.get("datum", pd.Series(dtype=str)), errors="coerce")
                   if not pd.isna(d))
    period = "" if not dates else f", op {dutch_date(dates[0])}" if dates[0] == dates[-1] else \
        f", van {dutch_date(dates[0])} tot en met {dutch_date(dates[-1])}"
    sentences = [f"Geanalyseerd {plural(overview['documenten'], 'is', 'zijn')} {what}{meetings}{period}."]
    questions = answer_questions(documents)
    if len(questions) > MAX_QUESTIONS:
        sentences.append(f"De antwoorden zijn gegeven op {len(questions)} verschillende vragen.")
    elif questions:
        asked = and_list([quoted(q) for q in questions])
        sentences.append(f"De antwoorden zijn gegeven op de {plural(len(questions), 'vraag', 'vragen')} {asked}.")
    sentences.append("Dat is 1 fragment." if overview["fragmenten"] == 1 else
                     f"Samen zijn dat {counted(overview['fragmenten'], 'fragment', 'fragmenten')}.")
    return sentences


def answer_questions(documents: pd.DataFrame) -> list[str]:
    """The questions of the answers, in order of first appearance."""
    if "vraag" not in documents or "kind" not in documents:
        return []
    asked = documents.loc[documents["kind"] == "antwoord", "vraag"].dropna().astype(str).str.strip()
    return [q for q in asked.drop_duplicates() if q]


def theme_sentences(distribution: pd.DataFrame, *, n_themed: int, n_segments: int, framework_name: str) -> list[str]:
    """How many fragments got a theme, the themes with the most fragments, and what 'no theme' means."""
    if not n_segments:
        return ["Er zijn geen fragmenten om thema's in te herkennen."]
    some = "een of meer thema's" if len(distribution) > 1 else "het thema"
    if n_segments == 1:
        return [f"Het enige fragment kreeg {some if n_themed else 'geen thema'} uit het kader '{framework_name}'."]
    if not n_themed:
        return [f"Geen van de {n_segments} fragmenten kreeg een thema uit het kader '{framework_name}'."]
    top = distribution[distribution["fragmenten"] > 0].sort_values("fragmenten", ascending=False, kind="stable")
    named = [f"{r.label} ({r.theme_id}; {counted(r.fragmenten, 'fragment', 'fragmenten')}, "
             f"{percent(r.fragmenten / n_themed)}{' van de fragmenten met een thema' if i == 0 else ''})"
             for i, r in enumerate(top.head(N_TOP_THEMES).itertuples(index=False))]
    sentences = [f"{n_themed} van de {n_segments} fragmenten ({percent(n_themed / n_segments)}) "
                 f"{plural(n_themed, 'kreeg', 'kregen')} {some} uit het kader '{framework_name}'.",
                 plural(len(named), "Het thema", "De thema's") + f" met de meeste fragmenten: {and_list(named)}."]
    free = n_segments - n_themed
    if free:
        most = free / n_segments > 0.5
        sentences.append(
            f"{counted(free, 'fragment', 'fragmenten')} ({percent(free / n_segments)}) "
            f"{plural(free, 'kreeg', 'kregen')} geen thema: "
            + ("de meeste tekst gaat over iets anders dan het kader, of zegt het in andere woorden. Aandelen van "
               "alle fragmenten zijn daardoor klein; de tabel geeft ook het aandeel van de fragmenten met een thema."
               if most else "die tekst gaat over iets anders dan het kader, of zegt het in andere woorden."))
    return sentences


def theme_explanation(framework_name: str, kinds: list[str]) -> str:
    """'Thema' in the reading guide: the framework's own kinds of theme ('een les of een principe')."""
    named = list(dict.fromkeys(k for k in kinds if k and k != "thema"))
    what = " of een ".join(named) if named else "thema"
    alike = f"; {'beide' if len(named) == 2 else 'alle'} worden op dezelfde manier herkend en geteld" \
        if len(named) > 1 else ""
    return (f"een {what} uit het kader '{framework_name}'{alike}. Een fragment kan meer dan één thema "
            "krijgen.")


def group_sentence(group: dict | None) -> list[str]:
    """The largest group of fragments without a theme (an emerging theme), if there is one."""
    if not group:
        return []
    words = f"als kenmerkende woorden {listed(group['terms'][:3])}" if group["terms"] else f"de naam '{group['title']}'"
    return [f"De grootste groep fragmenten zonder thema, een mogelijk opkomend thema, telt "
            f"{counted(group['size'], 'fragment', 'fragmenten')} en heeft {words}."]


def reading_guide(*, threshold: Any, framework_name: str, kinds: list[str], with_groups: bool) -> list[tuple[str, str]]:
    """The words of the report explained (Dutch), as (term, explanation)."""
    guide = [
        ("Fragment", "een zin uit een notitie of een volledig antwoord. Alle tellingen in dit rapport zijn "
                     "tellingen van fragmenten."),
        ("Woorden", "woorden zoals de taalanalyse ze telt: ook getallen en afkortingen, geen leestekens of losse "
                    "tekens als '-' en '...'. Hetzelfde aantal toont 'ontmoeting analyse' bij 'Annoteren'."),
        ("Thema", theme_explanation(framework_name, kinds)),
        ("Score en drempel", "per fragment en thema een getal van 0 tot 1: hoe sterk de woorden van het thema in "
                             f"het fragment voorkomen. Vanaf de drempel ({decimal(threshold, digits=None)}) krijgt "
                             "het fragment het thema."),
        ("Opkomend thema", "een groep fragmenten zonder thema die onderling dezelfde woorden gebruiken: een "
                           "aanwijzing, geen vastgesteld thema. Hun 'woordovereenkomst' met een thema is een andere "
                           "maat dan de score van een fragment."),
        ("Bijterm", "een woord dat in het kader bij een thema staat en maar voor een deel meetelt; bijtermen "
                    "alleen zijn niet genoeg voor het thema."),
        ("Aandelen", "altijd van fragmenten, niet van mensen: een lange notitie telt met veel zinnen mee, "
                     "een kort antwoord als één fragment."),
    ]
    return [item for item in guide if with_groups or item[0] != "Opkomend thema"]
