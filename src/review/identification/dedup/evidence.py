"""What two records' fields say about a pair, worked out once: similarities, place, score."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from review.identification.dedup.fields import MatchFields
from review.identification.dedup.journals import journals_compatible, without_meeting_words
from review.identification.dedup.vetoes import page_slip, pages_differ, title_within

ABSTRACT_MIN = 150  # characters of both abstracts' openings before they are compared
ABSTRACTS_SAME = 95


@dataclass(slots=True)
class Evidence:
    """The facts about one pair that the rules read (a and b aligned, see vetoes.aligned)."""

    title: float  # title similarity, 0-100
    authors: float | None  # author similarity, 0-100, None unless both have authors
    same_id: bool  # the same DOI or PMID
    method: str  # 'doi', 'pmid' or 'fuzzy'
    prefix: bool  # one title is the other without its subtitle
    agree: int  # of journal, volume and first page: how many agree
    conflict: int  # and how many contradict each other
    journal_ok: bool  # both name a journal, and it is one journal
    journal_conflict: bool  # both name a journal, and they are two
    journal_both: bool
    located: bool  # the same volume and first page, no contradicting last page
    issue_conflict: bool  # issues differ where the place does not settle it
    year_same: bool
    year_near: bool  # a year apart at most, or one year unknown
    score: float  # 0..1, for display and ordering
    generic: bool  # either title tells no work ('Editorial')
    authors_ok: bool
    authors_bad: bool


def title_similarity(a: MatchFields, b: MatchFields) -> float:
    if not a.title or not b.title:
        return 0.0
    if a.title_key == b.title_key:
        return 100.0
    score = fuzz.ratio(a.title, b.title)
    if score < 97:
        score = max(score, fuzz.token_sort_ratio(a.title, b.title, processor=None) - 2)
    if score < 95 and (a.title_alt or b.title_alt):
        for x in (a.title, a.title_alt):
            for y in (b.title, b.title_alt):
                if x and y and (x is not a.title or y is not b.title):
                    score = max(score, fuzz.ratio(x, y) - 3)
    return score


def abstract_similarity(a: MatchFields, b: MatchFields) -> float | None:
    """How alike the openings of two abstracts are (0-100), or None unless both have one long
    enough to tell (a database's added heading or a cut-short copy still scores high)."""
    if len(a.abstract) < ABSTRACT_MIN or len(b.abstract) < ABSTRACT_MIN:
        return None
    return fuzz.token_set_ratio(a.abstract, b.abstract, processor=None)


def same_abstract(a: MatchFields, b: MatchFields) -> bool:
    """One abstract, word for word, start and end and length (two papers of one trial share
    an opening; a shorter abstract is not the same as a longer one that contains it)."""
    if min(a.abstract_len, b.abstract_len) < ABSTRACT_MIN:
        return False
    if min(a.abstract_len, b.abstract_len) < 0.9 * max(a.abstract_len, b.abstract_len):
        return False
    return (
        fuzz.ratio(a.abstract, b.abstract, processor=None) >= ABSTRACTS_SAME
        and fuzz.ratio(a.abstract_end, b.abstract_end, processor=None) >= ABSTRACTS_SAME
    )


def _int(value: str) -> int:
    digits = "".join(c for c in value if c.isdigit())
    return int(digits) if digits else -10


def author_similarity(a: MatchFields, b: MatchFields) -> float | None:
    """How alike the author lists are (0-100), None unless both have authors."""
    if not (a.authors and b.authors):
        return None
    authors = fuzz.token_set_ratio(a.authors, b.authors, processor=None)
    if authors < 60 and (a.given_names or b.given_names):
        # given names taken for surnames by one database ('Andrea, C.' for
        # 'Carignani, Andrea'): the given names of one against the names of the other
        swapped = max(
            fuzz.token_set_ratio(a.given_names, b.authors, processor=None),
            fuzz.token_set_ratio(a.authors, b.given_names, processor=None),
        )
        if swapped >= 90:
            authors = swapped - 5
    return authors


def _subtitle_prefix(a: MatchFields, b: MatchFields, title: float) -> bool:
    """True if one title is the other with a subtitle added."""
    prefix = title < 95 and title_within(a, b) is not None
    if not prefix and title < 95:
        # 'infrastructure in the wild' and 'infrastructure in the wild: what mapping ...'
        short, long = sorted((a.title, b.title), key=len)
        prefix = short.count(" ") >= 2 and len(short) >= 18 and long.startswith(short + " ")
    return prefix


def _one_journal(a: MatchFields, b: MatchFields) -> bool:
    """True if two journal names are one journal's: abbreviated, misspelt, or its meeting's."""
    return (
        journals_compatible(a.journal, b.journal)
        or fuzz.ratio(a.journal, b.journal) >= 85
        # a meeting's abstracts under the name of the journal that printed them
        or journals_compatible(without_meeting_words(a.journal), without_meeting_words(b.journal))
    )


def _place(
    a: MatchFields, b: MatchFields, journal_ok: bool, journal_conflict: bool
) -> tuple[int, int, bool, bool]:
    """(agree, conflict, located, issue_conflict) of journal, volume and pages."""
    agree, conflict = int(journal_ok), 0
    if a.volume and b.volume:
        if a.volume == b.volume:
            agree += 1
        else:
            conflict += 1
    if a.page_start and b.page_start:
        if not pages_differ(a, b):
            agree += 1
        elif not page_slip(a, b):
            conflict += 1
    # volume and first page agreeing outweigh journal names and issue numbers, which
    # databases write in many ways (and some fill with accession numbers); last pages
    # differ by a page in many records ('742-748' and '742-749')
    # '240-240' is page 240 with no range: it does not contradict '240-245'
    end_a = a.page_end if a.page_end != a.page_start else ""
    end_b = b.page_end if b.page_end != b.page_start else ""
    ends_differ = bool(end_a and end_b and end_a != end_b)
    near_end = ends_differ and abs(_int(end_a) - _int(end_b)) <= 1
    if ends_differ and not near_end and a.page_start != b.page_start:
        conflict += 1
    located = bool(a.page_start and a.page_start == b.page_start and a.volume == b.volume)
    located = located and bool(a.volume or a.page_end) and (not ends_differ or near_end)
    if journal_conflict and not located:
        conflict += 1
    issue_conflict = bool(a.issue and b.issue and a.issue != b.issue) and not located
    return agree, conflict, located, issue_conflict


def _score(
    title: float, authors: float | None, year: float, agree: int, conflict: int, same_id: bool
) -> float:
    """0..1 for display and ordering: title, authors, year (1, 0.5 or 0) and place."""
    score = (
        0.55 * title / 100
        + 0.25 * ((authors if authors is not None else 50) / 100)
        + 0.1 * year
        + 0.1 * (agree / (agree + conflict) if agree + conflict else 0.5)
    )
    if same_id:
        score = min(1.0, score + 0.1)
    return round(score, 4)


def evidence(a: MatchFields, b: MatchFields, title: float) -> Evidence:
    """The facts about a pair (a and b aligned) given its title similarity."""
    same_id = bool(a.doi and a.doi == b.doi) or bool(a.pmid and a.pmid == b.pmid)
    authors = author_similarity(a, b)
    journal_both = bool(a.journal and b.journal)
    journal_ok = journal_both and _one_journal(a, b)
    journal_conflict = journal_both and not journal_ok
    agree, conflict, located, issue_conflict = _place(a, b, journal_ok, journal_conflict)
    year_same = a.year is not None and a.year == b.year
    year_near = a.year is None or b.year is None or abs(a.year - b.year) <= 1
    year = 1.0 if year_same else 0.5 if year_near else 0.0
    method = "doi" if a.doi and a.doi == b.doi else ("pmid" if same_id else "fuzzy")
    score = _score(title, authors, year, agree, conflict, same_id)
    return Evidence(
        title,
        authors,
        same_id,
        method,
        _subtitle_prefix(a, b, title),
        agree,
        conflict,
        journal_ok,
        journal_conflict,
        journal_both,
        located,
        issue_conflict,
        year_same,
        year_near,
        score,
        a.generic_title or b.generic_title,
        authors is not None and authors >= 85,
        authors is not None and authors < 50,
    )
