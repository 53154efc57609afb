"""Find wordle terms in answers and notes, as an occurrences table (key, surface, respondent, flag).

Answers: a short answer is one term ("samen leren"); a longer one gives the phrases other respondents
used as whole answers, then its content words. Notes: lemmas of content words, plus collocations of
two adjacent words inside one sentence (never across a sentence boundary).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

from pipeline.wordle_text import (PLACEHOLDER_RE, PLACEHOLDER_TOKEN_RE, display_form, is_stop_key, normalise_term,
                                  trim_articles)
from pipeline.documents import document_units
from pipeline.wordle_variants import resolve_terms

OCCURRENCE_COLUMNS = ["key", "surface", "respondent", "flag"]
FLAG_PLACEHOLDER, FLAG_NAME = "placeholder", "name"
CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB"})
NAME_POS = "PROPN"
# Answer parts: list separators, brackets, '=' ("Transformatie = verandering"), a spaced dash, sentence ends.
_SEPARATOR_RE = re.compile(r"[,;/|•·=()\n\r\t]+|\s[-–—]\s|[.!?]+(?=\s)")
_CONJUNCTIONS = frozenset({"en", "of"})


def occurrences_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=OCCURRENCE_COLUMNS)


def split_answer(text: str) -> list[str]:
    """An answer cut into parts at separators; a privacy placeholder is always its own part."""
    pieces = re.split(f"({PLACEHOLDER_RE.pattern})", text)
    return [part.strip() for piece in pieces
            for part in ([piece] if PLACEHOLDER_RE.fullmatch(piece) else _SEPARATOR_RE.split(piece)) if part.strip()]


def _word_pairs(surface: str) -> list[tuple[str, str]]:
    """(key word, surface word) pairs; a surface word of several key words ('R&D') stays whole on its
    first key word; immediate repeats ('loslaten loslaten') collapse to one."""
    pairs = [(k, word if i == 0 else "") for word in surface.split()
             for i, k in enumerate(normalise_term(word).split())]
    return [p for i, p in enumerate(pairs) if i == 0 or p[0] != pairs[i - 1][0]]


def answer_occurrences(answers: pd.DataFrame, *, stopwords: frozenset[str], merges: Mapping[str, str] | None = None,
                       max_phrase_words: int = 3, max_shared_words: int = 6, min_shared: int = 2) -> pd.DataFrame:
    """Term occurrences in answers (columns `text`, `respondent`).

    Each answer is cut into parts (at commas, slashes, ...). A one-word part is a term. A part of up
    to `max_shared_words` words that `min_shared` respondents wrote alike (up to variants and the
    `merges` table) is a phrase ("samen leren"), and so is an unshared part of up to
    `max_phrase_words` words that contains no word others gave as a whole answer. A phrase the
    `merges` table names ('professionele ruimte,professionele ruimte') is always one term, also
    inside a longer part. Any other part gives the phrases in it, then its words that are not stop
    words ("maatwerk leveren" -> maatwerk, leveren).
    """
    parts = [(part, str(resp)) for text, resp in zip(answers["text"].tolist(), answers["respondent"].tolist())
             for part in split_answer(str(text))]
    rows = [(_placeholder_key(p), p, r, FLAG_PLACEHOLDER) for p, r in parts if PLACEHOLDER_RE.fullmatch(p)]
    pieces = [(_word_pairs(trim_articles(display_form(p))), r) for p, r in parts if not PLACEHOLDER_RE.fullmatch(p)]
    pieces = [(pairs, r) for pairs, r in pieces if pairs]
    shared = _shared_keys(pieces, merges=merges or {}, min_shared=min_shared)
    single = {pairs[0][0] for pairs, _ in pieces if len(pairs) == 1 and pairs[0][0] not in stopwords}
    listed = {c for c in (merges or {}) if c}  # compact keys: the table joins words without spaces
    is_unit = [len(p) == 1 or _joined(p) in listed or (len(p) <= max_shared_words and _spaced(p) in shared) or (
        len(p) <= max_phrase_words and not any(k in single for k, _ in p)) for p, _ in pieces]
    units = {_joined(p) for (p, _), unit in zip(pieces, is_unit) if unit}
    phrases = {tuple(k for k, _ in p) for (p, _), unit in zip(pieces, is_unit) if unit and len(p) > 1}
    for (pairs, resp), unit in zip(pieces, is_unit):
        found = _split_conjunction(pairs, units) if unit else _long_part_terms(pairs, phrases, stopwords,
                                                                                listed=listed)
        rows += [(_spaced(term), " ".join(s for _, s in term if s) or _spaced(term), resp, "") for term in found]
    return occurrences_frame(rows)


def _shared_keys(pieces: list[tuple[list[tuple[str, str]], str]], *, merges: Mapping[str, str],
                 min_shared: int) -> set[str]:
    """Keys of whole parts whose term (after merging variants) `min_shared` respondents wrote."""
    givers: dict[str, set[str]] = {}
    for pairs, resp in pieces:
        givers.setdefault(_spaced(pairs), set()).add(resp)
    group_of, _ = resolve_terms({k: len(v) for k, v in givers.items()}, merges=merges)
    by_group: dict[str, set[str]] = {}
    for key, who in givers.items():
        by_group.setdefault(group_of[key], set()).update(who)
    return {key for key in givers if len(by_group[group_of[key]]) >= min_shared}


def _spaced(pairs: list[tuple[str, str]]) -> str:
    return " ".join(k for k, _ in pairs)


def _joined(pairs: list[tuple[str, str]]) -> str:
    return "".join(k for k, _ in pairs)


def _placeholder_key(placeholder: str) -> str:
    return "privacy-" + placeholder.strip("[]").split("-")[0].lower()


def _split_conjunction(pairs: list[tuple[str, str]], unit_keys: set[str]) -> list[list[tuple[str, str]]]:
    """'loslaten en vertrouwen' -> two terms when both sides are whole answers elsewhere."""
    for i in range(1, len(pairs) - 1):
        left, right = pairs[:i], pairs[i + 1:]
        if pairs[i][0] in _CONJUNCTIONS and all(_joined(side) in unit_keys for side in (left, right)):
            return [left, right]
    return [pairs]


def _long_part_terms(pairs: list[tuple[str, str]], phrases: set[tuple[str, ...]], stopwords: frozenset[str], *,
                     listed: set[str] = frozenset()) -> list[list[tuple[str, str]]]:
    """Known phrases and phrases of the merge table (`listed`, compact keys), longest first, left to
    right, then the other words that are not stop words."""
    longest = max((len(p) for p in phrases), default=0) if not listed else len(pairs)
    terms, i = [], 0
    while i < len(pairs):
        size = next((n for n in range(min(longest, len(pairs) - i), 1, -1)
                     if tuple(k for k, _ in pairs[i:i + n]) in phrases or _joined(pairs[i:i + n]) in listed), 1)
        if size > 1 or pairs[i][0] not in stopwords:
            terms.append(pairs[i:i + size])
        i += size
    return terms


def note_occurrences(tokens: pd.DataFrame, *, sources: Mapping[str, str], stopwords: frozenset[str],
                     by_sentence: bool = False, min_pair_count: int = 2, min_npmi: float = 0.5) -> pd.DataFrame:
    """Term occurrences in notes: lemmas of content words and within-sentence collocations.

    `tokens` is the NLP tokens table; `sources` maps each note's doc_id to who wrote it (the
    respondent column, else the doc_id). With POS tags, nouns, adjectives and verbs are content
    words and proper nouns are names; without tags (blank pipeline), every word that is not a stop
    word counts. Two adjacent content words in one sentence form a collocation when they occur
    together `min_pair_count` times, in the notes of two respondents, with a normalised pointwise
    mutual information of at least `min_npmi`. With `by_sentence`, each sentence counts as a source of its own
    (for notes that all come from one file, where counting by file would leave every word at one).
    """
    t = _candidate_tokens(tokens, sources=sources)
    if by_sentence:
        t = t.assign(respondent=t["seg_id"].astype(str))
    if t.empty:
        return occurrences_frame([])
    flagged = t["flag"] != ""
    stop = _map_distinct(t["key"], lambda key: is_stop_key(key, stopwords), dtype=bool)
    left_out = t[flagged | stop]
    rows = list(zip(*(left_out[c].tolist() for c in OCCURRENCE_COLUMNS)))
    content = t[~flagged & ~stop].reset_index(drop=True)
    rows += _content_terms(content, min_pair_count=min_pair_count, min_npmi=min_npmi)
    return occurrences_frame(rows)


def _candidate_tokens(tokens: pd.DataFrame, *, sources: Mapping[str, str]) -> pd.DataFrame:
    """Word tokens of the notes with key, surface, respondent and flag; tag-filtered when tagged."""
    columns = ["seg_id", "doc_id", "i", "text", "lemma", "pos", "is_punct"]
    t = tokens.loc[tokens["doc_id"].isin(list(sources)), columns]
    # Plain Python strings: row-wise work on pyarrow-backed strings is several times slower.
    t = t.astype({c: object for c in ("seg_id", "doc_id", "text", "lemma", "pos")}).fillna({"pos": "", "lemma": ""})
    t = t.sort_values(["doc_id", "seg_id", "i"], kind="stable")
    # each test runs once per distinct word form, not once per token (1.2M tokens, ~60k forms)
    t = t[~t["is_punct"].astype(bool) & _map_distinct(t["text"], _has_letter, dtype=bool)]
    placeholder = _map_distinct(t["text"], lambda x: PLACEHOLDER_TOKEN_RE.match(x) is not None, dtype=bool)
    if tokens["pos"].fillna("").ne("").any():
        keep = t["pos"].isin(CONTENT_POS | {NAME_POS}) | placeholder
        t, placeholder = t[keep], placeholder[keep]
    t = t.assign(key=_map_distinct(t["lemma"], lambda x: normalise_term(str(x))),
                 surface=_map_distinct(t["lemma"], lambda x: display_form(str(x))),
                 respondent=t["doc_id"].map(sources),
                 flag=[FLAG_PLACEHOLDER if p else FLAG_NAME if tag == NAME_POS else ""
                       for p, tag in zip(placeholder.tolist(), t["pos"].tolist())])
    t.loc[placeholder, "key"] = t.loc[placeholder, "text"].map(lambda x: _placeholder_key(f"[{x}]"))
    return t[t["key"].str.len() >= 2]


def _map_distinct(values: pd.Series, function, *, dtype=object) -> pd.Series:
    """`values.map(function)` with `dtype`, calling `function` once per distinct value."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    results = np.array([function(value) for value in distinct], dtype=dtype)
    return pd.Series(results[codes], index=values.index, dtype=dtype)


