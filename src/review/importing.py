"""Import search results into a project: read, check, and store each file as one source."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from review.errors import DuplicateImportError, InputError
from review.importers import read_records
from review.models import SOURCE_KINDS, ParsedRecord
from review.normalize import clean_text, normalize_doi, parse_year
from review.storage import Store
from review.storage.store import CancelCheck, ProgressCallback


@dataclass(frozen=True)
class ImportResult:
    """What one file's import stored."""

    source_id: int
    path: Path
    format: str
    records: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_kind(kind: str) -> str:
    if kind not in SOURCE_KINDS:
        raise InputError(f"unknown source kind {kind!r}; choose one of {', '.join(SOURCE_KINDS)}")
    return kind


def import_file(
    store: Store,
    path: Path,
    *,
    source: str | None = None,
    kind: str = "database",
    searched: str | None = None,
    query: str | None = None,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
    force: bool = False,
    reported_count: int | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportResult:
    """Parse a whole file, then store it in one transaction (nothing stored on any error)."""
    check_kind(kind)
    format_name, records = read_records(path, fmt, mapping)
    sha = file_sha256(path)
    previous = store.source_with_sha256(sha)
    if previous and not force:
        raise DuplicateImportError(
            f"{path}: this file was already imported as source {previous.name!r} "
            f"on {previous.imported_at[:10]} ({previous.records_read} records); "
            "use --force to import it again"
        )
    source_id = store.add_source(
        name=source or path.stem,
        kind=kind,
        searched=searched,
        query=query,
        file_name=path.name,
        sha256=sha,
        format=format_name,
        reported_count=reported_count,
        records=records,
        progress=progress,
        cancelled=cancelled,
    )
    return ImportResult(source_id, path, format_name, len(records))


def add_manual_record(
    store: Store,
    *,
    title: str,
    source: str,
    kind: str = "website",
    authors: list[str] | None = None,
    year: str | None = None,
    url: str | None = None,
    accessed: str | None = None,
    journal: str | None = None,
    doi: str | None = None,
    abstract: str | None = None,
    type: str | None = None,
) -> int:
    """Store one record typed in by hand as its own source batch; returns its record_id."""
    check_kind(kind)
    if not clean_text(title):
        raise InputError("a title is required for a record added by hand")
    year_value = parse_year(year) if year else None
    if year and year_value is None:
        raise InputError(f"year {year!r} is not a year")
    raw = {
        k: v
        for k, v in {
            "title": title,
            "authors": authors,
            "year": year,
            "url": url,
            "accessed": accessed,
            "journal": journal,
            "doi": doi,
            "abstract": abstract,
            "type": type,
        }.items()
        if v
    }
    record = ParsedRecord(
        position=1,
        title=clean_text(title),
        authors=[a for a in (clean_text(x) for x in authors or []) if a],
        year=year_value,
        url=clean_text(url),
        journal=clean_text(journal),
        doi=normalize_doi(doi),
        abstract=clean_text(abstract),
        type=type or "web page",
        raw=raw,
    )
    return store.append_manual_record(source, kind, record, accessed)
