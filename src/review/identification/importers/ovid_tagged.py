"""Ovid tagged export import: '<1. >' record markers, then 'TI  - ' tag lines (any database)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from review.base.models import ParsedRecord
from review.base.normalize import normalize_doi, normalize_pmid, parse_year, serial_numbers
from review.identification.importers.base import (
    Tagged,
    Warnings,
    check_not_cut,
    gc_paused,
    no_warnings,
)
from review.identification.importers.ovid_source import source_parts
from review.identification.importers.values import clean, doi_from_link, items, prose, split_lines

# '<1. >', '<241. >', '  <3. >' (some exports indent every line)
_MARKER = re.compile(r"^\s*<\d+\.\s*>\s*$")
_MARKER_ANYWHERE = re.compile(r"^[ \t]*<\d+\.[ \t]*>[ \t]*\r?$", re.MULTILINE)
_TAG = re.compile(r"^\s*([A-Z][A-Z0-9]{1,3})\s{1,3}-(?:\s(.*)|$)")
# 'Walsdorf, Neill B. [Inventor, Reprint Author]', 'Zhang, Weijia 1,2,+', 'Gazic, B MD, PhD *'
_AUTHOR_NOTE = re.compile(r"\s*\[[^\]]*\]|[\s\d,+*]+$")
_DEGREES = re.compile(r"(?:,?\s+(?:MD|PhD|Ph\.D\.|RN|FAAN|FACSM|MPH|MSc|BSc|MA|BA|MB))+$")

AUTHORS = ("FA", "FAU", "AU")
YEAR = ("YR", "PY", "DP", "YP")
JOURNAL = ("JN", "JT", "JF", "TA", "JA")
DOI = ("DO", "DI", "DOI")
KEYWORDS = ("KW", "MH", "SH", "DE", "ID", "MJ")


def detect(text: str, path: Path) -> bool:
    """A '<1. >' record marker line followed by tag lines such as 'VN  - Ovid Technologies'."""
    head = text[:200_000]
    marker = _MARKER_ANYWHERE.search(head)
    if not marker:
        return False
    after = head[marker.end() : marker.end() + 2000].split("\n")
    return any(_TAG.match(line) for line in after[1:6])


def _scan(lines: list[str], warnings: Warnings) -> list[Tagged]:
    """Group lines into (marker line, tag -> values) records; untagged lines continue the
    value before; text before the first marker (the search history) is skipped."""
    found: list[Tagged] = []
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    for number, line in enumerate(lines, 1):
        if _MARKER.match(line):
            record = {}
            found.append((number, record))
            values = []
            continue
        if not line.strip():
            continue
        if record is None:
            warnings.skip(number, line)
            continue
        match = _TAG.match(line)
        if match is None:
            if values:
                values[-1] = f"{values[-1]}\n{line.strip()}" if values[-1] else line.strip()
            continue
        values = record.setdefault(match.group(1), [])
        values.append((match.group(2) or "").strip())
    return found


def _first(raw: Mapping[str, list[str]], tags: Iterable[str]) -> str | None:
    for tag in tags:
        for value in raw.get(tag, ()):
            text = clean(value)
            if text:
                return text
    return None


def _bare(value: str | None) -> str | None:
    """A value without Ovid's trailing full stop ('English.' -> 'English')."""
    return value.rstrip(".").strip() or None if value else None


def _authors(raw: Mapping[str, list[str]]) -> list[str]:
    """Full names if given, else the author lines, without role notes and affiliation marks."""
    for tag in AUTHORS:
        found = []
        for value in items(raw.get(tag)):
            name = _DEGREES.sub("", _AUTHOR_NOTE.sub("", value)).strip(" .,;")
            if name:
                found.append(name)
        if found:
            return found
    return []


def _keywords(raw: Mapping[str, list[str]]) -> list[str]:
    words: list[str] = []
    for tag in KEYWORDS:
        for value in items(raw.get(tag)):
            words += [w for w in (_bare(clean(p)) for p in value.split(";")) if w]
    return words


def _pmid(raw: Mapping[str, list[str]]) -> str | None:
    """PMID from a PMID/PM tag, or the unique identifier of a MEDLINE record."""
    pmid = normalize_pmid(_first(raw, ("PMID", "PM")))
    if pmid is None and "medline" in (_first(raw, ("DB",)) or "").lower():
        pmid = normalize_pmid(_first(raw, ("UI", "AN")))
    return pmid


def to_record(raw: dict[str, list[str]], position: int, line: int) -> ParsedRecord:
    """Map one Ovid tag dictionary onto the normalised record fields."""
    source = source_parts(_first(raw, ("SO",)))
    issn, _ = serial_numbers(raw.get("IS", []) + raw.get("ISSN", []))
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=_bare(_first(raw, ("AN", "UI"))),
        title=_first(raw, ("TI", "BT")),
        abstract=prose(raw.get("AB")),
        authors=_authors(raw),
        year=parse_year(_first(raw, YEAR)) or parse_year(source.get("year")),
        journal=_bare(_first(raw, JOURNAL)) or source.get("journal"),
        volume=_first(raw, ("VO", "VI", "VL")) or source.get("volume"),
        issue=_first(raw, ("IP", "NO")) or source.get("issue"),
        pages=_first(raw, ("PG", "PP")) or source.get("pages"),
        doi=normalize_doi(_first(raw, DOI)) or doi_from_link(items(raw.get("XL"))),
        pmid=_pmid(raw),
        issn=issn,
        isbn=serial_numbers(raw.get("IB", []) + raw.get("ISBN", []))[1],
        keywords=_keywords(raw),
        url=_first(raw, ("UR", "XL")),
        type=_bare(_first(raw, ("PT", "DT"))),
        language=_bare(_first(raw, ("LG", "LA"))),
        publisher=_first(raw, ("PB", "PU")),
        raw=raw,
    )


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Parse a whole Ovid tagged export (mapping is not used: tags are fixed)."""
    warnings = no_warnings(warnings, path)
    with gc_paused():
        scanned = _scan(split_lines(text), warnings)
        check_not_cut(text, path, "Ovid", scanned, YEAR)
        return [to_record(raw, pos, line) for pos, (line, raw) in enumerate(scanned, 1)]
