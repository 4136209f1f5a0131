"""Errors a person can fix: each names what was wrong and where."""

from __future__ import annotations

from pathlib import Path


class ReviewError(Exception):
    """Base for every error shown to the user without a traceback (exit code 2)."""

    exit_code = 2


class ImportFormatError(ReviewError):
    """A file could not be read as search results."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, record: int | None = None
    ):
        self.path = Path(path)
        self.line = line
        self.record = record
        self.message = message
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if record is not None:
            where += f", record {record}"
        super().__init__(f"{where}: {message}")


class ProtocolError(ReviewError):
    """The protocol file is malformed: names the key that is wrong."""

    def __init__(self, path: Path | str, key: str, message: str):
        self.path = Path(path)
        self.key = key
        super().__init__(f"{path}: {key}: {message}")


class ProjectError(ReviewError):
    """The project is missing, or an operation conflicts with what it holds."""


class DuplicateImportError(ProjectError):
    """The same file (by sha256) was already imported."""


class InputError(ReviewError):
    """A value given on the command line or in a decisions file is invalid."""


class MissingExtraError(ReviewError):
    """A command needs a library of an optional extra that is not installed."""

    exit_code = 1


class StorageError(Exception):
    """The project database could not be read or written (damaged, or a full disk).

    Not a ReviewError: the front ends report it apart ("the project database: ..."), as they
    did the database's own errors before the storage package translated them.
    """
