"""Statements of where a PRISMA flow's numbers are missing or do not add up, never hidden."""

from __future__ import annotations

from review.reporting.prisma.model import Column, PrismaFlow


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def _names(names: list[str], limit: int = 6) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def source_notes(flow: PrismaFlow) -> list[str]:
    """Reported counts against imported records, and sources with no count."""
    notes = []
    for s in flow.sources:
        if s.records and s.reported is not None and s.reported != s.records:
            notes.append(
                f"{s.name}: reported count ({s.reported}) differs from imported records "
                f"({s.records})"
            )
    reporting = [s for s in flow.sources if s.reported is not None]
    importing = [s for s in flow.sources if s.records]
    if reporting:
        reported = sum(s.reported or 0 for s in reporting)
        imported = sum(s.records for s in importing)
        if reported != imported:
            line = (
                f"reported counts total {reported} ({plural(len(reporting), 'source')}) but "
                f"imported records total {imported} ({plural(len(importing), 'source')})"
            )
            count_only = [s for s in reporting if not s.records]
            if count_only:
                line += (
                    f"; {plural(len(count_only), 'source')} logged with a count only "
                    f"({sum(s.reported or 0 for s in count_only)} records not imported)"
                )
            notes.append(line)
    missing = [s.name for s in flow.sources if s.identified is None]
    if missing:
        verb = "has" if len(missing) == 1 else "have"
        notes.append(
            f"{plural(len(missing), 'source')} did not report a count and {verb} no imported "
            f"records ({_names(missing)}): shown as 'not reported', not 0"
        )
    return notes


def _awaiting(column: Column, label: str) -> list[str]:
    notes = []
    if column.screen_awaiting:
        pairs = (
            f"; {column.screen_in_pairs} of them in possible-duplicate pairs a person has yet "
            "to decide"
            if column.screen_in_pairs
            else ""
        )
        notes.append(
            f"{label}: {plural(column.screen_awaiting, 'screened record')} without a final "
            f"title/abstract decision ({plural(column.screen_conflicts, 'conflict')} to "
            f"reconcile, the rest not yet decided by every reviewer{pairs}): neither excluded "
            "nor sought"
        )
    if column.assess_awaiting:
        notes.append(
            f"{label}: {plural(column.assess_awaiting, 'assessed report')} without a final "
            f"full-text decision ({plural(column.assess_conflicts, 'conflict')} to reconcile, "
            "the rest not yet decided by every reviewer): neither excluded nor included"
        )
    return notes


def flow_notes(flow: PrismaFlow) -> list[str]:
    """Every note for a flow: sources first, then arithmetic, then work still open."""
    notes = source_notes(flow)
    identified = flow.dbr_identified()
    removed = flow.duplicates + flow.excluded_automatic + flow.excluded_other
    if identified is not None and identified - removed != flow.dbr.screened:
        notes.append(
            f"records identified from databases and registers ({identified}) minus records "
            f"removed before screening ({removed}) is {identified - removed}, but "
            f"{flow.dbr.screened} records were screened (a difference of "
            f"{identified - removed - flow.dbr.screened})"
        )
    if flow.held:
        notes.append(
            f"{plural(flow.held, 'record')} held until a possible duplicate is decided "
            "(they may duplicate records already screened): neither screened nor removed yet"
        )
    notes += _awaiting(flow.dbr, "databases and registers")
    if flow.other_used:
        notes += _awaiting(flow.other, "other methods")
        if flow.other.screen_excluded:
            notes.append(
                f"other methods: {plural(flow.other.screen_excluded, 'record')} excluded at "
                "title/abstract screening; PRISMA 2020 has no box for them in this column, so "
                "they are not among the reports sought"
            )
        other_identified = sum(s.identified or 0 for s in flow.sources if s.column == "other")
        other_records = sum(s.records for s in flow.sources if s.column == "other")
        if other_identified > other_records:
            notes.append(
                f"other methods: {other_identified} records identified but "
                f"{plural(other_records, 'record')} imported (sources logged with a count "
                "only), so the reports sought start from the imported ones"
            )
        if flow.other_duplicates:
            notes.append(
                f"other methods: {plural(flow.other_duplicates, 'record')} removed as duplicates; "
                "PRISMA 2020 has no duplicates box in this column"
            )
    other_kind = flow.sources_of("other")
    if other_kind:
        notes.append(
            f"{plural(len(other_kind), 'source')} of kind 'other' "
            f"({_names([s.name for s in other_kind])}) counted in the other-methods column; "
            "the PRISMA2020 template has no row for them, so its CSV leaves them out of the "
            "identification box"
        )
    return notes
