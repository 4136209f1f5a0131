"""The Store: one project's database, made of one part per kind of data it holds."""

from __future__ import annotations

from review.storage.appraisal import AppraisalStore
from review.storage.changes import ChangeStamp, ChangeStore
from review.storage.check import CheckStore
from review.storage.copy import copy_rows
from review.storage.database import InterruptedAfterSaving, is_server, now
from review.storage.decisions import DecisionStore
from review.storage.duplicates import DuplicateStore
from review.storage.errors import Damaged, DatabaseRefused, ServerUnavailable, translate_errors
from review.storage.judgements import JudgementStore
from review.storage.location import clean_location
from review.storage.notes import NoteStore
from review.storage.people import TOOL_NAMES, PeopleStore
from review.storage.record_rows import RowChunk, record_rows, row_of
from review.storage.record_state import RecordReads, RecordStateStore
from review.storage.records import RecordStore
from review.storage.sources import CancelCheck, ImportCancelled, ProgressCallback, SourceStore
from review.storage.stopping import StoppingStore
from review.storage.studies import StudyStore
from review.storage.team import TeamStore

__all__ = [
    "TOOL_NAMES",
    "CancelCheck",
    "Damaged",
    "DatabaseRefused",
    "ChangeStamp",
    "ImportCancelled",
    "InterruptedAfterSaving",
    "ProgressCallback",
    "RecordReads",
    "RowChunk",
    "ServerUnavailable",
    "Store",
    "clean_location",
    "copy_rows",
    "is_server",
    "now",
    "record_rows",
    "row_of",
]


@translate_errors
class Store(
    SourceStore,
    RecordStore,
    RecordStateStore,
    DecisionStore,
    DuplicateStore,
    NoteStore,
    AppraisalStore,
    StudyStore,
    StoppingStore,
    PeopleStore,
    TeamStore,
    CheckStore,
    ChangeStore,
    JudgementStore,
):
    """One project's database: `Store(location)` opens it (a SQLite file's path, or a
    PostgreSQL connection string; `create=True` makes it) and migrates it; every read and
    write of project data is a method, and the database's errors leave it as StorageError.
    `transaction()` makes several writes one step."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def holds_project(location: str) -> bool:
        """True if the PostgreSQL database at location already holds a review project."""
        # psycopg only for a server: a SQLite project never loads it
        from review.storage.pg_open import schema_version
        from review.storage.postgres import PgConnection  # (psycopg)

        conn = PgConnection(location)
        try:
            return schema_version(conn) is not None
        finally:
            conn.close()
