"""The Store: one project's database, made of one part per kind of data it holds."""

from __future__ import annotations

from review.storage.appraisal import AppraisalStore
from review.storage.changes import ChangeStamp, ChangeStore
from review.storage.database import InterruptedAfterSaving, now
from review.storage.decisions import DecisionStore
from review.storage.duplicates import DuplicateStore
from review.storage.errors import translate_errors
from review.storage.judgements import JudgementStore
from review.storage.notes import NoteStore
from review.storage.people import TOOL_NAMES, PeopleStore
from review.storage.record_rows import RowChunk, record_rows, row_of
from review.storage.records import RecordStore
from review.storage.sources import CancelCheck, ImportCancelled, ProgressCallback, SourceStore
from review.storage.studies import StudyStore

__all__ = [
    "TOOL_NAMES",
    "CancelCheck",
    "ChangeStamp",
    "ImportCancelled",
    "InterruptedAfterSaving",
    "ProgressCallback",
    "RowChunk",
    "Store",
    "now",
    "record_rows",
    "row_of",
]


@translate_errors
class Store(
    SourceStore,
    RecordStore,
    DecisionStore,
    DuplicateStore,
    NoteStore,
    AppraisalStore,
    StudyStore,
    PeopleStore,
    ChangeStore,
    JudgementStore,
):
    """One project's database: `Store(path)` opens it (`create=True` makes it) and migrates
    it; every read and write of project data is a method, and SQLite's errors leave it as
    StorageError. `transaction()` makes several writes one step."""
