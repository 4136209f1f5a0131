"""Find duplicates: score the blocked candidate pairs and plan the clusters (nothing written)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from review.identification.dedup import state
from review.identification.dedup.blocking import candidate_pairs
from review.identification.dedup.cluster import Clusters
from review.identification.dedup.evidence import title_similarity
from review.identification.dedup.fields import MatchFields
from review.identification.dedup.scoring import CERTAIN, DISTINCT, POSSIBLE, TITLE_FLOOR, compare
from review.identification.dedup.vetoes import aligned, veto

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


def _editorial_and_article(a: MatchFields, b: MatchFields) -> bool:
    """'Editorial' and a titled record by one first author in one issue: compare() decides."""
    return bool(
        a.generic_title != b.generic_title
        and a.first_author
        and a.first_author == b.first_author
        and a.volume
        and a.volume == b.volume
        and a.issue == b.issue
        and a.year == b.year
    )


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
                if not _editorial_and_article(fa, fb):
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
    taken = store.dedup_snapshot()
    fields = _load_fields(store, progress, cancelled)
    by_id = {f.record_id: f for f in fields}
    links = store.duplicate_map()
    decisions = store.pair_decisions()
    screened = store.screening_weights()

    def comparing(done: int, total: int) -> None:
        if progress:
            progress(300 + 650 * done // max(total, 1), 1000)

    skip = _skipper(only, links, decisions)
    candidates, pairs = score_pairs(fields, comparing, cancelled, skip)
    pairs = _apply_raw_suffixes(store, pairs, by_id)
    clusters = _join_certain(pairs, links, by_id, decisions, screened)
    pairs = _one_question_per_cluster_pair(pairs, clusters)
    if cancelled and cancelled():
        raise DedupCancelled()
    planned, new_links = _plan(clusters, pairs, by_id, screened, links)
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


def _load_fields(
    store: Store, progress: Progress | None, cancelled: Cancelled | None
) -> list[MatchFields]:
    """Every record's MatchFields (the first 30% of the bar)."""
    count = max(store.count_records(), 1)
    fields = []
    for n, f in enumerate(state.load_fields(store)):
        if n % 2000 == 0:
            if cancelled and cancelled():
                raise DedupCancelled()
            if progress:
                progress(300 * n // count, 1000)
        fields.append(f)
    return fields


def _skipper(
    only: set[int] | None, links: dict[int, int], decisions: dict[tuple[int, int], bool]
) -> Callable[[int, int], bool]:
    """Whether a pair is not to be scored: outside the focus, decided by a person, or merged."""

    def canonical_of(rid: int) -> int:
        return links.get(rid, rid)

    def skip(x: int, y: int) -> bool:
        if only is not None and x not in only and y not in only:
            return True
        key = (x, y) if x < y else (y, x)
        return key in decisions or canonical_of(x) == canonical_of(y)

    return skip


def _compatible(
    by_id: dict[int, MatchFields], decisions: dict[tuple[int, int], bool]
) -> Callable[[int, int], bool]:
    """Whether two records may share a cluster: no person parted them and no veto does."""
    not_dup = {k for k, dup in decisions.items() if not dup}
    veto_cache: dict[tuple[int, int], bool] = {}

    def compatible(x: int, y: int) -> bool:
        key = (x, y) if x < y else (y, x)
        if key in not_dup:
            return False
        if key not in veto_cache:
            fx, fy = by_id[key[0]], by_id[key[1]]
            veto_cache[key] = veto(fx, fy, title_similarity(*aligned(fx, fy))) is None
        return veto_cache[key]

    return compatible


def _join_certain(
    pairs: list[Pair],
    links: dict[int, int],
    by_id: dict[int, MatchFields],
    decisions: dict[tuple[int, int], bool],
    screened: dict[int, int],
) -> Clusters:
    """The clusters of the links made and the certain pairs, best first; a certain pair that
    would set screening aside, or join records that veto each other, is a person's call."""
    clusters = Clusters()
    for rid, cid in links.items():
        if rid in by_id and cid in by_id:
            clusters.union(cid, rid)
    compatible = _compatible(by_id, decisions)

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
    return clusters


def _plan(
    clusters: Clusters,
    pairs: list[Pair],
    by_id: dict[int, MatchFields],
    screened: dict[int, int],
    links: dict[int, int],
) -> tuple[list[list[int]], list[tuple[int, int, str, float]]]:
    """(clusters, canonical first; links to add): each record joins its cluster's canonical
    by the method and score of its best certain pair."""
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
            best = best_pair.get(rid)
            method, score = (best.method, best.score) if best else ("fuzzy", 1.0)
            new_links.append((rid, canonical, method, score))
    return planned, new_links


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
    Store.screening_weights), then existing canonicals, then the richest metadata, then the
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
