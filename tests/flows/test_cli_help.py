"""The help of `ontmoeting` and of each command is Dutch: no English texts of click or typer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from pipeline.paths import PROJECT_ROOT

COMMANDS = ["analyse", "serve", "evalueer-themas", "importeer-correcties", "wordle"]
ENGLISH = ["Usage", "Options", "Show this message and exit", "Commands", "Arguments", "--install-completion",
           "--show-completion", "[default:", "[required]", "Missing", "Error", "COMMAND", "[OPTIONS]", "ARGS",
           "<bool>", "<str>", "<int>", "<float>"]


def help_of(*args: str) -> str:
    """stdout of the real command line; wide, so no phrase is broken over two lines."""
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout


def assert_dutch(text: str, *expected: str) -> None:
    assert not [word for word in ENGLISH if word in text], text
    for word in ("Gebruik: ", "[OPTIES]", "Opties", "--help", "Toon deze hulp en stop.", *expected):
        assert word in text, (word, text)


@pytest.mark.parametrize("args", [(), ("--help",)])
def test_main_help_is_dutch_and_shown_once(args):
    text = help_of(*args)
    assert_dutch(text, "Opdrachten", "OPDRACHT [ARGUMENTEN]...", "--debug", *COMMANDS)
    assert text.count("Gebruik: ") == 1


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_is_dutch(command):
    assert_dutch(help_of(command, "--help"), f"Gebruik: ontmoeting {command} [OPTIES]", "Argumenten",
                 "[verplicht]", "--instellingen", "BESTAND")


def test_a_default_value_is_shown_in_dutch():
    assert "[standaard: 10.0]" in help_of("serve", "--help")


def test_every_text_the_cli_translates_still_exists_in_typer():
    """dutch_rich_texts skips a name a newer typer no longer has (the CLI must keep working); this test says so."""
    from typer import rich_utils

    from flows.cli_help import RICH_TEXTS

    assert [name for name in RICH_TEXTS if not hasattr(rich_utils, name)] == []
