"""The text of an export's bytes: UTF-8 (or UTF-16), else Windows-1252 / Latin-1, or as told."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.text_files import decode
from review.identification.importers.base import Warnings

# Bytes Windows-1252 leaves undefined: read as Latin-1 (they are C1 controls there).
_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# 'encoding: windows-1252' (JabRef's BibTeX header), 'charset=iso-8859-1', an XML declaration.
_DECLARED = re.compile(rb"""(?:encoding|charset)\s*[:=]\s*["']?([A-Za-z][\w.:-]{1,30})""", re.I)
HANDLER = "review-windows-1252"
MIXED = (
    "bytes that are not UTF-8 read as Windows-1252 (the first on this line; "
    "--encoding NAME says otherwise)"
)


def _as_windows_1252(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: bytes that are not UTF-8 read one by one as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    text = "".join(chr(b) if b in _UNDEFINED else bytes([b]).decode("cp1252") for b in bad)
    return text, error.end


codecs.register_error(HANDLER, _as_windows_1252)


def decode_export(
    data: bytes, path: Path, warnings: Warnings, encoding: str | None = None
) -> tuple[str, str]:
    """(text, encoding read) of an export's bytes; how it was read, if not as UTF-8, is said
    in a warning.

    As UTF-8 (or UTF-16 with its mark) when it is; with encoding when given; else in the
    encoding the file declares, else as Windows-1252 (a superset of Latin-1 in all but
    control characters), where a file that is UTF-8 but for a few bytes keeps its UTF-8.
    """
    if encoding:
        return _told(data, path, encoding), encoding
    wide = _utf16_without_mark(data)
    if wide:
        warnings.add(f"the file is UTF-16 without a byte order mark: read as {wide}", loss=False)
        return _told(data, path, wide), wide
    try:
        return decode(data, path), "utf-8"
    except ImportFormatError as exc:
        if "UTF-8" not in exc.message:
            raise
        first_bad = exc.line
    declared = _DECLARED.search(data[:4096])
    name = declared.group(1).decode("ascii").lower() if declared else ""
    if name and _known(name) and codecs.lookup(name).name not in ("utf-8", "utf-8-sig"):
        try:
            text = data.decode(name)
            warnings.add(f"the file is not UTF-8: read as {name}, as it says", loss=False)
            return text.removeprefix("\ufeff"), name
        except UnicodeDecodeError:
            pass
    warnings.add(MIXED, line=first_bad, loss=False)
    if _UTF8_SEQUENCE.search(data):  # UTF-8 but for a few bytes: its UTF-8 stays UTF-8
        return data.decode("utf-8-sig", errors=HANDLER), "utf-8 and windows-1252"
    return data.decode("cp1252", errors=HANDLER), "windows-1252"


def _utf16_without_mark(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text of mostly ASCII letters two bytes each, no mark."""
    head = data[:8192]
    if b"\x00" not in head or data.startswith((b"\xff\xfe", b"\xfe\xff")) or len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 3 and even == 0:
        return "utf-16-le"
    if even > len(head) // 3 and odd == 0:
        return "utf-16-be"
    return None


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _told(data: bytes, path: Path, encoding: str) -> str:
    """The bytes read in the encoding a person named (--encoding)."""
    if not _known(encoding):
        raise ImportFormatError(path, f"--encoding {encoding}: no such text encoding")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            path, f"not valid {encoding} text (byte 0x{data[exc.start]:02x})", line=line
        ) from None
    if not text.strip("\ufeff \t\r\n"):
        raise ImportFormatError(path, "file is empty: no records to import")
    return text.removeprefix("\ufeff")
