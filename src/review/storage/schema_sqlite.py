"""SQLite's part of each migration: the statements to run, its triggers, and its stamp."""

from __future__ import annotations

import sqlite3

from review.storage.migrations import APPEND_ONLY, MIGRATIONS, TABLES

# PRAGMA application_id of a review project ("REVW"): a SQLite file without it is not ours.
APPLICATION_ID = 0x52455657

# What a source's log may change after its import: its counts, and a count-only source becoming
# the hand-entry source its records are added to. Anything else is a rewrite.
_SOURCE_KEPT = " OR ".join(
    f"NEW.{column} IS NOT OLD.{column}"
    for column in (
        "source_id",
        "name",
        "kind",
        "searched",
        "query",
        "file_name",
        "sha256",
        "imported_at",
    )  # fmt: skip
)


def _refuse(name: str, when: str, table: str, message: str, condition: str = "") -> str:
    where = f" WHEN {condition}" if condition else ""
    return (
        f"CREATE TRIGGER {name} BEFORE {when} ON {table}{where}\n"
        f"    BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    )


def _append_only(table: str) -> list[str]:
    message = f"{table} are append-only"
    return [
        _refuse(f"{table}_no_update", "UPDATE", table, message),
        _refuse(f"{table}_no_delete", "DELETE", table, message),
    ]


def _no_replace(table: str, message: str) -> str:
    """A row inserted over an existing key: INSERT OR REPLACE deletes the old row without
    firing a DELETE trigger, so it is refused before the insert."""
    key = TABLES[table]
    exists = f"EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key})"
    return _refuse(f"{table}_no_replace", "INSERT", table, message, exists)


GUARDED_FROM = 4  # migration 5 (from 0) added the REPLACE guards; later tables have their own


def _guards() -> list[str]:
    """Migration 5: REPLACE refused on every history table so far; records and sources
    guarded."""
    earlier = [table for tables in APPEND_ONLY[:GUARDED_FROM] for table in tables]
    found = [_no_replace(table, f"{table} are append-only") for table in earlier]
    found += [
        _refuse("records_no_update", "UPDATE", "records", "records are kept as imported"),
        _refuse("records_no_delete", "DELETE", "records", "records are kept as imported"),
        _no_replace("records", "records are kept as imported"),
        _refuse("sources_no_delete", "DELETE", "sources", "sources are kept as logged"),
        _no_replace("sources", "sources are kept as logged"),
        _refuse(
            "sources_no_rewrite", "UPDATE", "sources", "a source is kept as logged (only its "
            "counts change)", f"{_SOURCE_KEPT} OR (NEW.format IS NOT OLD.format AND NOT "
            "(OLD.format = 'count' AND NEW.format = 'manual'))",
        ),
    ]  # fmt: skip
    return found


def statements(number: int) -> list[str]:
    """The statements of migration `number` (from 0) on SQLite."""
    found = split_sql(MIGRATIONS[number])
    for table in APPEND_ONLY[number]:
        found += _append_only(table)
        if number > GUARDED_FROM:
            found.append(_no_replace(table, f"{table} are append-only"))
    if number == GUARDED_FROM:
        found += _guards()
        found.append(f"PRAGMA application_id={APPLICATION_ID}")
    return found


def expected_triggers() -> set[str]:
    """The name of every trigger a project of the latest schema holds."""
    return {
        statement.split()[2]
        for number in range(len(MIGRATIONS))
        for statement in statements(number)
        if statement.startswith("CREATE TRIGGER")
    }


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
