"""Project paths in one place, so code, tests and notebooks agree on where things live."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPORA_DIR = PROJECT_ROOT / "corpora"
MODELS_DIR = PROJECT_ROOT / "models"
OUTPUTS_DIR = PROJECT_ROOT / "outputs"
DEFAULT_SETTINGS_FILE = CORPORA_DIR / "instellingen.yaml"
SAMPLE_CORPUS_DIR = CORPORA_DIR / "voorbeeld"
SHARED_DIR = PROJECT_ROOT.parent / "shared"


def resolve_project_path(path: str | Path) -> Path:
    """Return `path` as absolute, reading relative paths from the project root."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
