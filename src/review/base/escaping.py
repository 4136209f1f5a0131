"""Text made safe for the format it is written into: XML (the SVG figures) and Markdown."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 does not allow at all, even escaped (controls, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What Markdown (or the HTML it may carry) would read as markup in a table cell.
_MARKDOWN = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "\\": "&#92;"}
_MARKDOWN_CHARACTERS = re.compile("[&<>|\\\\]")


def xml_text(text: str) -> str:
    """Text for an XML element: markup escaped, characters XML forbids shown as U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", text))


def xml_attribute(text: str) -> str:
    """A quoted XML attribute value (quotes included), safe as xml_text."""
    return quoteattr(_NOT_XML.sub("\ufffd", text))


def markdown_text(text: str) -> str:
    """Text for a line of Markdown: no raw HTML (`<script>`, `<img onerror>`) gets through,
    and a pipe or backslash is shown as it is (as a character reference)."""
    return _MARKDOWN_CHARACTERS.sub(lambda m: _MARKDOWN[m.group()], text)


def markdown_cell(value: Any) -> str:
    """A value as one cell of a Markdown table: lists joined, on one line, markdown_text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    return markdown_text(" ".join(str(value).split()))
