"""A large file parsed in pieces by forked worker processes while this process stores."""

from __future__ import annotations

import gc
import marshal
import mmap
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from review.base.errors import ImportFormatError
from review.base.text_files import decode_head
from review.identification.importers.base import Found, Warnings
from review.identification.importers.encoding import HANDLER, MIXED, decode_export
from review.identification.importers.registry import Format, choose_format, formats
from review.storage.store import RowChunk, row_of

# Characters of the head of a file its format is detected from (detectors read at most
# 200,000).
HEAD = 200_000


class Pieces:
    """Rows of a large file parsed in pieces by forked worker processes, in file order.

    Workers claim the next piece from a shared counter whenever they are free, decode it,
    parse it straight into rows and send them; this process only receives them and stores
    them (rows of strings and numbers are sent marshalled, cheaper than pickled both ways, and
    SQLite lets go of the interpreter while it writes). Any
    decoding or structural error in any piece raises the error that reading the whole file
    would (its first broken record). Use as a context manager: leaving stops the workers.
    """

    def __init__(
        self,
        data: bytes | mmap.mmap,
        path: Path,
        module: ModuleType,
        workers: int,
        size: int,
        warnings: Warnings,
    ):
        self.data, self.path, self.module = data, path, module
        self.warnings = warnings
        self.mixed = False  # bytes not UTF-8 were found (and said) in an earlier piece
        self.bounds: list[tuple[int, int]] = module.pieces(data, size)
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

    def __enter__(self) -> Pieces:
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
                self.owner[index] = number  # before the claim shows: the reader reads it then
                self.next.value = index + 1
            start, end = self.bounds[index]
            try:
                text, note = _decoded(self.data[start:end], index == 0)
                if self.crlf:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                rows, breaks, found, read = self.module.parse_piece(text, self.path, row_of)
                found = [*note, *found]
                send.send_bytes(marshal.dumps((index, rows, breaks, found, read)))
            except (BrokenPipeError, ConnectionResetError):
                os._exit(0)  # the importing process is gone: nobody to tell, nothing to keep
            except (ImportFormatError, UnicodeDecodeError):
                send.send_bytes(marshal.dumps((index, None, "format", None, 0)))
                break
            except BaseException as exc:
                failure = f"{type(exc).__name__}: {exc}"
                send.send_bytes(marshal.dumps((index, None, failure, None, 0)))
                break
        send.close()

    def _whole_file_error(self) -> ImportFormatError:
        """The error of reading the whole file (a piece of it failed to decode or parse)."""
        text, _ = decode_export(self.data[:], self.path, Warnings(self.path))
        error: ImportFormatError = self.module.locate_error(text, self.path)
        return error

    def __iter__(self) -> Iterator[RowChunk]:
        """Rows of each piece in file order, with the total expected from the bytes so far."""
        position = line = read = 0
        size = len(self.data)
        for index in range(len(self.bounds)):
            while self.next.value <= index:  # not claimed yet: wait for a worker
                if not any(worker.is_alive() for worker in self.workers):
                    raise RuntimeError(f"{self.path}: the import worker processes stopped")
                time.sleep(0.001)
            try:
                got, rows, breaks, found, records = marshal.loads(
                    self.pipes[self.owner[index]].recv_bytes()
                )
            except EOFError:
                raise RuntimeError(f"{self.path}: the import worker process stopped") from None
            if rows is None:
                if breaks == "format":
                    raise self._whole_file_error()
                raise RuntimeError(f"{self.path}: import worker failed: {breaks}")
            assert got == index
            parsed = self.bounds[index][1]
            expected = (position + len(rows)) * size // parsed if parsed else None
            if found and found[0][0] == MIXED:  # said once, for the first piece with them
                found, self.mixed = (found[1:] if self.mixed else found), True
            self.warnings.extend(found, line, read)
            yield RowChunk(rows, position, line, expected)
            position += len(rows)
            line += breaks
            read += records


def _decoded(data: bytes, first: bool) -> tuple[str, list[Found]]:
    """The text of a piece's bytes, and a warning if some were not UTF-8 (read as
    Windows-1252, as decode_export reads a file that is UTF-8 but for a few bytes)."""
    codec = "utf-8-sig" if first else "utf-8"
    try:
        return data.decode(codec), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return data.decode(codec, errors=HANDLER), [(MIXED, line, None, False)]


def can_fork(workers: int) -> bool:
    """True if worker processes may be forked: fork is available, there are two cores or more,
    and this is the only thread (forking a process that runs other threads can deadlock the
    child)."""
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and threading.active_count() == 1


def close(data: bytes | mmap.mmap) -> None:
    """Unmap a mapped file (bytes need nothing); left to the collector while still in use."""
    if isinstance(data, mmap.mmap):
        try:
            data.close()
        except BufferError:  # the digest thread still reads it (after an early error)
            pass


def piecewise(
    data: bytes | mmap.mmap, path: Path, fmt: str | None, parallel_min: int, workers: int
) -> tuple[Format, ModuleType] | None:
    """(format, its module) if the file is to be parsed in pieces by worker processes.

    That is a large UTF-8 file in a format that parses in pieces (RIS, EndNote XML), when
    processes can be forked. The format is chosen from the decoded head of the file, which
    gives the same choice as the whole text (EndNote XML comes first and its detector finds
    '<records' in the head as in the whole), and on any failure the whole file is read in
    this process, which raises as it always has.
    """
    if (
        len(data) < parallel_min
        or not can_fork(workers)
        or (fmt and fmt.strip().lower() not in formats())
    ):
        return None
    head = decode_head(data, HEAD)
    if head is None:
        return None
    try:
        chosen = choose_format(head, path, fmt)
    except ImportFormatError:
        return None
    module = chosen.piecewise()
    return None if module is None else (chosen, module)
