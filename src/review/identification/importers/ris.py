"""RIS import: a tolerant line parser for the RIS variants databases and managers export."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.base.normalize import normalize_doi, normalize_pmid, parse_year, serial_numbers
from review.identification.importers.base import gc_paused

# Every possible two-character RIS tag: one set lookup per line instead of a regex.
_TAGS = frozenset(
    a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_TY_LINE = re.compile(r"^TY  -(?: |$)")
_DOI_LINK = (
    "10.",
    "doi:",
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
)
_PMID_NOTE = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
_PUBMED_DB = ("nlm", "pubmed", "medline")

TITLE_TAGS = ("TI", "T1", "CT", "BT", "ST")
JOURNAL_TAGS = ("JF", "T2", "JO", "JA", "J2", "J1")


def split_lines(text: str) -> list[str]:
    """Lines of a decoded file, whatever its line endings."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def clean(value: str) -> str | None:
    """Whitespace collapsed, like normalize.clean_text but with a fast path; blank is None.

    Most values are single-spaced printable text, returned as they are; only values with line
    breaks, tabs, doubled or edge spaces or other whitespace (which is not printable) are split
    and rejoined. (A printable value's only whitespace is the space, so comparing it with its
    strip() checks both edges.)
    """
    if value.isprintable() and "  " not in value and value == value.strip():
        return value or None
    return " ".join(value.split()) or None


def prose(values: Iterable[str] | None) -> str | None:
    """First non-blank long text (abstract): edges stripped, wrapped lines joined by a space.

    Long values skip clean(): internal spacing of an abstract is kept as written.
    """
    for value in values or ():
        text = " ".join(value.split()) if "\n" in value else value.strip()
        if text:
            return text
    return None


def first_value(values: Iterable[str] | None) -> str | None:
    """The first value that is not blank, whitespace collapsed (clean() inlined: hot path)."""
    for value in values or ():
        if value.isprintable() and "  " not in value and value == value.strip():
            if value:
                return value
        else:
            cleaned = " ".join(value.split())
            if cleaned:
                return cleaned
    return None


def first_of(raw: Mapping[str, list[str]], tags: Iterable[str]) -> str | None:
    """The first non-blank value among the tags, in the order the tags are given."""
    for tag in tags:
        values = raw.get(tag)
        if values:
            for value in values:
                cleaned = clean(value)
                if cleaned:
                    return cleaned
    return None


def items(values: Iterable[str] | None, separator: str = "\n") -> list[str]:
    """Values split on a separator (default: the line breaks of continuation lines)."""
    found: list[str] = []
    for value in values or ():
        if separator not in value:
            if value.isprintable() and "  " not in value and value == value.strip():
                if value:
                    found.append(value)
                continue
            value = " ".join(value.split())
            if value:
                found.append(value)
            continue
        for part in value.split(separator):
            cleaned = clean(part)
            if cleaned:
                found.append(cleaned)
    return found


def doi_from_link(values: Iterable[str] | None) -> str | None:
    """A DOI from values that are clearly DOIs or doi.org links (not any URL)."""
    for value in values or ():
        text = value.strip()
        if text.lower().startswith(_DOI_LINK):
            doi = normalize_doi(text)
            if doi:
                return doi
    return None


def detect(text: str, path: Path) -> bool:
    """True if a 'TY  -' line appears among the first 50 non-blank lines."""
    seen = 0
    for line in split_lines(text[:200_000]):
        if not line.strip():
            continue
        if _TY_LINE.match(line):
            return True
        seen += 1
        if seen >= 50:
            break
    return False


def _locate_error(lines: list[str], path: Path) -> ImportFormatError:
    """Line-by-line walk that names where the record structure breaks (errors only)."""
    start, inside, records = 0, False, 0
    for number, line in enumerate(lines, 1):
        if line[2:5] != "  -" or line[:2] not in _TAGS or line[5:6] not in ("", " "):
            continue
        tag = line[:2]
        if not inside and tag != "TY":
            return ImportFormatError(
                path,
                f"'{tag}  -' line outside a record (no 'TY  -' line before it)",
                line=number,
            )
        if inside and tag == "TY":
            return ImportFormatError(
                path,
                f"record starting at line {start} is not terminated by 'ER  -' "
                "before the next 'TY  -'",
                line=number,
                record=records + 1,
            )
        if tag == "TY":
            inside, start = True, number
        elif tag == "ER":
            inside, records = False, records + 1
    return ImportFormatError(
        path, "record not terminated by 'ER  -' (file truncated?)", line=start, record=records + 1
    )


