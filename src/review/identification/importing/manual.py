"""One record typed in by hand (a web page, a report), stored as its own source batch."""

from __future__ import annotations

from review.base.dates import check_date
from review.base.errors import InputError
from review.base.models import ParsedRecord
from review.base.normalize import clean_text, normalize_doi, parse_year
from review.identification.importing.checks import check_kind
from review.storage import Store


def add_manual_record(
    store: Store,
    *,
    title: str,
    source: str,
    kind: str = "website",
    authors: list[str] | None = None,
    year: str | None = None,
    url: str | None = None,
    accessed: str | None = None,
    journal: str | None = None,
    doi: str | None = None,
    abstract: str | None = None,
    type: str | None = None,
) -> int:
    """Store one record typed in by hand as its own source batch; returns its record_id."""
    check_kind(kind)
    if not source or not source.strip():
        raise InputError("--source needs a name")
    source = source.strip()
    accessed = check_date(accessed, "--accessed")
    if not clean_text(title):
        raise InputError("a title is required for a record added by hand")
    year_value = parse_year(year) if year else None
    if year and year_value is None:
        raise InputError(f"year {year!r} is not a year")
    raw = {
        k: v
        for k, v in {
            "title": title,
            "authors": authors,
            "year": year,
            "url": url,
            "accessed": accessed,
            "journal": journal,
            "doi": doi,
            "abstract": abstract,
            "type": type,
        }.items()
        if v
    }
    record = ParsedRecord(
        position=1,
        title=clean_text(title),
        authors=[a for a in (clean_text(x) for x in authors or []) if a],
        year=year_value,
        url=clean_text(url),
        journal=clean_text(journal),
        doi=normalize_doi(doi),
        abstract=clean_text(abstract),
        type=type or "web page",
        raw=raw,
    )
    return store.append_manual_record(source, kind, record, accessed)
