"""Import search results into a project: read, check, and store each file as one source."""

from __future__ import annotations

import mmap
import os
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

from review.base.errors import ImportFormatError
from review.base.text_files import read_bytes
from review.identification.importers.base import Warnings, gc_paused
from review.identification.importers.encoding import decode_export
from review.identification.importers.registry import Format, choose_format
from review.identification.importing.checks import (
    ImportOptions,
    check_kind,
    check_mapping,
    checked_options,
)
from review.identification.importing.manual import add_manual_record
from review.identification.importing.pieces import Pieces, can_fork, close, piecewise
from review.identification.importing.storing import ImportResult, Sha256, file_sha256, store_source
from review.storage import Store
from review.storage.store import CancelCheck, ProgressCallback

__all__ = [
    "PARALLEL_MIN",
    "PIECE",
    "WORKERS",
    "ImportResult",
    "add_manual_record",
    "check_kind",
    "file_sha256",
    "import_file",
]

# A file of at least this many bytes, in a format that can be parsed in pieces (RIS), is
# parsed by forked worker processes while this one stores (two cores busy).
PARALLEL_MIN = int(os.environ.get("REVIEW_PARALLEL_MIN", "5000000"))
# Bytes per piece: small enough to keep every process busy to the end.
PIECE = 2_000_000
# Worker processes (0: always parse in this process).
WORKERS = int(os.environ.get("REVIEW_IMPORT_WORKERS", "2"))


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
    strict: bool = False,
    encoding: str | None = None,
) -> ImportResult:
    """Parse a file and store it in one transaction (nothing stored on any error).

    The file is read once: its SHA-256 is worked out in a thread while it is decoded and its
    structure checked, then the duplicate check, then the records are built in chunks while
    the store writes the previous chunk. A large RIS file is decoded and parsed in pieces by
    worker processes instead (see pieces.Pieces), so that parsing and storing use two cores.
    What was skipped or repaired is stored with the source as warnings (strict: refused).
    """
    options = checked_options(
        source=source,
        kind=kind,
        searched=searched,
        query=query,
        force=force,
        reported_count=reported_count,
        progress=progress,
        cancelled=cancelled,
    )
    warnings = Warnings(path, strict)
    # A file that may be parsed in pieces is mapped, not copied (the workers share the map).
    data = read_bytes(path, PARALLEL_MIN if can_fork(WORKERS) else None)
    try:
        in_pieces = None if encoding else piecewise(data, path, fmt, PARALLEL_MIN, WORKERS)
    except BaseException:
        close(data)
        raise
    if in_pieces is None:
        return _import_here(store, path, data, (fmt, encoding), mapping, options, warnings)
    return _import_in_pieces(store, path, data, in_pieces, mapping, options, warnings)


def _import_here(
    store: Store,
    path: Path,
    data: bytes | mmap.mmap,
    asked: tuple[str | None, str | None],
    mapping: Mapping[str, str] | None,
    options: ImportOptions,
    warnings: Warnings,
) -> ImportResult:
    """Decode and parse the whole file in this process, storing each chunk as it is built
    (asked: the format and encoding the person named, if any)."""
    if isinstance(data, mmap.mmap):
        mapped, data = data, data[:]
        mapped.close()
    sha = Sha256(data)
    fmt, encoding = asked
    text, encoding = decode_export(data, path, warnings, encoding)
    del data
    chosen = choose_format(text, path, fmt)
    check_mapping(mapping, chosen, path)
    with gc_paused():
        total, chunks = chosen.parse_chunks(text, path, mapping or {}, warnings)
    if not total:
        raise ImportFormatError(path, f"no records found in this {chosen.label} file")
    return store_source(store, path, chosen, (total, encoding), chunks, sha, options, warnings)


def _import_in_pieces(
    store: Store,
    path: Path,
    data: bytes | mmap.mmap,
    in_pieces: tuple[Format, ModuleType],
    mapping: Mapping[str, str] | None,
    options: ImportOptions,
    warnings: Warnings,
) -> ImportResult:
    """Store the rows that worker processes parse from the pieces of a large file.

    The workers are forked before any thread starts; they decode and parse the pieces. The
    records are not counted up front: each piece's rows say how many to expect (a file chosen
    as RIS has a 'TY' line, so it has records or a broken one, raised as before).
    """
    chosen, module = in_pieces
    try:
        check_mapping(mapping, chosen, path)
        with Pieces(data, path, module, WORKERS, PIECE, warnings) as pieces:
            sha = Sha256(data)
            read = (None, "utf-8")
            return store_source(store, path, chosen, read, pieces, sha, options, warnings)
    finally:
        close(data)