# "XX  - " and "XX  -" (a tag line with an empty value) -> the tag, for one lookup per line.
_HEADS = {tag + "  - ": tag for tag in _TAGS}
_BARE_HEADS = {tag + "  -": tag for tag in _TAGS}


def _scan(lines: list[str], path: Path) -> list[tuple[int, int, dict[str, list[str]]]]:
    """Group lines into (first line, 'ER' line, tag -> values) records; raise on bad structure."""
    return list(_grouped(lines, path))


def _grouped(lines: list[str], path: Path) -> Iterator[tuple[int, int, dict[str, list[str]]]]:
    """Records as (first line, 'ER' line, tag -> values), each as soon as its 'ER' line is read.

    Hot loop (a million lines for 50,000 records): one six-character slice and one dictionary
    lookup per line name its tag. Untagged lines inside a record continue the previous value
    (joined with a line break); blank lines and text between records are skipped.
    """
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    head, bare = _HEADS.get, _BARE_HEADS.get
    start = 0
    for number, line in enumerate(lines, 1):
        tag = head(line[:6]) or bare(line)
        if tag is not None:
            if record is None:
                if tag != "TY":
                    raise _locate_error(lines, path)
                values = [line[6:]]
                record = {"TY": values}
                start = number
            elif tag == "ER":
                yield start, number, record
                record = None
            elif tag == "TY":
                raise _locate_error(lines, path)
            else:
                values = record.get(tag)  # type: ignore[assignment]
                if values is None:
                    values = record[tag] = [line[6:]]
                else:
                    values.append(line[6:])
        elif record is not None and line and not line.isspace():
            values[-1] = f"{values[-1]}\n{line}" if values[-1] else line
    if record is not None:
        raise _locate_error(lines, path)


def _authors(raw: Mapping[str, list[str]]) -> list[str]:
    """Authors from AU/A1; editors (A2) or tertiary authors (A3) only if there are none."""
    authors = items(raw.get("AU"))
    # some exports give the authors under both AU and A1: the second list adds only new names
    authors += [a for a in items(raw.get("A1")) if a not in authors]
    if not authors:
        authors = items(raw.get("A2")) or items(raw.get("A3"))
    return authors


def _year(raw: Mapping[str, list[str]]) -> int | None:
    """First parseable year of PY, Y1, DA (a malformed PY such as '10 15' gives None)."""
    for tag in ("PY", "Y1", "DA"):
        for value in raw.get(tag, ()):
            year = parse_year(value)
            if year:
                return year
    return None


def _pages(raw: Mapping[str, list[str]]) -> str | None:
    """SP-EP page range; Ovid's 'No' / 'Specified' placeholder gives None."""
    start, end = first_value(raw.get("SP")), first_value(raw.get("EP"))
    if end is None or end == start:
        return start
    if start is None:
        return end
    if start == "No" and end == "Specified":
        return None
    return f"{start}-{end}"


def _doi(raw: Mapping[str, list[str]]) -> str | None:
    """DO, else a DOI or doi.org link in M3, L3, UR, L2."""
    for value in raw.get("DO", ()):
        doi = normalize_doi(value)
        if doi:
            return doi
    for tag in ("M3", "L3", "UR", "L2"):
        doi = doi_from_link(items(raw.get(tag)))
        if doi:
            return doi
    return None


def _from_pubmed(raw: Mapping[str, list[str]]) -> bool:
    """True if the DB or DP tag names PubMed, MEDLINE or the NLM."""
    databases = " ".join(raw.get("DB", []) + raw.get("DP", [])).lower()
    return any(name in databases for name in _PUBMED_DB)


