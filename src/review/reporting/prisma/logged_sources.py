"""Sources logged with a reported count but no imported records (`review sources add`)."""

from __future__ import annotations

from review.base.dates import check_count, check_date
from review.base.errors import InputError
from review.identification.importing import check_kind
from review.project import Project


def check_searched(searched: str | None) -> str | None:
    """A search date as YYYY, YYYY-MM or YYYY-MM-DD, or None."""
    return check_date(searched, "--searched")


def add_counted_source(
    project: Project,
    name: str,
    kind: str,
    count: int | None,
    searched: str | None = None,
    query: str | None = None,
) -> int:
    """Log a source that has a reported count (None: not reported) and no records.

    A source of that name already logged (imported, say) gets the count instead, so that
    one search is never counted twice.
    """
    if not name or not name.strip():
        raise InputError("a source name is required")
    check_kind(kind)
    check_count(count)
    searched = check_searched(searched)
    same = [s for s in project.store.sources() if s.name == name.strip()]
    if same:
        if count is None:
            raise InputError(
                f"source {name.strip()!r} is already logged; give --count N to set the count "
                "its search reported"
            )
        project.store.set_reported_count(same[-1].source_id, count)
        return same[-1].source_id
    return project.store.add_source(
        name=name.strip(),
        kind=kind,
        searched=searched,
        query=query.strip() if query and query.strip() else None,
        format="count",
        reported_count=count,
        note="logged with a reported count; no records imported",
        records=[],
    )
