"""The two records of a possible duplicate pair side by side, what differs marked (the words
that differ, in long fields), with the records already merged with each."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from textwrap import shorten

from textual.content import Content

from review.base.models import Record
from review.reporting.exports.ris_writer import ris_type

FIELDS = (
    "title",
    "authors",
    "year",
    "journal",
    "publisher",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "type",
    "source",
    "abstract",
)
ABSTRACT_SHOWN = 300  # characters of the abstract beside each other
WORDY = {"title", "authors", "journal", "publisher", "abstract", "source"}
LABEL = 10  # cells of the field names' column
JOINED_TOO = "already merged with it (joined too by d):"
IN_CLUSTER = "also in this cluster:"  # marked word by word
_WORD = re.compile(r"\S+")
DIFFERS = "bold $text-warning on $warning-muted"


def field_value(record: Record, name: str) -> str:
    if name == "authors":
        return "; ".join(record.authors)
    if name == "source":
        return record.source_name + (
            f" ({record.source_record_id})" if record.source_record_id else ""
        )
    value = getattr(record, name)
    text = "" if value is None else str(value)
    if name == "abstract" and len(text) > ABSTRACT_SHOWN:
        text = text[:ABSTRACT_SHOWN].rsplit(" ", 1)[0] + " …"
    return text


def differing(a: Record, b: Record) -> set[str]:
    """Fields whose values differ (ignoring case and surrounding space; types written two
    ways, 'RPRT' and 'techreport', are one type)."""
    found = {
        name
        for name in FIELDS
        if field_value(a, name).strip().casefold() != field_value(b, name).strip().casefold()
    }
    if "type" in found and ris_type(a) == ris_type(b):
        found.discard("type")
    return found


def differing_words(text: str, other: str) -> list[tuple[int, int]]:
    """Character ranges of the runs of words in text that other lacks at that place (case and
    trailing punctuation aside): what to mark in a long field, rather than all of it."""
    words = list(_WORD.finditer(text))
    mine = [m.group().casefold().rstrip(".,;:") for m in words]
    theirs = [w.casefold().rstrip(".,;:") for w in _WORD.findall(other)]
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    return [
        (words[i1].start(), words[i2 - 1].end())
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
        if tag in ("replace", "delete")
    ]


def marked_value(record: Record, other: Record, name: str, differ: set[str]) -> Content:
    """One field's value, what differs from the other record marked."""
    text = field_value(record, name)
    value = Content(text or "—")
    if name in differ:
        other_text = field_value(other, name)
        if name in WORDY and text and other_text:
            for start, end in differing_words(text, other_text):
                value = value.stylize(DIFFERS, start, end)
        else:
            value = value.stylize(DIFFERS)
    return value


def sides(
    a: Record, b: Record, differ: set[str], width: int | None = None
) -> tuple[list[Content], list[Content]]:
    """The field lines of both records of a pair, what differs from the other marked (the
    words, in long fields). Given the width of a side, each field takes as many lines on both
    sides as its longer value, so that the two records stay level."""
    left = [Content.styled(f"Record {a.record_id}", "bold")]
    right = [Content.styled(f"Record {b.record_id}", "bold")]
    room = width - LABEL if width and width > LABEL + 10 else None
    for name in FIELDS:
        values = (marked_value(a, b, name, differ), marked_value(b, a, name, differ))
        wrapped = [value.wrap(room) if room else [value] for value in values]
        height = max(len(w) for w in wrapped)
        for lines, value_lines in zip((left, right), wrapped, strict=True):
            for n in range(height):
                label = f"{name:>{LABEL - 1}} " if n == 0 else " " * LABEL
                line = value_lines[n] if n < len(value_lines) else Content("")
                lines.append(Content.styled(label, "$text-muted") + line)
    return left, right


def cluster_lines(cluster: list[Record], beside: int, heading: str) -> list[Content]:
    """The other records of a side's cluster (not the record beside it), one line each."""
    others = [r for r in cluster if r.record_id != beside]
    if not others:
        return []
    lines = [Content.styled(heading, "bold")]
    for record in others:
        title = shorten(record.title or "(no title)", 60, placeholder=" …")
        lines.append(
            Content.styled(f"  {record.record_id} · {record.year or 'n.d.'} · {title}", "italic")
        )
    return lines


def side(
    record: Record,
    other: Record,
    differ: set[str],
    cluster: list[Record] | None = None,
    width: int | None = None,
    cluster_heading: str = JOINED_TOO,
) -> Content:
    """One record of the pair (see sides) and the records already merged with it."""
    lines = sides(record, other, differ, width)[0]
    lines += cluster_lines(cluster or [], other.record_id, cluster_heading)
    return Content("\n").join(lines)
