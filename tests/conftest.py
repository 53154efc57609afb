"""Shared fixtures: one Prefect test server and one Dutch pipeline per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import flows  # noqa: F401  (Prefect defaults before Prefect is imported)
from pipeline.config import load_settings
from pipeline.paths import SAMPLE_CORPUS_DIR


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def dutch_nlp(settings):
    from pipeline.nlp import load_dutch_pipeline

    return load_dutch_pipeline(settings.nlp.model, embedded_model=settings.nlp.embedded_model)


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """A real temporary Prefect server with its own database for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def sample_run(prefect_harness, tmp_path_factory) -> dict:
    """The real analyse flow on the embedded sample corpus, run once per session."""
    from flows.analyse import analyse_corpus

    outputs = tmp_path_factory.mktemp("outputs")
    result = analyse_corpus(str(SAMPLE_CORPUS_DIR), outputs_dir=str(outputs))
    return result | {"outputs": Path(outputs)}
