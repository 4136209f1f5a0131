"""Import search results into a project: read, check, and store each file as one source."""

from __future__ import annotations

import gc
import hashlib
import marshal
import mmap
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from review.base.dates import check_count, check_date
from review.base.errors import DuplicateImportError, ImportFormatError, InputError
from review.base.models import SOURCE_KINDS, ParsedRecord
from review.base.normalize import clean_text, normalize_doi, parse_year
from review.base.text_files import decode, decode_head, read_bytes
from review.identification.importers.base import gc_paused
from review.identification.importers.registry import Format, choose_format, formats
from review.storage import Store
from review.storage.store import CancelCheck, ProgressCallback, RowChunk, row_of

# A file of at least this many bytes, in a format that can be parsed in pieces (RIS), is
# parsed by forked worker processes while this one stores (two cores busy).
PARALLEL_MIN = int(os.environ.get("REVIEW_PARALLEL_MIN", "5000000"))
# Bytes per piece: small enough to keep every process busy to the end.
PIECE = 2_000_000
# Characters of the head of a file its format is detected from (detectors read at most
# 200,000).
HEAD = 200_000
# Worker processes (0: always parse in this process).
WORKERS = int(os.environ.get("REVIEW_IMPORT_WORKERS", "2"))


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


class _Pieces:
    """Rows of a large file parsed in pieces by forked worker processes, in file order.

    Workers claim the next piece from a shared counter whenever they are free, decode it,
    parse it straight into rows and send them; this process only receives them and stores
    them (rows of strings and numbers are sent marshalled, cheaper than pickled both ways, and
    SQLite lets go of the interpreter while it writes). Any
    decoding or structural error in any piece raises the error that reading the whole file
    would (its first broken record). Use as a context manager: leaving stops the workers.
    """

    def __init__(self, data: bytes | mmap.mmap, path: Path, module: ModuleType, workers: int):
        self.data, self.path, self.module = data, path, module
        self.bounds: list[tuple[int, int]] = module.pieces(data, PIECE)
        self.crlf = data.find(b"\r") >= 0  # (`in` would walk a map byte by byte)
        context = multiprocessing.get_context("fork")
        for stream in (sys.stdout, sys.stderr):  # else a child flushes a copy of the buffer
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        self.lock = context.Lock()
        self.next = context.RawValue("i", 0)
        self.owner = context.RawArray("i", len(self.bounds))
        self.pipes: list[Any] = []
        self.workers: list[Any] = []
        for number in range(workers):
            receive, send = context.Pipe(duplex=False)
            worker = context.Process(
                target=self._work,
                args=(number, send, receive),
                name="review-import-parser",
                daemon=True,
            )
            worker.start()
            send.close()
            self.pipes.append(receive)
            self.workers.append(worker)

    def __enter__(self) -> _Pieces:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
        for pipe in self.pipes:
            pipe.close()

    def _work(self, number: int, send: Any, receive: Any) -> None:
        """Worker process: parse claimed pieces, send (rows, line breaks) or the failure."""
        # Only the parent may hold the reading ends: if it dies, a send then fails (broken
        # pipe) and the worker ends, instead of waiting for ever on a full pipe.
        for pipe in (*self.pipes, receive):
            pipe.close()
        gc.disable()
        while True:
            with self.lock:
                index = self.next.value
                if index >= len(self.bounds):
                    break
                self.next.value = index + 1
                self.owner[index] = number
            start, end = self.bounds[index]
            try:
                text = self.data[start:end].decode("utf-8-sig" if index == 0 else "utf-8")
                if self.crlf:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                rows, breaks = self.module.parse_piece(text, self.path, row_of)
                send.send_bytes(marshal.dumps((index, rows, breaks)))
            except (BrokenPipeError, ConnectionResetError):
                os._exit(0)  # the importing process is gone: nobody to tell, nothing to keep
            except (ImportFormatError, UnicodeDecodeError):
                send.send_bytes(marshal.dumps((index, None, "format")))
                break
            except BaseException as exc:
                send.send_bytes(marshal.dumps((index, None, f"{type(exc).__name__}: {exc}")))
                break
        send.close()

    def _whole_file_error(self) -> ImportFormatError:
        """The error of reading the whole file (a piece of it failed to decode or parse)."""
        return self.module.locate_error(decode(self.data[:], self.path), self.path)

    def __iter__(self) -> Iterator[RowChunk]:
        """Rows of each piece in file order, with the total expected from the bytes so far."""
        position = line = 0
        size = len(self.data)
        for index in range(len(self.bounds)):
            while self.next.value <= index:  # not claimed yet: wait for a worker
                if not any(worker.is_alive() for worker in self.workers):
                    raise RuntimeError(f"{self.path}: the import worker processes stopped")
                time.sleep(0.001)
            try:
                got, rows, breaks = marshal.loads(self.pipes[self.owner[index]].recv_bytes())
            except EOFError:
                raise RuntimeError(f"{self.path}: the import worker process stopped") from None
            if rows is None:
                if breaks == "format":
                    raise self._whole_file_error()
                raise RuntimeError(f"{self.path}: import worker failed: {breaks}")
            assert got == index
            parsed = self.bounds[index][1]
            expected = (position + len(rows)) * size // parsed if parsed else None
            yield RowChunk(rows, position, line, expected)
            position += len(rows)
            line += breaks


