"""Tiny PDFs written here for the tests: an Info dictionary, or one in an object stream."""

from __future__ import annotations

import zlib


def info_pdf(info: str) -> bytes:
    """A small PDF with a bookmark (which has a title of its own) and an Info dictionary."""
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Outlines 3 0 R >>\nendobj\n"
        b"3 0 obj\n<< /Title (A bookmark, not the title) >>\nendobj\n"
        b"2 0 obj\n" + info.encode("latin-1") + b"\nendobj\n"
        b"trailer\n<< /Root 1 0 R /Info 2 0 R >>\n%%EOF\n"
    )


def object_stream_pdf(info: bytes) -> bytes:
    """A PDF 1.5 whose Info dictionary sits compressed in an object stream."""
    header = b"7 0 "
    packed = zlib.compress(header + info)
    head = f"<< /Type /ObjStm /N 1 /First {len(header)} /Filter /FlateDecode /Length {len(packed)}"
    return (
        b"%PDF-1.5\n5 0 obj\n" + head.encode() + b" >>\nstream\n" + packed
        + b"\nendstream\nendobj\n9 0 obj\n<< /Type /XRef /Info 7 0 R /Root 1 0 R >>\n"
        b"stream\n\nendstream\nendobj\n%%EOF\n"
    )  # fmt: skip
