"""Measure the theme engine: a labelled gold file (text, themes) and an off-topic corpus.

Each gold row is a paragraph; it is annotated as one segment (kind 'antwoord') and scored as a
whole. Metrics: per-theme precision/recall/F1, top-1 accuracy (the best assigned theme is a gold
theme; for a row without gold theme: nothing assigned) and macro-F1 over the themes. A sections
file (line ranges per theme of a labelled publication) gives a gold frame via `read_section_chunks`.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.language import Language

from pipeline.config import ConfigError, read_yaml
from pipeline.framework import Framework, load_framework
from pipeline.nlp import annotate_documents
from pipeline.report_text import decimal
from pipeline.sentence_vectors import ENCODER_PACKAGE, encoder_version
from pipeline.theme_examples import read_labelled_paragraphs
from pipeline.themes import ThemeScorer, make_scorer


def read_gold(path: str | Path) -> pd.DataFrame:
    """Read GOLD.csv (columns text, themes; themes semicolon-separated ids, empty = none) -> text, gold."""
    if not Path(path).is_file():
        raise ConfigError(f"Goudstandaard niet gevonden: {path}.")
    return read_labelled_paragraphs(path)


def paragraphs_to_segments(texts: list[str], nlp: Language, *, batch_size: int = 64) -> pd.DataFrame:
    """Annotate each text as one segment (kind 'antwoord'); seg_ids keep the input order."""
    documents = pd.DataFrame({"doc_id": [f"p{i:06d}" for i in range(len(texts))],
                              "kind": "antwoord", "text": texts})
    segments, _ = annotate_documents(nlp, documents, batch_size=batch_size)
    by_doc = segments.set_index("doc_id")
    rows = [by_doc.loc[doc_id] if doc_id in by_doc.index else None for doc_id in documents["doc_id"]]
    return pd.DataFrame({
        "seg_id": documents["doc_id"], "doc_id": documents["doc_id"], "n": 0, "kind": "answer",
        "text": texts, "lemmas": [list(row["lemmas"]) if row is not None else [] for row in rows],
    })


def score_metrics(gold: list[list[str]], predicted: list[list[str]], theme_ids: list[str]) -> dict:
    """Per-theme P/R/F1, top-1 accuracy, macro-F1 (themes with gold or predicted rows), n."""
    per_theme = {}
    for theme_id in theme_ids:
        tp = sum(theme_id in g and theme_id in p for g, p in zip(gold, predicted))
        fp = sum(theme_id not in g and theme_id in p for g, p in zip(gold, predicted))
        fn = sum(theme_id in g and theme_id not in p for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_theme[theme_id] = {"precision": precision, "recall": recall, "f1": f1,
                               "support": tp + fn, "predicted": tp + fp}
    counted = [m["f1"] for m in per_theme.values() if m["support"] or m["predicted"]]
    correct = [(bool(p) and p[0] in g) if g else not p for g, p in zip(gold, predicted)]
    no_theme = [bool(p) for g, p in zip(gold, predicted) if not g]
    on_topic = [bool(p) for g, p in zip(gold, predicted) if g]
    return {
        "n": len(gold),
        "accuracy": float(np.mean(correct)) if correct else 0.0,
        "macro_f1": float(np.mean(counted)) if counted else 0.0,
        "per_theme": per_theme,
        "n_no_theme": len(no_theme),
        "no_theme_assigned_share": float(np.mean(no_theme)) if no_theme else 0.0,
        "on_topic_coverage": float(np.mean(on_topic)) if on_topic else 0.0,
    }


def evaluate_gold(gold: pd.DataFrame | str | Path, *, framework: Framework | str | Path, nlp: Language,
                  threshold: float, max_themes: int, sentence_vectors: bool,
                  scorer: ThemeScorer | None = None) -> tuple[dict, pd.DataFrame]:
    """Score every gold paragraph; return (metrics, predictions: text, gold, predicted, <theme> scores)."""
    if not isinstance(gold, pd.DataFrame):
        gold = read_gold(gold)
    if not isinstance(framework, Framework):
        framework = load_framework(framework)
    gold = gold.assign(gold=[match_theme_ids(ids, framework.theme_ids) for ids in gold["gold"]])
    check_gold_ids(gold, framework.theme_ids)
    if scorer is None:
        scorer = make_scorer(threshold=threshold, max_themes=max_themes, sentence_vectors=sentence_vectors)
    # a gold file that is also among the framework's labelled paragraphs is scored by a model without it
    scorer.fit(framework, nlp=nlp, exclude_texts=gold["text"].tolist())
    segments = paragraphs_to_segments(gold["text"].tolist(), nlp)
    scores, predicted = scorer.transform(segments), scorer.predict(segments)
    metrics = score_metrics(gold["gold"].tolist(), predicted, scorer.theme_ids_)
    metrics.update({"threshold": scorer.threshold, "max_themes": scorer.max_themes,
                    "framework": framework.name, "framework_version": framework.version,
                    "excluded_training_rows": scorer.n_excluded_,
                    "sentence_vectors": encoder_version() if scorer.sentence_classifier_ is not None else None,
                    "sentence_vectors_off": sentence_vectors_off(scorer, framework),
                    "labels": framework.labels})
    predictions = pd.DataFrame({"text": gold["text"], "gold": [";".join(g) for g in gold["gold"]],
                                "predicted": [";".join(p) for p in predicted]})
    for t, theme_id in enumerate(scorer.theme_ids_):
        predictions[theme_id] = np.round(scores[:, t], 4)
    return metrics, predictions


def sentence_vectors_off(scorer: ThemeScorer, framework: Framework) -> str | None:
    """Why a fitted `scorer` uses no sentence vectors (Dutch), or None when it does. The sentence-vector
    classifier learns only from labelled paragraphs, like the word classifier (see ThemeScorer._fit_classifier)."""
    if scorer.sentence_classifier_ is not None:
        return None
    if scorer.sentence_vector_weight <= 0:
        return "uitgezet in de instellingen (themes.sentence_vectors: false)"
    if not scorer.use_examples:
        return "de motor leert niet van voorbeeldalinea's (use_examples uit); zinsvectoren leren alleen daarvan"
    if encoder_version() is None:
        return f"het pakket {ENCODER_PACKAGE} is niet geïnstalleerd"
    if not framework.example_files:
        return ("het kader heeft geen voorbeeldalinea's (voorbeeldalineas); zinsvectoren leren alleen van "
                "gelabelde alinea's")
    return "de voorbeeldalinea's hebben, zonder de alinea's van deze set, minder dan twee verschillende labels"


def match_theme_ids(ids: list[str], theme_ids: list[str]) -> list[str]:
    """`ids` written as the framework writes them ('l1' -> 'L1'); an unknown id stays as it is."""
    by_lower = {theme_id.lower(): theme_id for theme_id in theme_ids}
    return [by_lower.get(theme_id.lower(), theme_id) for theme_id in ids]


def check_gold_ids(gold: pd.DataFrame, theme_ids: list[str]) -> None:
    """ConfigError naming the rows whose themes are not ids of the framework: such a row could never be
    right, and every score would silently be lower."""
    known = set(theme_ids)
    rows = [(text, sorted(set(ids) - known)) for text, ids in zip(gold["text"], gold["gold"]) if set(ids) - known]
    if rows:
        shown = "; ".join(f"'{' '.join(text.split()[:6])} ...': {', '.join(ids)}" for text, ids in rows[:5])
        more = f" (en nog {len(rows) - 5} alinea's)" if len(rows) > 5 else ""
        raise ConfigError(f"De goudstandaard gebruikt thema-ids die niet in het kader staan: {shown}{more}. "
                          f"Bekende ids: {', '.join(theme_ids)}.")


def holdout_mask(texts: pd.Series, *, fraction: float = 0.3) -> np.ndarray:
    """Fixed split by a hash of the text: True for the held-out part (about `fraction` of rows)."""
    buckets = [int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 100 for text in texts]
    return np.array([bucket < fraction * 100 for bucket in buckets])


def offtopic_share(texts: list[str], *, framework: Framework | str | Path, nlp: Language, threshold: float,
                   max_themes: int, sentence_vectors: bool, sample: int | None = None, seed: int = 0
                   ) -> dict:
    """Share of off-topic texts (e.g. statute articles) that get any theme at these settings."""
    texts = list(texts)
    if sample is not None and sample < len(texts):
        picked = np.random.default_rng(seed).choice(len(texts), size=sample, replace=False)
        texts = [texts[i] for i in sorted(picked)]
    scorer = make_scorer(threshold=threshold, max_themes=max_themes, sentence_vectors=sentence_vectors)
    predicted = scorer.fit(framework, nlp=nlp).predict(paragraphs_to_segments(texts, nlp))
    counts = pd.Series([t for p in predicted for t in p], dtype=str).value_counts()
    return {"n": len(texts), "n_assigned": int(sum(bool(p) for p in predicted)),
            "share": float(np.mean([bool(p) for p in predicted])) if texts else 0.0,
            "per_theme": {k: int(v) for k, v in counts.items()}}


def section_chunks(text: str, sections: list[dict], *, target_words: int = 60, min_words: int = 25
                   ) -> pd.DataFrame:
    """Cut the sections of a document into labelled paragraphs (a gold frame: text, gold).

    `sections`: dicts with `thema` and the 1-based line numbers `van` and `tot` (inclusive) of the
    section body. Each section's sentences are joined into chunks of at least `target_words` words; a
    remainder shorter than `min_words` is dropped. Used to check the engine on a labelled publication."""
    lines = text.splitlines()
    rows = []
    for section in sections:
        body = re.sub(r"\s+", " ", " ".join(line.strip() for line in lines[section["van"] - 1:section["tot"]]))
        chunk: list[str] = []
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z‘'“])", body.strip()):
            chunk.append(sentence)
            if len(" ".join(chunk).split()) >= target_words:
                rows.append((" ".join(chunk), section["thema"]))
                chunk = []
        if chunk and len(" ".join(chunk).split()) >= min_words:
            rows.append((" ".join(chunk), section["thema"]))
    return pd.DataFrame({"text": [row[0] for row in rows], "gold": [[row[1]] for row in rows]})


def read_section_chunks(sections_path: str | Path, *, root: str | Path) -> pd.DataFrame:
    """The gold frame of a sections file (`bestand` relative to `root`, `secties`); see section_chunks."""
    spec = read_yaml(Path(sections_path), what="Sectiebestand")
    document = Path(root) / spec["bestand"]
    if not document.is_file():
        raise ConfigError(f"{document} niet gevonden; het sectiebestand {sections_path} verwijst ernaar.")
    return section_chunks(document.read_text(encoding="utf-8"), spec["secties"])


def read_statute_articles(path: str | Path) -> list[str]:
    """The `tekst` column of a statute CSV (id, wet, artikel, tekst)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return [text for text in frame["tekst"] if text.strip()]


