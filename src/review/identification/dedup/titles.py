"""Titles as matching compares them: folded, notes and cited articles cut off, their numbers."""

from __future__ import annotations

import re

from review.base.normalize import fold

_TITLE_STOP = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "or"}
_PART_TAIL = re.compile(
    r"[\[(]\s*((part|phase|vol(ume)?|section|chapter|book|no)\.?\s*)?(\d+|[ivx]+)\s*[\])]",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}  # fmt: skip
_ROMAN_NUMBER = re.compile(
    r"\b(part|phase|vol|volume|stage|type|grade|class|section|chapter|book|study|series)"
    r" (i|ii|iii|iv|v|vi|vii|viii|ix|x)\b"
)
_BRACKET_TAIL = re.compile(r"\s*[\[(][^\])]*[\])]\s*\.?\s*$")
_HTML = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"\d+")

ERRATUM = re.compile(
    r"^(erratum|errata|corrigendum|correction|retraction|retracted|notice of retraction)\b"
    r"|\b(erratum|corrigendum|correction) (to|for|in|of)\b"
)
_ERRATUM_HEAD = re.compile(
    r"^((erratum|errata|corrigendum|correction|retraction|retracted|notice of retraction)"
    r"( (to|for|in|of|on))?( the)?( article)? )+"
)
_ERRATUM_CITE = re.compile(r"\(\s*vol\.? \d+\s*,?\s*pg?\.? ?\d+", re.IGNORECASE)
_NOTES = re.compile(
    r"\s*(\[\s*(erratum|comment|retraction|republished|update)[^\]]*(\]|$)"
    r"|\(\s*vol\.? \d+\s*,?\s*pg?\.? ?\d+.*$|\bLA:\s*\w+\s*$|<ORIGINAL>.*$)",
    re.IGNORECASE,
)
# a reply to or comment on a work, printed under (or citing) the work's own title and DOI
_NOTICE = re.compile(
    r"^(reply|response|in reply|comment|comments|commentary|author s reply|authors reply"
    r"|letter|discussion)\b|\b(reply to|response to|comments? on|in response to)\b"
)
_GENERIC_PARTS = re.compile(
    r"\b(editor s comments?|editorial|from the editors?|remarks from|in memoriam|obituary"
    r"|issue information|table of contents|front matter|back matter)\b"
)
GENERIC_TITLES = {
    "",
    "unknown",
    "book review",
    "book reviews",
    "editorial",
    "editorials",
    "introduction",
    "preface",
    "foreword",
    "letter",
    "letters",
    "reply",
    "response",
    "commentary",
    "comment",
    "erratum",
    "correction",
    "news",
    "abstracts",
    "index",
    "contents",
    "in this issue",
    "editor s note",
    "guest editorial",
}


def normalize_title(title: str | None) -> str:
    """Folded title without HTML, trailing language tags such as '[Chinese]'."""
    if not title:
        return ""
    text = _NOTES.sub(" ", _HTML.sub(" ", title)).strip()
    for _ in range(2):
        tail = _BRACKET_TAIL.search(text)
        if tail is None or _PART_TAIL.match(tail.group().strip()):
            break  # '(Part 2)', '(II)': which work it is, not a note about it
        stripped = text[: tail.start()]
        if len(stripped) < 10:
            break
        text = stripped
    return fold(text)


def title_numbers(folded: str) -> frozenset[str]:
    """Numbers in a folded title, roman ones after 'part', 'phase'... as digits ('part ii': 2)."""
    numbers = set(_NUMBER.findall(folded))
    numbers.update(str(_ROMAN[m.group(2)]) for m in _ROMAN_NUMBER.finditer(folded))
    return frozenset(numbers)


_CITED_YEAR = re.compile(r"\b(19|20)\d\d\b")


def citation_tail(title: str | None, erratum: bool = False) -> int:
    """Where a trailing citation of another article starts in a title, or -1.

    'Eculizumab for ... syndrome (New England Journal of Medicine (2009) 360 (542-544))' is
    an erratum or comment citing its article; 'Erratum: ... (Proceeding of the National
    Academy ... (Januar' is one cut short. The citation is a last parenthesis that holds
    another one or is never closed; without an erratum word it must also hold a year.
    """
    if not title or "(" not in title:
        return -1
    depth, start, nested = 0, -1, False
    for i, c in enumerate(title):
        if c == "(":
            if depth == 0:
                start, nested = i, False
            else:
                nested = True
            depth += 1
        elif c == ")" and depth:
            depth -= 1
    if start < 20:
        return -1
    rest = title[start:]
    if depth == 0 and not re.search(r"\)\s*\.?\s*$", rest):
        return -1  # a parenthesis inside the title, not at its end
    if not (nested or depth):
        return -1
    if not erratum and not (nested and _CITED_YEAR.search(rest)):
        return -1
    return start


def alternate_title(title: str | None) -> str:
    """The translated half of 'Utilidad de ...; Are antimicrobials useful ...?'."""
    if not title or ";" not in title:
        return ""
    head, _, tail = title.partition(";")
    tail = normalize_title(tail)
    return tail if len(tail) >= 20 and len(normalize_title(head)) >= 20 else ""


def title_key(folded: str) -> str:
    return "".join(w for w in folded.split() if w not in _TITLE_STOP)


def matched_title(title: str | None, rtype: str | None) -> tuple[str, bool]:
    """(folded title, is it an erratum's): an erratum's title without its erratum words or the
    citation of its article, so that it compares with the article's."""
    folded = normalize_title(title)
    erratum = (
        bool(ERRATUM.search(folded))
        or bool(title and _ERRATUM_CITE.search(title))
        or (rtype or "").lower() == "erratum"
    )
    cited = citation_tail(title, erratum)
    if cited > 0 and title:
        # the title of an erratum (or comment) and the citation of its article
        erratum = True
        folded = normalize_title(title[:cited])
    if erratum:  # 'erratum: <title of the article>' compares with the article
        bare = _ERRATUM_HEAD.sub("", folded)
        if len(bare) >= 20:
            folded = bare
    return folded, erratum


def generic_title(folded: str) -> bool:
    """True for a folded title that does not tell a work ('editorial', 'book reviews', short)."""
    return (
        folded in GENERIC_TITLES
        or len(folded) < 12
        or bool(_GENERIC_PARTS.search(folded) and len(folded) < 70)
    )


def notice_title(folded: str) -> bool:
    """True for a folded title of a reply or comment ('in reply: ...', 'comment on ...')."""
    return bool(_NOTICE.search(folded))
