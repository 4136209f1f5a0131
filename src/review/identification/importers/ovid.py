"""Ovid labelled-fields export import ('<1>' record markers, label lines, indented values)."""

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
from review.identification.importers.values import clean, split_lines

_MARKER = re.compile(r"^\s*<\d+>\s*$")
_MARKER_ANYWHERE = re.compile(r"^[ \t]*<\d+>[ \t]*\r?$", re.MULTILINE)
_AFFILIATION_MARK = re.compile(r"\s+\d+(?:\s*,\s*\d+)*$")

TITLE = ("Title",)
AUTHORS = ("Authors Full Name", "Author Full Name", "Authors", "Author", "Author Name")
YEAR = ("Year of Publication", "Publication Year", "Year", "Date of Publication")
JOURNAL = ("Journal Name", "Journal Title", "Journal")
DOI = ("Digital Object Identifier", "DOI Number", "DOI")
PMID = ("PMID", "PubMed Identifier", "PubMed ID", "MEDLINE PMID")
RECORD_ID = ("Unique Identifier", "Accession Number", "Embase Accession Number")
ISSN = ("ISSN", "International Standard Serial Number", "Print ISSN", "Electronic ISSN")
ISBN = ("ISBN", "International Standard Book Number")
KEYWORDS = (
    "Author Keywords",
    "Keywords",
    "Keyword Heading",
    "MeSH Subject Headings",
    "Subject Headings",
    "Emtree Heading",
)
TYPE = ("Publication Type", "Document Type")
URL = ("URL", "Link to the Ovid Full Text or citation", "Link to the Full Text")


def detect(text: str, path: Path) -> bool:
    """A line holding only a record marker such as '<1>'."""
    return bool(_MARKER_ANYWHERE.search(text[:200_000]))


def _scan(lines: list[str], warnings: Warnings) -> list[Tagged]:
    """Group lines into (marker line, label -> value lines) records; text before the first
    marker (the search history Ovid puts first) is skipped with a warning."""
    found: list[Tagged] = []
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    for number, line in enumerate(lines, 1):
        if _MARKER.match(line):
            record = {}
            found.append((number, record))
        elif not line.strip():
            continue
        elif record is None:
            warnings.skip(number, line)
        elif line[0] in " \t":
            values.append(line.strip())
        else:
            values = record.setdefault(line.strip(), [])
    return found


def _first(raw: Mapping[str, list[str]], labels: Iterable[str]) -> str | None:
    """The first value under the first label present, without a trailing full stop."""
    for label in labels:
        for value in raw.get(label, ()):
            text = clean(value)
            if text:
                return text
    return None


def _all(raw: Mapping[str, list[str]], labels: Iterable[str]) -> list[str]:
    """Every value under any of the labels."""
    return [value for label in labels for value in raw.get(label, ())]


def _bare(value: str | None) -> str | None:
    """A value without Ovid's trailing full stop ('English.' -> 'English')."""
    return value.rstrip(".").strip() or None if value else None


def _authors(raw: Mapping[str, list[str]]) -> list[str]:
    """Authors split on ';', affiliation marks ('Holstiege, Jakob 1') removed."""
    for label in AUTHORS:
        found: list[str] = []
        for value in raw.get(label, ()):
            for part in value.split(";"):
                name = clean(_AFFILIATION_MARK.sub("", part))
                if name:
                    found.append(name)
        if found:
            return found
    return []


def _keywords(raw: Mapping[str, list[str]]) -> list[str]:
    """Keywords from every keyword label, split on ';', trailing full stops dropped."""
    found: list[str] = []
    for label in KEYWORDS:
        for value in raw.get(label, ()):
            for part in value.split(";"):
                word = _bare(clean(part))
                if word:
                    found.append(word)
    return found


def to_record(raw: dict[str, list[str]], position: int, line: int) -> ParsedRecord:
    """Map one Ovid label dictionary onto the normalised record fields."""
    source = source_parts(_first(raw, ("Source",)))
    pmid = normalize_pmid(_first(raw, PMID))
    record_id = _bare(_first(raw, RECORD_ID))
    if pmid is None and "Unique Identifier" in raw:
        pmid = normalize_pmid(record_id)
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=record_id,
        title=_first(raw, TITLE),
        abstract=_first(raw, ("Abstract",)),
        authors=_authors(raw),
        year=parse_year(_first(raw, YEAR)) or parse_year(source.get("year")),
        journal=_bare(_first(raw, JOURNAL)) or source.get("journal"),
        volume=_first(raw, ("Volume",)) or source.get("volume"),
        issue=_first(raw, ("Issue", "Issue/Part")) or source.get("issue"),
        pages=_first(raw, ("Page", "Pages", "Pagination")) or source.get("pages"),
        doi=normalize_doi(_first(raw, DOI)),
        pmid=pmid,
        issn=serial_numbers(_all(raw, ISSN))[0],
        isbn=serial_numbers(_all(raw, ISBN))[1],
        keywords=_keywords(raw),
        url=_first(raw, URL),
        type=_bare(_first(raw, TYPE)),
        language=_bare(_first(raw, ("Language",))),
        publisher=_first(raw, ("Publisher",)),
        raw=raw,
    )


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Parse a whole Ovid labelled export (mapping is not used: labels are fixed)."""
    warnings = no_warnings(warnings, path)
    with gc_paused():
        scanned = _scan(split_lines(text), warnings)
        check_not_cut(text, path, "Ovid", scanned, YEAR, ("Source",))
        return [to_record(raw, pos, line) for pos, (line, raw) in enumerate(scanned, 1)]
