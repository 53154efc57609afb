"""Document the embedded Dutch pipeline: metrics.json, MODEL_CARD.md, LICENSE and the config next to it.

Plain functions (no Prefect), used by `flows/train_dutch_model.py` after training and scoring.
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from pipeline.training import directory_size_mb, write_config, write_json


MODEL_CARD = """# {name} {version}

Dutch spaCy {spacy_version} pipeline for the ontmoeting project, trained offline on Universal
Dependencies treebanks (UD_Dutch-LassySmall dev+test and UD_Dutch-Alpino dev; CC BY-SA 4.0).
Components: {components}. {vectors_summary} Load it with `spacy.load("models/{name}/pipeline")`.

## Scores on the held-out UD_Dutch-Alpino test file ({test_sentences} sentences, {test_tokens} tokens)

| POS | morph | lemma | UAS | LAS | sentences F | words/s (1 CPU core) |
|---|---|---|---|---|---|---|
| {pos} | {morph} | {lemma} | {uas} | {las} | {sents_f} | {words_per_second} |

Tokenization is spaCy's own (not gold), as in `spacy evaluate`. For comparison, nl_core_news_sm 3.8.0
reports POS 95.8, lemma 95.0, LAS 80.5 on its own evaluation data, with about three times more training
data. {test_unseen} % of the test tokens never occur in our training data ({dev_unseen} % on dev); most
errors are on those.

## Lemmatizer

| lemmatizer | dev | test |
|---|---|---|
{lemma_rows}

`rule` and `lookup` are spaCy's Dutch lemmatizer with the full spacy-lookups-data tables, driven by
our predicted POS; `trainable` is the edit-tree lemmatizer; `hybrid` routes nouns and verbs to the rule
lemmatizer (the classes where it beat the edit trees on dev) and leaves the rest to the edit trees.
Shipped: **{shipped}** (best lemma accuracy on the dev split carved from the training data;
the test file was never used for choices). {lemma_note}

Lemmas follow UD Dutch with one change: UD marks compound and particle boundaries with `_`
(`mee_doen`, `opleiding_ploeg`). We join them (`meedoen`, `opleidingsploeg`: verbs by plain joining,
other compounds by keeping the surface prefix with its linking sound), in training and evaluation alike.
Against the untouched UD lemmas the shipped pipeline scores {lemma_ud} % lemma accuracy.

## Training

{train_sentences} training sentences ({train_tokens} tokens), {dev_sentences} dev sentences
({dev_tokens} tokens), seed {seed}, {train_seconds} s on 2 shared CPU cores. Half of the training
examples also appear in a copy where nouns, infinitives, participles and adjectives are swapped for
random words of the same form class from spaCy's Dutch lexicon (augmenter `ontmoeting.lexicon_swap.v1`),
so that words outside the treebank get trained embeddings. {raw_text_note}Config: `config.cfg`; metrics:
`metrics.json`; retrain with `python -m flows.train_dutch_model`.

## What it lacks

- No named-entity recognizer (no NER annotation in these treebanks); no fine-grained `tag_` (XPOS).
- {vectors_lack}
- Trained on about a third of the data of `nl_core_news_sm` (which also uses the UD train splits),
  and on news, Wikipedia and encyclopedic text, not on social-domain notes: expect lower accuracy on
  informal text, and lemma errors on rare words and unseen compounds. Capitalised common nouns at the
  start of a sentence or in headings are sometimes taken for proper nouns (and keep their capital).
- Sentence boundaries come from the parser and are sometimes off by a token (a full stop split off, a
  sentence cut after its first word); ontmoeting keeps only boundaries after sentence-final punctuation
  or a line break (`pipeline/sentences.py`).
- UD conventions apply: nominalised adjectives stay adjectives (`jongeren` -> ADJ `jong`), and
  `hebben`/`zijn`/`worden` are AUX only as auxiliaries.

## Licence