def _has_letter(text) -> bool:
    return isinstance(text, str) and any(c.isalpha() for c in text)


def _content_terms(content: pd.DataFrame, *, min_pair_count: int, min_npmi: float) -> list[tuple]:
    """Unigrams and collocations from content tokens; a word inside a collocation is not counted twice."""
    collocations = find_collocations(content, min_pair_count=min_pair_count, min_npmi=min_npmi)
    seg, pos, key, surface, text, who = (content[c].tolist() for c in ("seg_id", "i", "key", "surface", "text",
                                                                        "respondent"))
    rows, j = [], 0
    while j < len(key):
        if j + 1 < len(key) and seg[j] == seg[j + 1] and pos[j + 1] == pos[j] + 1 and (key[j], key[j + 1]) in collocations:
            rows.append((f"{key[j]} {key[j + 1]}", display_form(f"{text[j]} {text[j + 1]}"), who[j], ""))
            j += 2
        else:
            rows.append((key[j], surface[j], who[j], ""))
            j += 1
    return rows


def find_collocations(content: pd.DataFrame, *, min_pair_count: int, min_npmi: float,
                      min_sources: int = 2) -> set[tuple[str, str]]:
    """Pairs of adjacent content-word keys in one segment that occur together more than by chance:
    at least `min_pair_count` times, from `min_sources` respondents, with a normalised pointwise mutual
    information of at least `min_npmi` (1 = the words only ever occur together). NPMI, unlike PMI,
    does not depend on the size of the corpus. With POS tags the second word must be a noun ('eigen kracht',
    'sociaal team', 'oude schotten'): a subject and its verb ('professionals ervaren') is no term."""
    nxt = content.shift(-1)
    adjacent = (content["seg_id"] == nxt["seg_id"]) & (nxt["i"] == content["i"] + 1)
    if "pos" in content and content["pos"].ne("").any():
        adjacent &= nxt["pos"] == "NOUN"
    pairs = list(zip(content.loc[adjacent, "key"].tolist(), nxt.loc[adjacent, "key"].tolist()))
    counts, sources = Counter(pairs), {}
    for pair, source in zip(pairs, content.loc[adjacent, "respondent"].tolist()):
        sources.setdefault(pair, set()).add(source)
    single, total = Counter(content["key"]), len(content)
    return {(a, b) for (a, b), n in counts.items() if a != b and n >= min_pair_count
            and len(sources[(a, b)]) >= min_sources and _npmi(n, single[a], single[b], total) >= min_npmi}


