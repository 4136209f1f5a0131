"""What dedup reads from the project: the fields it compares, and what changed meanwhile.

The links, a person's calls on pairs and the queue are the store's (storage.duplicates).
Record fields come from the normalised columns only; the original fields (`Record.raw`) are
read through the store, and only for the few records that need them (`raw_year_suffixes`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from review.identification.dedup.fields import MatchFields, prepare, year_suffix
from review.storage.store import Store

# Original field names that hold a year as written ('2000a'), by import format.
_RAW_YEAR_KEYS = (
    "year",
    "dates/year",
    "PY",
    "Y1",
    "YR",
    "DP",
    "DA",
    "Year",
    "Publication Year",
    "date",
)


def load_fields(store: Store, record_ids: Iterable[int] | None = None) -> Iterator[MatchFields]:
    """MatchFields of every record (or of the ones given), in record order."""
    loads = json.loads
    for row in store.match_rows(record_ids):
        (rid, sid, title, authors, year, journal, volume, issue, pages, doi, pmid, isbn, rtype,
         abstract, abstract_end, abstract_len) = row  # fmt: skip
        yield prepare(
            rid,
            title=title,
            authors=loads(authors) if authors else [],
            year=year,
            journal=journal,
            volume=volume,
            issue=issue,
            pages=pages,
            doi=doi,
            pmid=pmid,
            isbn=isbn,
            rtype=rtype,
            source_record_id=sid,
            abstract=abstract,
            abstract_end=abstract_end,
            abstract_len=abstract_len,
        )


def changed_since(store: Store, taken: tuple[int, ...], record_ids: Iterable[int]) -> str | None:
    """What changed since the snapshot (Store.dedup_snapshot) that a plan for these records
    did not see, or None.

    Screening elsewhere in the project does not matter; a decision on a record to be merged
    does (it decides which record is kept, or whether a person must choose)."""
    now_ = store.dedup_snapshot()
    if now_[:3] != tuple(taken[:3]):
        return "duplicates were merged, split or decided, or records imported"
    if now_[3:] == tuple(taken[3:]):
        return None
    if store.screened_since(taken[3], taken[4], record_ids):
        return "a record to be merged was screened meanwhile"
    return None


def raw_year_suffixes(store: Store, record_ids: Iterable[int]) -> dict[int, str]:
    """The a/b letter after the year as originally written ('2000a'), per record that has one.

    Reads `Record.raw` (the original fields) one record at a time: call it only for the
    records of candidate pairs, not for a whole project.
    """
    found: dict[int, str] = {}
    for rid in record_ids:
        raw = store.record(rid).raw or {}
        for key in _RAW_YEAR_KEYS:
            value = raw.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str):
                letter = year_suffix(value)
                if letter:
                    found[rid] = letter
                break
    return found
