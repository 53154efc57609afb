"""A trivial flow that starts Prefect's temporary server before a benchmark starts its clock."""

from prefect import flow


@flow(name="opwarmen")
def warmup() -> None:
    """Does nothing; the first flow of a process starts the temporary API server."""
