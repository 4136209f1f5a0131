"""Where an export is written, and how: a regular file is replaced whole (written beside it,
then renamed over it, so nobody sees half of it), while a pipe, a device or standard output is
written straight to; a read-only file is never replaced."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from review.base.errors import InputError, ProjectError

_STANDARD = {
    "/dev/stdout": 1,
    "/dev/fd/1": 1,
    "/proc/self/fd/1": 1,
    "/dev/stderr": 2,
    "/dev/fd/2": 2,
    "/proc/self/fd/2": 2,
}


def output_path(output: str | Path | None) -> Path | None:
    """The -o target as a path; None for none given or '-' (standard output); '' is refused."""
    if output is None or str(output) == "-":
        return None
    if not str(output).strip():
        raise InputError("-o needs a file name (or - for standard output), not an empty one")
    return Path(output)


def is_stream(target: Path) -> bool:
    """True if the target is not a file replaced whole but written straight to: standard
    output, a pipe, a device (where a second table beside it has no place)."""
    return str(target) in _STANDARD or _direct(target)


def _direct(target: Path) -> bool:
    """True if the target is written straight to: anything there that is not a regular file
    (a pipe, a device), or a name under /dev or /proc (/dev/stdout when it is a file)."""
    try:
        found = os.stat(target)
    except OSError:
        return False
    return not stat.S_ISREG(found.st_mode) or str(target).startswith(("/dev/", "/proc/"))


def written_text(target: Path) -> contextlib.AbstractContextManager[IO[str]]:
    """written() for text (UTF-8, line ends as given)."""
    return cast(contextlib.AbstractContextManager[IO[str]], written(target, binary=False))


def written_bytes(target: Path) -> contextlib.AbstractContextManager[IO[bytes]]:
    """written() for bytes (Parquet; a template whose CRLF must stay)."""
    return cast(contextlib.AbstractContextManager[IO[bytes]], written(target, binary=True))


@contextlib.contextmanager
def written(target: Path, binary: bool = False) -> Iterator[IO[str] | IO[bytes]]:
    """A handle to write the export to, complete at target once the block ends without an
    error (a regular file is left as it was on an error)."""
    if str(target) in _STANDARD:
        stream = sys.stdout if _STANDARD[str(target)] == 1 else sys.stderr
        stream.flush()
        yield stream.buffer if binary else stream
        stream.flush()
        return
    try:
        if _direct(target):
            with _straight(target, binary) as handle:
                yield handle
        else:
            with _replacing(target, binary) as handle:
                yield handle
    except OSError as exc:
        raise ProjectError(_cannot_write(target, exc)) from None


def _cannot_write(target: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return f"the disk is full: could not write {target}; it was left as it was"
    return f"cannot write {target}: {exc.strerror or exc}"


@contextlib.contextmanager
def _straight(target: Path, binary: bool) -> Iterator[IO[str] | IO[bytes]]:
    found = os.stat(target)
    flags = os.O_WRONLY | (os.O_APPEND if stat.S_ISREG(found.st_mode) else 0)
    fd = os.open(target, flags)
    if binary:
        with os.fdopen(fd, "wb") as raw:
            yield raw
    else:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as text:
            yield text


@contextlib.contextmanager
def _replacing(target: Path, binary: bool) -> Iterator[IO[str] | IO[bytes]]:
    """Write beside the file (its real place, through a link), then rename it over it."""
    real = Path(os.path.realpath(target))
    mode = _mode_for(real)
    real.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".partial")
    try:
        if binary:
            with os.fdopen(fd, "wb") as raw:
                yield raw
                raw.flush()
                os.fsync(raw.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as text:
                yield text
                text.flush()
                os.fsync(text.fileno())
        os.chmod(partial, mode)
        os.replace(partial, real)
    finally:
        Path(partial).unlink(missing_ok=True)


def _mode_for(real: Path) -> int:
    """The permissions the export gets: those of the file it replaces, else the usual; a
    read-only file is refused (root could replace it, but nobody asked for that)."""
    try:
        found = os.stat(real)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
    if not found.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise InputError(f"{real} is read-only: it is not replaced (make it writable first)")
    return stat.S_IMODE(found.st_mode)
