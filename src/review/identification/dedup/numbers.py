"""Volume, issue and page numbers as matching compares them."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+")
_SUPPLEMENT_ISSUE = re.compile(r"^\s*s\s*\d|suppl", re.IGNORECASE)
_PAGE = re.compile(r"^\s*([A-Za-z]{0,3})(\d+)\s*(?:[-\u2010-\u2015]+\s*[A-Za-z]{0,3}(\d+))?")


def volume_number(value: str | None) -> str:
    """Volume number; a year given as the volume ('2018') is no volume."""
    digits = _digits(value)
    return "" if len(digits) == 4 and 1900 <= int(digits) <= 2100 else digits


def parse_pages(pages: str | None) -> tuple[str, str]:
    """('221', '226') from '221-6', '221--226', 'pp. 221-226'; ('', '') if no page number."""
    if not pages:
        return "", ""
    text = pages.strip().lower()
    text = re.sub(r"^(pp?\.?|pages?)\s*", "", text)
    match = _PAGE.match(text)
    if not match:
        return "", ""
    prefix, start, end = match.group(1) or "", match.group(2), match.group(3)
    if len(prefix) == 1 and prefix not in "es":  # 'c37-c42' (a journal section) ~ '37-42'
        prefix = ""
    start = start.lstrip("0") or "0"
    if end:
        end = end.lstrip("0") or "0"
        if len(end) < len(start):
            end = start[: len(start) - len(end)] + end
        if int(end) < int(start) and len(match.group(3).lstrip("0")) < len(start):
            end = ""
        # a range written in full that ends before it starts ('2297-2108') has a slip in
        # one of its numbers: both are kept, so either can agree with another record
    return prefix + start, (prefix + end) if end else ""


def _digits(value: str | None) -> str:
    if not value:
        return ""
    match = _NUMBER.search(str(value))
    return match.group(0).lstrip("0") if match else ""


def issue_number(value: str | None) -> str:
    """Issue number; numbers above 60 are database accession counters, not issues."""
    digits = _digits(value)
    return digits if digits and int(digits) <= 60 else ""


def page_range(pages: str | None, doi: str) -> tuple[str, str]:
    """parse_pages, but an article number that ends the DOI is no first page."""
    start, end = parse_pages(pages)
    if start and not end and len(start) >= 5 and doi.endswith(start):
        start = ""  # an article number ('106482' of 10.1016/j.chb.2020.106482), not a page
    return start, end


def in_supplement(issue: str | None, page_start: str) -> bool:
    """True in a supplement issue ('S2', 'Suppl 1') or on pages such as 'S12'."""
    return bool(issue and _SUPPLEMENT_ISSUE.search(issue)) or page_start[:1] == "s"
