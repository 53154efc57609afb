"""Which keys are one term: the merge table, Dutch inflection variants found in the data, and typos.

`resolve_terms` maps every key seen to the key of its term. It only merges a word into a base form
that occurs in the data (or in the merge table), so it never invents a word.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.wordle_text import compact_key, key_variants, normalise_term


def resolve_terms(respondents_per_key: Mapping[str, int], *, merges: Mapping[str, str],
                  merge_typos: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """Map every key to the key of its term, and give the display form of merge-table terms.

    Order: the merge table (variant -> term; 'woord,woord' keeps a word apart); else an inflection
    base that occurs in the data ('veranderingen' -> 'verandering'); else, for a long single word, a
    word with one more letter that at least twice as many respondents wrote ('verandring').
    """
    keys = sorted(respondents_per_key)
    table_terms = {compact_key(normalise_term(t)): t for t in merges.values()}
    known = {compact_key(k): k for k in reversed(keys)} | {c: normalise_term(t) for c, t in table_terms.items()}
    typos = _typo_targets(respondents_per_key) if merge_typos else {}
    memo: dict[str, str] = {}

    def resolve(key: str, seen: frozenset[str]) -> str:
        if key not in memo:
            memo[key] = resolve_once(key, seen | {compact_key(key)})
        return memo[key]

    def resolve_once(key: str, seen: frozenset[str]) -> str:
        c = compact_key(key)
        if c in merges:
            target = normalise_term(merges[c])
            return known.get(c, key) if compact_key(target) in seen else resolve(target, seen)
        base = next((v for v in key_variants(key) if compact_key(v) not in seen
                     and (compact_key(v) in known or compact_key(v) in merges)), None) or typos.get(key)
        return resolve(known.get(compact_key(base), base), seen) if base else known[c]

    group_of = {k: resolve(k, frozenset()) for k in keys}
    group_of = _merge_shared_bases(group_of, respondents_per_key, fixed=set(merges))
    return group_of, {known[c]: t for c, t in table_terms.items()}


def _merge_shared_bases(group_of: dict[str, str], respondents_per_key: Mapping[str, int], *,
                        fixed: set[str]) -> dict[str, str]:
    """Merge terms whose base is not in the data but shared ('bezuinigingen', 'bezuinigen'); words
    the merge table names (`fixed`, compact keys) stay as they are."""
    alone = sorted((k for k, g in group_of.items() if g == k and compact_key(k) not in fixed),
                   key=lambda k: (-respondents_per_key[k], k))
    by_base: dict[str, str] = {}
    moved: dict[str, str] = {}
    for key in alone:
        bases = [compact_key(v) for v in key_variants(key)]
        target = next((by_base[b] for b in bases if b in by_base), None)
        if target is None:
            by_base.update({b: key for b in bases if b not in by_base})
        else:
            moved[key] = target  # targets are never moved themselves: they came first
    return {k: moved.get(g, g) for k, g in group_of.items()}


def _typo_targets(respondents_per_key: Mapping[str, int], *, min_length: int = 7) -> dict[str, str]:
    """Single words that are a more frequent word (of 8+ letters) with one letter missing."""
    by_deletion: dict[str, str] = {}
    for word in sorted(respondents_per_key, key=lambda w: (-respondents_per_key[w], w)):
        if " " not in word and len(word) > min_length and respondents_per_key[word] >= 2:
            for i in range(len(word)):
                by_deletion.setdefault(word[:i] + word[i + 1:], word)
    return {w: by_deletion[w] for w in respondents_per_key if " " not in w and len(w) >= min_length
            and w in by_deletion and respondents_per_key[by_deletion[w]] >= 2 * respondents_per_key[w]}
