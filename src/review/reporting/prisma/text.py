"""The PRISMA 2020 flow as text boxes for a terminal."""

from __future__ import annotations

import textwrap

from review.reporting.prisma.boxes import (
    CITATION,
    FOOTNOTES,
    Line,
    identification_dbr,
    identification_other,
    included,
    removed,
    screening_rows,
)
from review.reporting.prisma.model import TITLE_ABSTRACT, PrismaFlow

MAIN = 48
SIDE = 52
GAP = 5
INDENT = 2


def box(lines: list[Line], width: int) -> list[str]:
    """A box drawn with line characters around wrapped, indented lines."""
    inner = width - 4
    body = []
    for line in lines:
        pad = " " * (INDENT * line.level)
        kept = line.text.replace("(n = ", "(n\xa0=\xa0")  # never split a count
        wrapped = textwrap.wrap(kept, inner, initial_indent=pad, subsequent_indent=pad + "  ")
        body += [text.replace("\xa0", " ") for text in wrapped] or [""]
    top = "┌" + "─" * (width - 2) + "┐"
    bottom = "└" + "─" * (width - 2) + "┘"
    return [top, *(f"│ {text.ljust(inner)} │" for text in body), bottom]


def beside(left: list[str], right: list[str], left_width: int) -> list[str]:
    """Two boxes side by side with an arrow from the first line of the left box's text."""
    rows = max(len(left), len(right))
    out = []
    for i in range(rows):
        a = left[i] if i < len(left) else " " * left_width
        b = right[i] if i < len(right) else ""
        arrow = "────▶" if i == 1 else " " * GAP
        out.append((a + arrow + b).rstrip())
    return out


def down(width: int) -> list[str]:
    middle = " " * (width // 2)
    return [middle + "│", middle + "▼"]


def _section(title: str) -> list[str]:
    return ["", title, "═" * len(title)]


def render_text(flow: PrismaFlow) -> str:
    """The whole flow: databases and registers, other methods if used, included, notes."""
    out = [f"PRISMA 2020 flow diagram: {flow.title}"]
    out += _section("Identification of new studies via databases and registers")
    out += beside(box(identification_dbr(flow), MAIN), box(removed(flow), SIDE), MAIN)
    screening = TITLE_ABSTRACT in flow.stages
    for main, side in screening_rows(flow.dbr, screening):
        out += down(MAIN)
        out += beside(box(main, MAIN), box(side, SIDE), MAIN)
    if flow.other_used:
        out += _section("Identification of new studies via other methods")
        out += box(identification_other(flow), MAIN)
        for main, side in screening_rows(flow.other, False):
            out += down(MAIN)
            out += beside(box(main, MAIN), box(side, SIDE), MAIN)
    out += _section("Included" + (" (both columns)" if flow.other_used else ""))
    out += box(included(flow), MAIN)
    if flow.notes:
        out += ["", "Where the numbers do not add up or are missing:"]
        for note in flow.notes:
            out += textwrap.wrap(
                note, MAIN + SIDE + GAP, initial_indent="  - ", subsequent_indent="    "
            )
    out += ["", *FOOTNOTES, CITATION]
    return "\n".join(out)
