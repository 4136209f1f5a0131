"""Import search results into a project: read, check, and store each file as one source."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from review.errors import DuplicateImportError, ImportFormatError, InputError
from review.importers.base import decode, gc_paused, read_bytes
from review.importers.registry import choose_format
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


class _Sha256:
    """SHA-256 of bytes, worked out in a thread (hashlib lets go of the interpreter)."""

    def __init__(self, data: bytes):
        self.digest = ""
        self.thread = threading.Thread(target=self._run, args=(data,), daemon=True)
        self.thread.start()

    def _run(self, data: bytes) -> None:
        self.digest = hashlib.sha256(data).hexdigest()

    def result(self) -> str:
        self.thread.join()
        return self.digest


class _Counted:
    """Chunks of records passed through, counted; none at all is an error (rolls back)."""

    def __init__(self, chunks: Iterable[list[ParsedRecord]], path: Path, label: str):
        self.chunks, self.path, self.label = chunks, path, label
        self.records = 0

    def __iter__(self) -> Iterator[list[ParsedRecord]]:
        for chunk in self.chunks:
            self.records += len(chunk)
            yield chunk
        if not self.records:
            raise ImportFormatError(self.path, f"no records found in this {self.label} file")


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
    """Parse a file and store it in one transaction (nothing stored on any error).

    The file is read once: its SHA-256 is worked out in a thread while it is decoded and its
    structure checked, then the duplicate check, then the records are built in chunks while
    the store writes the previous chunk.
    """
    check_kind(kind)
    data = read_bytes(path)
    sha = _Sha256(data)
    text = decode(data, path)
    del data
    chosen = choose_format(text, path, fmt)
    with gc_paused():
        total, chunks = chosen.parse_chunks(text, path, mapping or {})
    if not total:
        raise ImportFormatError(path, f"no records found in this {chosen.label} file")
    counted = _Counted(chunks, path, chosen.label)
    digest = sha.result()
    previous = store.source_with_sha256(digest)
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
        sha256=digest,
        format=chosen.name,
        reported_count=reported_count,
        chunks=counted,
        total=total,
        progress=progress,
        cancelled=cancelled,
    )
    return ImportResult(source_id, path, chosen.name, counted.records)


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
