"""Web of Science tagged ('plain text' FN/VR/PT...ER/EF) export import."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.base.normalize import normalize_doi, normalize_pmid, parse_year, serial_numbers
from review.identification.importers.base import Warnings, gc_paused
from review.identification.importers.values import clean, first_value, items, prose, split_lines

_HEADER_TAGS = ("FN", "VR", "EF")
_PT_LINE = re.compile(r"^PT \S", re.MULTILINE)
_ER_LINE = re.compile(r"^ER\s*$", re.MULTILINE)
_HEADER_LINE = re.compile(r"^(?:FN|VR) ", re.MULTILINE)


def detect(text: str, path: Path) -> bool:
    """First non-blank line is 'FN ...', or PT/ER record lines under an FN/VR header."""
    head = text[:200_000]
    first = next((line for line in split_lines(head[:2000]) if line.strip()), "")
    if first.startswith("FN "):
        return True
    return bool(_PT_LINE.search(head) and _ER_LINE.search(head) and _HEADER_LINE.search(head))


def _tag_of(line: str) -> str | None:
    """The two-character tag of a 'XY value' or bare 'XY' line, else None."""
    tag = line[:2]
    if len(tag) == 2 and tag[0].isupper() and (tag[1].isupper() or tag[1].isdigit()):
        if len(line) == 2 or line[2] == " ":
            return tag
    return None


def _scan(lines: list[str], path: Path) -> list[tuple[int, dict[str, list[str]]]]:
    """Group lines into (start line, tag -> lines) records between PT and ER.

    Each physical line is one value: 'AU' lists one author per line, wrapped 'TI' lines are
    joined later. Continuation lines start with spaces.
    """
    found: list[tuple[int, dict[str, list[str]]]] = []
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if line[0] == " ":
            if record is not None:
                values.append(line.strip())
            continue
        tag = _tag_of(line)
        if record is None:
            if tag == "PT":
                record, start = {"PT": [line[3:].rstrip()]}, number
                found.append((start, record))
            elif tag not in _HEADER_TAGS:
                raise ImportFormatError(
                    path, f"{line[:20]!r} outside a record (no 'PT' line before it)", line=number
                )
        elif tag == "ER":
            record = None
        elif tag is None:
            values.append(line.strip())
        else:
            values = record.setdefault(tag, [])
            values.append(line[3:].rstrip())
    if record is not None:
        raise ImportFormatError(
            path, "record not terminated by 'ER' (file truncated?)", line=start, record=len(found)
        )
    return found


def _joined(raw: Mapping[str, list[str]], tag: str) -> str | None:
    """A wrapped value's lines joined by spaces."""
    return clean(" ".join(raw.get(tag, ())))


def _keywords(raw: Mapping[str, list[str]]) -> list[str]:
    """Author keywords (DE) then Keywords Plus (ID); lines wrap inside a keyword."""
    found: list[str] = []
    for tag in ("DE", "ID"):
        found += items([" ".join(raw.get(tag, ()))], ";")
    return found


def _pages(raw: Mapping[str, list[str]]) -> str | None:
    """BP-EP, else the article number (AR)."""
    start, end = first_value(raw.get("BP")), first_value(raw.get("EP"))
    if start and end and start != end:
        return f"{start}-{end}"
    return start or end or first_value(raw.get("AR"))


def to_record(raw: dict[str, list[str]], position: int, line: int) -> ParsedRecord:
    """Map one WoS tag dictionary onto the normalised record fields."""
    issn = serial_numbers(raw.get("SN"))[0] or serial_numbers(raw.get("EI"))[0]
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=first_value(raw.get("UT")),
        title=_joined(raw, "TI"),
        abstract=prose(["\n".join(raw.get("AB", ()))]),
        authors=items(raw.get("AF")) or items(raw.get("AU")),
        year=parse_year(first_value(raw.get("PY"))) or parse_year(first_value(raw.get("EY"))),
        journal=_joined(raw, "SO"),
        volume=first_value(raw.get("VL")),
        issue=first_value(raw.get("IS")),
        pages=_pages(raw),
        doi=normalize_doi(first_value(raw.get("DI"))),
        pmid=normalize_pmid(first_value(raw.get("PM"))),
        issn=issn,
        isbn=serial_numbers(raw.get("BN"))[1],
        keywords=_keywords(raw),
        url=None,
        type=first_value(raw.get("DT")),
        language=first_value(raw.get("LA")),
        publisher=_joined(raw, "PU"),
        raw=raw,
    )


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Parse a whole WoS tagged file (mapping is not used: tags are fixed). Its records end
    with ER and the file with EF, so a file cut short shows, final line break or not."""
    with gc_paused():
        scanned = _scan(split_lines(text), path)  # a record cut short is named by its line
        last = text.rstrip().rsplit("\n", 1)[-1].strip()
        if text.lstrip("\ufeff").startswith("FN ") and last != "EF":
            raise ImportFormatError(
                path,
                "the Web of Science file does not end with its EF line: it looks cut short; "
                "export it again",
                line=text.rstrip().count("\n") + 1,
            )
        return [to_record(raw, pos, line) for pos, (line, raw) in enumerate(scanned, 1)]
