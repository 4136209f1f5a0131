"""Reports linked to studies: several reports (records) can belong to one study."""

from __future__ import annotations

from collections.abc import Iterable

from review.base.errors import InputError
from review.storage import Store


def report_links(store: Store) -> dict[int, int]:
    """record_id -> study_id for every report currently linked (latest link row wins)."""
    links: dict[int, int | None] = {}
    for record_id, study_id in store.report_link_rows():
        links[record_id] = study_id
    return {rid: sid for rid, sid in links.items() if sid is not None and sid != rid}


def study_of(record_id: int, links: dict[int, int]) -> int:
    """The study a report belongs to, following chains of links (a cycle stops the walk)."""
    seen = {record_id}
    current = record_id
    while current in links and links[current] not in seen:
        current = links[current]
        seen.add(current)
    return current


def group_reports(record_ids: Iterable[int], links: dict[int, int]) -> dict[int, list[int]]:
    """study_id -> its reports among record_ids, in record order; unlinked reports stand alone."""
    studies: dict[int, list[int]] = {}
    for rid in sorted(record_ids):
        studies.setdefault(study_of(rid, links), []).append(rid)
    return studies


def link_report(store: Store, record_id: int, study_id: int | None, by: str) -> None:
    """Record that a report belongs to a study (None unlinks it); appended, never rewritten."""
    known = set(store.record_ids())
    for rid in (record_id, study_id):
        if rid is not None and rid not in known:
            raise InputError(f"record {rid} is not in this project")
    for rid in (record_id, study_id):
        merged = store.merged_into(rid) if rid is not None else None
        if merged is not None:
            raise InputError(
                f"record {rid} is a duplicate merged into record {merged}: use {merged}"
            )
    if study_id is not None:
        if study_id == record_id:
            raise InputError("a report cannot be linked to itself")
        if study_of(study_id, report_links(store)) == record_id:
            raise InputError(f"record {study_id} is already a report of study {record_id}")
    if not by.strip():
        raise InputError("say who links the report (--by NAME)")
    store.add_report_link(record_id, study_id, by)
