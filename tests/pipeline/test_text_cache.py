"""The text cache: language and personal-data spans are found once per text, and no personal data is stored."""

from __future__ import annotations

import pandas as pd

from pipeline import language, privacy
from pipeline.text_cache import TextCache

NOTES = [
    "Mevrouw Jansen belde het wijkteam op 06-12345678 over haar buurman.",
    "In de intervisie bespraken we hoe we ruimte nemen voor maatwerk.",
    "Mail het verslag naar k.de.vries@example.nl voor vrijdag.",
]


def documents(texts) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts, "source": "notities.txt",
                         "row": 0, "n_words": [len(t.split()) for t in texts]})


def test_map_computes_only_new_texts(tmp_path):
    cache, seen = TextCache(tmp_path), []

    def count_words(text):
        seen.append(text)
        return len(text.split())

    assert cache.map("woorden", NOTES[:2], count_words) == [10, 11]
    assert cache.map("woorden", NOTES, count_words) == [10, 11, 7]
    assert seen == NOTES


def test_cached_pseudonymisation_equals_a_fresh_one_and_stores_no_names(tmp_path, monkeypatch):
    cache = TextCache(tmp_path)
    fresh = privacy.pseudonymise_documents(documents(NOTES), mode="pseudonimiseren")
    first = privacy.pseudonymise_documents(documents(NOTES), mode="pseudonimiseren", cache=cache)
    monkeypatch.setattr(privacy, "find_spans", lambda text: (_ for _ in ()).throw(AssertionError("not cached")))
    again = privacy.pseudonymise_documents(documents(NOTES), mode="pseudonimiseren", cache=cache)
    assert first.documents["text"].tolist() == fresh.documents["text"].tolist() == again.documents["text"].tolist()
    assert "Jansen" not in again.documents["text"].iloc[0]
    assert again.identifiers == fresh.identifiers
    stored = cache.path.read_bytes()
    for secret in (b"Jansen", b"12345678", b"k.de.vries"):
        assert secret not in stored


def test_a_rerun_from_the_cache_does_not_load_deduce(tmp_path, monkeypatch):
    # loading deduce takes ~10 s; a rerun whose spans are cached must not need it (names that are also words:
    # 'Mulder', 'Kern' are decided from deduce's list files)
    from pipeline import privacy_names

    texts = [*NOTES, "Gesprek met Kees Mulder en Sanne Kern over de kern van goede zorg."]
    cache = TextCache(tmp_path)
    first = privacy.pseudonymise_documents(documents(texts), mode="pseudonimiseren", cache=cache)
    monkeypatch.setattr(privacy_names, "load_deduce", lambda: (_ for _ in ()).throw(AssertionError("deduce loaded")))
    again = privacy.pseudonymise_documents(documents(texts), mode="pseudonimiseren", cache=cache)
    assert again.documents["text"].tolist() == first.documents["text"].tolist()
    assert "Mulder" not in again.documents["text"].iloc[3]


def test_cached_languages(tmp_path, monkeypatch):
    cache = TextCache(tmp_path)
    texts = [*NOTES, "The meeting was moved to Tuesday because the room was not available."]
    first = language.mark_languages(documents(texts), cache=cache)["language"].tolist()
    monkeypatch.setattr(language, "detect_language", lambda text: "xx")
    assert language.mark_languages(documents(texts), cache=cache)["language"].tolist() == first
    assert first == ["nl", "nl", "nl", "en"]
