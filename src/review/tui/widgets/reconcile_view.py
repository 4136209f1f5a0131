"""What the reconciliation view shows, as styled text: the record being settled (whole, with
its abstract highlighted), each reviewer's vote with reasons and notes, the outcome, the list."""

from __future__ import annotations

from textual.content import Content

from review.base.models import Decision
from review.identification.dedup import filled, members_by_canonical
from review.project import Project
from review.screening import reconcile
from review.screening.outcomes import is_last_stage
from review.screening.queue import found_in
from review.tui.highlight import Highlighter
from review.tui.widgets.record_status import decision_text
from review.tui.widgets.record_view import authors_line, citation, highlighted


def record_head(project: Project, record_id: int, full_text: str | None) -> Content:
    """Title, authors, journal with year, where it was found and its full text."""
    store = project.store
    duplicates = [store.record(r) for r in members_by_canonical(project).get(record_id, [])]
    record = filled(store.record(record_id), duplicates)
    where = "; ".join(found_in(record, duplicates))
    lines = [
        Content.styled(record.title or "(no title)", "bold"),
        Content(authors_line(record.authors)),
        Content.styled(citation(record) or "(no journal or year)", "italic $text-muted"),
        Content.styled(f"Record id {record.record_id} · found in {where}", "$text-muted"),
    ]
    if full_text:
        lines.append(Content.styled(f"Full text: {full_text}", "$text-muted"))
    return Content("\n").join(lines)


def record_body(project: Project, record_id: int, highlighter: Highlighter | None) -> Content:
    """The abstract and keywords, with the protocol's terms highlighted."""
    store = project.store
    duplicates = [store.record(r) for r in members_by_canonical(project).get(record_id, [])]
    record = filled(store.record(record_id), duplicates)
    parts = [highlighted(record.abstract or "(no abstract)", highlighter)]
    if record.keywords:
        keywords = highlighted("; ".join(record.keywords), highlighter)
        parts += [Content(""), Content.styled("Keywords: ", "$text-muted") + keywords]
    return Content("\n").join(parts)


def label(project: Project, code: str | None) -> str | None:
    reason = project.protocol.reason(code) if code else None
    return reason.label if reason else None


def vote_content(project: Project, stage: str, vote: Decision) -> Content:
    """A reviewer's vote with their notes on the record at this stage (made with its decision
    or with the note key while screening)."""
    notes = [vote.note] if vote.note else []
    notes += [
        note
        for at, note, _time in project.store.notes(vote.record_id, vote.reviewer)
        if at == stage and note not in notes
    ]
    return Content("\n").join(
        [
            Content.styled(vote.reviewer, "bold"),
            decision_text(vote, label(project, vote.reason)),
            *(Content.styled(f"note: {note}", "italic") for note in notes),
            *([] if notes else [Content.styled("no note", "$text-muted")]),
            Content.styled(readable_time(vote.time), "$text-muted"),
        ]
    )


def resolution_content(project: Project, stage: str, conflict: reconcile.Conflict) -> Content:
    if conflict.resolution is None:
        keys = "i include · e exclude"
        if not is_last_stage(project, stage):
            keys += " · u unsure"
        return Content.styled(f"Unresolved: {keys}", "bold $text-warning")
    decision, reason, method, by = conflict.resolution
    text = Content("Resolved: ") + Content.styled(decision, "bold")
    if reason:
        text += Content(f" — {reason} {label(project, reason) or ''}".rstrip())
    text += Content.styled(f"  ({method}, by {by}) · z undoes", "$text-muted")
    note = project.store.resolution_note(conflict.record_id, stage)
    return text + Content.styled(f"\nnote: {note}", "italic") if note else text


def list_content(
    conflicts: list[reconcile.Conflict], titles: dict[int, str | None], index: int | None
) -> Content:
    """One line per conflict (cut to the list's width with an ellipsis, never wrapped)."""
    waiting = sum(c.resolution is None for c in conflicts)
    lines = [Content.styled(f"Conflicts: {waiting} waiting of {len(conflicts)}", "bold")]
    for n, c in enumerate(conflicts):
        mark = "✓" if c.resolution else "•"
        pointer = "▶" if n == index else " "
        title = titles.get(c.record_id) or "(no title)"
        line = Content(f"{pointer}{mark} {c.record_id} {title}")
        if c.resolution:
            line = line.stylize("$text-muted")
        lines.append(line.stylize("bold reverse") if n == index else line)
    return Content("\n").join(lines)


def readable_time(stamp: str) -> str:
    """'2026-11-29T20:34:32.465249+00:00' as '2026-11-29 20:34 UTC'."""
    day, _, clock = stamp.partition("T")
    return f"{day} {clock[:5]} UTC" if clock else stamp
