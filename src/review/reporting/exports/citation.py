"""A one-line citation for a record, for tables of included studies."""

from __future__ import annotations

from review.base.models import Record

MAX_AUTHORS = 6


def citation(record: Record) -> str:
    """Authors (year). Title. Journal, volume(issue), pages. DOI — whatever the record has."""
    authors = record.authors[:MAX_AUTHORS]
    names = "; ".join(authors)
    if len(record.authors) > MAX_AUTHORS:
        names += " et al."
    parts = []
    head = names or "Anonymous"
    head += f" ({record.year})" if record.year else " (n.d.)"
    parts.append(head + ".")
    if record.title:
        parts.append(record.title.rstrip(".") + ".")
    where = record.journal or ""
    if record.volume:
        where += f", {record.volume}" if where else record.volume
        if record.issue:
            where += f"({record.issue})"
    if record.pages:
        where += f", {record.pages}" if where else record.pages
    if where:
        parts.append(where + ".")
    if record.doi:
        parts.append(f"https://doi.org/{record.doi}")
    elif record.url:
        parts.append(record.url)
    return " ".join(parts)
