"""The `ontmoeting` command line (Dutch). Commands start flows or call `pipeline`; no logic here."""

from __future__ import annotations

import importlib
import logging
import re
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

import flows  # noqa: F401  (sets Prefect defaults before Prefect is imported)
from flows.cli_help import COMMAND_METAVAR, FLAG, OPTIONS_METAVAR, DutchCommand, DutchGroup, dutch_rich_texts
from pipeline.config import ConfigError
from pipeline.privacy import PrivacyLeakError

dutch_rich_texts()
app = typer.Typer(help="ontmoeting: thema's, wordles en rapporten uit Nederlandse notities en antwoorden.",
                  cls=DutchGroup, options_metavar=OPTIONS_METAVAR, subcommand_metavar=COMMAND_METAVAR,
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
SettingsFile = Annotated[Optional[Path], typer.Option("--instellingen", metavar="BESTAND",
                                                      help="YAML met afwijkende instellingen.")]

_state = {"debug": False}


@app.callback()
def main_options(debug: Annotated[bool, typer.Option("--debug", metavar=FLAG,
                                                     help="Toon volledige foutmeldingen.")] = False):
    """Opties die voor alle opdrachten gelden."""
    _state["debug"] = debug
    logging.basicConfig(level=logging.INFO if debug else logging.WARNING, format="%(message)s")


@app.command("analyse", cls=DutchCommand)
def analyse(
    pad: Annotated[Path, typer.Argument(help="Map met notities (txt, md, docx, pdf) en antwoorden (csv, xlsx).")],
    uit: Annotated[Optional[Path], typer.Option("--uit", metavar="MAP", help=(
        "Map voor de resultaten (standaard: outputs/)."))] = None,
    instellingen: SettingsFile = None,
    stil: Annotated[bool, typer.Option("--stil", metavar=FLAG, help="Geen voortgangsbalk.")] = False,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="ADRES", help=(
        "Annoteer op een Dask-cluster: 'lokaal' (2 processen op deze computer; 'lokaal:4' voor 4) of het adres "
        "van een draaiende scheduler, zoals tcp://server:8786 (zie docs/prestaties.md)."))] = None,
    correcties: Annotated[Optional[Path], typer.Option("--correcties", metavar="BESTAND", help=(
        "Gecorrigeerde voorbeelden voor de thema's: CSV van 'importeer-correcties' of een ingevuld review.xlsx "
        "(zie docs/rapport.md)."))] = None,
    kader: Annotated[Optional[Path], typer.Option("--kader", metavar="BESTAND", help=(
        "YAML met een eigen themakader; vervangt themes.framework uit de instellingen."))] = None,
):
    """Analyseer een map: inlezen, annoteren, thema's, wordles en rapport."""
    from flows.analyse import analyse_corpus
    from flows.progress_bar import corpus_progress
    from pipeline.stages import check_run_inputs

    # Mistakes a user can fix are reported before the flow starts, so no Prefect traceback precedes them.
    check_run_inputs(pad, settings_path=instellingen, framework_path=framework_option(kader), corrections=correcties)
    if not _state["debug"]:
        for name in ("prefect.flow_runs", "prefect.task_runs"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    if dask:
        from pipeline.cluster import local_workers

        local_workers(dask)  # a wrong address fails now, not after reading the corpus
    with corpus_progress(Path(pad), enabled=not stil):
        result = analyse_corpus(str(pad), outputs_dir=str(uit) if uit else None,
                                settings_path=str(instellingen) if instellingen else None, dask=dask,
                                corrections=str(correcties) if correcties else None,
                                framework_path=framework_option(kader))
    typer.echo(f"Run: {result['run']}")
    for wordle in result["wordles"]:
        typer.echo(f"Wordle: {wordle}")
    typer.echo(f"Rapport: {result['report_html']}")
    typer.echo(f"Rapport (Markdown): {result['report_md']}")
    typer.echo(f"Review (correcties): {result['review']}")


@app.command("serve", cls=DutchCommand)
def serve(
    pad: Annotated[Path, typer.Argument(help="Map die wordt bewaakt (notities en antwoorden).")],
    interval: Annotated[float, typer.Option("--interval", metavar="MINUTEN", help=(
        "Minuten tussen twee controles (mag een breuk zijn)."))] = 10.0,
    uit: Annotated[Optional[Path], typer.Option("--uit", metavar="MAP", help=(
        "Map voor de resultaten (standaard: outputs/)."))] = None,
    instellingen: SettingsFile = None,
    server: Annotated[Optional[str], typer.Option("--server", metavar="URL", help=(
        "URL van een draaiende Prefect-server (standaard: PREFECT_API_URL; anders start ontmoeting er zelf "
        "een)."))] = None,
    correcties: Annotated[Optional[Path], typer.Option("--correcties", metavar="BESTAND", help=(
        "Correcties voor elke analyse: CSV van 'importeer-correcties' of een ingevuld review.xlsx (docs/serve.md)."))] = None,
    kader: Annotated[Optional[Path], typer.Option("--kader", metavar="BESTAND", help=(
        "YAML met een eigen themakader; vervangt themes.framework uit de instellingen."))] = None,
):
    """Bewaak een map: analyseer volgens een vast interval, alleen als er iets nieuw of gewijzigd is (docs/serve.md)."""
    from flows.serve import serve_folder

    serve_folder(pad, interval_minutes=interval, outputs_dir=uit, settings_path=instellingen, server_url=server,
                 corrections=correcties, framework_path=framework_option(kader), echo=typer.echo)


@app.command("evalueer-themas", cls=DutchCommand)
def evalueer_themas(
    goud: Annotated[Path, typer.Argument(help="CSV met kolommen text en themes (ids gescheiden door ';').")],
    json_uit: Annotated[Optional[Path], typer.Option("--json", metavar="BESTAND", help=(
        "Schrijf de maten naar dit JSON-bestand."))] = None,
    voorspellingen: Annotated[Optional[Path], typer.Option("--voorspellingen", metavar="BESTAND", help=(
        "Schrijf de voorspellingen per alinea naar deze CSV."))] = None,
    kader: Annotated[Optional[Path], typer.Option("--kader", metavar="BESTAND", help=(
        "YAML met het themakader (standaard uit de instellingen)."))] = None,
    drempel: Annotated[Optional[float], typer.Option("--drempel", metavar="GETAL", help=(
        "Minimale themascore (0-1; standaard uit de instellingen)."))] = None,
    instellingen: SettingsFile = None,
):
    """Meet de thema-toekenning tegen een goudstandaard: precisie, recall en F1 per thema, top-1 en macro-F1."""
    from pipeline.config import load_settings
    from pipeline.evaluation import evaluate_gold_file, format_metrics, write_evaluation

    settings = load_settings(instellingen)
    metrics, predictions = evaluate_gold_file(goud, settings=settings, framework_path=framework_option(kader),
                                              threshold=drempel)
    typer.echo(format_metrics(metrics, metrics["labels"]))
    write_evaluation(metrics, predictions, json_path=json_uit, csv_path=voorspellingen)
    for path in (json_uit, voorspellingen):
        if path:
            typer.echo(f"Geschreven: {path}")

@app.command("importeer-correcties", cls=DutchCommand)
def importeer_correcties(
    review: Annotated[Path, typer.Argument(help="Ingevuld export/review.xlsx (of review.csv) uit een run.")],
    uit: Annotated[Path, typer.Option("--uit", metavar="BESTAND", help=(
        "CSV voor de gecorrigeerde voorbeelden, bijvoorbeeld corpora/correcties/NAAM.csv."))],
    instellingen: SettingsFile = None,
):
    """Lees de kolom 'correctie' van een reviewbestand terug als voorbeelden (text, themes) voor de thema's (docs/rapport.md)."""
    from pipeline import corrections as corrections_module
    from pipeline.config import load_settings
    from pipeline.stages import load_framework

    corrections = corrections_module.read_reviewed_file(
        review, framework_ids=lambda: load_framework(load_settings(instellingen)).theme_ids)
    corrections, carried = corrections_module.carry_unmatched(corrections, review)
    path = corrections_module.write_examples(corrections, uit)
    typer.echo(f"{len(corrections)} gecorrigeerde fragmenten geschreven naar {path}")
    if carried:
        typer.echo(f"Daarvan {carried} uit {corrections_module.UNMATCHED_FILE}: correcties van de vorige ronde die "
                   "de run niet kon toepassen (ze staan niet in het reviewbestand) blijven zo bewaard.")


@app.command("wordle", cls=DutchCommand)
def wordle(
    bestanden: Annotated[list[Path], typer.Argument(help="Pollexport (.xlsx of .csv); meerdere bestanden geven ook "
                                                     "een reeks op één schaal.")],
    vraag: Annotated[Optional[str], typer.Option("--vraag", metavar="TEKST", help=(
        "De gestelde vraag (vervangt die uit het bestand)."))] = None,
    uit: Annotated[Optional[Path], typer.Option("--uit", metavar="MAP", help=(
        "Map voor de wordles (standaard: outputs/wordles/BESTAND)."))] = None,
    kolommen: Annotated[Optional[list[str]], typer.Option("--kolom", metavar="KOLOM", help=(
        "Naam van de antwoordkolom (één)."))] = None,
    min_respondenten: Annotated[Optional[int], typer.Option("--min-respondenten", metavar="AANTAL", help=(
        "Minimaal aantal respondenten per woord (standaard: wordle.min_respondents)."))] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", metavar="GETAL", help=(
        "Startwaarde van de opmaak; dezelfde seed geeft hetzelfde plaatje."))] = None,
    houd_vraagwoord: Annotated[bool, typer.Option("--houd-vraagwoord", metavar=FLAG, help=(
        "Laat het sleutelwoord van de vraag in de wordle."))] = False,
    instellingen: SettingsFile = None,
    overschrijven: Annotated[bool, typer.Option("--overschrijven", metavar=FLAG, help=(
        "Vervang de wordles die al in de map van --uit staan (anders stopt de opdracht)."))] = False,
    prive_termen: Annotated[bool, typer.Option("--prive-termen", metavar=FLAG, help=(
        "Schrijf ook alle-termen-prive.csv (alle termen, ook die onder de drempel, om varianten te vinden) in de "
        "map van --uit. Niet publiceren."))] = False,
):
    """Maak een wordle (PNG 300 dpi, SVG, tellingen, alt-tekst en manifest.json) van een pollexport."""
    from pipeline import runs
    from pipeline.paths import OUTPUTS_DIR
    from pipeline.wordle_text import question_from_header
    from pipeline.wordles import wordles_from_polls

    kolom = one_column(kolommen)
    settings = wordle_settings(instellingen, min_respondents=min_respondenten, seed=seed, keep_word=houd_vraagwoord)
    out_dir = uit or OUTPUTS_DIR / "wordles" / bestanden[0].stem
    runs.check_output_folder(out_dir, overwrite=overschrijven)
    question = vraag or question_from_header(kolom, answer_columns=settings.ingest.answer_columns)
    outputs = wordles_from_polls(bestanden, settings=settings, out_dir=out_dir, question=question,
                                 answer_column=kolom, question_given=vraag is not None, private_terms=prive_termen)
    runs.write_wordle_manifest(out_dir, settings=settings.to_dict(), question=question, answer_column=kolom,
                               inputs=bestanden, publish=published_name_function(settings.privacy.mode))
    echo_wordles(outputs, out_dir=out_dir, privacy_mode=settings.privacy.mode)


