"""Reading a file of text given by a person: its bytes, decoded, with a clear error naming it."""

from __future__ import annotations

import codecs
import mmap
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, overload

from review.base.errors import ImportFormatError

# The largest file read whole, by what it holds: a search export; a table of decisions,
# resolutions or answers; a protocol, checklist or settings file.
IMPORT_LIMIT = int(os.environ.get("REVIEW_MAX_IMPORT_BYTES", str(8 << 30)))
TABLE_LIMIT = 1 << 30
SETTINGS_LIMIT = 10 << 20

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file: it could be read for ever"),
    (stat.S_ISCHR, "a device, not a file: it could be read for ever"),
    (stat.S_ISBLK, "a disk device, not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
)


@overload
def read_bytes(path: Path, *, limit: int = ..., pipes: bool = ...) -> bytes: ...
@overload
def read_bytes(
    path: Path, map_from: int | None, limit: int = ..., pipes: bool = ...
) -> bytes | mmap.mmap: ...


def read_bytes(
    path: Path, map_from: int | None = None, limit: int = IMPORT_LIMIT, pipes: bool = True
) -> bytes | mmap.mmap:
    """The bytes of a file, with a clear error if it cannot be read.

    A regular file is read, or a pipe where pipes is true (a file given on the command line
    as `<(...)`), and only up to limit bytes; a device (/dev/zero), a socket or a pipe where
    pipes is false (a protocol's checklist) is refused by name without waiting on it, and so is
    a file larger than limit. A file of at least map_from bytes is mapped read-only instead of
    copied (slices of the map are bytes; close it when done).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ImportFormatError(path, "file not found") from None
    except IsADirectoryError:
        raise ImportFormatError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise ImportFormatError(path, f"cannot be read ({exc.strerror})") from None
    try:
        found = os.fstat(fd)
        if pipes and stat.S_ISFIFO(found.st_mode):
            os.set_blocking(fd, True)  # a pipe with no writer reads as empty at once
            size = 0
        else:
            size = _regular_size(path, found, limit)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        try:
            if map_from is not None and size >= max(map_from, 1):
                return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
            data = _read_at_most(handle, size, limit)
        except OSError as exc:
            raise ImportFormatError(path, f"cannot be read ({exc.strerror})") from None
    if len(data) > limit:  # it grew while it was read, or says it is smaller than it is
        raise ImportFormatError(path, f"larger than {_size(limit)}: not read")
    return data


def _read_at_most(handle: BinaryIO, size: int, limit: int) -> bytes:
    """The file's bytes, at most limit + 1 of them (more than its size said: read on)."""
    data = handle.read(size + 1)
    if len(data) <= size:
        return data
    pieces, total = [data], len(data)
    while total <= limit and (more := handle.read(min(1 << 20, limit + 1 - total))):
        pieces.append(more)
        total += len(more)
    return b"".join(pieces)


def _regular_size(path: Path, found: os.stat_result, limit: int) -> int:
    """The size of a regular file no larger than limit; anything else is refused by name."""
    if stat.S_ISDIR(found.st_mode):
        raise ImportFormatError(path, "is a folder, not a file")
    for test, what in _KINDS:
        if test(found.st_mode):
            raise ImportFormatError(path, f"is {what}; give a file")
    if not stat.S_ISREG(found.st_mode):
        raise ImportFormatError(path, "is not a regular file; give a file")
    if found.st_size > limit:
        raise ImportFormatError(
            path, f"is {_size(found.st_size)}, larger than the {_size(limit)} read at most"
        )
    return found.st_size


def _size(count: int) -> str:
    for unit, shift in (("GB", 30), ("MB", 20), ("KB", 10)):
        if count >= 1 << shift:
            return f"{count / (1 << shift):.1f} {unit}".replace(".0 ", " ")
    return f"{count} bytes"


def read_text(path: Path, limit: int = IMPORT_LIMIT, pipes: bool = True) -> str:
    """Decode a file as UTF-8 (BOM removed), refusing empty, binary or mis-encoded files."""
    return decode(read_bytes(path, limit=limit, pipes=pipes), path)


_BOM = b"\xef\xbb\xbf"
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def decode(data: bytes, path: Path) -> str:
    """Text of a file's bytes (see read_text)."""
    # like `not data.strip()` without copying the file; a UTF-8 BOM and nothing else is empty
    bom_only = data.startswith(_BOM) and len(data) < 4096 and not data[3:].strip()
    if not data or data.isspace() or bom_only:
        raise ImportFormatError(path, "file is empty: no records to import")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFormatError(path, f"not valid UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise ImportFormatError(path, "binary file (contains NUL bytes), not a text export")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _XML_ENCODING.match(data[:200])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            try:  # an XML file that says which encoding it is in
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            path,
            f"not valid UTF-8 text (byte 0x{data[exc.start]:02x}); re-export the file as UTF-8",
            line=line,
        ) from None
    return text


def decode_head(data: bytes | mmap.mmap, characters: int) -> str | None:
    """The first characters of the text of plain UTF-8 bytes (BOM removed), without decoding
    the rest; None where decode would not simply decode them as UTF-8 (empty, UTF-16, NUL
    bytes, or an invalid byte in the head): decode the whole file then, for its error.

    data may be any bytes-like object that slices to bytes (a map of the file); only its head
    is looked at, so a head of whitespace also gives None.
    """
    # At most four bytes a character; a character cut at the end waits (final=False).
    head = data[: characters * 4 + 3]
    if not head or head.isspace() or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if b"\x00" in head[:8192]:
        return None
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        return decoder.decode(head, final=False)[:characters]
    except UnicodeDecodeError:
        return None
