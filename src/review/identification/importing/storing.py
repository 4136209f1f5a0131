"""A file's records stored as one source: its digest, the already-imported check, one write."""

from __future__ import annotations

import hashlib
import mmap
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review.base.errors import DuplicateImportError, ImportFormatError
from review.identification.importers.base import ImportWarning, Warnings
from review.identification.importers.registry import Format
from review.identification.importing.checks import ImportOptions
from review.storage import Store
from review.storage.store import RowChunk


@dataclass(frozen=True)
class ImportResult:
    """What one file's import stored."""

    source_id: int
    path: Path
    format: str
    records: int
    warnings: list[ImportWarning] = field(default_factory=list)
    warned: int = 0  # warnings given (more than those kept in warnings, past a limit)
    encoding: str = "utf-8"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read a mebibyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Sha256:
    """SHA-256 of bytes, worked out in a thread (hashlib lets go of the interpreter)."""

    def __init__(self, data: bytes | mmap.mmap):
        self.digest = ""
        self.thread = threading.Thread(target=self._run, args=(data,), daemon=True)
        self.thread.start()

    def _run(self, data: bytes | mmap.mmap) -> None:
        self.digest = hashlib.sha256(data).hexdigest()

    def result(self) -> str:
        self.thread.join()
        return self.digest


class _Counted:
    """Chunks of records passed through, counted; none at all is an error (rolls back)."""

    def __init__(self, chunks: Iterable[Any], path: Path, label: str):
        self.chunks, self.path, self.label = chunks, path, label
        self.records = 0

    def __iter__(self) -> Iterator[Any]:
        for chunk in self.chunks:
            self.records += len(chunk.rows if isinstance(chunk, RowChunk) else chunk)
            yield chunk
        if not self.records:
            raise ImportFormatError(self.path, f"no records found in this {self.label} file")


def store_source(
    store: Store,
    path: Path,
    chosen: Format,
    read: tuple[int | None, str],
    chunks: Iterable[Any],
    sha: Sha256,
    options: ImportOptions,
    warnings: Warnings,
) -> ImportResult:
    """The duplicate check, then the records stored as one source with its warnings (see
    import_file; read: the records expected, if known, and the encoding read)."""
    total, encoding = read
    counted = _Counted(chunks, path, chosen.label)
    digest = sha.result()
    previous = store.source_with_sha256(digest)
    if previous and not options.force:
        raise DuplicateImportError(
            f"{path}: this file was already imported as source {previous.name!r} "
            f"on {previous.imported_at[:10]} ({previous.records_read} records); "
            "use --force to import it again"
        )
    source_id = store.add_source(
        name=options.source or path.stem,
        kind=options.kind,
        searched=options.searched,
        query=options.query,
        file_name=path.name,
        sha256=digest,
        format=chosen.name,
        reported_count=options.reported_count,
        chunks=counted,
        total=total,
        progress=options.progress,
        cancelled=options.cancelled,
        warnings=warnings,
    )
    kept = list(warnings)
    return ImportResult(
        source_id, path, chosen.name, counted.records, kept, len(warnings), encoding
    )
