"""A PDF's own metadata (title, author, DOI) read without a PDF library: the Info dictionary
(also inside compressed object streams) and the XMP packet, with the standard library only."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from review.base.normalize import normalize_doi

MAX_BYTES = 64 * 1024 * 1024  # larger files are read only at their start and end
_EDGE = 4 * 1024 * 1024
_STREAM = re.compile(rb">>\s*stream\r?\n")
_INFO_KEY = re.compile(rb"/(Title|Author|Subject|Keywords|doi|DOI)\s*(\(|<)")
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass(frozen=True)
class PdfMeta:
    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    doi: str | None = None


def _decode(raw: bytes) -> str:
    """A PDF text string: UTF-16 with its byte-order mark, UTF-8 with its, else PDFDocEncoding
    (read as Latin-1, which it matches for letters)."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


def _literal(data: bytes, start: int) -> bytes:
    """The literal string that opens just before start, its escapes read, nesting kept."""
    out, depth, i = bytearray(), 1, start
    while i < len(data) and depth:
        ch = data[i : i + 1]
        if ch == b"\\" and i + 1 < len(data):
            nxt = data[i + 1 : i + 2]
            octal = re.match(rb"[0-7]{1,3}", data[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(nxt, b"" if nxt in (b"\r", b"\n") else nxt)
            i += 2
            continue
        depth += ch == b"("
        depth -= ch == b")"
        if depth:
            out += ch
        i += 1
    return bytes(out)


def _hex(data: bytes, start: int) -> bytes:
    end = data.find(b">", start)
    digits = re.sub(rb"\s", b"", data[start : end if end >= 0 else len(data)])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii", "replace"))


def _info_values(data: bytes) -> dict[str, str]:
    """Every /Title, /Author, ... string in these bytes (the last one of a key wins)."""
    found: dict[str, str] = {}
    for match in _INFO_KEY.finditer(data):
        key = match.group(1).decode().lower()
        try:
            raw = _literal(data, match.end()) if match.group(2) == b"(" else _hex(data, match.end())
        except ValueError:
            continue
        text = " ".join(_decode(raw).split())
        if text:
            found[key] = text
    return found


def _streams(data: bytes, kind: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, decompressed body) of the streams whose dictionary names kind
    (/ObjStm: where a newer PDF keeps its Info; /Metadata: the XMP)."""
    found = []
    for match in _STREAM.finditer(data):
        before = data[max(0, match.start() - 800) : match.start() + 2]
        head = before[before.rfind(b" obj") + 4 :] if b" obj" in before else before
        if kind not in head:
            continue
        end = data.find(b"endstream", match.end())
        body = data[match.end() : end if end >= 0 else len(data)]
        if b"/FlateDecode" in head:
            try:
                body = zlib.decompressobj().decompress(body)
            except zlib.error:
                continue
        found.append((head, body))
    return found


def _info_object(data: bytes) -> bytes:
    """The Info dictionary's object (not the bookmarks, which have titles too): found where
    the last trailer points, in the file or in one of its object streams."""
    refs = re.findall(rb"/Info\s+(\d+)\s+(\d+)\s+R", data)
    if not refs:
        return b""
    number, generation = refs[-1]
    found = re.search(rb"(?<!\d)" + number + rb"\s+" + generation + rb"\s+obj\b", data)
    if found:
        end = data.find(b"endobj", found.end())
        return data[found.end() : end if end >= 0 else found.end() + 4096]
    for head, body in _streams(data, b"/ObjStm"):
        first = re.search(rb"/First\s+(\d+)", head)
        if not first:
            continue
        table = body[: int(first.group(1))].split()
        pairs = list(zip(table[::2], map(int, table[1::2]), strict=False))
        for n, (obj, offset) in enumerate(pairs):
            if obj == number:
                start = int(first.group(1)) + offset
                stop = int(first.group(1)) + pairs[n + 1][1] if n + 1 < len(pairs) else None
                return body[start:stop]
    return b""


def _xmp(data: bytes) -> dict[str, str]:
    match = _XMP.search(data)
    if not match:
        return {}
    text = match.group().decode("utf-8", "replace")
    found = {}
    for key, tag in (("title", "dc:title"), ("author", "dc:creator")):
        block = re.search(rf"<{tag}\b.*?</{tag}>", text, re.DOTALL)
        items = re.findall(r"<rdf:li[^>]*>(.*?)</rdf:li>", block.group() if block else "", re.S)
        if items:
            found[key] = "; ".join(" ".join(i.split()) for i in items if i.strip())
    doi = re.search(r"<(?:prism:doi|pdfx:doi|dc:identifier)[^>]*>\s*(?:doi:)?([^<]+)<", text)
    if doi:
        found["doi"] = doi.group(1).strip()
    return found


def read_pdf_meta(path: Path) -> PdfMeta:
    """The PDF's title, author, subject, keywords and DOI as far as it gives them (XMP
    before the Info dictionary); an unreadable file or one that is not a PDF gives none."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                handle.seek(-_EDGE, 2)
                data = data[:_EDGE] + handle.read()
    except OSError:
        return PdfMeta()
    if not data.startswith(b"%PDF"):
        return PdfMeta()
    values = _info_values(_info_object(data))
    for part in (data, *(body for _head, body in _streams(data, b"/Metadata"))):
        values.update({k: v for k, v in _xmp(part).items() if v})
    doi = normalize_doi(values.get("doi"))
    if doi is None:
        for text in (values.get("subject"), values.get("keywords")):
            hit = _DOI_IN_TEXT.search(text or "")
            doi = doi or (normalize_doi(hit.group()) if hit else None)
    return PdfMeta(values.get("title"), values.get("author"), values.get("subject"),
                   values.get("keywords"), doi)  # fmt: skip