def _pmid(raw: Mapping[str, list[str]]) -> str | None:
    """PMID from AN of a PubMed/MEDLINE export, or a 'PMID: n' note."""
    if "AN" in raw and _from_pubmed(raw):
        pmid = normalize_pmid(first_value(raw.get("AN")))
        if pmid:
            return pmid
    for value in raw.get("N1", ()):
        match = _PMID_NOTE.search(value) if "PMID" in value else None
        if match:
            return match.group(1)
    return None


def _url(raw: Mapping[str, list[str]]) -> str | None:
    """First URL of the first UR value."""
    for value in raw.get("UR", ()):
        parts = value.split()
        if parts:
            return parts[0]
    return None


_CLEAN_DOI = re.compile(r"10\.\d{4,9}/[^\s\[]*[^\s\[.,;)\]]")


def _doi_of(values: list[str]) -> str | None:
    """normalize_doi of the first DO value that has one; a bare clean DOI is only lower-cased."""
    for value in values:
        if _CLEAN_DOI.fullmatch(value):
            return value.lower()
        doi = normalize_doi(value)
        if doi:
            return doi
    return None


def to_record(
    raw: dict[str, list[str]], position: int, line: int, original: str | None = None
) -> ParsedRecord:
    """Map one RIS tag dictionary onto the normalised record fields."""
    return _build(raw, position, line, original, ParsedRecord)


# Makes a record (or a row) of the fields of ParsedRecord, in order, given positionally.
Builder = Callable[..., Any]


def _build(
    raw: dict[str, list[str]], position: int, line: int, original: str | None, build: Builder
) -> Any:
    """build(position, line, ...fields of ParsedRecord..., raw, original) for one record.

    Called once per record of a large file, so a tag the record lacks costs one dictionary
    lookup and no call; the fields are what the helpers above give.
    """
    get = raw.get
    values = get("SN")
    issn, isbn = serial_numbers(values) if values else (None, None)
    values = get("ID")
    source_record_id = first_value(values) if values else None
    title = None
    for tag in TITLE_TAGS:
        values = get(tag)
        if values:
            title = first_value(values)
            if title:
                break
    values = get("AB")
    abstract = prose(values) if values else None
    if abstract is None:
        values = get("N2")
        abstract = prose(values) if values else None
    values = get("AU")
    if values and "A1" not in raw:
        # as written: two authors of one name are two people
        authors = items(values) or _authors(raw)
    else:
        authors = _authors(raw)
    values = get("PY")
    year = parse_year(values[0]) if values else None
    if year is None and (len(values or ()) > 1 or "Y1" in raw or "DA" in raw):
        year = _year(raw)
    journal = None
    for tag in JOURNAL_TAGS:
        values = get(tag)
        if values:
            journal = first_value(values)
            if journal:
                break
    values = get("VL")
    volume = first_value(values) if values else None
    if volume is None:
        values = get("VO")
        volume = first_value(values) if values else None
    values = get("IS")
    issue = first_value(values) if values else None
    pages = _pages(raw) if "SP" in raw or "EP" in raw else None
    values = get("DO")
    doi = _doi_of(values) if values else None
    if doi is None and ("M3" in raw or "L3" in raw or "UR" in raw or "L2" in raw):
        doi = _doi(raw)
    pmid = _pmid(raw) if "AN" in raw or "N1" in raw else None
    values = get("KW")
    keywords = items(values) if values else []
    url = _url(raw) if "UR" in raw else None
    values = get("TY")
    kind = first_value(values) if values else None
    values = get("LA")
    language = first_value(values) if values else None
    values = get("PB")
    publisher = first_value(values) if values else None
    if publisher is None:
        values = get("PU")
        publisher = first_value(values) if values else None
    return build(
        position,
        line,
        source_record_id,
        title,
        abstract,
        authors,
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        issn,
        isbn,
        keywords,
        url,
        kind,
        language,
        publisher,
        raw,
        original,
    )


def raw_from_original(original: str) -> dict[str, list[str]]:
    """The tag -> values dictionary of one stored record, re-read from its original lines."""
    scanned = _scan(split_lines(original), Path("original"))
    return scanned[0][2] if scanned else {}


