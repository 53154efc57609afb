"""Which keys are one term: the merge table, Dutch inflection variants found in the data, and typos.

`resolve_terms` maps every key seen to the key of its term. It only merges a word into a base form
that occurs in the data (or in the merge table), so it never invents a word.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.lexicon import is_dutch_word
from pipeline.wordle_text import compact_key, key_variants, normalise_term


def resolve_terms(respondents_per_key: Mapping[str, int], *, merges: Mapping[str, str],
                  merge_typos: bool = True) -> tuple[dict[str, str], dict[str, str]]:
    """Map every key to the key of its term, and give the display form of merge-table terms.

    Order: the merge table (variant -> term; 'woord,woord' keeps a word apart); else an inflection
    base that occurs in the data ('veranderingen' -> 'verandering'); else, for a long single word that is
    no Dutch word, a word one typo away that at least twice as many respondents wrote ('verandring',
    'veranderring').
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
    """Single words one typo away from a word (of 8+ letters) that at least twice as many respondents wrote:
    a letter missing ('verandring'), one too many ('veranderring'), one different or two swapped. Words
    that share a form with one letter deleted are one typo apart (the symmetric-deletion method). A word
    that is itself Dutch ('werker' beside 'werken') is never a typo."""
    by_deletion: dict[str, str] = {}
    for word in sorted(respondents_per_key, key=lambda w: (-respondents_per_key[w], w)):
        if " " not in word and len(word) > min_length and respondents_per_key[word] >= 2:
            for form in (word, *_deletions(word)):
                by_deletion.setdefault(form, word)
    targets = {}
    for word in respondents_per_key:
        if " " in word or len(word) < min_length:
            continue
        found = [by_deletion[f] for f in (word, *_deletions(word)) if by_deletion.get(f, word) != word]
        best = min(found, key=lambda w: (-respondents_per_key[w], w), default=None)
        if best and respondents_per_key[best] >= 2 * respondents_per_key[word] and not is_dutch_word(word):
            targets[word] = best
    return targets


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]
