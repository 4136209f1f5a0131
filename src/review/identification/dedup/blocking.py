"""Blocking: candidate pairs from shared keys, never an all-pairs loop."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence

from review.identification.dedup.fields import MatchFields

MAX_BLOCK = 60  # keys shared by more records than this say little; other keys still pair them
MAX_ID_BLOCK = 200  # DOI / PMID blocks are trusted further


def record_keys(f: MatchFields, rare: Callable[[str], int]) -> Iterator[str]:
    """The blocking keys of one record."""
    if f.doi_base:
        yield "d" + f.doi_base
    if f.pmid:
        yield "p" + f.pmid
    key = f.title_key
    if len(key) >= 10:
        yield "t" + key[:22]
        yield "e" + key[-22:]
    words = [w for w in set(f.title.split()) if len(w) > 2]
    if len(words) >= 2:
        words.sort(key=lambda w: (rare(w), w))
        yield "w" + words[0] + " " + words[1]
        if len(words) >= 4:
            yield "w" + words[1] + " " + words[2]
    if f.first_author and f.year:
        yield f"a{f.first_author} {f.year}"
    if f.volume and f.page_start:
        yield f"v{f.volume}:{f.page_start}:{f.journal[:1]}"
    if len(f.abstract) >= 150:  # one abstract under two titles
        yield "b" + f.abstract[:80]


def candidate_pairs(
    fields: Sequence[MatchFields],
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> set[int]:
    """Pairs (i, j), i < j, of indexes into fields that share a key, encoded as i * n + j."""
    n = len(fields)
    freq: Counter[str] = Counter()
    for f in fields:
        freq.update({w for w in f.title.split() if len(w) > 2})
    blocks: dict[str, list[int]] = defaultdict(list)
    rare = freq.__getitem__
    for index, f in enumerate(fields):
        for key in record_keys(f, rare):
            blocks[key].append(index)
        if cancelled and index % 5000 == 0 and cancelled():
            return set()
    pairs: set[int] = set()
    add = pairs.add
    for key, members in blocks.items():
        size = len(members)
        if size < 2:
            continue
        limit = MAX_ID_BLOCK if key[0] in "dp" else MAX_BLOCK
        if size > limit:
            continue
        for x in range(size):
            base = members[x] * n
            for y in range(x + 1, size):
                add(base + members[y])
    return pairs
