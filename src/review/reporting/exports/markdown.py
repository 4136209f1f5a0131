"""Markdown tables for exports meant to be read or pasted into a report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TextIO


def cell(value: Any) -> str:
    """A value as one table cell: lists joined, pipes escaped, line breaks removed."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return " ".join(str(value).split()).replace("|", "\\|")


def write_markdown(
    handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
) -> int:
    """A pipe table (with an optional heading); returns the number of rows."""
    if title:
        handle.write(f"# {title}\n\n")
    handle.write("| " + " | ".join(header) + " |\n")
    handle.write("|" + "|".join("---" for _ in header) + "|\n")
    count = 0
    for row in rows:
        handle.write("| " + " | ".join(cell(v) for v in row) + " |\n")
        count += 1
    return count
