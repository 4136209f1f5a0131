"""Update searches and held records: new records compared at once, and records kept out of
screening while a possible duplicate of a screened record waits for a person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from review.identification.dedup.find import Pair, Progress, find_duplicates
from review.identification.dedup.merge import link_new_records, pending_pairs

if TYPE_CHECKING:
    from review.project import Project


def match_new_records(
    project: Project, new_ids: Sequence[int], progress: Progress | None = None
) -> dict[str, int]:
    """An update search's records compared with the project (only pairs with one of them):
    a duplicate of an earlier record linked to it, other pairs queued. Returns the counts
    {'linked', 'queued', 'held'} (held: new records kept out of screening until decided)."""
    result = find_duplicates(project, progress=progress, focus=new_ids)
    linked, queued = link_new_records(project, result, new_ids)
    held = len(held_records(project) & set(new_ids))
    return {"linked": linked, "queued": queued, "held": held}


def held_records(project: Project, pairs: list[Pair] | None = None) -> set[int]:
    """Records nobody has screened that may duplicate a record already screened (a possible
    pair waiting for a person, from pending_pairs unless given): screening them could screen
    one work twice, so they wait until the pair is decided."""
    pairs = pending_pairs(project) if pairs is None else pairs
    if not pairs:
        return set()
    links = project.store.duplicate_map()
    # a record counts as screened when anyone screened it or a record merged with it
    screened = {links.get(rid, rid) for rid in project.store.screening_weights()}
    held = set()
    for pair in pairs:
        a, b = links.get(pair.a, pair.a), links.get(pair.b, pair.b)  # the records screened
        for new, old in ((a, b), (b, a)):
            if new not in screened and old in screened:
                held.add(new)
    return held
