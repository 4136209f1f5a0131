"""What each export holds: included studies, records with outcomes, the decision log, clusters."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from review.appraisal import appraisal_rows
from review.base.models import Record
from review.identification.dedup import cluster_rows, merged_record
from review.project import Project
from review.reporting.exports.citation import citation
from review.reporting.exports.dataset import Column, Dataset, columns, infer_columns
from review.reporting.prisma import compute_flow
from review.screening.blinding import unblinded_records
from review.screening.outcomes import stage_outcomes
from review.screening.retrieval import retrieval_status
from review.screening.studies import group_reports, report_links

RECORD_FIELDS = (
    "title",
    "authors:list",
    "year:year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "issn",
    "isbn",
    "keywords:list",
    "url",
    "type",
    "language",
    "publisher",
    "abstract",
)
CLUSTER_HEADER = ("record_id", "source", "source_record_id", "cluster", "possible_with")


def _bibliographic(r: Record) -> tuple[Any, ...]:
    return (
        r.title,
        r.authors,
        r.year,
        r.journal,
        r.volume,
        r.issue,
        r.pages,
        r.doi,
        r.pmid,
        r.issn,
        r.isbn,
        r.keywords,
        r.url,
        r.type,
        r.language,
        r.publisher,
        r.abstract,
    )


def _stage_key(stage: str) -> str:
    return stage.replace("-", "_")


def records_dataset(project: Project) -> Dataset:
    """Every record with its fields (and the date accessed of one added by hand), each stage's
    final decision, reason and basis, and its original fields."""
    stages = project.protocol.stages
    stage_cols = []
    for stage in stages:
        key = _stage_key(stage)
        stage_cols += [f"{key}_decision", f"{key}_reason", f"{key}_reason_label", f"{key}_basis"]
    cols = columns(
        "record_id:int",
        "source",
        "source_record_id",
        "position:int",
        *RECORD_FIELDS,
        "accessed",
        "duplicate_of:int",
        *stage_cols,
        "original",
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        merged = project.store.duplicate_map()
        outcomes = {stage: stage_outcomes(project, stage) for stage in stages}
        labels = {r.code: r.label for r in project.protocol.exclusion_reasons}
        for r in project.store.records():
            decided: list[Any] = []
            canonical = merged.get(r.record_id)
            for stage in stages:
                o = outcomes[stage].get(r.record_id)
                if canonical is not None and o is not None:
                    # its own votes are set aside: the work's outcome is its canonical's
                    decided += [None, None, None, f"merged into {canonical}"]
                    continue
                if o is None:
                    decided += [None, None, None, None]
                    continue
                basis = o.basis if o.method is None else f"{o.method} ({o.by})"
                status = o.decision or o.basis
                decided += [status, o.reason, labels.get(o.reason or ""), basis]
            yield (
                r.record_id,
                r.source_name,
                r.source_record_id,
                r.position,
                *_bibliographic(r),
                r.accessed,
                merged.get(r.record_id),
                *decided,
                json.dumps(r.raw, ensure_ascii=False),
            )

    def records() -> Iterator[tuple[Record, str | None]]:
        for r in project.store.records():
            yield r, None

    decisions_read = tuple(f"{_stage_key(stage)}_decision" for stage in stages)
    readable = ("record_id", "source", "source_record_id", "title", "authors", "year",
                "journal", "doi", "duplicate_of", *decisions_read)  # fmt: skip
    return Dataset("records", cols, rows, records, markdown_columns=readable)


def included_reports(project: Project) -> dict[int, list[int]]:
    """study_id -> record ids of its included reports (from the PRISMA flow's counts)."""
    flow = compute_flow(project)
    return group_reports(flow.dbr.included + flow.other.included, report_links(project.store))


def included_dataset(project: Project) -> Dataset:
    """One row per report of an included study, grouped by study, with a citation."""
    cols = columns(
        "study_id:int",
        "record_id:int",
        "reports_in_study:int",
        "source",
        "source_record_id",
        "citation",
        *RECORD_FIELDS,
        "full_text",
    )

    def pairs() -> Iterator[tuple[int, int, Record]]:
        for study_id, reports in included_reports(project).items():
            for record_id in reports:  # with fields filled from its merged duplicates
                yield study_id, len(reports), merged_record(project, record_id)

    def rows() -> Iterator[tuple[Any, ...]]:
        found = list(pairs())
        located = retrieval_status(project, [r.record_id for _, _, r in found])
        for study_id, size, r in found:
            yield (
                study_id,
                r.record_id,
                size,
                r.source_name,
                r.source_record_id,
                citation(r),
                *_bibliographic(r),
                located[r.record_id][1],
            )

    def records() -> Iterator[tuple[Record, str | None]]:
        for study_id, size, r in pairs():
            note = f"included study {study_id}" + (f" ({size} reports)" if size > 1 else "")
            yield r, note

    return Dataset(
        "included",
        cols,
        rows,
        records,
        markdown_columns=("study_id", "record_id", "citation", "full_text"),
    )


DECISION_COLUMNS = ("event", "event_id:int", "record_id:int", "source_record_id", "stage",
                    "reviewer", "decision", "reason", "reason_label", "action", "note",
                    "time:time")  # fmt: skip
DECISION_READABLE = ("time", "event", "record_id", "stage", "reviewer", "decision", "reason",
                     "action", "note")  # fmt: skip
# Who may see what while screening is blind: (stage, record_id) pairs; None when not blind.
Allowed = set[tuple[str, int]] | None


def decisions_dataset(project: Project, viewer: str | None) -> Dataset:
    """The audit trail: every decision, resolution, note and tag with who, when and how, in
    time order (a note's or tag's text is in the note column)."""

    def rows() -> Iterator[tuple[Any, ...]]:
        yield from audit_events(project, viewer)

    return Dataset(
        "decisions", columns(*DECISION_COLUMNS), rows, markdown_columns=DECISION_READABLE
    )


def audit_events(project: Project, viewer: str | None) -> list[tuple[Any, ...]]:
    """The rows of decisions_dataset the viewer may see (every one for viewer None)."""
    allowed = None if viewer is None else unblinded_records(project, viewer)
    labels = {r.code: r.label for r in project.protocol.exclusion_reasons}
    events = [
        *_decision_events(project, viewer, allowed, labels),
        *_resolution_events(project, allowed, labels),
        *_note_events(project, viewer, allowed),
        *_tag_events(project, viewer, allowed),
    ]
    events.sort(key=lambda e: (e[11], e[0], e[1]))
    return events


def _decision_events(
    project: Project, viewer: str | None, allowed: Allowed, labels: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    for row in project.store.decision_log():
        did, rid, sid, stage, who, decision, reason, note, action, time = row
        if allowed is not None and who != viewer and (stage, rid) not in allowed:
            continue
        label = labels.get(reason or "")
        yield "decision", did, rid, sid, stage, who, decision, reason, label, action, note, time


def _resolution_events(
    project: Project, allowed: Allowed, labels: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    for row in project.store.resolution_log():
        res_id, rid, sid, stage, decision, reason, method, by, note, time = row
        if allowed is not None and (stage, rid) not in allowed:
            continue
        label = labels.get(reason or "")
        yield "resolution", res_id, rid, sid, stage, by, decision, reason, label, method, note, time


def _note_events(
    project: Project, viewer: str | None, allowed: Allowed
) -> Iterator[tuple[Any, ...]]:
    for note_id, rid, sid, stage, who, note, time in project.store.note_log():
        if allowed is not None and who != viewer and (stage, rid) not in allowed:
            continue
        yield "note", note_id, rid, sid, stage, who, None, None, None, None, note, time


def _tag_events(
    project: Project, viewer: str | None, allowed: Allowed
) -> Iterator[tuple[Any, ...]]:
    for tag_id, rid, sid, who, tag, removed, time in project.store.tag_log():
        if allowed is not None and who != viewer:
            continue  # a tag belongs to no stage: only the viewer's own while blind
        action = "untag" if removed else "tag"
        yield "tag", tag_id, rid, sid, None, who, None, None, None, action, tag, time


def _table(name: str, header: Sequence[str], produced: list[Any]) -> Dataset:
    """A dataset from rows given as dicts or tuples; column types read from the values."""
    values: list[Sequence[Any]]
    if produced and isinstance(produced[0], dict):
        header = list(produced[0])
        values = [tuple(row.get(h) for h in header) for row in produced]
    else:
        values = [tuple(row) for row in produced]
    cols = infer_columns(header, values)
    return Dataset(name, cols, lambda: iter(values), markdown_columns=tuple(header))


def _ids(value: Any) -> list[int]:
    """Record ids from a list or a 'a;b' string."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [int(part) for part in value.replace(",", ";").split(";") if part.strip()]
    return [int(v) for v in value]


def _with_id_list(row: Any) -> Any:
    if isinstance(row, dict):
        return {**row, "possible_with": _ids(row.get("possible_with"))}
    values = list(row)
    if len(values) >= 5:
        values[4] = _ids(values[4])
    return tuple(values)


def clusters_dataset(project: Project) -> Dataset:
    """One row per record with its duplicate cluster (dedup.cluster_rows)."""
    produced = [_with_id_list(row) for row in cluster_rows(project)]
    dataset = _table("clusters", CLUSTER_HEADER, produced)
    fixed = {"record_id": "int", "cluster": "int", "possible_with": "ints"}
    dataset.columns = tuple(Column(c.name, fixed.get(c.name, c.type)) for c in dataset.columns)
    return dataset


def appraisals_dataset(project: Project) -> Dataset:
    """The appraisal table (appraisal.appraisal_rows)."""
    header, produced = appraisal_rows(project)
    return _table("appraisals", header, list(produced))