def _can_fork() -> bool:
    """True if worker processes may be forked: fork is available, there are two cores or more,
    and this is the only thread (forking a process that runs other threads can deadlock the
    child)."""
    if WORKERS < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and threading.active_count() == 1


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
    the store writes the previous chunk. A large RIS file is decoded and parsed in pieces by
    worker processes instead (see _Pieces), so that parsing and storing use two cores.
    """
    check_kind(kind)
    if source is not None and not source.strip():
        raise InputError("--source needs a name (or leave it out for the file's name)")
    source = source.strip() if source else None
    searched = check_date(searched, "--searched")
    check_count(reported_count)
    options = dict(
        source=source,
        kind=kind,
        searched=searched,
        query=query,
        force=force,
        reported_count=reported_count,
        progress=progress,
        cancelled=cancelled,
    )
    # A file that may be parsed in pieces is mapped, not copied (the workers share the map).
    data = read_bytes(path, PARALLEL_MIN if _can_fork() else None)
    try:
        piecewise = _piecewise(data, path, fmt)
    except BaseException:
        _close(data)
        raise
    if piecewise is None:
        if isinstance(data, mmap.mmap):
            mapped, data = data, data[:]
            mapped.close()
        sha = _Sha256(data)
        text = decode(data, path)
        del data
        chosen = choose_format(text, path, fmt)
        _check_mapping(mapping, chosen, path)
        with gc_paused():
            total, chunks = chosen.parse_chunks(text, path, mapping or {})
        if not total:
            raise ImportFormatError(path, f"no records found in this {chosen.label} file")
        return _store(store, path, chosen, total, chunks, sha, **options)
    chosen, module = piecewise
    # The workers are forked before any thread starts; they decode and parse the pieces.
    # The records are not counted up front: each piece's rows say how many to expect (a file
    # chosen as RIS has a 'TY' line, so it has records or a broken one, raised as before).
    try:
        _check_mapping(mapping, chosen, path)
        with _Pieces(data, path, module, WORKERS) as pieces:
            sha = _Sha256(data)
            return _store(store, path, chosen, None, pieces, sha, **options)
    finally:
        _close(data)


def _check_mapping(mapping: Mapping[str, str] | None, chosen: Format, path: Path) -> None:
    """--map is for CSV columns: refused, not ignored, for a file in another format."""
    if mapping and chosen.name != "csv":
        raise ImportFormatError(path, f"--map names CSV columns, but this is a {chosen.label} file")


def _close(data: bytes | mmap.mmap) -> None:
    """Unmap a mapped file (bytes need nothing); left to the collector while still in use."""
    if isinstance(data, mmap.mmap):
        try:
            data.close()
        except BufferError:  # the digest thread still reads it (after an early error)
            pass


def _piecewise(
    data: bytes | mmap.mmap, path: Path, fmt: str | None
) -> tuple[Format, ModuleType] | None:
    """(format, its module) if the file is to be parsed in pieces by worker processes.

    That is a large UTF-8 file in a format that parses in pieces (RIS), when processes can
    be forked. The format is chosen from the decoded head of the file, which gives the same
    choice as the whole text for all but XML (whose detector looks further) and any failure
    (the whole file is then read in this process, which raises as it always has).
    """
    if (
        len(data) < PARALLEL_MIN
        or not _can_fork()
        or (fmt and fmt.strip().lower() not in formats())
    ):
        return None
    head = decode_head(data, HEAD)
    if head is None or head.lstrip().startswith(("<?xml", "<xml")):
        return None
    try:
        chosen = choose_format(head, path, fmt)
    except ImportFormatError:
        return None
    module = chosen.piecewise()
    return None if module is None else (chosen, module)


def _store(
    store: Store,
    path: Path,
    chosen: Format,
    total: int | None,
    chunks: Iterable[Any],
    sha: _Sha256,
    *,
    source: str | None,
    kind: str,
    searched: str | None,
    query: str | None,
    force: bool,
    reported_count: int | None,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ImportResult:
    """The duplicate check, then the records stored as one source (see import_file)."""
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
    if not source or not source.strip():
        raise InputError("--source needs a name")
    source = source.strip()
    accessed = check_date(accessed, "--accessed")
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