def format_metrics(metrics: dict, labels: dict[str, str]) -> str:
    """A Dutch plain-text table of the metrics, for the terminal."""
    lines = [f"{'thema':<58} {'precisie':>8} {'recall':>8} {'F1':>6} {'aantal':>6}"]
    for theme_id, m in metrics["per_theme"].items():
        name = f"{theme_id} {labels.get(theme_id, '')}"[:58]
        precision, recall, f1 = (decimal(m[key], digits=2) for key in ("precision", "recall", "f1"))
        lines.append(f"{name:<58} {precision:>8} {recall:>8} {f1:>6} {m['support']:>6d}")
    false_share, coverage = 100 * metrics["no_theme_assigned_share"], 100 * metrics["on_topic_coverage"]
    lines += ["", f"Top-1-nauwkeurigheid: {decimal(metrics['accuracy'], digits=3)}   "
                  f"Macro-F1: {decimal(metrics['macro_f1'], digits=3)}   Aantal alinea's: {metrics['n']}",
              f"Alinea's zonder thema die toch een thema kregen: {decimal(false_share, digits=1)}%   "
              f"Alinea's met thema die er één kregen: {decimal(coverage, digits=1)}%"]
    if metrics.get("excluded_training_rows"):
        lines.append(f"{metrics['excluded_training_rows']} alinea's van deze set staan ook in de voorbeeldalinea's van "
                     f"het kader; voor deze meting is de motor zonder die alinea's getraind.")
    if "sentence_vectors" in metrics:
        off = metrics.get("sentence_vectors_off")
        lines.append(f"Zinsvectoren: {metrics['sentence_vectors'] or 'uit'}"
                     f"{f' ({off})' if off and not metrics['sentence_vectors'] else ''}.")
    return "\n".join(lines)


