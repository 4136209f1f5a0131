"""Sources logged with a reported count but no imported records (`review sources add`)."""

from __future__ import annotations

import re
from datetime import date

from review.errors import InputError
from review.importing import check_kind
from review.project import Project

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_searched(searched: str | None) -> str | None:
    """A search date as YYYY, YYYY-MM or YYYY-MM-DD, or None."""
    if searched is None or not searched.strip():
        return None
    text = searched.strip()
    padded = text + "-01" * (2 - text.count("-"))
    try:
        if not _DATE.match(text):
            raise ValueError
        date.fromisoformat(padded)
    except ValueError:
        raise InputError(f"--searched expects a date as YYYY-MM-DD, not {searched!r}") from None
    return text


def add_counted_source(
    project: Project,
    name: str,
    kind: str,
    count: int | None,
    searched: str | None = None,
    query: str | None = None,
) -> int:
    """Log a source that has a reported count (None: not reported) and no records."""
    if not name or not name.strip():
        raise InputError("a source name is required")
    check_kind(kind)
    if count is not None and count < 0:
        raise InputError(f"--count must be 0 or more, not {count}")
    return project.store.add_source(
        name=name.strip(),
        kind=kind,
        searched=check_searched(searched),
        query=query.strip() if query and query.strip() else None,
        format="count",
        reported_count=count,
        note="logged with a reported count; no records imported",
        records=[],
    )
