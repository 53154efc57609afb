"""ontmoeting: Dutch text mining for the social domain (library; never imports Prefect)."""

__version__ = "0.1.0"
