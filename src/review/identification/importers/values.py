"""Values of tagged records (RIS, nbib, Web of Science, refer, Ovid): whitespace, firsts, lists."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from review.base.normalize import normalize_doi

# HTML and JATS markup some databases leave in titles and abstracts ('<p>Background...',
# '<jats:italic>'); block tags become a space, inline ones nothing. Other '<' text stays.
_INLINE = r"i|b|em|strong|sup|sub|sc|span|italic|bold|u|small|inline-formula|tt|font|a"
_BLOCK = r"p|br|div|sec|title|list|list-item|abstract|section|h[1-6]|label|li|ul|ol"
_MARKUP = re.compile(
    rf"</?(?:jats:|mml:)?(?:(?P<inline>{_INLINE})|{_BLOCK})"
    r"""(?:\s+[\w:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s<>"']+))*\s*/?>""",
    re.IGNORECASE,
)

_DOI_LINK = (
    "10.",
    "doi:",
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
)


def split_lines(text: str) -> list[str]:
    """Lines of a decoded file, whatever its line endings."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def clean(value: str) -> str | None:
    """Whitespace collapsed, like normalize.clean_text but with a fast path; blank is None.

    Most values are single-spaced printable text, returned as they are; only values with line
    breaks, tabs, doubled or edge spaces or other whitespace (which is not printable) are split
    and rejoined. (A printable value's only whitespace is the space, so comparing it with its
    strip() checks both edges.)
    """
    if value.isprintable() and "  " not in value and value == value.strip():
        return value or None
    return " ".join(value.split()) or None


def unmarked(text: str) -> str:
    """Text without HTML/JATS markup (and its entities), if it has any; else the text."""
    if "<" not in text or not _MARKUP.search(text):
        return text
    bare = _MARKUP.sub(lambda m: "" if m.group("inline") else " ", text)
    return " ".join(html.unescape(bare).split())


def prose(values: Iterable[str] | None) -> str | None:
    """First non-blank long text (abstract): edges stripped, wrapped lines joined by a space,
    markup taken out.

    Long values skip clean(): internal spacing of an abstract is kept as written.
    """
    for value in values or ():
        text = " ".join(value.split()) if "\n" in value else value.strip()
        if text:
            return unmarked(text) if "<" in text else text
    return None


def first_value(values: Iterable[str] | None) -> str | None:
    """The first value that is not blank, whitespace collapsed (clean() inlined: hot path)."""
    for value in values or ():
        if value.isprintable() and "  " not in value and value == value.strip():
            if value:
                return value
        else:
            cleaned = " ".join(value.split())
            if cleaned:
                return cleaned
    return None


def first_of(raw: Mapping[str, list[str]], tags: Iterable[str]) -> str | None:
    """The first non-blank value among the tags, in the order the tags are given."""
    for tag in tags:
        values = raw.get(tag)
        if values:
            for value in values:
                cleaned = clean(value)
                if cleaned:
                    return cleaned
    return None


def items(values: Iterable[str] | None, separator: str = "\n") -> list[str]:
    """Values split on a separator (default: the line breaks of continuation lines)."""
    found: list[str] = []
    for value in values or ():
        if separator not in value:
            if value.isprintable() and "  " not in value and value == value.strip():
                if value:
                    found.append(value)
                continue
            value = " ".join(value.split())
            if value:
                found.append(value)
            continue
        for part in value.split(separator):
            cleaned = clean(part)
            if cleaned:
                found.append(cleaned)
    return found


def doi_from_link(values: Iterable[str] | None) -> str | None:
    """A DOI from values that are clearly DOIs or doi.org links (not any URL)."""
    for value in values or ():
        text = value.strip()
        if text.lower().startswith(_DOI_LINK):
            doi = normalize_doi(text)
            if doi:
                return doi
    return None