def published_name_function(mode: str):
    """How the wordle's manifest writes file names and the command line: with a person's name coded (numbers
    left out: they are not the codes of the answers), unless privacy is switched off by the user."""
    if mode != "pseudonimiseren":
        return str
    from pipeline.privacy import code_name

    return code_name


def one_column(columns: list[str] | None) -> str | None:
    """The one --kolom; several would silently become the last one, so that is a Dutch error."""
    if columns and len(columns) > 1:
        raise ConfigError("Geef één --kolom per wordle. Meer vragen uit één export: maak per kolom een wordle, of "
                          "gebruik 'ontmoeting analyse' met antwoordkolom als lijst in corpus.yaml (zie README).")
    return columns[0] if columns else None


def wordle_settings(path: Path | None, *, min_respondents: int | None, seed: int | None, keep_word: bool):
    """The settings of `ontmoeting wordle`: the file's (or the defaults), with the options given on top."""
    from pipeline.config import load_settings

    chosen = {"min_respondents": min_respondents, "seed": seed, "drop_question_word": False if keep_word else None}
    return load_settings(path, overrides={"wordle": {k: v for k, v in chosen.items() if v is not None}})


def echo_wordles(outputs: list, *, out_dir: Path, privacy_mode: str) -> None:
    """Print what `ontmoeting wordle` wrote: privacy findings, the private term list, each wordle's files."""
    import pandas as pd

    from pipeline.privacy import FINDINGS_FILE
    from pipeline.wordle_output import PRIVATE_TERMS_FILE

    findings = out_dir / FINDINGS_FILE
    if findings.is_file():
        action = "vervangen" if privacy_mode == "pseudonimiseren" else "gevonden, niet vervangen (privacy.mode)"
        typer.echo(f"Persoonsgegevens {action}: {len(pd.read_csv(findings))}. Zie {findings}")
    if (out_dir / PRIVATE_TERMS_FILE).is_file():
        typer.echo(f"Alle termen (NIET PUBLICEREN, alleen voor uzelf): {out_dir / PRIVATE_TERMS_FILE}")
    if not outputs:
        typer.echo(f"Geen wordle gemaakt: te weinig woorden. Zie {out_dir / 'overzicht.csv'}")
    for output in outputs:
        typer.echo(f"Wordle {output.name}:\n  PNG: {output.png}\n  SVG: {output.svg}\n"
                   f"  Tellingen: {output.counts_csv}\n  Alt-tekst: {output.png.parent / 'alt.txt'}")


