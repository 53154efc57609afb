"""Sentence vectors with the real encoder (USE multilingual v3) on Dutch sentences, and the shipped store."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.framework import load_framework
from pipeline.paths import CORPORA_DIR
from pipeline.sentence_vectors import SentenceEncoder, load_sentence_encoder, pool_vectors, text_hash
from pipeline.theme_examples import read_labelled_paragraphs

NEARBY = "Het buurtteam zit midden in de wijk en bewoners lopen er zonder afspraak binnen."
PARAPHRASE = "Wijkbewoners kunnen laagdrempelig aankloppen bij het team dat dichtbij hen werkt."
UNRELATED = "Verwarm de oven voor op tweehonderd graden en bak de taart in veertig minuten gaar."


@pytest.fixture(scope="module")
def fresh_encoder():
    """An encoder without the shipped store: every vector is computed here."""
    return SentenceEncoder(store_dir=None)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(fresh_encoder):
    nearby, paraphrase, unrelated = fresh_encoder.encode([NEARBY, PARAPHRASE, UNRELATED])
    assert nearby.shape == (512,)
    assert np.linalg.norm(nearby) == pytest.approx(1.0, abs=1e-4)
    assert nearby @ paraphrase > nearby @ unrelated + 0.2


def test_the_same_texts_give_the_same_vectors_and_the_batch_only_moves_the_last_bits():
    texts = [UNRELATED, NEARBY, PARAPHRASE]
    assert np.array_equal(SentenceEncoder(store_dir=None).encode(texts), SentenceEncoder(store_dir=None).encode(texts))
    encoder = SentenceEncoder(store_dir=None)
    assert np.array_equal(encoder.encode(texts), encoder.encode(texts))  # nothing remembered between calls
    assert encoder.n_encoded_ == 6
    alone = SentenceEncoder(store_dir=None).encode([PARAPHRASE])[0]
    assert np.allclose(alone, SentenceEncoder(store_dir=None).encode(texts)[2], atol=2e-6)


def test_the_shipped_store_holds_every_labelled_paragraph_as_computed_now(fresh_encoder):
    framework = load_framework(CORPORA_DIR / "kader" / "transformatieleren.yaml")
    texts = [text for path in framework.example_files for text in read_labelled_paragraphs(path)["text"]]
    shipped = load_sentence_encoder()
    missing = [text for text in texts if text_hash(text) not in shipped.stored_vectors()]
    assert not missing, (f"{len(missing)} gelabelde alinea's zonder opgeslagen zinsvector; "
                         f"bouw opnieuw met: python -m pipeline.sentence_vectors")
    sample = texts[::400]
    assert np.allclose(shipped.encode(sample), fresh_encoder.encode(sample), atol=2e-6)


def test_pooling_averages_neighbours_and_keeps_unit_length(fresh_encoder):
    vectors = fresh_encoder.encode([NEARBY, PARAPHRASE, UNRELATED])
    pooled = pool_vectors(vectors, [[0], [0, 1], [2]])
    assert np.allclose(pooled[[0, 2]], vectors[[0, 2]], atol=1e-6)
    assert np.linalg.norm(pooled[1]) == pytest.approx(1.0, abs=1e-5)
    expected = (vectors[0] + vectors[1]) / np.linalg.norm(vectors[0] + vectors[1])
    assert np.allclose(pooled[1], expected, atol=1e-6)
