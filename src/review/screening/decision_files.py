"""Decisions and their record identifiers read from a CSV file, validated before any is stored."""

from __future__ import annotations

from pathlib import Path

from review.base.errors import ImportFormatError, InputError
from review.base.row_files import RowErrors, csv_rows, require_columns
from review.identification.dedup import held_records
from review.project import Project
from review.screening.outcomes import stage_record_ids
from review.screening.queue import check_decision, check_stage

DecisionRow = tuple[int, str, str, str | None, str | None, str | None, str]


def read_decisions(
    project: Project, path: Path, stage: str, reviewer: str, warnings: list[str] | None = None
) -> list[DecisionRow]:
    """All rows of a decisions file, or one error naming every bad line (nothing stored);
    what looks wrong but is not an error goes to warnings."""
    check_stage(project, stage)
    reviewer = project.reviewer_name(reviewer, "--reviewer NAME")
    columns, lines = csv_rows(path)
    require_columns(path, columns, ["decision"])
    known_ids = set(project.store.record_ids())
    by_source_id = project.store.record_ids_by_source_record_id()
    at_stage = set(stage_record_ids(project, stage))
    rows: list[DecisionRow] = []
    errors = RowErrors(path)
    by_record_id = "record_id" in columns and "source_record_id" not in columns
    given: list[str] = []
    for line, row in lines:
        if by_record_id:
            given.append((row.get("record_id") or "").strip())
        try:
            record_id = record_id_for(row, known_ids, by_source_id, path, line)
            if record_id not in at_stage:
                raise ImportFormatError(path, _not_at_stage(project, stage, record_id), line=line)
            decision = (row.get("decision") or "").strip().lower()
            reason = reason_code(project, stage, row.get("reason"))
            note = (row.get("note") or "").strip() or None
            check_decision(project, stage, decision, reason)
        except ImportFormatError as exc:
            errors.add_error(exc)
            continue
        except InputError as exc:
            errors.add(line, str(exc))
            continue
        rows.append((record_id, stage, reviewer, decision, reason, note, "decide"))
    errors.raise_any()
    if not rows:
        raise ImportFormatError(path, "no decisions in the file")
    warning = record_ids_look_like_source_ids(given, by_source_id, path)
    if warning and warnings is not None:
        warnings.append(warning)
    return rows


def reason_code(project: Project, stage: str, typed: str | None) -> str | None:
    """A reason as typed ('e1') as the protocol writes its code ('E1'), if it is one."""
    text = (typed or "").strip()
    if not text:
        return None
    codes = {r.code.lower(): r.code for r in project.protocol.reasons_for(stage)}
    return codes.get(text.lower(), text)


def _not_at_stage(project: Project, stage: str, record_id: int) -> str:
    """Why a record is not screened at a stage: merged as a duplicate, or not passed on."""
    merged = project.store.duplicate_map().get(record_id)
    if merged is not None:
        return f"record {record_id} is a duplicate of record {merged}: decide that one"
    if record_id in held_records(project):
        return (
            f"record {record_id} may duplicate a record already screened: decide that pair "
            "first (review dedup --list, or the duplicates view)"
        )
    stages = project.protocol.stages
    if stages.index(stage) == 0:
        return f"record {record_id} is not screened at {stage}"
    previous = stages[stages.index(stage) - 1]
    return f"record {record_id} has not passed {previous}, so it is not screened at {stage}"


def record_id_for(
    row: dict[str, str], known: set[int], by_source_id: dict[str, list[int]], path: Path, line: int
) -> int:
    raw_id = (row.get("record_id") or "").strip()
    source_id = (row.get("source_record_id") or "").strip()
    if not raw_id and not source_id:
        raise ImportFormatError(path, "record_id (or source_record_id) is empty", line=line)
    matches = by_source_id.get(source_id, [])
    if raw_id:
        if not (raw_id.isascii() and raw_id.isdigit()) or int(raw_id) not in known:
            raise ImportFormatError(path, f"record_id {raw_id!r} is not in this project", line=line)
        if source_id and int(raw_id) not in matches:
            named = f"record {matches[0]}" if len(matches) == 1 else "no record of this project"
            if len(matches) > 1:
                named = f"records {', '.join(map(str, matches))}"
            raise ImportFormatError(
                path,
                f"record_id {raw_id} and source_record_id {source_id!r} disagree (that is "
                f"{named}); give one of them, or make them name the same record",
                line=line,
            )
        return int(raw_id)
    if not source_id or not matches:
        raise ImportFormatError(
            path, f"source_record_id {source_id!r} is not in this project", line=line
        )
    if len(matches) > 1:
        raise ImportFormatError(
            path,
            f"source_record_id {source_id!r} names {len(matches)} records "
            f"({', '.join(map(str, matches))}); use record_id",
            line=line,
        )
    return matches[0]


def record_ids_look_like_source_ids(
    given: list[str], by_source: dict[str, list[int]], path: Path
) -> str | None:
    """A warning if a file's record_id values look like the source's own ids (a table that
    carried its own record_id column when it was imported): most of them name, as
    source_record_id, a record other than the one with that record_id."""
    values = [v for v in given if v.isascii() and v.isdigit()]
    crossed = [v for v in values if by_source.get(v) and by_source[v] != [int(v)]]
    if not values or len(crossed) * 2 <= len(values):
        return None
    v = crossed[0]
    return (
        f"{len(crossed)} of {len(values)} record_id values in {path.name} are also the source's "
        f"own ids of other records (record_id {v} is this project's record {v}, but source id "
        f"'{v}' is record {by_source[v][0]}); if the file uses the source's ids, name the "
        "column source_record_id"
    )
