"""EndNote tagged / refer import ('%0 Journal Article', '%T title', ... ; blank-line separated)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from review.base.models import ParsedRecord
from review.base.normalize import normalize_doi, parse_year, serial_numbers
from review.identification.importers.base import (
    Tagged,
    Warnings,
    check_not_cut,
    gc_paused,
    no_warnings,
)
from review.identification.importers.values import (
    doi_from_link,
    first_value,
    items,
    prose,
    split_lines,
)

_TAG = re.compile(r"^%([A-Z0-9@!#$&()*+,^~<>\]\[|=?])(?: (.*))?$")
_TAG_LINE = re.compile(r"^%[A-Z0-9@] ", re.MULTILINE)


def detect(text: str, path: Path) -> bool:
    """First non-blank line starts '%0 ', or at least three '%X value' lines."""
    head = text[:100_000]
    first = next((line for line in split_lines(head[:2000]) if line.strip()), "")
    if first.startswith("%0 "):
        return True
    return len(_TAG_LINE.findall(head)) >= 3


def _scan(lines: list[str], warnings: Warnings) -> list[Tagged]:
    """Group '%X' lines into (start line, '%X' -> values) records split at blank lines;
    text outside a record is skipped with a warning."""
    found: list[Tagged] = []
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            record = None
            continue
        match = _TAG.match(line)
        if match is None:
            if record is not None:
                values[-1] = f"{values[-1]}\n{line}" if values[-1] else line
            else:
                warnings.skip(number, line)
            continue
        if record is None:
            record = {}
            found.append((number, record))
        values = record.setdefault("%" + match.group(1), [])
        values.append(match.group(2) or "")
    return found


def _doi(raw: Mapping[str, list[str]]) -> str | None:
    """%R (EndNote's DOI field), else a doi.org link in %U."""
    for value in raw.get("%R", ()):
        doi = normalize_doi(value)
        if doi:
            return doi
    return doi_from_link(items(raw.get("%U")))


def to_record(raw: dict[str, list[str]], position: int, line: int) -> ParsedRecord:
    """Map one refer tag dictionary onto the normalised record fields."""
    issn, isbn = serial_numbers(raw.get("%@"))
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=first_value(raw.get("%M")),
        title=first_value(raw.get("%T")),
        abstract=prose(raw.get("%X")),
        authors=items(raw.get("%A")) or items(raw.get("%E")),
        year=parse_year(first_value(raw.get("%D"))) or parse_year(first_value(raw.get("%8"))),
        journal=first_value(raw.get("%J")) or first_value(raw.get("%B")),
        volume=first_value(raw.get("%V")),
        issue=first_value(raw.get("%N")),
        pages=first_value(raw.get("%P")),
        doi=_doi(raw),
        pmid=None,
        issn=issn,
        isbn=isbn,
        keywords=[k for value in items(raw.get("%K")) for k in items([value], ";")],
        url=first_value(raw.get("%U")),
        type=first_value(raw.get("%0")),
        language=first_value(raw.get("%G")),
        publisher=first_value(raw.get("%I")),
        raw=raw,
    )


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Parse a whole refer/EndNote tagged file (mapping is not used: tags are fixed)."""
    warnings = no_warnings(warnings, path)
    with gc_paused():
        scanned = _scan(split_lines(text), warnings)
        check_not_cut(text, path, "EndNote tagged", scanned, ("%D", "%8"))
        return [to_record(raw, pos, line) for pos, (line, raw) in enumerate(scanned, 1)]
