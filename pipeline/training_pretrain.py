"""Pretrain the tok2vec of the embedded Dutch pipeline on raw text (`spacy pretrain`, characters objective).

Plain functions (no Prefect). The weights file goes to `[initialize] init_tok2vec` of the training config;
it adds nothing to the shipped model's size.
"""

from __future__ import annotations

from pathlib import Path

from thinc.api import Config

from pipeline.training_template import PRETRAIN_DEFAULTS


def build_pretrain_config(config_text: str, *, raw_text: str | Path, max_epochs: int) -> Config:
    """The training config plus spaCy's default `[pretraining]` block (characters objective, the one
    `build_config` adds for `init_tok2vec`) reading `raw_text`, interpolated for `spacy pretrain`."""
    config = Config().from_str(config_text, interpolate=False)
    config = Config().from_disk(PRETRAIN_DEFAULTS, interpolate=False).merge(config)
    config["paths"]["raw_text"] = str(raw_text)
    config["pretraining"]["max_epochs"] = max_epochs
    return config.interpolate()


def pretrain_tok2vec(config_text: str, *, raw_text: str | Path, out_dir: str | Path, max_epochs: int) -> Path:
    """Run `spacy pretrain` for `max_epochs` on the JSONL `raw_text`; return the last weights file.

    The training config (with its seed) defines the tok2vec, so the weights fit it exactly.
    """
    from spacy.training.pretrain import pretrain

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("model*.bin"):
        old.unlink()
    (out_dir / "log.jsonl").unlink(missing_ok=True)
    pretrain(build_pretrain_config(config_text, raw_text=raw_text, max_epochs=max_epochs), out_dir,
             use_gpu=-1, silent=True, skip_last=True)
    return out_dir / f"model{max_epochs - 1}.bin"
