"""One import: its files stored as one step, and once screening has begun compared with the
project first, without holding the project's write lock while parsing or comparing.

An update search (screening has begun) is imported and compared on a private copy of the
project (storage.staging: a copy of a SQLite file, temporary tables on PostgreSQL) while
reviewers go on deciding; its records and the links found are
then written in one short step. What changed meanwhile is looked at again there: a record
screened meanwhile keeps its decisions (its pair goes to a person instead of being merged),
and new records, merges or pair calls elsewhere make the whole comparison run again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from review.base.errors import ProjectError
from review.identification.dedup import (
    CERTAIN,
    POSSIBLE,
    DedupResult,
    Pair,
    find_duplicates,
    held_records,
    link_new_records,
    match_new_records,
)
from review.identification.importing import ImportResult, add_manual_record, import_file
from review.project import Project
from review.storage.staging import ProjectChanged, can_stage, stage
from review.storage.store import ProgressCallback, Store

# Times an update search is compared again when the project changed meanwhile.
ATTEMPTS = 3
SCREENED_MEANWHILE = "certain, but one was screened while the update search was compared"
T = TypeVar("T")


@dataclass(frozen=True)
class ImportStep:
    """What one import stored: each file's result, and the comparison (None: not compared)."""

    results: list[ImportResult]
    matched: dict[str, int] | None


def import_files(
    project: Project,
    paths: Sequence[Path],
    progress_for: Callable[[Path], ProgressCallback | None] = lambda _path: None,
    comparing: ProgressCallback | None = None,
    **options: Any,
) -> ImportStep:
    """Import the files as one step (all or none) with import_file's options (source: the
    file's name when not given); once screening has begun, compared with the project."""
    store = project.store
    with store.announced([str(p) for p in paths]):
        if not store.screening_begun():
            with store.transaction():
                return ImportStep(_each(store, paths, progress_for, options), None)
        results, matched = compared(
            project, lambda into: _each(into, paths, progress_for, options), comparing
        )
        return ImportStep(results, matched)


def add_record(
    project: Project, comparing: ProgressCallback | None = None, **fields: Any
) -> tuple[int, dict[str, int] | None]:
    """A record typed in by hand (add_manual_record's fields), and once screening has begun
    its comparison with the project: (its record id, what the comparison found or None)."""
    if not project.store.screening_begun():
        return add_manual_record(project.store, **fields), None
    return compared(project, lambda into: add_manual_record(into, **fields), comparing)


def compared(
    project: Project, write: Callable[[Store], T], comparing: ProgressCallback | None
) -> tuple[T, dict[str, int]]:
    """What write(store) stores, compared with the project in the same step: on a staged copy
    (again if the project changed meanwhile), or, where no copy can be made, in the step."""
    store = project.store
    if not can_stage(store):
        with store.transaction():
            first_new = store.last_record_id() + 1
            written = write(store)
            new_ids = list(range(first_new, store.last_record_id() + 1))
            return written, match_new_records(project, new_ids, comparing)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _staged(project, write, comparing)
        except ProjectChanged:
            if attempt == ATTEMPTS:
                raise ProjectError(
                    f"the project changed while the new records were compared with it, "
                    f"{ATTEMPTS} times (others imported or merged records meanwhile); "
                    "nothing was stored: run it again"
                ) from None
    raise AssertionError("unreachable")


def _each(
    store: Store,
    paths: Sequence[Path],
    progress_for: Callable[[Path], ProgressCallback | None],
    options: dict[str, Any],
) -> list[ImportResult]:
    chosen = dict(options)
    source = chosen.pop("source", None)
    return [
        import_file(store, path, source=source or path.stem, progress=progress_for(path), **chosen)
        for path in paths
    ]


def _staged(
    project: Project, write: Callable[[Store], T], comparing: ProgressCallback | None
) -> tuple[T, dict[str, int]]:
    """Store, compare and link on a copy; then copy what it added in one short step."""
    with stage(project.store) as staged:
        copy = Project(project.root, project.protocol, staged.store)
        first_new = staged.store.last_record_id() + 1
        with staged.store.transaction():
            written = write(staged.store)
        new_ids = list(range(first_new, staged.store.last_record_id() + 1))
        found = find_duplicates(copy, progress=comparing, focus=new_ids)
        weights = project.store.screening_weights()
        meanwhile = _changed(staged.store.screening_weights(), weights)
        plan = _keeping_decisions(found, meanwhile, staged.store.dedup_snapshot())
        link_new_records(copy, plan, new_ids)
        late: list[tuple[Any, ...]] = []

        def leave_out() -> set[int]:
            """Inside the step: the clusters of records screened since the plan was made."""
            screened = _changed(weights, project.store.screening_weights())
            members = _members_with(plan, screened)
            late.extend(_queue_rows(plan, members, set(new_ids)))
            return members

        def then(into: Store) -> None:
            if late:
                into.save_dedup_queue(late, replace=False)

        copied = staged.publish(leave_out, then)
    queued = copied["dedup_queue"] + len(late)
    held = len(held_records(project) & set(new_ids))
    return written, {"linked": copied["duplicate_links"], "queued": queued, "held": held}


def _changed(then: dict[int, int], now: dict[int, int]) -> set[int]:
    """Records decided or resolved between two readings of the screening weights."""
    return {rid for rid, weight in now.items() if then.get(rid) != weight}


def _members_with(plan: DedupResult, screened: set[int]) -> set[int]:
    """Every record of the planned clusters in which a record screened meanwhile would be
    merged into another (its canonical, first, keeps its decisions: that plan still holds)."""
    if not screened:
        return set()
    return {
        rid for cluster in plan.clusters if screened.intersection(cluster[1:]) for rid in cluster
    }


def _keeping_decisions(
    found: DedupResult, meanwhile: set[int], snapshot: tuple[int, ...]
) -> DedupResult:
    """The plan, less any merge of a cluster that would merge a record screened meanwhile
    into another: its certain pairs go to a person (the merge could set the new decisions
    aside)."""
    members = _members_with(found, meanwhile)
    if not members:
        return replace(found, snapshot=snapshot)
    pairs = [_asked(p) if p.a in members or p.b in members else p for p in found.pairs]
    return replace(
        found,
        pairs=pairs,
        links=[link for link in found.links if link[0] not in members],
        clusters=[c for c in found.clusters if not members.intersection(c)],
        snapshot=snapshot,
    )


def _queue_rows(plan: DedupResult, members: set[int], new: set[int]) -> list[tuple[Any, ...]]:
    """Queue rows for the pairs of new records among members, each for a person to decide."""
    return [
        (p.a, p.b, POSSIBLE, p.score, p.method, p.reason if p.verdict != CERTAIN else
         SCREENED_MEANWHILE)
        for p in plan.pairs
        if (p.a in members or p.b in members) and (p.a in new or p.b in new)
    ]  # fmt: skip


def _asked(pair: Pair) -> Pair:
    if pair.verdict != CERTAIN:
        return pair
    return replace(pair, verdict=POSSIBLE, reason=SCREENED_MEANWHILE)
