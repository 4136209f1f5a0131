"""Normalisation of bibliographic fields used for storage and matching."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"10\.\d{4,9}/\S+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
# '20170812' (a date written without separators: 'Start date: 20170812')
_COMPACT_DATE = re.compile(
    r"(?<!\d)(1[5-9]\d\d|20\d\d)(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
)
# Closing brackets a DOI may end with only when it opened them itself.
_CLOSING = {")": "(", "]": "[", ">": "<"}
_PMID = re.compile(r"^\d{1,9}$")
_SPACE = re.compile(r"\s+")


def clean_text(value: str | None) -> str | None:
    """Collapse whitespace; empty becomes None."""
    if value is None:
        return None
    # str.split() splits at exactly what the regular expression \s matches, some times faster
    return " ".join(str(value).split()) or None


def normalize_doi(value: str | None) -> str | None:
    """Lower-case DOI without resolver prefix, or None if the value holds no DOI.

    A DOI keeps every character it may hold, brackets and semicolons too (SICI DOIs such as
    '10.1890/1051-0761(2001)011[1349:FEONPA]2.0.CO;2'); only what ends the sentence around it
    is cut: a trailing full stop, comma or semicolon, a closing bracket it did not open, and
    MEDLINE's '[doi]' mark.
    """
    if not value:
        return None
    text = value.strip()
    if "%" in text:  # a DOI taken from a link: '10.1234%2Fabc'
        text = unquote(text)
    if "&" in text:  # '&lt;' in a DOI written for the web
        text = html.unescape(text)
    text = _DOI_PREFIX.sub("", text)
    match = _DOI_SHAPE.search(text)
    if not match:
        return None
    doi = match.group(0)
    if doi.lower().endswith("[doi]"):
        doi = doi[: -len("[doi]")]
    return _trimmed(doi).lower() or None


def _trimmed(doi: str) -> str:
    """A DOI without the punctuation after it: '.', ',', ';', ':', quotes, unopened brackets."""
    while doi:
        last = doi[-1]
        if last in ".,;:'\"":
            doi = doi[:-1]
        elif last in _CLOSING and doi.count(_CLOSING[last]) < doi.count(last):
            doi = doi[:-1]
        else:
            return doi
    return doi


def parse_year(value: str | int | None) -> int | None:
    """First plausible four-digit year in the value."""
    if value is None:
        return None
    if isinstance(value, int):
        return value if 1500 <= value <= 2100 else None
    match = _YEAR.search(str(value)) or _COMPACT_DATE.search(str(value))
    return int(match.group(1)) if match else None


def normalize_pmid(value: str | None) -> str | None:
    """PMID digits only, or None."""
    if not value:
        return None
    text = str(value).strip().split()[0] if str(value).strip() else ""
    return text if _PMID.match(text) else None


def join_pages(start: str | None, end: str | None) -> str | None:
    """Page range from a start and an end page."""
    start = clean_text(start)
    end = clean_text(end)
    if start and end and end != start:
        return f"{start}-{end}"
    return start or end


def split_list(value: str | None, separators: str = ";") -> list[str]:
    """Split a delimited string into stripped, non-empty items."""
    if not value:
        return []
    parts = re.split("[" + re.escape(separators) + "]", value)
    return [p for p in (clean_text(x) for x in parts) if p]


def fold(text: str | None) -> str:
    """Lower-case ASCII-folded text with punctuation removed, for matching."""
    if not text:
        return ""
    if text.isascii():  # most text: nothing to decompose
        return _NOT_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", ascii_text.lower()).strip()


_NOT_ALNUM = re.compile(r"[^0-9a-zA-Z]+")
# Letters that Unicode does not decompose into a base letter and a mark ('Łukasz', 'Møller')
_UNDECOMPOSED = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip


def first_author_surname(authors: list[str]) -> str:
    """Folded surname of the first author ('Smith, K. E.' or 'K. E. Smith')."""
    if not authors:
        return ""
    first = authors[0]
    if "," in first:
        surname = first.split(",", 1)[0]
    else:
        words = first.split()
        surname = (
            words[-1] if len(words) > 1 and len(words[-1]) > 2 else (words[0] if words else "")
        )
    return fold(surname)


_SERIAL_TOKEN = re.compile(r"[0-9Xx][0-9Xx-]*[0-9Xx]")


def serial_numbers(values: Iterable[str] | None) -> tuple[str | None, str | None]:
    """(ISSN, ISBN) found in serial-number values such as '03064530 (ISSN)'."""
    issn: str | None = None
    isbn: str | None = None
    for value in values or ():
        for token in _SERIAL_TOKEN.findall(value):
            digits = token.replace("-", "").upper()
            body_ok = digits[:-1].isdigit()
            if issn is None and len(digits) == 8 and body_ok:
                issn = f"{digits[:4]}-{digits[4:]}"
            elif isbn is None and len(digits) in (10, 13) and body_ok:
                isbn = token.upper()
    return issn, isbn


def issn_of(text: str | None) -> str | None:
    """An ISSN as '0306-4530' ('03064530', '0306-4530 (Print)'), else the text as given."""
    if not text:
        return text
    return serial_numbers([text])[0] or text