def framework_option(kader: Path | None) -> str | None:
    """--kader as a settings value: an absolute path, a relative one read from the current folder (as every
    path on the command line; a path in a settings file is read from that file's folder)."""
    return None if kader is None else str(kader.expanduser().resolve())


# click's own messages are English; the ones a user meets by mistyping a command, in Dutch.
USAGE_MESSAGES = [
    (re.compile(r"No such command '(.+)'\. Did you mean '(.+)'\?"), "Onbekende opdracht '{0}' (bedoelt u '{1}'?)"),
    (re.compile(r"No such command '(.+)'\."), "Onbekende opdracht '{0}'"),
    (re.compile(r"Missing command\."), "Geef ook een opdracht, zoals analyse of wordle"),
    (re.compile(r"Missing argument '?([^'.]+)'?\..*", re.S), "Het argument {0} ontbreekt"),
    (re.compile(r"Missing (?:option|parameter) '?([^'.]+)'?\..*", re.S), "De optie {0} ontbreekt"),
    (re.compile(r"Option '(.+)' requires an argument\."), "De optie {0} heeft een waarde nodig"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)"), "Onverwacht extra argument: {0}"),
    (re.compile(r"Invalid value for '(.+)': (?:'.*' is not a valid integer|Input should be a valid integer).*"),
     "{0} moet een geheel getal zijn"),
    (re.compile(r"Invalid value for '(.+)': (?:'.*' is not a valid float|Input should be a valid number).*"),
     "{0} moet een getal zijn (met een punt: 0.4)"),
    (re.compile(r"Invalid value for '(.+)': (.+)"), "Ongeldige waarde voor {0}: {1}"),
]


