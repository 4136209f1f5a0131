"""PubMed MEDLINE / .nbib import (also ERIC's nbib-style export and MEDLINE plain text)."""

from __future__ import annotations

import re
from collections.abc import Mapping
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
from review.identification.importers.values import (
    clean,
    doi_from_link,
    first_value,
    items,
    prose,
    split_lines,
)

# 'PMID- 123', 'TI  - x', 'FAU - x', 'ISSN- x', and JabRef's sloppier 'PMID-123' / 'TI-'.
_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}-(?: |$)?(.*)$")
_LONG_TAG = re.compile(r"^[A-Z]{3,4} ?- ", re.MULTILINE)
_PMID_LINE = re.compile(r"^PMID ?- ?\d", re.MULTILINE)
_TITLE_OR_AUTHOR = re.compile(r"^(?:TI|AU)  - ", re.MULTILINE)
_ONCE = ("PMID", "PMC")
_RIS_TY = re.compile(r"^TY  -", re.MULTILINE)


def detect(text: str, path: Path) -> bool:
    """A 'PMID- ' line, or 3-4 letter MEDLINE tags with a TI/AU tag (and no RIS 'TY  -')."""
    head = text[:100_000]
    if _RIS_TY.search(head):
        return False
    if _PMID_LINE.search(head):
        return True
    return bool(_LONG_TAG.search(head) and _TITLE_OR_AUTHOR.search(head))


def _scan(lines: list[str], warnings: Warnings) -> list[Tagged]:
    """Group tagged lines into (start line, tag -> values) records.

    Records are split where MEDLINE splits them, at blank lines; in a file without blank
    lines, a second PMID (or PMC, which a PMC export puts first) begins the next. Indented
    lines continue the previous value; untagged text between records (a stray note) is
    skipped with a warning.
    """
    found: list[Tagged] = []
    record: dict[str, list[str]] | None = None
    values: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            record = None
            continue
        match = None if line[0] == " " else _TAG.match(line)
        if match is None:
            if record is not None:
                values[-1] = f"{values[-1]}\n{line.strip()}" if values[-1] else line.strip()
            else:
                warnings.skip(number, line)
            continue
        tag, value = match.groups()
        if record is None or (tag in _ONCE and tag in record):
            record = {}
            found.append((number, record))
        values = record.setdefault(tag, [])
        values.append(value.rstrip())
    return found


def _doi(raw: Mapping[str, list[str]]) -> str | None:
    """The '[doi]' value of LID, then of AID; else a doi.org link in AID or LID."""
    for tag in ("LID", "AID"):
        for value in raw.get(tag, ()):
            if value.rstrip().endswith("[doi]"):
                doi = normalize_doi(value)
                if doi:
                    return doi
    return doi_from_link(items(raw.get("AID"))) or doi_from_link(items(raw.get("LID")))


def _url(raw: Mapping[str, list[str]]) -> str | None:
    """A web address in LID/AID that is not a DOI link (ERIC gives one)."""
    for value in items(raw.get("LID")) + items(raw.get("AID")):
        if value.startswith(("http://", "https://")) and "doi.org/" not in value:
            return value.split()[0]
    return None


def _joined(raw: Mapping[str, list[str]], *tags: str) -> str | None:
    """All values of the first present tag joined by a space (repeated TI lines append)."""
    for tag in tags:
        text = clean(" ".join(raw.get(tag, ())))
        if text:
            return text
    return None


def to_record(raw: dict[str, list[str]], position: int, line: int) -> ParsedRecord:
    """Map one MEDLINE tag dictionary onto the normalised record fields."""
    pmid = normalize_pmid(first_value(raw.get("PMID")))
    issn, isbn = serial_numbers(raw.get("IS", []) + raw.get("ISSN", []))
    if isbn is None:
        isbn = serial_numbers(raw.get("ISBN"))[1]
    abstract = " ".join(filter(None, (prose([v]) for v in raw.get("AB", ())))) or None
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=pmid,
        title=_joined(raw, "TI", "BTI", "CTI"),
        abstract=abstract,
        authors=items(raw.get("FAU")) or items(raw.get("AU")),
        year=parse_year(first_value(raw.get("DP"))),
        journal=first_value(raw.get("JT")) or first_value(raw.get("TA")),
        volume=first_value(raw.get("VI")),
        issue=first_value(raw.get("IP")),
        pages=first_value(raw.get("PG")),
        doi=_doi(raw),
        pmid=pmid,
        issn=issn,
        isbn=isbn,
        keywords=items(raw.get("MH")) + items(raw.get("OT")),
        url=_url(raw),
        type=first_value(raw.get("PT")),
        language=first_value(raw.get("LA")),
        publisher=first_value(raw.get("PB")),
        raw=raw,
    )


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """Parse a whole MEDLINE/nbib file (mapping is not used: tags are fixed)."""
    warnings = no_warnings(warnings, path)
    with gc_paused():
        scanned = _scan(split_lines(text), warnings)
        # PubMed ends every record with its SO (source) line
        pubmed = bool(scanned) and "PMID" in scanned[-1][1]
        check_not_cut(text, path, "PubMed/nbib", scanned, ("DP",), ("SO",) if pubmed else ())
        return [to_record(raw, pos, line) for pos, (line, raw) in enumerate(scanned, 1)]