CC BY-SA 4.0, as the treebanks it was trained on: see `LICENSE`.{raw_text_licence}
"""


def raw_text_notes(training: dict) -> dict:
    """Model-card sentences about the static vectors and pretraining learned from raw text (if any)."""
    vectors, epochs, raw = training.get("vectors"), training.get("pretrain_epochs", 0), training.get("raw_text")
    none = "No word vectors: `similarity()` and `.vector` are not meaningful."
    if not (vectors or epochs):
        return {"vectors_summary": "No static vectors.", "raw_text_note": "", "raw_text_licence": "",
                "vectors_lack": none}
    files = ", ".join(f"`{Path(f).name}`" for f in raw["files"])
    learned = [f"reads static floret vectors ({vectors['rows']} rows x {vectors['dim']} dimensions, "
               f"{vectors['model']}, character {vectors['minn']}-{vectors['maxn']}-grams, {vectors['epoch']} epochs, "
               "one thread; floret hashes words and their n-grams into a fixed table, so words outside the "
               "treebank get vectors too)"] if vectors else []
    learned += [f"starts from weights pretrained with `spacy pretrain` (characters objective, {epochs} epochs)"] \
        if epochs else []
    note = (f"The tok2vec also {' and '.join(learned)}, learned from {raw['tokens']} tokens of raw Dutch "
            f"text: the statutes in {files} (column `{raw['column']}`) plus the text of the training split "
            "(never the dev or test split). ")
    return {"vectors_summary": (f"Static floret vectors ({vectors['rows']} x {vectors['dim']})." if vectors
                                else "No static vectors."),
            "raw_text_note": note,
            "raw_text_licence": (" The raw text behind the vectors and pretraining: Dutch statutes "
                                 "(wetten.overheid.nl, BWB), public domain under article 11 of the Auteurswet, "
                                 "and the UD training text (CC BY-SA 4.0)."),
            "vectors_lack": (f"Word vectors are small ({vectors['dim']} dimensions) and learned mostly from "
                             "statutes: `similarity()` is rough, and every word gets a vector (subword hashing)."
                             if vectors else none)}


def lexicon_notes(training: dict, notes: dict) -> dict:
    """`notes` (raw_text_notes) with the word-class lexicon vectors described, when the model has them."""
    lexicon = training.get("lexicon")
    if not lexicon:
        return notes
    words = lexicon.get("words") or lexicon["rows"]  # up to 0.3.0 every word had a row of its own
    shared = f" sharing {lexicon['rows']} distinct rows" if lexicon.get("words") else ""
    lookup = ", looked up by the token's lower-case form" if lexicon.get("key_attr") == "LOWER" else ""
    summary = (f"Static vectors: a word-class lexicon ({words} lower-case Dutch words with wordfreq zipf "
               f">= {lexicon['min_zipf']}{shared}{lookup}, features {', '.join(lexicon['features'])}).")
    note = ("Each word that spaCy's Dutch lemma tables know gets a static vector saying which word classes it "
            "can have and how common it is (`pipeline/training_lexicon.py`): this tells the tagger that unseen "
            "'liepen' or 'spraken' are verbs, not plural nouns. ")
    return {**notes, "vectors_summary": summary, "raw_text_note": note + notes["raw_text_note"],
            "raw_text_licence": notes["raw_text_licence"] + " The lexicon: spacy-lookups-data (MIT) and wordfreq "
                                                            "(data CC BY-SA 4.0).",
            "vectors_lack": "No word vectors in the usual sense: the static vectors hold word classes, not meaning, "
                            "so `similarity()` is not meaningful (the theme scorer ignores them)."}


def write_model_card(path: str | Path, metrics: dict) -> Path:
    """Write the short model card for `metrics` (as in metrics.json) to `path`."""
    lem = metrics["lemmatizer"]
    rows = "\n".join(f"| {mode} | {s['dev']} | {s['test']} |" for mode, s in lem["scores"].items())
    counts = metrics["data"]["counts"]
    values = {**metrics, "components": ", ".join(metrics["pipeline"]), "lemma_rows": rows,
              "shipped": lem["shipped"], "lemma_note": lem["reason"], "lemma_ud": metrics["lemma_ud_underscores"],
              "seed": metrics["training"]["seed"], "train_seconds": metrics["training"]["seconds"],
              "test_unseen": counts["test"]["unseen_pct"], "dev_unseen": counts["dev"]["unseen_pct"],
              **{f"{split}_{unit}": counts[split][unit] for split in ("train", "dev", "test")
                 for unit in ("sentences", "tokens")},
              **lexicon_notes(metrics["training"], raw_text_notes(metrics["training"]))}
    path = Path(path)
    path.write_text(MODEL_CARD.format(**values), encoding="utf-8")
    return path


ATTRIBUTION = """
nl_ontmoeting_ud - a Dutch spaCy pipeline trained on Universal Dependencies treebanks

This model is an adaptation (a statistical model trained on the data) of:

- UD_Dutch-LassySmall (Wikipedia section of the Lassy Small Treebank), dev and test splits.
  Gosse Bouma and Gertjan van Noord; https://github.com/UniversalDependencies/UD_Dutch-LassySmall
- UD_Dutch-Alpino (Alpino treebank material, University of Groningen), dev split for training,
  test split for evaluation only. Gosse Bouma and Gertjan van Noord;
  https://github.com/UniversalDependencies/UD_Dutch-Alpino

