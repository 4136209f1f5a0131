"""An Ovid 'Source' citation taken apart: journal, volume, issue, pages and year."""

from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
# '8(6)', 'Vol 28(2)', '12 (3)', '201(2-3)'
_VOLUME_ISSUE = re.compile(r"(?:\bVol\.?\s*)?(?<![\w(])(\d+[A-Za-z]?)\s*\(([^()]{1,20})\)")
_VOLUME = re.compile(
    r"\bVol\.?\s*(\d+[A-Za-z]?)|^\.?\s*(\d+[A-Za-z]?)\s*[:,]|;\s*(\d+[A-Za-z]?)\s*:", re.IGNORECASE
)
_PAGES = (
    re.compile(r"\(pp\.?\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*-\s*[A-Za-z]?\d+[A-Za-z]?)?)\)"),
    re.compile(r"\)\s*:\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*-\s*[A-Za-z]?\d+[A-Za-z]?)?)"),
    re.compile(r":\s*([A-Za-z]?\d+[A-Za-z]?\s*-\s*[A-Za-z]?\d+[A-Za-z]?)"),
    re.compile(r",\s*([A-Za-z]?\d+[A-Za-z]?\s*-\s*[A-Za-z]?\d+[A-Za-z]?)\.?\s*$"),
    re.compile(r"\bpp\.?\s*(\d+\s*-\s*\d+)"),
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Autumn|"
    r"Fall|Winter)"
)
# Where the journal's name ends: a full stop before the volume, a month, a year, ';' or ','.
_JOURNAL_END = re.compile(
    rf"\.\s+(?=Vol\b|\d|\(|{_MONTH}\b)|\.\s*$|\s+{_MONTH}\b|\s+(?:1[5-9]|20)\d\d\b|;|,\s*(?=\d|Vol\b)"
    r"|\s+\d+\s*\(|\s+Vol\b"
)


def source_parts(text: str | None) -> dict[str, str | None]:
    """Journal, volume, issue, pages and year of a citation such as 'Ecohydrology. 8(6):
    1048-1064, September 2015.', 'Journal X. Vol 28(2) April 2015, 103-106.' or 'ACSM'S
    Health & Fitness Journal January/February 2010;14(1):56'; a part not found is None."""
    if not text:
        return {}
    parts: dict[str, str | None] = dict.fromkeys(("journal", "volume", "issue", "pages", "year"))
    year = _YEAR.search(text)
    parts["year"] = year.group(1) if year else None
    end = _JOURNAL_END.search(text)
    journal = (text[: end.start()] if end else text).strip(" .,;:")
    if journal and not journal.startswith("(") and not _YEAR.fullmatch(journal):
        parts["journal"] = journal
    rest = text[end.start() :] if end else ""
    volume_issue = _VOLUME_ISSUE.search(rest)
    if volume_issue:
        parts["volume"], parts["issue"] = volume_issue.group(1), volume_issue.group(2).strip()
    else:
        volume = _VOLUME.search(rest.lstrip(" ."))
        if volume:
            parts["volume"] = volume.group(1) or volume.group(2) or volume.group(3)
    for pattern in _PAGES:
        pages = pattern.search(rest)
        if pages:
            parts["pages"] = re.sub(r"\s+", "", pages.group(1))
            break
    if parts["pages"] is None and volume_issue:
        single = re.match(r"\s*:\s*([A-Za-z]?\d+[A-Za-z]?)\b", rest[volume_issue.end() :])
        parts["pages"] = single.group(1) if single else None
    return parts
