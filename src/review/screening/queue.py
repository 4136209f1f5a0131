"""Screening: who sees which records in what order, recording decisions, undo, progress."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from review.base.errors import InputError
from review.base.models import DECISIONS, STAGES, Decision, Record
from review.project import Project
from review.screening.outcomes import STOPPED, stage_outcomes, stage_record_ids
from review.storage.store import RecordReads


def check_stage(project: Project, stage: str) -> str:
    if stage not in STAGES:
        raise InputError(f"unknown stage {stage!r}; use {' or '.join(STAGES)}")
    if stage not in project.protocol.stages:
        raise InputError(f"stage {stage!r} is not in this protocol's screening.stages")
    return stage


def check_decision(project: Project, stage: str, decision: str, reason: str | None) -> None:
    """Refuse a decision the protocol does not allow at this stage."""
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if reason:
        codes = [r.code for r in project.protocol.reasons_for(stage)]
        if reason not in codes:
            raise InputError(
                f"reason {reason!r} is not an exclusion reason at {stage}; use {', '.join(codes)}"
            )
        if decision != "exclude":
            raise InputError(f"a reason is given only with exclude, not with {decision}")
    elif decision == "exclude" and stage == "full-text":
        raise InputError("excluding at full text requires a reason")


ORDERS = ("file", "priority", "shuffle")  # the order key cycles through them in this order


def reviewer_order(
    project: Project, stage: str, reviewer: str, kind: str | None = None
) -> list[int]:
    """The stable order in which this reviewer sees the stage's records: file order (also
    where a priority ranking starts from), or shuffled with the protocol's seed. Once the
    stage is stopped by a rule, only records someone decided remain, those still waiting
    for this reviewer first."""
    ids = stage_record_ids(project, stage)
    if (kind or project.protocol.order_at(stage)) == "shuffle":
        random.Random(f"{project.protocol.seed}:{stage}:{reviewer}").shuffle(ids)
    if project.store.current_stop(stage) is not None:
        outcomes = stage_outcomes(project, stage)
        mine = project.store.current_decisions(stage, reviewer)
        ids = [r for r in ids if r in outcomes and outcomes[r].basis != STOPPED]
        ids.sort(key=lambda r: (r, reviewer) in mine and mine[(r, reviewer)].decision is not None)
    return ids


@dataclass
class RankedOrder:
    """A reviewer's order as a ranking would have it: decided records first (boundary of
    them), then the undecided best first."""

    order: list[int]
    decided: frozenset[int]
    boundary: int


def plan_ranked_order(order: list[int], decided: frozenset[int], ranked: list[int]) -> RankedOrder:
    """The order with the undecided records in ranking order (a worker's part: a pass over
    every record)."""
    members = set(order)
    stay = [r for r in order if r in decided]
    rest = [r for r in ranked if r in members and r not in decided]
    if len(stay) + len(rest) < len(order):  # records the ranking does not know keep their turn
        known = set(rest)
        rest += [r for r in order if r not in decided and r not in known]
    return RankedOrder(stay + rest, decided, len(stay))


@dataclass
class Progress:
    decided: int
    total: int
    counts: Counter[str] = field(default_factory=Counter)


class ScreeningSession:
    """One reviewer screening one stage: decisions written at once, undo appends."""

    def __init__(self, project: Project, stage: str, reviewer: str):
        check_stage(project, stage)
        reviewer = project.reviewer_name(reviewer)
        self.project = project
        self.stage = stage
        self.reviewer = reviewer
        self.kind = project.protocol.order_at(stage)
        self.order = reviewer_order(project, stage, reviewer, self.kind)
        self.members = frozenset(self.order)
        self.mine: dict[int, Decision] = {
            rid: d for (rid, _r), d in project.store.current_decisions(stage, reviewer).items()
        }
        self.counts: Counter[str] = Counter(
            d.decision for rid, d in self.mine.items() if d.decision and rid in self.members
        )
        self._undo: list[tuple[int, Decision | None]] = []

    def labels(self) -> dict[int, int]:
        """This reviewer's own includes (1) and excludes (0) at the stage: all a ranking
        may learn from (unsure is left out)."""
        return {
            rid: int(d.decision == "include")
            for rid, d in self.mine.items()
            if d.decision in ("include", "exclude") and rid in self.members
        }

    def switch_order(self, kind: str, at: int | None) -> int | None:
        """Show the records in another order (file, shuffle, or priority, which starts from
        file order until a ranking comes); returns where the record at `at` is now."""
        current = self._at(at)
        self.kind = kind
        base = "file" if kind == "priority" else kind
        self.order = reviewer_order(self.project, self.stage, self.reviewer, base)
        self.members = frozenset(self.order)
        return self.position(current)

    def snapshot(self) -> tuple[list[int], frozenset[int]]:
        """The order and the records decided now, for a ranking worker to plan from."""
        decided = frozenset(r for r, d in self.mine.items() if d.decision)
        return list(self.order), decided

    def apply_ranking(self, plan: RankedOrder, at: int | None) -> int | None:
        """Show a planned order (plan_ranked_order); the record at `at` stays next to the
        records decided before it. Returns its new position. Cheap: no pass in Python over
        the records, so a keypress never waits for a ranking at 100,000 records."""
        current = self._at(at)
        order = plan.order
        if current is not None and current not in plan.decided:
            order.remove(current)
            order.insert(plan.boundary, current)
        self.order = order
        return self.position(current)

    def rank(self, ranked: list[int], at: int | None) -> int | None:
        """Put the records this reviewer has not decided in ranking order, after those they
        have (in the order they saw them) and the one at `at`; returns its new position."""
        order, decided = self.snapshot()
        return self.apply_ranking(plan_ranked_order(order, decided, ranked), at)

    def position(self, record_id: int | None) -> int | None:
        """Where a record is in this reviewer's order (None if it is not in the stage)."""
        if record_id is None or record_id not in self.members:
            return None
        return self.order.index(record_id)

    def _at(self, at: int | None) -> int | None:
        return self.order[at] if at is not None and 0 <= at < len(self.order) else None

    def decision(self, record_id: int) -> Decision | None:
        found = self.mine.get(record_id)
        return found if found and found.decision else None

    def refresh(self, record_id: int, latest_on: dict[str, Decision] | None = None) -> None:
        """Read this reviewer's latest decision on a record again (another window or a
        decisions file may have changed it since the session began); latest_on: the record's
        decisions, just read (record_decisions)."""
        if latest_on is None:
            latest_on = self.project.store.record_decisions(record_id, self.stage)
        latest = latest_on.get(self.reviewer)
        old = self.mine.get(record_id)
        if latest is not None and (old is None or old.decision_id != latest.decision_id):
            self._set(record_id, latest)

    def decide(
        self, record_id: int, decision: str, reason: str | None = None, note: str | None = None
    ) -> Decision:
        check_decision(self.project, self.stage, decision, reason)
        previous = self.mine.get(record_id)
        stored = self.project.store.add_decision_unless_merged(
            record_id, self.stage, self.reviewer, decision, reason, note
        )
        return self._stored(record_id, previous, stored)

    def decide_then_read(
        self, record_id: int, decision: str, reason: str | None, next_id: int
    ) -> RecordReads:
        """decide(), and what record next_id shows with it made, read in the same step."""
        check_decision(self.project, self.stage, decision, reason)
        previous = self.mine.get(record_id)
        made = (record_id, self.stage, self.reviewer, decision, reason, None)
        stored, read = self.project.store.decide_then_read(made, next_id)
        self._stored(record_id, previous, stored)
        return read

    def _stored(
        self, record_id: int, previous: Decision | None, stored: Decision | None
    ) -> Decision:
        if stored is None:  # merged by a dedup run elsewhere since this session began
            merged = self.project.store.merged_into(record_id)
            raise InputError(
                f"record {record_id} has been merged into record {merged} as a duplicate: "
                f"decide record {merged} instead"
            )
        self._set(record_id, stored)
        self._undo.append((record_id, previous))
        return stored

    def undo(self) -> int | None:
        """Restore the state before this session's last decision; returns its record id."""
        if not self._undo:
            return None
        record_id, previous = self._undo.pop()
        restored = previous if previous and previous.decision else None
        stored = self.project.store.add_decision(
            record_id,
            self.stage,
            self.reviewer,
            restored.decision if restored else None,
            restored.reason if restored else None,
            restored.note if restored else None,
            action="undo",
        )
        self._set(record_id, stored)
        return record_id

    def _set(self, record_id: int, new: Decision) -> None:
        old = self.mine.get(record_id)
        if record_id in self.members:
            if old and old.decision:
                self.counts[old.decision] -= 1
            if new.decision:
                self.counts[new.decision] += 1
        self.mine[record_id] = new

    def progress(self) -> Progress:
        decided = sum(self.counts[d] for d in DECISIONS)
        return Progress(decided, len(self.order), +self.counts)

    def next_undecided(self, start: int = 0, deciding: int | None = None) -> int | None:
        """Index of the next record without a decision, wrapping round; None if all done.
        deciding: a record taken as decided (the one being decided now)."""
        n = len(self.order)
        for step in range(n):
            i = (start + step) % n
            if self.order[i] != deciding and self.decision(self.order[i]) is None:
                return i
        return None

    def search(self, text: str, start: int = 0) -> int | None:
        """Index of the next record (after start, wrapping) whose title or abstract has text."""
        if not text.strip() or not self.order:
            return None
        hits = self.project.store.search_records(text.strip())
        n = len(self.order)
        for step in range(1, n + 1):
            i = (start + step) % n
            if self.order[i] in hits:
                return i
        return None

    def others_visible(
        self, record_id: int, latest: dict[str, Decision] | None = None
    ) -> list[Decision]:
        """Other reviewers' decisions on a record, only where blinding allows it (latest: the
        record's decisions, just read)."""
        return visible_decisions(self.project, self.stage, record_id, self.reviewer, latest)


def found_in(record: Record, duplicates: list[Record]) -> list[str]:
    """Where a record and the duplicates merged into it were found: 'source (id in source)'."""
    seen: list[str] = []
    for r in (record, *duplicates):
        label = r.source_name + (f" ({r.source_record_id})" if r.source_record_id else "")
        if label not in seen:
            seen.append(label)
    return seen


def visible_decisions(
    project: Project,
    stage: str,
    record_id: int,
    viewer: str,
    latest: dict[str, Decision] | None = None,
) -> list[Decision]:
    """Others' current decisions the viewer may see: all if not blind, else once both decided."""
    if latest is None:
        latest = project.store.record_decisions(record_id, stage)
    others = [d for who, d in sorted(latest.items()) if who != viewer and d.decision]
    if not project.protocol.blind:
        return others
    mine = latest.get(viewer)
    return others if mine is not None and mine.decision else []
