"""Find duplicates in a project, merge the certain, queue the possible, undo, export clusters."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from review.base.errors import InputError, ReviewError
from review.base.models import Record
from review.identification.dedup import state
from review.identification.dedup.blocking import candidate_pairs
from review.identification.dedup.cluster import Clusters
from review.identification.dedup.fields import (
    MatchFields,
    author_tokens,
    journal_key,
    journals_compatible,
)
from review.identification.dedup.scoring import CERTAIN, DISTINCT, POSSIBLE, TITLE_FLOOR, compare
from review.identification.dedup.vetoes import veto

if TYPE_CHECKING:
    from review.project import Project
    from review.storage.store import Store

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class DedupCancelled(Exception):
    """The caller asked a long run to stop; nothing was written."""


@dataclass(slots=True)
class Pair:
    """Two records that may be one work (a < b, record ids)."""

    a: int
    b: int
    verdict: str
    score: float
    method: str
    reason: str
    title: float = 0.0
    authors: float | None = None


@dataclass
class DedupResult:
    """What a run found; nothing written yet."""

    records: int
    candidates: int
    pairs: list[Pair]
    links: list[tuple[int, int, str, float]]  # (record_id, canonical_id, method, score) to add
    clusters: list[list[int]]  # planned clusters of two or more, canonical first
    seconds: float = 0.0
    already_linked: int = 0
    fields: dict[int, MatchFields] = field(default_factory=dict, repr=False)
    snapshot: tuple[int, ...] | None = None  # the project's state the plan was made from

    @property
    def certain(self) -> list[Pair]:
        return [p for p in self.pairs if p.verdict == CERTAIN]

    @property
    def possible(self) -> list[Pair]:
        return [p for p in self.pairs if p.verdict == POSSIBLE]

    def summary(self) -> dict[str, int | float]:
        return {
            "records": self.records,
            "candidate_pairs": self.candidates,
            "certain_pairs": len(self.certain),
            "possible_pairs": len(self.possible),
            "records_to_merge": len(self.links),
            "clusters": len(self.clusters),
            "already_linked": self.already_linked,
            "seconds": round(self.seconds, 3),
        }


def _quick_title(a: MatchFields, b: MatchFields) -> float:
    if a.title_key == b.title_key and a.title_key:
        return 100.0
    score = fuzz.ratio(a.title, b.title, score_cutoff=TITLE_FLOOR)
    if score:
        return score
    score = fuzz.token_sort_ratio(a.title, b.title, processor=None, score_cutoff=TITLE_FLOOR)
    if score:
        return score
    short, long = sorted((a.title_key, b.title_key), key=len)
    if len(short) >= 25 and long.startswith(short):
        return TITLE_FLOOR
    # 'infrastructure in the wild' and 'infrastructure in the wild: what mapping ...':
    # compare() decides whether the short title is the long one without its subtitle
    short, long = sorted((a.title, b.title), key=len)
    if short.count(" ") >= 2 and len(short) >= 18 and long.startswith(short + " "):
        return TITLE_FLOOR
    return 0.0


def score_pairs(
    fields: Sequence[MatchFields],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    skip: Callable[[int, int], bool] | None = None,
) -> tuple[int, list[Pair]]:
    """Blocked candidate pairs, scored; returns (number of candidates, non-distinct pairs)."""
    n = len(fields)
    encoded = candidate_pairs(fields, cancelled=cancelled)
    if cancelled and cancelled():
        raise DedupCancelled()
    total = len(encoded)
    found: list[Pair] = []
    step = max(total // 100, 2000)
    for done, code in enumerate(encoded):
        if done % step == 0:
            if cancelled and cancelled():
                raise DedupCancelled()
            if progress:
                progress(done, total)
        fa, fb = fields[code // n], fields[code % n]
        if skip and skip(fa.record_id, fb.record_id):
            continue
        shared = (fa.doi_base and fa.doi_base == fb.doi_base) or (fa.pmid and fa.pmid == fb.pmid)
        title = _quick_title(fa, fb)
        located = fa.page_start and fa.page_start == fb.page_start and fa.volume == fb.volume
        if not title and not shared and not (located and fa.volume):
            if not (fa.abstract and fa.abstract[:80] == fb.abstract[:80]):
                continue  # (one abstract under two titles is looked at)
        result = compare(fa, fb)
        if result.verdict == DISTINCT:
            continue
        a, b = sorted((fa.record_id, fb.record_id))
        found.append(
            Pair(
                a,
                b,
                result.verdict,
                result.score,
                result.method,
                result.reason,
                result.title,
                result.authors,
            )  # fmt: skip
        )
    if progress:
        progress(total, total)
    found.sort(key=lambda p: (-p.score, p.a, p.b))
    return total, found


def find_duplicates(
    project: Project,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    focus: Iterable[int] | None = None,
) -> DedupResult:
    """Compare every record with its plausible partners; plan merges of the certain pairs.

    With focus (the records of an update search), only pairs with one of those records are
    scored."""
    only = None if focus is None else set(focus)
    started = time.perf_counter()
    store = project.store
    # One bar for the whole run: reading the records is the first 30%, comparing the pairs
    # up to 95%, planning the clusters the rest.
    taken = state.snapshot(store.conn)
    count = max(store.count_records(), 1)
    fields = []
    for n, f in enumerate(state.load_fields(store)):
        if n % 2000 == 0:
            if cancelled and cancelled():
                raise DedupCancelled()
            if progress:
                progress(300 * n // count, 1000)
        fields.append(f)
    by_id = {f.record_id: f for f in fields}
    links = store.duplicate_map()
    decisions = state.pair_decisions(store)
    screened = state.screening_weights(store)

    def canonical_of(rid: int) -> int:
        return links.get(rid, rid)

    def skip(x: int, y: int) -> bool:
        if only is not None and x not in only and y not in only:
            return True
        key = (x, y) if x < y else (y, x)
        return key in decisions or canonical_of(x) == canonical_of(y)

    def comparing(done: int, total: int) -> None:
        if progress:
            progress(300 + 650 * done // max(total, 1), 1000)

    candidates, pairs = score_pairs(fields, comparing, cancelled, skip)
    pairs = _apply_raw_suffixes(store, pairs, by_id)

    clusters = Clusters()
    for rid, cid in links.items():
        if rid in by_id and cid in by_id:
            clusters.union(cid, rid)
    not_dup = {k for k, dup in decisions.items() if not dup}
    veto_cache: dict[tuple[int, int], bool] = {}

    def compatible(x: int, y: int) -> bool:
        key = (x, y) if x < y else (y, x)
        if key in not_dup:
            return False
        if key not in veto_cache:
            fx, fy = by_id[key[0]], by_id[key[1]]
            veto_cache[key] = veto(fx, fy, compare(fx, fy).title) is None
        return veto_cache[key]

    def screened_in(rid: int) -> bool:
        return any(r in screened for r in clusters.group(rid))

    for pair in pairs:
        if pair.verdict != CERTAIN:
            continue
        if clusters.find(pair.a) != clusters.find(pair.b) and (
            screened_in(pair.a) and screened_in(pair.b)
        ):
            # both already screened: merging would set one's decisions aside, a person decides
            pair.verdict = POSSIBLE
            pair.reason = "certain, but both already screened"
            continue
        if not clusters.try_union(pair.a, pair.b, compatible):
            pair.verdict = POSSIBLE
            pair.reason = "certain, but would join records that veto each other"

    pairs = _one_question_per_cluster_pair(pairs, clusters)
    if cancelled and cancelled():
        raise DedupCancelled()

    best_pair: dict[int, Pair] = {}
    for pair in pairs:
        if pair.verdict == CERTAIN:
            for rid in (pair.a, pair.b):
                if rid not in best_pair:
                    best_pair[rid] = pair

    planned: list[list[int]] = []
    new_links: list[tuple[int, int, str, float]] = []
    for group in clusters.groups():
        canonical = choose_canonical(group, by_id, screened, links)
        planned.append([canonical] + sorted(r for r in group if r != canonical))
        for rid in group:
            if rid == canonical or links.get(rid) == canonical:
                continue
            pair = best_pair.get(rid)
            method, score = (pair.method, pair.score) if pair else ("fuzzy", 1.0)
            new_links.append((rid, canonical, method, score))
    if progress:
        progress(1000, 1000)
    return DedupResult(
        records=len(fields),
        candidates=candidates,
        pairs=pairs,
        links=new_links,
        clusters=planned,
        seconds=time.perf_counter() - started,
        already_linked=len(links),
        fields=by_id,
        snapshot=taken,
    )


def _one_question_per_cluster_pair(pairs: list[Pair], clusters: Clusters) -> list[Pair]:
    """Possible pairs a person still has to decide: none inside one planned cluster, and one
    (the best scored) per two clusters, since a person's call joins or parts whole clusters.
    """
    kept: list[Pair] = []
    asked: set[tuple[int, int]] = set()
    for pair in pairs:  # best scores first
        if pair.verdict == POSSIBLE:
            ra, rb = clusters.find(pair.a), clusters.find(pair.b)
            if ra == rb:
                continue
            key = (ra, rb) if ra < rb else (rb, ra)
            if key in asked:
                continue
            asked.add(key)
        kept.append(pair)
    return kept


def _apply_raw_suffixes(
    store: Store, pairs: list[Pair], by_id: dict[int, MatchFields]
) -> list[Pair]:
    """Year suffixes as originally written ('Smith 2000a' vs '2000b'): the a/b veto.

    The normalised year is a number, so the letter is read from the original fields, and only
    for records of the pairs found that share a year and lack a suffix from their id.
    """
    need: set[int] = set()
    for p in pairs:
        fa, fb = by_id[p.a], by_id[p.b]
        if fa.year is not None and fa.year == fb.year:
            need.update(r for r, f in ((p.a, fa), (p.b, fb)) if not f.suffix)
    if not need:
        return pairs
    found = state.raw_year_suffixes(store, sorted(need))
    if not found:
        return pairs
    for rid, letter in found.items():
        by_id[rid].suffix = letter
    kept = []
    for p in pairs:
        if p.a in found or p.b in found:
            fa, fb = by_id[p.a], by_id[p.b]
            if fa.suffix and fb.suffix and fa.suffix != fb.suffix:
                continue  # a/b works of the same authors and year
        kept.append(p)
    return kept


def choose_canonical(
    group: Sequence[int],
    fields: dict[int, MatchFields],
    screened: dict[int, int],
    links: dict[int, int],
) -> int:
    """The record most screening rests on first (its decisions stand: see
    state.screening_weights), then existing canonicals, then the richest metadata, then the
    earliest import."""
    canonicals = set(links.values())

    def rank(rid: int) -> tuple[int, int, int, int]:
        f = fields.get(rid)
        return (
            -screened.get(rid, 0),
            0 if rid in canonicals else 1,
            -(f.richness if f else 0),
            rid,
        )

    return min(group, key=rank)


def apply_certain(
    project: Project, result: DedupResult, decided_by: str = "auto", queue: bool = True
) -> int:
    """Write the planned links of the certain pairs (and the queue of possible pairs)."""
    store = project.store
    with store.transaction() as conn:
        _check_still_current(conn, result)
        written = state.add_links(conn, result.links, decided_by)
        if queue:
            state.save_queue(conn, _queue_rows(result, include_certain=False))
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
    with project.store.transaction() as conn:
        _check_still_current(conn, result)
        written = state.add_links(conn, links, decided_by)
        state.save_queue(conn, rows, replace=False)  # the earlier queue stays as it was
    return written, len(rows)


def save_queue(project: Project, result: DedupResult, include_certain: bool = True) -> None:
    """Queue the pairs for a person without merging anything (certain ones included)."""
    store = project.store
    with store.transaction() as conn:
        _check_still_current(conn, result)
        state.save_queue(conn, _queue_rows(result, include_certain))


def _check_still_current(conn: sqlite3.Connection, result: DedupResult) -> None:
    """Refuse a plan made from a project that has changed since (another run at the same
    moment, say): its links could repeat or undo what was done meanwhile."""
    if result.snapshot is None:
        return
    touched = [rid for link in result.links for rid in link[:2] if rid is not None]
    touched += [rid for p in result.pairs if p.verdict != DISTINCT for rid in (p.a, p.b)]
    what = state.changed_since(conn, result.snapshot, touched)
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
    rows = state.queue_rows(store)
    decisions = state.pair_decisions(store)
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
    row = project.store.conn.execute(
        "SELECT 1 FROM records WHERE record_id = ?", (record_id,)
    ).fetchone()
    if row is None:
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
    with store.transaction() as conn:
        state.add_pair_decision(conn, a, b, duplicate, by)
        if duplicate:
            if ca == cb:
                return
            members_a = [ca] + [r for r, c in links.items() if c == ca]
            members_b = [cb] + [r for r, c in links.items() if c == cb]
            fields = {f.record_id: f for f in state.load_fields(store, members_a + members_b)}
            weights = state.screening_weights(store)
            canonical = choose_canonical([ca, cb], fields, weights, links)
            moving = members_b if canonical == ca else members_a
            state.add_links(conn, [(r, canonical, "manual", None) for r in moving], by)
        elif ca == cb:
            # split the one that is not the canonical (b if both are members)
            leaving = b if b != ca else a
            state.add_links(conn, [(leaving, None, "manual", None)], by)


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
    with store.transaction() as conn:
        state.add_links(conn, [(r, None, "undo", None) for r, _ in pairs], by)
        for x, y in apart:
            state.add_pair_decision(conn, x, y, False, by)
    return [r for r, _ in pairs]


def match_new_records(
    project: Project, new_ids: Sequence[int], progress: Progress | None = None
) -> dict[str, int]:
    """An update search's records compared with the project (only pairs with one of them):
    a duplicate of an earlier record linked to it, other pairs queued. Returns the counts
    {'linked', 'queued', 'held'} (held: new records kept out of screening until decided)."""
    from review.screening.queue import held_records

    result = find_duplicates(project, progress=progress, focus=new_ids)
    linked, queued = link_new_records(project, result, new_ids)
    held = len(held_records(project) & set(new_ids))
    return {"linked": linked, "queued": queued, "held": held}


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
    previous = state.pair_decision_before_last(store, a, b)
    after = store.duplicate_map()
    moved = sorted(r for r in after.keys() | before.keys() if after.get(r) != before.get(r))
    with store.transaction() as conn:
        for r in moved:
            canonical = before.get(r)
            made = state.link_provenance(conn, r, canonical) if canonical is not None else None
            method, score, who = made if made else ("undo", None, by)
            state.add_links(conn, [(r, canonical, method, score)], who)
        if previous is None:
            state.add_pair_decision(conn, a, b, None, by)
        else:
            state.add_pair_decision(conn, a, b, previous[0], previous[1])
    return moved


def cluster_rows(project: Project) -> list[dict[str, object]]:
    """Per record: record_id, source, source_record_id, cluster, possible_with."""
    store = project.store
    links = store.duplicate_map()
    possible: dict[int, list[int]] = {}
    for pair in pending_pairs(project):
        possible.setdefault(pair.a, []).append(pair.b)
        possible.setdefault(pair.b, []).append(pair.a)
    rows = []
    for rid, source, sid in store.conn.execute(
        "SELECT r.record_id, s.name, r.source_record_id FROM records r"
        " JOIN sources s USING (source_id) ORDER BY r.record_id"
    ):
        rows.append(
            {
                "record_id": rid,
                "source": source,
                "source_record_id": sid,
                "cluster": links.get(rid, rid),
                "possible_with": ";".join(str(x) for x in sorted(possible.get(rid, []))),
            }
        )
    return rows


MERGE_FIELDS = ("title", "abstract", "authors", "year", "journal", "volume", "issue", "pages",
                "doi", "pmid", "issn", "isbn", "keywords", "url", "type", "language",
                "publisher")  # fmt: skip


def cluster_members(links: dict[int, int], record_id: int) -> list[int]:
    """The records of the cluster a record is in, its canonical first, given the duplicate map
    (Store.duplicate_map); a record merged with nothing is alone."""
    canonical = links.get(record_id, record_id)
    return [canonical, *sorted(r for r, c in links.items() if c == canonical)]


def members_by_canonical(project: Project) -> dict[int, list[int]]:
    """Canonical record id -> the records merged into it, in import order."""
    members: dict[int, list[int]] = {}
    for rid, canonical in sorted(project.store.duplicate_map().items()):
        members.setdefault(canonical, []).append(rid)
    return members


def filled(record: Record, duplicates: Sequence[Record]) -> Record:
    """The record with each empty field filled from the first of its duplicates that has it,
    its authors from a duplicate that names them all and more, and its journal from one that
    writes out what it abbreviates (what a reviewer reads and an export of the study carries)."""
    changes: dict[str, object] = {}
    for name in MERGE_FIELDS:
        if getattr(record, name) in (None, "", []):
            for other in duplicates:
                value = getattr(other, name)
                if value not in (None, "", []):
                    changes[name] = value
                    break
    for other in duplicates:
        if _names_more(changes.get("authors", record.authors), other.authors):
            changes["authors"] = other.authors
        if _writes_out(changes.get("journal", record.journal), other.journal):
            changes["journal"] = other.journal
    return dataclasses.replace(record, **changes) if changes else record


def _names_more(authors: Any, others: list[str]) -> bool:
    """True if others names every author of authors, and more ('Smith; Hunter' in three)."""
    if not authors or len(others) <= len(authors):
        return False
    return set(author_tokens(authors)) <= set(author_tokens(others))


def _writes_out(journal: Any, other: str | None) -> bool:
    """True if other is journal written out word for word ('Adm Sci Q' and 'Administrative
    Science Quarterly'), not another journal that begins like it ('BMJ' and 'BMJ Open')."""
    if not journal or not other or len(other) <= len(journal):
        return False
    short, full = journal_key(journal), journal_key(other)
    return (
        short != full
        and len(short.split()) == len(full.split())
        and journals_compatible(short, full)
    )


def merged_record(project: Project, canonical_id: int) -> Record:
    """A canonical record with empty fields filled from its duplicates (the record itself if
    nothing is merged into it)."""
    store = project.store
    canonical, *members = cluster_members(store.duplicate_map(), canonical_id)
    return filled(store.record(canonical), [store.record(r) for r in members])