def scan(text: str, path: Path) -> tuple[list[str], list[tuple[int, int, dict[str, list[str]]]]]:
    """Lines and grouped records of a whole file; raises on broken structure."""
    with gc_paused():
        lines = split_lines(text)
        return lines, _scan(lines, path)


def records_of(
    lines: list[str], scanned: list[tuple[int, int, dict[str, list[str]]]], first: int = 1
) -> list[ParsedRecord]:
    """ParsedRecords of scanned records (first is the position of the first), with originals."""
    join = "\n".join
    return [
        to_record(raw, position, start, join(lines[start - 1 : end]))
        for position, (start, end, raw) in enumerate(scanned, first)
    ]


def parse(text: str, path: Path, mapping: Mapping[str, str]) -> list[ParsedRecord]:
    """Parse a whole RIS file (mapping is not used: RIS tags are fixed)."""
    with gc_paused():
        lines, scanned = scan(text, path)
        return records_of(lines, scanned)


def parse_chunks(
    text: str, path: Path, mapping: Mapping[str, str], size: int = 2000
) -> tuple[int, Iterator[list[ParsedRecord]]]:
    """(expected record count, records in chunks), for storing while parsing.

    Records are grouped and built a chunk at a time, so storing one chunk overlaps reading
    the next; a broken structure raises from the chunk where it is found (the caller stores
    in one transaction and rolls back). The count is that of 'TY  -' lines, for progress.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    expected = count(text)

    def chunks() -> Iterator[list[ParsedRecord]]:
        join = "\n".join
        chunk: list[ParsedRecord] = []
        for position, (start, end, raw) in enumerate(_grouped(lines, path), 1):
            chunk.append(to_record(raw, position, start, join(lines[start - 1 : end])))
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    return expected, chunks()


def count(text: str) -> int:
    """Records expected in a file with '\n' line endings: its 'TY  -' lines (for progress)."""
    return text.count("\nTY  -") + text.startswith("TY  -")


def count_bytes(data: bytes) -> int:
    """count() of the text of UTF-8 bytes, whatever their line endings, without decoding."""
    found = data.count(b"\nTY  -") + data.startswith((b"TY  -", b"\xef\xbb\xbfTY  -"))
    if b"\r" in data:
        found += data.count(b"\rTY  -")
    return found


# An 'ER' tag line with its line break (a lone '\r' break is not taken: see pieces).
_ER_LINE = re.compile(rb"\nER  -(?: [^\r\n]*)?\r?\n")


def pieces(data: bytes, size: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of UTF-8 bytes of about size, each ending after an 'ER' line.

    The grouping state after an 'ER  -' line is always the same (outside a record, or an
    error), so each piece parses on its own exactly as it would in the whole file, with its
    records and lines numbered from 1. Pieces end after a '\n' (UTF-8 never has that byte
    inside a character; a '\r\n' stays whole), so each decodes on its own.
    """
    found: list[tuple[int, int]] = []
    start, length = 0, len(data)
    while length - start > size * 3 // 2:
        match = _ER_LINE.search(data, start + size)
        if match is None:
            break
        found.append((start, match.end()))
        start = match.end()
    found.append((start, length))
    return found


def parse_piece(text: str, path: Path, build: Builder = ParsedRecord) -> tuple[list[Any], int]:
    """(records, line breaks) of the text of one piece (see pieces), with '\n' line endings.

    Each record is made by build from the fields of ParsedRecord (by default a ParsedRecord;
    storage.store.row_of makes its row instead). Raises on broken structure, naming a line
    of the piece: the caller then locates the first error of the whole file with
    locate_error.
    """
    lines = text.split("\n")
    join = "\n".join
    with gc_paused():
        records = [
            _build(raw, position, start, join(lines[start - 1 : end]), build)
            for position, (start, end, raw) in enumerate(_grouped(lines, path), 1)
        ]
    return records, len(lines) - 1


def locate_error(text: str, path: Path) -> ImportFormatError:
    """The error parse would raise for a whole file found broken in one of its pieces."""
    return _locate_error(split_lines(text), path)
