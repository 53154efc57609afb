"""Prefect flows and the `ontmoeting` command line. Orchestration only: the work is in `pipeline/`."""

import os

# Defaults that must be set before Prefect is imported. A fresh machine needs well over Prefect's
# default 20 s to start its temporary server; and users should see our progress, not Prefect's logs.
for _key, _value in {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
}.items():
    os.environ.setdefault(_key, _value)