def _npmi(n_ab: int, n_a: int, n_b: int, total: int) -> float:
    if n_ab >= total:
        return 1.0
    return math.log2(n_ab * total / (n_a * n_b)) / -math.log2(n_ab / total)


def respondents_of(documents: pd.DataFrame) -> pd.Series:
    """Who wrote each document: the respondent column, else the document itself (for a note: its file, so
    that a long note read in parts counts once for the minimum number of respondents).

    An answer's respondent id is per file: poll exports number from 0 (or 'rij-1') each, so an id found in
    several files becomes 'file: id' there. A pseudonymisation code ([PERSOON-1]) names one person in every
    file and stays as it is."""
    respondent = documents["respondent"] if "respondent" in documents else pd.Series(None, index=documents.index)
    given = respondent.notna() & (respondent.astype(str) != "")
    ids = respondent.where(given, document_units(documents)).astype(str)
    if "source" not in documents or "kind" not in documents:
        return ids
    per_file = given & (documents["kind"] == "antwoord") & ~ids.map(lambda i: bool(PLACEHOLDER_RE.fullmatch(i)))
    files_per_id = documents.loc[per_file, "source"].groupby(ids[per_file]).nunique()
    shared = per_file & ids.map(files_per_id).fillna(0).gt(1)
    return ids.where(~shared, documents["source"].astype(str) + ": " + ids)
