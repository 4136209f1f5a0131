"""Reading a file of text given by a person: its bytes, decoded, with a clear error naming it."""

from __future__ import annotations

import codecs
import mmap
import os
import re
from pathlib import Path
from typing import overload

from review.base.errors import ImportFormatError


@overload
def read_bytes(path: Path) -> bytes: ...
@overload
def read_bytes(path: Path, map_from: int | None) -> bytes | mmap.mmap: ...


def read_bytes(path: Path, map_from: int | None = None) -> bytes | mmap.mmap:
    """The bytes of a file to import, with a clear error if it cannot be read.

    A file of at least map_from bytes is mapped read-only instead of copied (slices of the
    map are bytes; close it when done).
    """
    try:
        with path.open("rb") as handle:
            if map_from is not None and os.fstat(handle.fileno()).st_size >= max(map_from, 1):
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            return handle.read()
    except FileNotFoundError:
        raise ImportFormatError(path, "file not found") from None
    except IsADirectoryError:
        raise ImportFormatError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise ImportFormatError(path, f"cannot be read ({exc.strerror})") from None


def read_text(path: Path) -> str:
    """Decode a file as UTF-8 (BOM removed), refusing empty, binary or mis-encoded files."""
    return decode(read_bytes(path), path)


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
