"""Shared helpers for importers: decoding files and building records."""

from __future__ import annotations

from pathlib import Path

from review.errors import ImportFormatError


def read_text(path: Path) -> str:
    """Decode a file as UTF-8 (BOM removed), refusing empty, binary or mis-encoded files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFormatError(path, "file not found") from None
    except IsADirectoryError:
        raise ImportFormatError(path, "is a folder, not a file") from None
    except OSError as exc:
        raise ImportFormatError(path, f"cannot be read ({exc.strerror})") from None
    if not data.strip():
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
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFormatError(
            path,
            f"not valid UTF-8 text (byte 0x{data[exc.start]:02x}); re-export the file as UTF-8",
            line=line,
        ) from None
    return text
