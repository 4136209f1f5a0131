"""Markdown tables for exports meant to be read or pasted into a report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from review.base.escaping import markdown_cell, markdown_text


def write_markdown(
    handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
) -> int:
    """A pipe table (with an optional heading); returns the number of rows."""
    if title:
        handle.write(f"# {markdown_text(title)}\n\n")
    handle.write("| " + " | ".join(markdown_cell(h) for h in header) + " |\n")
    handle.write("|" + "|".join("---" for _ in header) + "|\n")
    count = 0
    for row in rows:
        handle.write("| " + " | ".join(markdown_cell(v) for v in row) + " |\n")
        count += 1
    return count
