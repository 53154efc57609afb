"""Which language is each document in? Non-Dutch documents are reported and left out of the analysis.

lingua is restricted to the languages met in Dutch social-domain work (fast and accurate on short
texts). Short answers (fewer than SHORT_WORDS words) count as Dutch unless clearly otherwise:
"Goed" or "Top" must not drop out of a poll because a detector hesitates.
"""

from __future__ import annotations

import functools
import re

import pandas as pd

from pipeline.text_cache import TextCache, map_texts

# ISO 639-1 code -> Dutch name, in the order lingua should consider them.
LANGUAGE_NAMES = {
    "nl": "Nederlands", "en": "Engels", "de": "Duits", "fr": "Frans",
    "ar": "Arabisch", "tr": "Turks", "pl": "Pools", "es": "Spaans",
}
UNKNOWN = "onbekend"
SHORT_WORDS = 4
# A short text is only not Dutch when the detector is this sure (or the script is not Latin).
SHORT_TEXT_CONFIDENCE = 0.9
# Long texts: below this confidence the language is 'onbekend'.
MIN_CONFIDENCE = 0.2
SAMPLE_CHARS = 5000
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LEFT_OUT_COLUMNS = ["doc_id", "source", "row", "language", "n_words", "reason"]


@functools.lru_cache(maxsize=1)
def _detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGE_NAMES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def language_name(code: str) -> str:
    """Dutch name of a language code ('en' -> 'Engels'); unknown codes are returned as they are."""
    return LANGUAGE_NAMES.get(code, code)


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text` ('nl', 'en', ...), or 'onbekend' for long text in no known language."""
    sample = str(text or "")[:SAMPLE_CHARS]
    letters = _LETTERS.findall(sample)
    short = len(sample.split()) < SHORT_WORDS
    if not letters:
        return "nl" if short else UNKNOWN
    if len(_ARABIC.findall(sample)) > len(letters) / 2:
        return "ar"
    if len(_LATIN.findall(sample)) < len(letters) / 2:
        return UNKNOWN  # Cyrillic, Chinese, ...: none of the languages we look for
    best = _best_guess(sample)
    if short:
        return best[0] if best and best[1] >= SHORT_TEXT_CONFIDENCE else "nl"
    if best is None or best[1] < MIN_CONFIDENCE:
        return UNKNOWN
    return best[0]


def _best_guess(text: str) -> tuple[str, float] | None:
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value <= 0:
        return None
    return values[0].language.iso_code_639_1.name.lower(), float(values[0].value)


def mark_languages(documents: pd.DataFrame, *, cache: TextCache | None = None) -> pd.DataFrame:
    """A copy of `documents` with the `language` column filled in (known texts from `cache`)."""
    marked = documents.copy()
    texts = [str(text or "") for text in marked["text"]]
    marked["language"] = map_texts(cache, "language", texts, detect_language) if len(marked) else []
    return marked


def filter_dutch(documents: pd.DataFrame, *, languages: list[str] | tuple[str, ...] = ("nl",)
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split documents into (kept, left_out); left_out has LEFT_OUT_COLUMNS with a Dutch reason."""
    wanted = {str(code).lower() for code in languages}
    keep = documents["language"].isin(wanted) if len(documents) else pd.Series([], dtype=bool)
    left = documents[~keep]
    left_out = pd.DataFrame({
        "doc_id": left["doc_id"], "source": left["source"], "row": left["row"], "language": left["language"],
        "n_words": left["n_words"], "reason": [language_reason(code, wanted) for code in left["language"]],
    }, columns=LEFT_OUT_COLUMNS).reset_index(drop=True)
    return documents[keep].reset_index(drop=True), left_out


def language_reason(code: str, wanted: set[str]) -> str:
    """'taal: Engels (niet Nederlands)'."""
    expected = " of ".join(language_name(c) for c in sorted(wanted)) or "geen taal gekozen"
    name = "onbekend" if code == UNKNOWN else language_name(code)
    return f"taal: {name} (niet {expected})"


def filter_languages(documents: pd.DataFrame, inputs: pd.DataFrame, *, languages: list[str]
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep documents in `languages`; update the inputs table so every left-out document is accounted for.

    A file whose documents are all left out becomes `skipped` with the language as reason; a table with
    some answers in another language stays `analysed`, with a count of the left-out answers as reason.
    """
    kept, left_out = filter_dutch(documents, languages=languages)
    inputs = inputs.copy()
    for source, group in left_out.groupby("source", sort=False):
        index = inputs.index[inputs["source"] == source]
        remaining = int((kept["source"] == source).sum())
        if remaining == 0:
            inputs.loc[index, ["status", "reason", "n_documents"]] = ["skipped", _file_reason(group), 0]
        else:
            note = (f"{len(group)} van {len(group) + remaining} teksten niet geanalyseerd: andere taal "
                    f"({_counts(group)})")
            earlier = [reason for reason in inputs.loc[index, "reason"] if reason]  # e.g. empty rows: keep both
            inputs.loc[index, ["reason", "n_documents"]] = ["; ".join([*earlier[:1], note]), remaining]
    return kept, inputs


def _file_reason(group: pd.DataFrame) -> str:
    reasons = group["reason"].unique()
    return reasons[0] if len(reasons) == 1 else f"geen Nederlandse tekst ({_counts(group)})"


def _counts(group: pd.DataFrame) -> str:
    counts = group["language"].map(lambda c: "onbekend" if c == UNKNOWN else language_name(c)).value_counts()
    return ", ".join(f"{name}: {n}" for name, n in counts.items())