def _click_error_modules() -> list:
    """The exceptions module of click (typer before 0.2x) and of typer's own copy of click (typer 0.2x)."""
    modules = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            continue
    return modules


USAGE_ERRORS = tuple(m.ClickException for m in _click_error_modules())
ABORTS = (typer.Abort, *(m.Abort for m in _click_error_modules() if hasattr(m, "Abort")))


def dutch_usage_error(error: Exception) -> str:
    """One Dutch line for a mistake in the command itself (unknown option, missing argument, bad number)."""
    if type(error).__name__ == "NoSuchOption":
        message = f"Onbekende optie {error.option_name}"
        if error.possibilities:
            message += f" (bedoelt u {' of '.join(sorted(error.possibilities))}?)"
    else:
        message = error.format_message()
        message = next((dutch.format(*match.groups()) for pattern, dutch in USAGE_MESSAGES
                        if (match := pattern.fullmatch(message))), message)
    ctx = getattr(error, "ctx", None)
    # without a context (an option without its value) the command is the first word the app knows
    command = ctx.command_path.partition(" ")[2] if ctx else next(
        (word for word in sys.argv[1:] if word in {c.name for c in app.registered_commands}), "")
    return f"{message.rstrip('.')}. Hulp: ontmoeting {command + ' ' if command else ''}--help"


def main() -> None:
    """Entry point: run the app; user errors become one Dutch line and exit code 2."""
    try:
        code = app(prog_name="ontmoeting", standalone_mode=False)
    except USAGE_ERRORS as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # 'ontmoeting' alone: the help, once
            if help_text := error.format_message():  # empty when rich has already printed it
                typer.echo(help_text)
            sys.exit(0)
        typer.secho(f"Fout: {dutch_usage_error(error)}", fg=typer.colors.RED, err=True)
        sys.exit(error.exit_code)
    except ABORTS:
        typer.secho("Afgebroken.", fg=typer.colors.RED, err=True)
        sys.exit(1)
    except ConfigError as error:
        if _state["debug"]:
            raise
        typer.secho(f"Fout: {error}", fg=typer.colors.RED, err=True)
        sys.exit(2)
    except PrivacyLeakError as error:
        if _state["debug"]:
            raise
        typer.secho(f"Privacy: {error}", fg=typer.colors.RED, err=True)
        sys.exit(3)
    if isinstance(code, int) and code:  # a command that returned an exit code (typer.Exit)
        sys.exit(code)


if __name__ == "__main__":
    main()
