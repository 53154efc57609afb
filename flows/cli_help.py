"""The help of the `ontmoeting` command line in Dutch: typer's and click's own texts, replaced."""

from __future__ import annotations

from typer.core import TyperCommand, TyperGroup

RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Argumenten", "OPTIONS_PANEL_TITLE": "Opties", "COMMANDS_PANEL_TITLE": "Opdrachten",
    "DEFAULT_STRING": "[standaard: {}]", "REQUIRED_LONG_STRING": "[verplicht]", "DEPRECATED_STRING": "(verouderd) ",
    "ENVVAR_STRING": "[omgevingsvariabele: {}]", "ERRORS_PANEL_TITLE": "Fout", "ABORTED_TEXT": "Afgebroken.",
    "RICH_HELP": "Hulp: [blue]'{command_path} {help_option}'[/]",
}
USAGE_PREFIX = "Gebruik: "
OPTIONS_METAVAR = "[OPTIES]"
COMMAND_METAVAR = "OPDRACHT [ARGUMENTEN]..."
HELP_OPTION_TEXT = "Toon deze hulp en stop."
FLAG = ""  # metavar of an on/off option: it takes no value, so no '<bool>' after it


def dutch_rich_texts() -> None:
    """Put RICH_TEXTS into typer.rich_utils. They are module-level strings there, which typer translates
    only through a gettext catalogue chosen by the user's locale; setting them is the one way left."""
    from typer import rich_utils

    for name, text in RICH_TEXTS.items():
        if hasattr(rich_utils, name):  # a typer release that renames one: English there, never a broken CLI
            setattr(rich_utils, name, text)  # (tests/flows/test_cli_help.py fails on a renamed one)


class DutchHelp:
    """The usage line and the --help option in Dutch. click writes both as fixed English text; overriding
    these methods in a command class is click's documented way to change them."""

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help, option.metavar = HELP_OPTION_TEXT, FLAG
        return option


class DutchGroup(DutchHelp, TyperGroup):
    pass


class DutchCommand(DutchHelp, TyperCommand):
    pass
