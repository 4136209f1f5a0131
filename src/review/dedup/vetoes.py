"""Contradictions that forbid an automatic merge, whatever the other fields say."""

from __future__ import annotations

from rapidfuzz import fuzz

from review.dedup.fields import MatchFields, journals_compatible

# Vetoes after which a pair can still be queued for a person when all else agrees
# (database errors in DOIs and page numbers happen; online-first pages differ).
SOFT_VETOES = frozenset({"different DOIs", "different pages"})

# Vetoes that forbid an automatic merge but not a person's call: some reviews count an
# erratum with its article, or a meeting abstract with its full paper, as one report.
QUEUE_VETOES = frozenset(
    {
        "erratum vs article",
        "conference abstract vs full paper",
        "years differ by more than one",
        "titles differ in a number (part, volume or edition)",
    }
)


def veto(a: MatchFields, b: MatchFields, title_score: float) -> str | None:
    """The reason two records cannot be the same work, or None."""
    if a.doi and b.doi and a.doi != b.doi and a.doi_base != b.doi_base:
        return "different DOIs"
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return "different PMIDs"
    if a.year and b.year and abs(a.year - b.year) > 1:
        return "years differ by more than one"
    if a.erratum != b.erratum:
        return "erratum vs article"
    if {a.kind, b.kind} == {"conference", "article"} and not _one_abstract(a, b, title_score):
        return "conference abstract vs full paper"
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return "a/b works of the same authors and year"
    if a.title_numbers != b.title_numbers and a.title_numbers and b.title_numbers:
        # a mistyped number ('p6ink4a' for 'p16ink4a') in one article at the same pages
        if not (title_score >= 95 and same_place(a, b)):
            return "titles differ in a number (part, volume or edition)"
    if title_score < 100 and a.year == b.year and _trailing_distinction(a.title, b.title):
        return "titles identical except a trailing distinction"
    if a.kind == "chapter" and b.kind == "chapter" and a.container and a.container == b.container:
        if title_score < 90 or pages_differ(a, b):
            return "different chapters of one book"
    if {a.kind, b.kind} == {"chapter", "book"}:
        book, chapter = (a, b) if a.kind == "book" else (b, a)
        if chapter.container and chapter.container == book.title_key:
            return "a chapter vs its book"
    if pages_differ(a, b):
        return "different pages"
    return None


def _one_abstract(a: MatchFields, b: MatchFields, title_score: float) -> bool:
    """One meeting abstract typed as an article by one database and as a conference
    abstract by another: same journal, volume and first page (a full paper and its meeting
    abstract are never at the same place)."""
    return bool(
        title_score >= 95
        and a.volume
        and a.volume == b.volume
        and a.page_start
        and a.page_start == b.page_start
        and (not (a.page_end and b.page_end) or a.page_end == b.page_end)
        and a.journal
        and b.journal
        and (journals_compatible(a.journal, b.journal) or fuzz.ratio(a.journal, b.journal) >= 85)
    )


def pages_differ(a: MatchFields, b: MatchFields) -> bool:
    """Different first pages (last pages vary with 'discussion' and letters: not a veto).

    One range ending where the other does ('2141-2147' and '2142-2147', 'S3-S89' and
    'S78-S89'), or a single page that is the other's last ('569' and '567-569', the page of
    an abstract's citation), is a database's slip, not another work.
    """
    if not (a.page_start and b.page_start) or a.page_start == b.page_start:
        return False
    if a.page_end and a.page_end == b.page_end:
        return False
    if not a.page_end and a.page_start == b.page_end:
        return False
    return not (not b.page_end and b.page_start == a.page_end)


def same_place(a: MatchFields, b: MatchFields) -> bool:
    """Same volume and the same full page range (both given)."""
    return bool(
        a.volume
        and a.volume == b.volume
        and a.page_start
        and a.page_start == b.page_start
        and a.page_end
        and a.page_end == b.page_end
    )


def _trailing_distinction(x: str, y: str) -> bool:
    """'... health part 1' vs '... health part 2', '... report a' vs '... report b'."""
    wx, wy = x.split(), y.split()
    if len(wx) != len(wy) or len(wx) < 3:
        return False
    if wx[:-1] != wy[:-1]:
        return False
    last_x, last_y = wx[-1], wy[-1]
    if last_x.startswith(last_y) or last_y.startswith(last_x):  # truncated titles
        return False
    return len(last_x) <= 3 or len(last_y) <= 3
