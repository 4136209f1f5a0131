"""What an import is asked for, checked before its file is read: kind, source, date, count."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from review.base.dates import check_count, check_date
from review.base.errors import ImportFormatError, InputError
from review.base.models import SOURCE_KINDS
from review.identification.importers.registry import Format
from review.storage.store import CancelCheck, ProgressCallback


@dataclass(frozen=True)
class ImportOptions:
    """How one file's records are to be logged and stored, checked."""

    source: str | None
    kind: str
    searched: str | None
    query: str | None
    force: bool
    reported_count: int | None
    progress: ProgressCallback | None
    cancelled: CancelCheck | None


def check_kind(kind: str) -> str:
    """The kind of a source, refused unless it is one of SOURCE_KINDS."""
    if kind not in SOURCE_KINDS:
        raise InputError(f"unknown source kind {kind!r}; choose one of {', '.join(SOURCE_KINDS)}")
    return kind


def checked_options(
    *,
    source: str | None,
    kind: str,
    searched: str | None,
    query: str | None,
    force: bool,
    reported_count: int | None,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ImportOptions:
    """The options of an import, refusing a bad kind, a blank source name, date or count."""
    check_kind(kind)
    if source is not None and not source.strip():
        raise InputError("--source needs a name (or leave it out for the file's name)")
    source = source.strip() if source else None
    searched = check_date(searched, "--searched")
    check_count(reported_count)
    return ImportOptions(source, kind, searched, query, force, reported_count, progress, cancelled)


def check_mapping(mapping: Mapping[str, str] | None, chosen: Format, path: Path) -> None:
    """--map is for CSV columns: refused, not ignored, for a file in another format."""
    if mapping and chosen.name != "csv":
        raise ImportFormatError(path, f"--map names CSV columns, but this is a {chosen.label} file")
