"""Reconciliation: finding disagreements between reviewers and recording agreed outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.base.errors import ImportFormatError, InputError
from review.base.models import Decision
from review.base.row_files import RowErrors, csv_rows, require_columns
from review.project import Project
from review.screening.decision_files import reason_code, record_id_for
from review.screening.outcomes import is_last_stage, votes_conflict
from review.screening.queue import check_decision, check_stage

METHODS = ("consensus", "third-reviewer")
ResolutionRow = tuple[int, str, str, str | None, str, str, str | None]


@dataclass(frozen=True)
class Conflict:
    """A record the reviewers decided differently, with every current vote."""

    record_id: int
    votes: tuple[Decision, ...]
    resolution: tuple[str, str | None, str, str] | None


def conflicts(project: Project, stage: str, include_resolved: bool = True) -> list[Conflict]:
    """Every record two or more reviewers decided differently at a stage, in record order
    (not those merged into another record since: the work's decision is its canonical's)."""
    by_record: dict[int, list[Decision]] = {}
    merged = project.store.duplicate_map()
    for (rid, _who), d in project.store.current_decisions(stage).items():
        if d.decision and rid not in merged:
            by_record.setdefault(rid, []).append(d)
    resolutions = project.store.current_resolutions(stage)
    found = []
    for rid in sorted(by_record):
        votes = by_record[rid]
        if len(votes) >= 2 and votes_conflict(
            project, stage, [(v.decision, v.reason) for v in votes if v.decision]
        ):
            if include_resolved or rid not in resolutions:
                found.append(
                    Conflict(
                        rid, tuple(sorted(votes, key=lambda v: v.reviewer)), resolutions.get(rid)
                    )
                )
    return found


def check_method(method: str, by: str) -> None:
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if not by.strip():
        raise InputError("say who decided (--by NAME)")


def resolve(
    project: Project,
    record_id: int,
    stage: str,
    decision: str,
    reason: str | None,
    method: str,
    by: str,
    note: str | None = None,
) -> None:
    """Append the agreed outcome for a record; the reviewers' own decisions are untouched."""
    check_stage(project, stage)
    by = project.reviewer_name(by, "--by NAME")
    check_resolution(project, stage, conflict_votes(project, stage), record_id, decision, reason,
                     method, by)  # fmt: skip
    project.store.add_resolutions([(record_id, stage, decision, reason, method, by, note)])


def withdraw(project: Project, record_id: int, stage: str, by: str) -> bool:
    """Take back the standing resolution of a record (undo; appended, the rows are kept): the
    resolution before it counts again, or the conflict is open again. False if none stood."""
    check_stage(project, stage)
    by = project.reviewer_name(by, "--by NAME")
    return project.store.withdraw_resolution(record_id, stage, by) is not None


def conflict_votes(project: Project, stage: str) -> dict[int, set[str]]:
    """record_id -> the reviewers who voted, for every conflict (settled or not) at a stage."""
    return {c.record_id: {v.reviewer for v in c.votes} for c in conflicts(project, stage)}


def check_resolution(
    project: Project,
    stage: str,
    voters: dict[int, set[str]],
    record_id: int,
    decision: str,
    reason: str | None,
    method: str,
    by: str,
) -> None:
    """Refuse a resolution that settles nothing or is not what the protocol allows: a record
    that is not a disagreement, unsure at the last stage, a 'third reviewer' who voted."""
    check_decision(project, stage, decision, reason)
    check_method(method, by)
    if record_id not in voters:
        raise InputError(
            f"record {record_id} is not a disagreement at {stage} "
            "(a resolution settles records the reviewers decided differently)"
        )
    if decision == "unsure" and is_last_stage(project, stage):
        raise InputError(f"the agreed decision at {stage} must be include or exclude")
    if method == "third-reviewer" and by.strip() in voters[record_id]:
        raise InputError(
            f"{by.strip()} screened record {record_id}: a third reviewer is someone else "
            "(or use the method consensus)"
        )


def read_resolutions(project: Project, path: Path, stage: str, by: str) -> list[ResolutionRow]:
    """Rows of a resolutions file (record_id or source_record_id, decision, reason, method,
    note), all validated before any is stored; one error names every bad line."""
    check_stage(project, stage)
    by = project.reviewer_name(by, "--by NAME")
    columns, lines = csv_rows(path)
    require_columns(path, columns, ["decision"])
    known = set(project.store.record_ids())
    by_source = project.store.record_ids_by_source_record_id()
    voters = conflict_votes(project, stage)
    rows: list[ResolutionRow] = []
    errors = RowErrors(path)
    for line, row in lines:
        try:
            record_id = record_id_for(row, known, by_source, path, line)
            decision = (row.get("decision") or "").strip().lower()
            reason = reason_code(project, stage, row.get("reason"))
            method = (row.get("method") or "consensus").strip().lower()
            note = (row.get("note") or "").strip() or None
            check_resolution(project, stage, voters, record_id, decision, reason, method, by)
        except ImportFormatError as exc:
            errors.add_error(exc)
            continue
        except InputError as exc:
            errors.add(line, str(exc))
            continue
        rows.append((record_id, stage, decision, reason, method, by, note))
    errors.raise_any()
    if not rows:
        raise ImportFormatError(path, "no resolutions in the file")
    return rows
