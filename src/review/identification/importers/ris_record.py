"""One RIS record's tags mapped onto the fields of ParsedRecord (or of a storage row)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from review.base.models import ParsedRecord
from review.base.normalize import normalize_doi, normalize_pmid, parse_year, serial_numbers
from review.identification.importers.values import (
    doi_from_link,
    first_value,
    items,
    prose,
    unmarked,
)

_PMID_NOTE = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
_PUBMED_DB = ("nlm", "pubmed", "medline")
# A DOI as databases write it: no brackets, escapes or end punctuation to look at.
_CLEAN_DOI = re.compile(r"10\.\d{4,9}/[^\s\[\]()<>%&]*[^\s\[\]()<>%&.,;:'\"]")

TITLE_TAGS = ("TI", "T1", "CT", "BT", "ST")
JOURNAL_TAGS = ("JF", "T2", "JO", "JA", "J2", "J1")

# Makes a record (or a row) of the fields of ParsedRecord, in order, given positionally.
Builder = Callable[..., Any]
# (title, abstract, authors, year, journal, volume, issue, pages)
Citation = tuple[
    str | None, str | None, list[str], int | None, str | None, str | None, str | None, str | None
]


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


def _doi_of(values: list[str]) -> str | None:
    """normalize_doi of the first DO value that has one; a bare clean DOI is only lower-cased."""
    for value in values:
        if _CLEAN_DOI.fullmatch(value):
            return value.lower()
        doi = normalize_doi(value)
        if doi:
            return doi
    return None


def is_empty(raw: Mapping[str, list[str]]) -> bool:
    """True if no tag but 'TY' (and 'ID') has a value (see base.is_empty)."""
    for tag, values in raw.items():
        if tag != "TY" and tag != "ID":
            for value in values:
                if value and not value.isspace():
                    return False
    return True


def to_record(
    raw: dict[str, list[str]], position: int, line: int, original: str | None = None
) -> ParsedRecord:
    """Map one RIS tag dictionary onto the normalised record fields."""
    record: ParsedRecord = build_record(raw, position, line, original, ParsedRecord)
    return record


def _citation(raw: dict[str, list[str]]) -> Citation:
    """(title, abstract, authors, year, journal, volume, issue, pages): the work and its place."""
    get = raw.get
    title = None
    for tag in TITLE_TAGS:
        values = get(tag)
        if values:
            title = first_value(values)
            if title:
                if "<" in title:
                    title = unmarked(title)
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
    pages = None
    if "SP" in raw or "EP" in raw:
        start, end = first_value(get("SP")), first_value(get("EP"))
        if end is None or end == start:
            pages = start
        elif start is None:
            pages = end
        elif start != "No" or end != "Specified":  # Ovid's placeholder for no pages
            pages = f"{start}-{end}"
    return title, abstract, authors, year, journal, volume, issue, pages


def build_record(
    raw: dict[str, list[str]], position: int, line: int, original: str | None, make: Builder
) -> Any:
    """make(position, line, ...fields of ParsedRecord..., raw, original) for one record.

    Called once per record of a large file, so a tag the record lacks costs one dictionary
    lookup and no call; the fields are what the helpers above give.
    """
    get = raw.get
    values = get("SN")
    issn, isbn = serial_numbers(values) if values else (None, None)
    values = get("ID")
    source_record_id = first_value(values) if values else None
    title, abstract, authors, year, journal, volume, issue, pages = _citation(raw)
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
    return make(
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
