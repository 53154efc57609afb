# ontmoeting: two commands on a fresh machine.
#   make demo  - installs into .venv and analyses the sample corpus (corpora/voorbeeld)
#   make test  - installs into .venv (with test extras and Chromium) and runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test browser benchmark clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

demo: install
	$(BIN)/ontmoeting analyse corpora/voorbeeld

browser:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || \
	  { (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	    echo "Let op: Chromium kon niet worden geïnstalleerd; browsertests worden overgeslagen."; }

test: install-test browser
	$(BIN)/python -m pytest

benchmark: install
	$(BIN)/python -m benchmarks.throughput

clean:
	rm -rf outputs/*/ outputs/.cache .pytest_cache
