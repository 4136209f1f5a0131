"""Write what was found or decided: merges, the queue, a person's call on a pair, undo."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from review.base.errors import InputError, ReviewError
from review.identification.dedup import state
from review.identification.dedup.find import DedupResult, Pair, choose_canonical
from review.identification.dedup.scoring import CERTAIN, DISTINCT, POSSIBLE

if TYPE_CHECKING:
    from review.project import Project
    from review.storage import Store


def apply_certain(
    project: Project, result: DedupResult, decided_by: str = "auto", queue: bool = True
) -> int:
    """Write the planned links of the certain pairs (and the queue of possible pairs)."""
    store = project.store
    with store.transaction():
        _check_still_current(store, result)
        written = store.add_duplicate_links(result.links, decided_by)
        if queue:
            store.save_dedup_queue(_queue_rows(result, include_certain=False))
    return written


def link_new_records(
    project: Project, result: DedupResult, new_ids: Iterable[int], decided_by: str = "auto"
) -> tuple[int, int]:
    """After an update search: write the planned links of the clusters that hold a new
    record, and add the other pairs of new records to the queue (pairs among the earlier
    records are the team's call, by `review dedup` or by hand).

    Returns (records linked, pairs queued)."""
    new = set(new_ids)
    members = {rid for cluster in result.clusters if new.intersection(cluster) for rid in cluster}
    links = [link for link in result.links if link[0] in members]
    rows = [
        (p.a, p.b, p.verdict, p.score, p.method, p.reason)
        for p in result.pairs
        if (p.a in new or p.b in new)
        and (
            p.verdict == POSSIBLE
            or (p.verdict == CERTAIN and not (p.a in members and p.b in members))
        )
    ]
    store = project.store
    with store.transaction():
        _check_still_current(store, result)
        written = store.add_duplicate_links(links, decided_by)
        store.save_dedup_queue(rows, replace=False)  # the earlier queue stays as it was
    return written, len(rows)


def save_queue(project: Project, result: DedupResult, include_certain: bool = True) -> None:
    """Queue the pairs for a person without merging anything (certain ones included)."""
    store = project.store
    with store.transaction():
        _check_still_current(store, result)
        store.save_dedup_queue(_queue_rows(result, include_certain))


def _check_still_current(store: Store, result: DedupResult) -> None:
    """Refuse a plan made from a project that has changed since (another run at the same
    moment, say): its links could repeat or undo what was done meanwhile."""
    if result.snapshot is None:
        return
    touched = [rid for link in result.links for rid in link[:2] if rid is not None]
    touched += [rid for p in result.pairs if p.verdict != DISTINCT for rid in (p.a, p.b)]
    what = state.changed_since(store, result.snapshot, touched)
    if what:
        raise ReviewError(
            f"The project changed while duplicates were being compared ({what}); nothing"
            " was merged or queued. Run the comparison again."
        )


def _queue_rows(result: DedupResult, include_certain: bool) -> list[tuple]:
    return [
        (p.a, p.b, p.verdict, p.score, p.method, p.reason)
        for p in result.pairs
        if p.verdict == POSSIBLE or (include_certain and p.verdict == CERTAIN)
    ]


def pending_pairs(project: Project) -> list[Pair]:
    """Queued pairs nobody has decided yet and that are not already in one cluster: one
    question per two clusters (the best-scored pair), none where a person has already
    decided a pair between the same two clusters."""
    store = project.store
    rows = store.dedup_queue()
    decisions = store.pair_decisions()
    links = store.duplicate_map()
    asked = {frozenset((links.get(a, a), links.get(b, b))) for a, b in decisions}
    pending = []
    for a, b, verdict, score, method, reason in rows:
        clusters = frozenset((links.get(a, a), links.get(b, b)))
        if (a, b) in decisions or len(clusters) == 1 or clusters in asked:
            continue
        asked.add(clusters)
        pending.append(Pair(a, b, verdict, score or 0.0, method or "", reason or ""))
    return pending


def _check_record(project: Project, record_id: int) -> None:
    if not project.store.has_record(record_id):
        raise InputError(f"no record with id {record_id}")


def decide_pair(project: Project, a: int, b: int, duplicate: bool, by: str) -> None:
    """A person's call on a pair: merge the two clusters, or keep (or split) them apart."""
    if a == b:
        raise InputError("a record cannot be compared with itself")
    for rid in (a, b):
        _check_record(project, rid)
    store = project.store
    links = store.duplicate_map()
    ca, cb = links.get(a, a), links.get(b, b)
    with store.transaction():
        store.add_pair_decision(a, b, duplicate, by)
        if duplicate:
            if ca == cb:
                return
            members_a = [ca] + [r for r, c in links.items() if c == ca]
            members_b = [cb] + [r for r, c in links.items() if c == cb]
            fields = {f.record_id: f for f in state.load_fields(store, members_a + members_b)}
            weights = store.screening_weights()
            canonical = choose_canonical([ca, cb], fields, weights, links)
            moving = members_b if canonical == ca else members_a
            store.add_duplicate_links([(r, canonical, "manual", None) for r in moving], by)
        elif ca == cb:
            # split the one that is not the canonical (b if both are members)
            leaving = b if b != ca else a
            store.add_duplicate_links([(leaving, None, "manual", None)], by)


def undo_merge(project: Project, record_id: int, by: str) -> list[int]:
    """Split a record off its cluster (or, for a canonical, every record off it).

    Appends links with no canonical, and 'not duplicate' decisions between the records parted
    (every pair of a split cluster) so no later run merges them again. Returns the records
    split off.
    """
    _check_record(project, record_id)
    store = project.store
    links = store.duplicate_map()
    if record_id in links:
        pairs = [(record_id, links[record_id])]
    else:
        pairs = [(r, record_id) for r, c in links.items() if c == record_id]
    if not pairs:
        raise InputError(f"record {record_id} is not merged with any other record")
    members = sorted({x for pair in pairs for x in pair})
    if record_id in links:  # one member leaves: it is apart from each record of the cluster
        canonical = links[record_id]
        rest = [canonical] + [r for r, c in links.items() if c == canonical and r != record_id]
        apart = [(record_id, other) for other in rest]
    else:  # the cluster is split: every record apart from every other
        apart = [(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]
    with store.transaction():
        store.add_duplicate_links([(r, None, "undo", None) for r, _ in pairs], by)
        for x, y in apart:
            store.add_pair_decision(x, y, False, by)
    return [r for r, _ in pairs]


def merged_pairs(project: Project) -> list[Pair]:
    """Each record merged into another now, as a pair with its canonical record (a, b)."""
    return [
        Pair(canonical, rid, "merged", score or 1.0, method, f"merged by {by}")
        for rid, canonical, method, score, by, _time in project.store.current_links()
    ]


def withdraw_pair(project: Project, a: int, b: int, before: dict[int, int], by: str) -> list[int]:
    """Take back the latest call on a pair (undo): every record whose cluster changed since
    `before` (the duplicate map then) goes back, a merge restored as it was made (method,
    score, who), and the pair's call is what it was before that one (or undecided again).
    Returns the records moved back."""
    store = project.store
    previous = store.pair_decision_before_last(a, b)
    after = store.duplicate_map()
    moved = sorted(r for r in after.keys() | before.keys() if after.get(r) != before.get(r))
    with store.transaction():
        for r in moved:
            canonical = before.get(r)
            made = store.link_provenance(r, canonical) if canonical is not None else None
            method, score, who = made if made else ("undo", None, by)
            store.add_duplicate_links([(r, canonical, method, score)], who)
        if previous is None:
            store.add_pair_decision(a, b, None, by)
        else:
            store.add_pair_decision(a, b, previous[0], previous[1])
    return moved
