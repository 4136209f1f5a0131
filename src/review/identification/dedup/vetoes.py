"""Contradictions that forbid an automatic merge, whatever the other fields say."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from review.identification.dedup.fields import MatchFields
from review.identification.dedup.journals import journals_compatible, without_meeting_words
from review.identification.dedup.titles import notice_title

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
    a, b = aligned(a, b)
    if a.doi and b.doi and a.doi != b.doi and a.doi_base != b.doi_base:
        if not doi_typo(a, b, title_score):
            return "different DOIs"
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return "different PMIDs"
    if a.year and b.year and abs(a.year - b.year) > 1:
        return "years differ by more than one"
    if a.erratum != b.erratum:
        return "erratum vs article"
    if {a.kind, b.kind} == {"conference", "article"} and not _one_abstract(a, b, title_score):
        if not identified_work(a, b, title_score):  # one item typed two ways
            return "conference abstract vs full paper"
    if a.suffix and b.suffix and a.suffix != b.suffix:
        return "a/b works of the same authors and year"
    if a.title_numbers != b.title_numbers and a.title_numbers and b.title_numbers:
        # a mistyped number ('p6ink4a' for 'p16ink4a') in one article at the same pages, or
        # a circular's code before its title ('HSC 1998/159: LAC(98)22. Modernising ...')
        if not (title_score >= 95 and same_place(a, b)) and not _code_before(a, b):
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
    if pages_differ(a, b) and not page_slip(a, b) and not identified_work(a, b, title_score):
        return "different pages"
    return None


def identified_work(a: MatchFields, b: MatchFields, title_score: float) -> bool:
    """One DOI (or PMID), one title (case, punctuation, a subtitle, a translation's brackets
    aside) and one first author: one work whatever its pages say (online first and in print,
    'e23-e29' and '23-9', an article number and a page) or typed as a meeting paper by one
    database. Not a reply or comment."""
    same_id = bool(a.doi and a.doi == b.doi) or bool(a.pmid and a.pmid == b.pmid)
    return bool(
        same_id
        and (title_score >= 95 or title_within(a, b) is not None)
        and a.first_author
        and (a.first_author == b.first_author or fuzz.ratio(a.first_author, b.first_author) >= 85)
        and not (a.generic_title or b.generic_title)
        and not (notice_title(a.title) or notice_title(b.title))
    )


def doi_typo(a: MatchFields, b: MatchFields, title_score: float) -> bool:
    """DOIs one or two characters apart (a typo, an ISSN digit) on records that agree in
    title, authors, year, journal, volume, issue and pages: one work."""
    return bool(
        a.doi
        and b.doi
        and a.doi != b.doi
        and title_score >= 97
        and Levenshtein.distance(a.doi, b.doi, score_cutoff=2) <= 2
        and a.authors
        and b.authors
        and fuzz.token_set_ratio(a.authors, b.authors, processor=None) >= 95
        and a.year is not None
        and a.year == b.year
        and a.erratum == b.erratum
        and a.journal
        and b.journal
        and (journals_compatible(a.journal, b.journal) or fuzz.ratio(a.journal, b.journal) >= 85)
        and a.volume
        and a.volume == b.volume
        and a.issue == b.issue
        and a.page_start
        and a.page_start == b.page_start
        and a.page_end == b.page_end
    )


def title_within(a: MatchFields, b: MatchFields) -> tuple[MatchFields, MatchFields] | None:
    """(shorter, longer) when the shorter title (25+ characters, stop words and spaces out)
    begins or ends the longer one: a subtitle dropped, a title cut short, a code before it."""
    short, long = sorted((a, b), key=lambda f: len(f.title_key))
    if len(short.title_key) >= 25 and (
        long.title_key.startswith(short.title_key) or long.title_key.endswith(short.title_key)
    ):
        return short, long
    return None


def _code_before(a: MatchFields, b: MatchFields) -> bool:
    """One title is the other with words before it, and its numbers are all in the other."""
    within = title_within(a, b)
    if within is None:
        return False
    short, long = within
    return long.title_key.endswith(short.title_key) and short.title_numbers <= long.title_numbers


def aligned(a: MatchFields, b: MatchFields) -> tuple[MatchFields, MatchFields]:
    """The pair with a record's place put back where it belongs when a database shifted it
    by one field (no volume, 'issue 26, page 9' for the other's volume 26, issue 9)."""
    return _unshifted(a, b), _unshifted(b, a)


def _unshifted(x: MatchFields, other: MatchFields) -> MatchFields:
    if (
        not x.volume
        and x.title_key == other.title_key
        and x.issue
        and x.issue == other.volume
        and x.page_start
        and not x.page_end
        and x.page_start == other.issue
    ):
        return replace(x, volume=x.issue, issue=x.page_start, page_start="")
    return x


def page_slip(a: MatchFields, b: MatchFields) -> bool:
    """A first page mistyped in one character ('e3' for 'e8'): one title, word for word, by
    the same team, in order, in one issue of one journal (a letter and its reply have other
    authors; an erratum is flagged as one; companion abstracts differ in a word)."""
    x, y = a.page_start, b.page_start
    return bool(
        a.title_key
        and a.title_key == b.title_key
        and len(x) == len(y)
        and sum(c != d for c, d in zip(x, y, strict=True)) == 1
        and a.volume
        and a.volume == b.volume
        and a.issue
        and a.issue == b.issue
        and min(a.n_authors, b.n_authors) >= 2
        and fuzz.ratio(a.authors, b.authors) >= 95
        and not (a.journal and b.journal and not journals_compatible(a.journal, b.journal))
    )


def _one_abstract(a: MatchFields, b: MatchFields, title_score: float) -> bool:
    """One meeting abstract typed as an article by one database and as a conference
    abstract by another: same journal, volume and first page (a full paper and its meeting
    abstract are never at the same place), or the 'article' printed where abstracts are."""
    return title_score >= 95 and (_same_abstract_place(a, b) or _printed_abstract(a, b))


def _printed_abstract(a: MatchFields, b: MatchFields) -> bool:
    """The 'article' is on a single page, or spans a supplement's whole abstract book, of the
    journal whose meeting the abstract is from: the abstract as printed, not a full paper
    (supplements print full papers too, on a few pages of their own)."""
    meeting, article = (a, b) if a.kind == "conference" else (b, a)
    start, end = _page_number(article.page_start), _page_number(article.page_end)
    printed_as_abstract = bool(article.page_start and article.page_end == article.page_start)
    printed_as_abstract |= article.supplement and start > 0 and end - start >= 30
    journal = without_meeting_words(meeting.journal)
    return bool(
        printed_as_abstract
        and a.title_key
        and a.title_key == b.title_key
        and journal
        and article.journal
        # the journal itself, not one whose name starts with it ('blood purification')
        and len(journal.split()) == len(article.journal.split())
        and journals_compatible(journal, article.journal)
        and not (meeting.volume and article.volume and meeting.volume != article.volume)
        and not pages_differ(meeting, article)
    )


def _page_number(page: str) -> int:
    return int(page) if page.isdigit() else -1


def _same_abstract_place(a: MatchFields, b: MatchFields) -> bool:
    return bool(
        a.volume
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
    if _online_first(a, b) or _online_first(b, a):
        return False
    if a.page_end and a.page_end == b.page_end:
        return False
    if not a.page_end and a.page_start == b.page_end:
        return False
    return not (not b.page_end and b.page_start == a.page_end)


def _online_first(x: MatchFields, other: MatchFields) -> bool:
    """x is an online-first record (no volume, its own pages from 1) of the other's issue."""
    return not x.volume and x.page_start == "1" and bool(other.volume)


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
