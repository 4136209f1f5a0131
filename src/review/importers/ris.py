"""RIS import: a tolerant line parser for the RIS variants databases and managers export."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from review.errors import ImportFormatError
from review.models import ParsedRecord
from review.normalize import normalize_doi, normalize_pmid, parse_year

# Every possible two-character RIS tag: one set lookup per line instead of a regex.
_TAGS = frozenset(
    a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)
_TY_LINE = re.compile(r"^TY  -(?: |$)")
_SERIAL_TOKEN = re.compile(r"[0-9Xx][0-9Xx-]*[0-9Xx]")
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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Parsing creates no reference cycles, but every few hundred new lists and dicts trigger a
    collection that rescans all records built so far: pausing it makes large files parse
    about twice as fast.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def split_lines(text: str) -> list[str]:
    """Lines of a decoded file, whatever its line endings."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def clean(value: str) -> str | None:
    """Whitespace collapsed, like normalize.clean_text but with a fast path; blank is None.

    Most values are single-spaced printable text, returned as they are; only values with line
    breaks, tabs, doubled or edge spaces or other whitespace (which is not printable) are split
    and rejoined.
    """
    if value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
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
    """The first value that is not blank, whitespace collapsed."""
    for value in values or ():
        cleaned = clean(value)
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
        for part in value.split(separator) if separator in value else (value,):
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


def serial_numbers(values: Iterable[str] | None) -> tuple[str | None, str | None]:
    """(ISSN, ISBN) found in serial-number values such as '03064530 (ISSN)'."""
    issn: str | None = None
    isbn: str | None = None
    for value in values or ():
        for token in _SERIAL_TOKEN.findall(value):
            digits = token.replace("-", "").upper()
            body_ok = digits[:-1].isdigit()
            if issn is None and len(digits) == 8 and body_ok:
                issn = f"{digits[:4]}-{digits[4:]}"
            elif isbn is None and len(digits) in (10, 13) and body_ok:
                isbn = token.upper()
    return issn, isbn


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


def _scan(lines: list[str], path: Path) -> list[tuple[int, dict[str, list[str]]]]:
    """Group lines into (start line, tag -> values) records; raise on broken structure.

    Hot loop (a million lines for 50,000 records): one slice comparison per line, then the
    tag checks only for lines that look tagged. Untagged lines inside a record continue the
    previous value (joined with a line break); blank lines and text between records are skipped.
    """
    found: list[tuple[int, dict[str, list[str]]]] = []
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    tags = _TAGS
    for number, line in enumerate(lines, 1):
        if line[2:5] == "  -" and (tag := line[:2]) in tags and line[5:6] in ("", " "):
            if record is None:
                if tag != "TY":
                    raise _locate_error(lines, path)
                values = [line[6:]]
                record = {"TY": values}
                found.append((number, record))
            elif tag == "ER":
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
    return found


def _authors(raw: Mapping[str, list[str]]) -> list[str]:
    """Authors from AU/A1; editors (A2) or tertiary authors (A3) only if there are none."""
    authors = items(raw.get("AU")) + items(raw.get("A1"))
    if not authors:
        authors = items(raw.get("A2")) or items(raw.get("A3"))
    return list(dict.fromkeys(authors))


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


def to_record(raw: dict[str, list[str]], position: int, line: int) -> ParsedRecord:
    """Map one RIS tag dictionary onto the normalised record fields."""
    issn, isbn = serial_numbers(raw.get("SN"))
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=first_value(raw.get("ID")),
        title=first_of(raw, TITLE_TAGS),
        abstract=prose(raw.get("AB")) or prose(raw.get("N2")),
        authors=_authors(raw),
        year=_year(raw),
        journal=first_of(raw, JOURNAL_TAGS),
        volume=first_of(raw, ("VL", "VO")),
        issue=first_value(raw.get("IS")),
        pages=_pages(raw),
        doi=_doi(raw),
        pmid=_pmid(raw),
        issn=issn,
        isbn=isbn,
        keywords=items(raw.get("KW")),
        url=_url(raw),
        type=first_value(raw.get("TY")),
        language=first_value(raw.get("LA")),
        publisher=first_of(raw, ("PB", "PU")),
        raw=raw,
    )


def parse(text: str, path: Path, mapping: Mapping[str, str]) -> list[ParsedRecord]:
    """Parse a whole RIS file (mapping is not used: RIS tags are fixed)."""
    with gc_paused():
        scanned = _scan(split_lines(text), path)
        return [to_record(raw, pos, line) for pos, (line, raw) in enumerate(scanned, 1)]
