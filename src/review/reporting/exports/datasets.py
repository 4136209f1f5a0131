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
from review.screening.blinding import unblinded_records
from review.screening.outcomes import stage_outcomes

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
    from review.reporting.prisma import compute_flow
    from review.screening.studies import group_reports, report_links

    flow = compute_flow(project)
    return group_reports(flow.dbr.included + flow.other.included, report_links(project.store))


def included_dataset(project: Project) -> Dataset:
    """One row per report of an included study, grouped by study, with a citation."""
    from review.screening.retrieval import retrieval_status

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


def decisions_dataset(project: Project, viewer: str | None) -> Dataset:
    """The audit trail: every decision, resolution, note and tag with who, when and how, in
    time order (a note's or tag's text is in the note column)."""
    cols = columns(
        "event",
        "event_id:int",
        "record_id:int",
        "source_record_id",
        "stage",
        "reviewer",
        "decision",
        "reason",
        "reason_label",
        "action",
        "note",
        "time:time",
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        allowed = None if viewer is None else unblinded_records(project, viewer)
        labels = {r.code: r.label for r in project.protocol.exclusion_reasons}
        events: list[tuple[Any, ...]] = []
        for (
            did,
            rid,
            sid,
            stage,
            who,
            decision,
            reason,
            note,
            action,
            time,
        ) in project.store.decision_log():
            if allowed is not None and who != viewer and (stage, rid) not in allowed:
                continue
            events.append(
                (
                    "decision",
                    did,
                    rid,
                    sid,
                    stage,
                    who,
                    decision,
                    reason,
                    labels.get(reason or ""),
                    action,
                    note,
                    time,
                )
            )
        for (
            res_id,
            rid,
            sid,
            stage,
            decision,
            reason,
            method,
            by,
            note,
            time,
        ) in project.store.conn.execute(
            "SELECT v.resolution_id, v.record_id, r.source_record_id, v.stage, v.decision,"
            " v.reason, v.method, v.decided_by, v.note, v.time"
            " FROM resolutions v JOIN records r USING (record_id) ORDER BY v.resolution_id"
        ):
            if allowed is not None and (stage, rid) not in allowed:
                continue
            events.append(
                (
                    "resolution",
                    res_id,
                    rid,
                    sid,
                    stage,
                    by,
                    decision,
                    reason,
                    labels.get(reason or ""),
                    method,
                    note,
                    time,
                )
            )
        for note_id, rid, sid, stage, who, note, time in project.store.conn.execute(
            "SELECT n.note_id, n.record_id, r.source_record_id, n.stage, n.reviewer, n.note,"
            " n.time FROM notes n JOIN records r USING (record_id) ORDER BY n.note_id"
        ):
            if allowed is not None and who != viewer and (stage, rid) not in allowed:
                continue
            events.append(
                ("note", note_id, rid, sid, stage, who, None, None, None, None, note, time)
            )
        for tag_id, rid, sid, who, tag, removed, time in project.store.conn.execute(
            "SELECT t.tag_id, t.record_id, r.source_record_id, t.reviewer, t.tag, t.removed,"
            " t.time FROM tags t JOIN records r USING (record_id) ORDER BY t.tag_id"
        ):
            if allowed is not None and who != viewer:
                continue  # a tag belongs to no stage: only the viewer's own while blind
            action = "untag" if removed else "tag"
            events.append(("tag", tag_id, rid, sid, None, who, None, None, None, action, tag, time))
        events.sort(key=lambda e: (e[11], e[0], e[1]))
        yield from events

    return Dataset(
        "decisions",
        cols,
        rows,
        markdown_columns=(
            "time",
            "event",
            "record_id",
            "stage",
            "reviewer",
            "decision",
            "reason",
            "action",
            "note",
        ),
    )


def _table(name: str, header: Sequence[str], produced: list[Any]) -> Dataset:
    """A dataset from rows given as dicts or tuples; column types read from the values."""
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