Reference: Gosse Bouma and Gertjan van Noord (2017), Increasing return on annotation investment: the
automatic construction of a Universal Dependency treebank for Dutch. UD Workshop, Gothenburg.

Both treebanks are licensed CC BY-SA 4.0 (snapshot of 2025-05-10). Changes made: converted to spaCy
DocBin; lemma compound/particle boundaries ('_') joined; used to train the pipeline in pipeline/.
Under the ShareAlike condition this model is licensed under the same licence, CC BY-SA 4.0
(https://creativecommons.org/licenses/by-sa/4.0/); its full legal code follows.
"""

LEMMATIZER_NOTES = {
    "trainable": "The edit-tree lemmatizer learns the treebank's lemma conventions from context (proper "
                 "nouns keep their capital, ambiguous forms follow the POS) and generalises to unseen words "
                 "through edit trees; the rule and lookup tables lower-case everything and miss words "
                 "outside their lists.",
    "rule": "spaCy's rule-based Dutch lemmatizer (spacy-lookups-data tables driven by the predicted POS) "
            "beat the trained edit-tree lemmatizer on this small training set.",
    "lookup": "The plain lookup table (spacy-lookups-data) beat both POS-aware lemmatizers.",
    "hybrid": "The edit-tree lemmatizer handles most words (it learns the treebank's conventions: proper "
              "nouns keep their capital, pronouns and auxiliaries follow context), but it knows only the "
              "~60k training tokens, so for nouns and verbs spaCy's Dutch rules and lexicon "
              "(spacy-lookups-data, cut to words wordfreq knows) take over: they know irregular verbs "
              "(zaten -> zitten) and plurals outside the treebank (formulieren -> formulier). Built from "
              "stock spaCy components (attribute_ruler + lemmatizer), so loading needs no custom code.",
}


def build_metrics(*, scores: dict, lemmatizers: dict, corpora: dict, training: dict, meta: dict,
                  data: dict, pipeline_dir: str | Path) -> dict:
    """Gather everything metrics.json records: headline test scores, lemmatizer comparison, provenance."""
    shipped = lemmatizers["best_on_dev"]
    return {"name": meta["name"], "version": meta["version"], "lang": meta["lang"],
            "spacy_version": spacy.about.__version__,
            "pipeline": json.loads((Path(pipeline_dir) / "meta.json").read_text(encoding="utf-8"))["pipeline"],
            "evaluated_on": "held-out UD_Dutch-Alpino test (" + Path(data["test_file"]).name + ")",
            **{key: value for key, value in scores.items() if key != "dev"},
            "dev": scores["dev"],
            "lemmatizer": {"shipped": shipped, "selected_on": "dev split", "scores": lemmatizers["scores"],
                           "reason": LEMMATIZER_NOTES[shipped]},
            "lemma_normalisation": "UD '_' compound/particle boundaries joined (mee_doen -> meedoen, "
                                   "opleiding_ploeg -> opleidingsploeg); 'lemma_ud_underscores' scores "
                                   "against the untouched UD lemmas",
            "data": {**data, "counts": {split: {key: value for key, value in corpora[split].items() if key != "path"}
                                        for split in ("train", "dev", "test")}},
            "training": training, "size_mb": directory_size_mb(pipeline_dir)}


def relative_config(config_path: str | Path, *, root: str | Path) -> str:
    """The training config with its corpus, vectors and weights paths relative to `root` where possible."""
    config = spacy.util.load_config(config_path, interpolate=False)
    for key in ("train", "dev", "vectors", "init_tok2vec"):
        path = Path(config["paths"][key] or "")
        if config["paths"][key] and path.is_relative_to(root):
            config["paths"][key] = str(path.relative_to(root))
    return config.to_str()


def write_model_files(model_dir: str | Path, *, metrics: dict, config_text: str, data_dir: str | Path,
                      attribution: str) -> list[Path]:
    """Write config.cfg, metrics.json, LICENSE and MODEL_CARD.md next to the pipeline in `model_dir`."""
    model_dir = Path(model_dir)
    return [write_config(config_text, model_dir / "config.cfg"),
            write_json(metrics, model_dir / "metrics.json"),
            write_license(model_dir / "LICENSE", data_dir=data_dir, attribution=attribution),
            write_model_card(model_dir / "MODEL_CARD.md", metrics)]


def write_license(target: str | Path, *, data_dir: str | Path, attribution: str) -> Path:
    """Write the model's licence: the attribution text followed by the CC BY-SA 4.0 legal code."""
    legal_code = (Path(data_dir) / "LICENSE-Alpino.txt").read_text(encoding="utf-8")
    target = Path(target)
    target.write_text(attribution.strip() + "\n\n" + "=" * 71 + "\n\n" + legal_code, encoding="utf-8")
    return target
