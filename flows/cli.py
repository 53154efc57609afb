"""The `ontmoeting` command line (Dutch). Commands start flows or call `pipeline`; no logic here."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

import flows  # noqa: F401  (sets Prefect defaults before Prefect is imported)
from pipeline.config import ConfigError

app = typer.Typer(help="ontmoeting: thema's, wordles en rapporten uit Nederlandse notities en antwoorden.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

_state = {"debug": False}


@app.callback()
def main_options(debug: Annotated[bool, typer.Option("--debug", help="Toon volledige foutmeldingen.")] = False):
    """Opties die voor alle opdrachten gelden."""
    _state["debug"] = debug
    logging.basicConfig(level=logging.INFO if debug else logging.WARNING, format="%(message)s")


@app.command("analyse")
def analyse(
    pad: Annotated[Path, typer.Argument(help="Map met notities (txt, md, docx, pdf) en antwoorden (csv, xlsx).")],
    uit: Annotated[Optional[Path], typer.Option("--uit", help="Map voor de resultaten (standaard: outputs/).")] = None,
    instellingen: Annotated[Optional[Path], typer.Option("--instellingen", help="YAML met afwijkende instellingen.")] = None,
    stil: Annotated[bool, typer.Option("--stil", help="Geen voortgangsbalk.")] = False,
):
    """Analyseer een map: inlezen, annoteren, thema's, wordles en rapport."""
    from flows.analyse import analyse_corpus
    from flows.progress_bar import corpus_progress

    with corpus_progress(Path(pad), enabled=not stil):
        result = analyse_corpus(str(pad), outputs_dir=str(uit) if uit else None,
                                settings_path=str(instellingen) if instellingen else None)
    typer.echo(f"Run: {result['run']}")
    for wordle in result["wordles"]:
        typer.echo(f"Wordle: {wordle}")
    typer.echo(f"Rapport: {result['report_html']}")
    typer.echo(f"Rapport (Markdown): {result['report_md']}")


def main() -> None:
    """Entry point: run the app; user errors become one Dutch line and exit code 2."""
    try:
        app()
    except ConfigError as error:
        if _state["debug"]:
            raise
        typer.secho(f"Fout: {error}", fg=typer.colors.RED, err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
