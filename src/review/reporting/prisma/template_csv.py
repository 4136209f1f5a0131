"""Fill the PRISMA2020 R package's PRISMA.csv template: only the n column changes."""

from __future__ import annotations

import csv
import io

from review.base.shipped import DATA_DIR
from review.reporting.exports.safe_csv import neutralise
from review.reporting.prisma.fields import template_values
from review.reporting.prisma.model import PrismaFlow

TEMPLATE = DATA_DIR / "prisma" / "PRISMA.csv"


def _last_field_start(line: str) -> int:
    """Offset where the last field of a CSV line begins (commas inside quotes skipped)."""
    start, quoted = 0, False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            start = i + 1
    return start


def _quote(value: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([value])
    return buffer.getvalue()


def fill_template(values: dict[str, str], template: str) -> str:
    """The template text with the n of every named row replaced; all else byte for byte."""
    lines = template.split("\r\n")
    filled = [lines[0]]
    for line in lines[1:]:
        name = next(csv.reader([line]), [""])[0] if line else ""
        if name in values:
            line = line[: _last_field_start(line)] + _quote(neutralise(values[name]))
        filled.append(line)
    return "\r\n".join(filled)


def prisma_csv(flow: PrismaFlow) -> str:
    """The filled template as text (CRLF line endings, as the template has them)."""
    template = TEMPLATE.read_bytes().decode("utf-8")
    return fill_template(template_values(flow), template)