def write_evaluation(metrics: dict, predictions: pd.DataFrame, *, json_path: str | Path | None = None,
                     csv_path: str | Path | None = None) -> None:
    """Write the metrics as JSON and the predictions as CSV (when paths are given)."""
    if json_path:
        Path(json_path).write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    if csv_path:
        predictions.to_csv(csv_path, index=False)


def evaluate_gold_file(gold_path: str | Path, *, settings, framework_path: str | Path | None = None,
                       threshold: float | None = None) -> tuple[dict, pd.DataFrame]:
    """Evaluate GOLD.csv with the project settings (model, framework, threshold, max_themes)."""
    from pipeline.nlp import load_dutch_pipeline
    from pipeline.paths import resolve_project_path

    framework = load_framework(resolve_project_path(framework_path or settings.themes.framework))
    threshold = settings.themes.threshold if threshold is None else float(threshold)
    if not 0 <= threshold <= 1:
        raise ConfigError("De drempel moet tussen 0 en 1 liggen.")
    nlp = load_dutch_pipeline(settings.nlp.model, embedded_model=settings.nlp.embedded_model)
    return evaluate_gold(read_gold(gold_path), framework=framework, nlp=nlp, threshold=threshold,
                         max_themes=settings.themes.max_themes, sentence_vectors=settings.themes.sentence_vectors)
