"""Decisions and their record identifiers read from a CSV file, validated before any is stored."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from review.errors import ImportFormatError, InputError
from review.importers.base import read_text
from review.project import Project
from review.screening import check_decision, check_stage, stage_record_ids

DecisionRow = tuple[int, str, str, str | None, str | None, str | None, str]


def read_decisions(project: Project, path: Path, stage: str, reviewer: str) -> list[DecisionRow]:
    """All rows of a decisions file, or an error naming the first bad line (nothing stored)."""
    check_stage(project, stage)
    if not reviewer.strip():
        raise InputError("--reviewer NAME is required")
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    if "decision" not in columns or not {"record_id", "source_record_id"} & set(columns):
        raise ImportFormatError(
            path,
            "needs the columns decision and record_id (or source_record_id); "
            f"found {', '.join(columns) or 'none'}",
            line=1,
        )
    known_ids = set(project.store.record_ids())
    by_source_id = project.store.record_ids_by_source_record_id()
    at_stage = set(stage_record_ids(project, stage))
    rows: list[DecisionRow] = []
    for row in reader:
        line = reader.line_num
        record_id = record_id_for(row, known_ids, by_source_id, path, line)
        if record_id not in at_stage:
            raise ImportFormatError(path, _not_at_stage(project, stage, record_id), line=line)
        decision = (row.get("decision") or "").strip().lower()
        reason = (row.get("reason") or "").strip() or None
        note = (row.get("note") or "").strip() or None
        try:
            check_decision(project, stage, decision, reason)
        except InputError as exc:
            raise ImportFormatError(path, str(exc), line=line) from None
        rows.append((record_id, stage, reviewer, decision, reason, note, "decide"))
    if not rows:
        raise ImportFormatError(path, "no decisions in the file")
    return rows


def _not_at_stage(project: Project, stage: str, record_id: int) -> str:
    """Why a record is not screened at a stage: merged as a duplicate, or not passed on."""
    merged = project.store.duplicate_map().get(record_id)
    if merged is not None:
        return f"record {record_id} is a duplicate of record {merged}: decide that one"
    stages = project.protocol.stages
    if stages.index(stage) == 0:
        return f"record {record_id} is not screened at {stage}"
    previous = stages[stages.index(stage) - 1]
    return f"record {record_id} has not passed {previous}, so it is not screened at {stage}"


def record_id_for(
    row: dict[str, str], known: set[int], by_source_id: dict[str, list[int]], path: Path, line: int
) -> int:
    raw_id = (row.get("record_id") or "").strip()
    if raw_id:
        if not raw_id.isdigit() or int(raw_id) not in known:
            raise ImportFormatError(path, f"record_id {raw_id!r} is not in this project", line=line)
        return int(raw_id)
    source_id = (row.get("source_record_id") or "").strip()
    matches = by_source_id.get(source_id, [])
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
