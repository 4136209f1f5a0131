"""A merged work as it is read and exported: its cluster's records and its fields filled
from its duplicates."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from review.base.models import Record
from review.identification.dedup.fields import (
    author_tokens,
    journal_key,
    journals_compatible,
)
from review.identification.dedup.merge import pending_pairs

if TYPE_CHECKING:
    from review.project import Project


def cluster_rows(project: Project) -> list[dict[str, object]]:
    """Per record: record_id, source, source_record_id, cluster, possible_with."""
    store = project.store
    links = store.duplicate_map()
    possible: dict[int, list[int]] = {}
    for pair in pending_pairs(project):
        possible.setdefault(pair.a, []).append(pair.b)
        possible.setdefault(pair.b, []).append(pair.a)
    rows = []
    for rid, source, sid in store.records_with_source():
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
    changes: dict[str, Any] = {}
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
