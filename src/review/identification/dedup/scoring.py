"""Pair scores with rapidfuzz over normalised fields, and the certain / possible / distinct call."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from review.identification.dedup.fields import (
    MatchFields,
    journals_compatible,
    without_meeting_words,
)
from review.identification.dedup.vetoes import (
    QUEUE_VETOES,
    SOFT_VETOES,
    aligned,
    page_slip,
    pages_differ,
    same_place,
    title_within,
    veto,
)

CERTAIN = "certain"
POSSIBLE = "possible"
DISTINCT = "distinct"

TITLE_FLOOR = 70.0  # below this (and no shared identifier) a pair is not looked at further
ABSTRACT_MIN = 150  # characters of both abstracts' openings before they are compared
ABSTRACTS_DIFFER = 50  # token-set similarity below which two abstracts are of other works
ABSTRACTS_SAME = 95


@dataclass(slots=True)
class PairScore:
    """How alike two records are, and what that means."""

    title: float
    authors: float | None
    score: float  # 0..1, for display and ordering
    verdict: str
    method: str  # 'doi', 'pmid' or 'fuzzy'
    reason: str  # veto or what decided the verdict


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


def _int(value: str) -> int:
    digits = "".join(c for c in value if c.isdigit())
    return int(digits) if digits else -10


def _same_report_number(a: MatchFields, b: MatchFields) -> bool:
    """A Cochrane review and its update: same review number ('CD006828') as first page."""
    return bool(a.page_start and a.page_start == b.page_start and not a.page_start.isdigit())


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


def compare(a: MatchFields, b: MatchFields, title: float | None = None) -> PairScore:
    """Score and classify one pair: the fields, then the abstracts where both have one (two
    works of one team under near-identical titles have different abstracts; one work under a
    reworded title has the same)."""
    a, b = aligned(a, b)
    result = _compare(a, b, title)
    abstracts = abstract_similarity(a, b)
    if abstracts is None or result.method != "fuzzy":
        return result
    if result.verdict == CERTAIN and abstracts < ABSTRACTS_DIFFER:
        result.verdict, result.reason = POSSIBLE, f"{result.reason}, but abstracts differ"
    return result


def _compare(a: MatchFields, b: MatchFields, title: float | None) -> PairScore:
    if title is None:
        title = title_similarity(a, b)
    same_id = bool(a.doi and a.doi == b.doi) or bool(a.pmid and a.pmid == b.pmid)
    method = "doi" if a.doi and a.doi == b.doi else ("pmid" if same_id else "fuzzy")
    authors: float | None = None
    if a.authors and b.authors:
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
    prefix = title < 95 and title_within(a, b) is not None
    if not prefix and title < 95:
        # 'infrastructure in the wild' and 'infrastructure in the wild: what mapping ...'
        short, long = sorted((a.title, b.title), key=len)
        prefix = short.count(" ") >= 2 and len(short) >= 18 and long.startswith(short + " ")

    agree = conflict = 0
    journal_ok = journals_compatible(a.journal, b.journal)
    journal_conflict = False
    journal_both = bool(a.journal and b.journal)
    if a.journal and b.journal:
        if (
            journal_ok
            or fuzz.ratio(a.journal, b.journal) >= 85
            # a meeting's abstracts under the name of the journal that printed them
            or journals_compatible(
                without_meeting_words(a.journal), without_meeting_words(b.journal)
            )
        ):
            agree += 1
            journal_ok = True
        else:
            journal_conflict = True
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
    year_same = a.year is not None and a.year == b.year
    year_near = a.year is None or b.year is None or abs(a.year - b.year) <= 1

    score = (
        0.55 * title / 100
        + 0.25 * ((authors if authors is not None else 50) / 100)
        + 0.1 * (1.0 if year_same else 0.5 if year_near else 0.0)
        + 0.1 * (agree / (agree + conflict) if agree + conflict else 0.5)
    )
    if same_id:
        score = min(1.0, score + 0.1)
    score = round(score, 4)

    reason = veto(a, b, title)
    if reason in QUEUE_VETOES:
        queue = (
            title >= 95
            and (authors is None or authors >= 85)
            and (a.authors or b.authors)
            and not (a.generic_title or b.generic_title)
            and (reason != "years differ by more than one" or _same_report_number(a, b))
            and (reason != "titles differ in a number (part, volume or edition)" or located)
            # an abstract in the journal's meeting supplement, not another journal's paper
            and (
                reason != "conference abstract vs full paper"
                or journal_ok
                or not journal_both
                or journals_compatible(
                    without_meeting_words(a.journal), without_meeting_words(b.journal)
                )
            )
        )
        return PairScore(title, authors, score, POSSIBLE if queue else DISTINCT, method, reason)
    if reason:
        soft = (
            reason in SOFT_VETOES
            and title >= 97
            and (authors is None or authors >= 90)
            and (
                year_same
                or reason == "different DOIs"
                or "1" in (a.page_start, b.page_start)  # online first, then in an issue
            )
            and (journal_ok or not (a.journal and b.journal))
            and not a.generic_title
        )
        return PairScore(title, authors, score, POSSIBLE if soft else DISTINCT, method, reason)

    same_start = bool(
        a.volume and a.volume == b.volume and a.page_start and a.page_start == b.page_start
    )
    generic = a.generic_title or b.generic_title
    authors_ok = authors is not None and authors >= 85
    authors_bad = authors is not None and authors < 50

    if same_id:
        if a.doi and a.doi == b.doi and a.volume == b.volume and same_start:
            # same DOI at the same volume and first page: one article, even under a
            # translated title or with the author's names in another order
            return PairScore(title, authors, score, CERTAIN, method, "same DOI and place")
        if a.doi and a.doi == b.doi and title >= 97 and not generic:
            # given names taken for surnames ('Moritz' for 'Altenried, Moritz')
            return PairScore(title, authors, score, CERTAIN, method, "same DOI and title")
        if (title >= 90 or prefix) and not authors_bad and not generic:
            return PairScore(title, authors, score, CERTAIN, method, "same identifier")
        if title >= 60 or prefix or not (a.title and b.title):
            return PairScore(title, authors, score, POSSIBLE, method, "same identifier")
        return PairScore(title, authors, score, DISTINCT, method, "same identifier, titles differ")

    if generic:
        if title >= 95 and authors_ok and year_same and agree >= 2 and not conflict:
            return PairScore(title, authors, score, POSSIBLE, method, "generic title")
        return PairScore(title, authors, score, DISTINCT, method, "generic title")

    long_title = len(a.title) >= 30 and a.title.count(" ") >= 4
    kinds_ok = a.kind == b.kind or bool({a.kind, b.kind} & {"", "other"})
    if (
        title >= 95
        and authors_ok
        and year_same
        and conflict == 0
        and (
            agree >= 1
            or (
                long_title
                and title >= 98
                and (authors or 0) >= 95
                and kinds_ok
                and not (a.journal and b.journal)
            )
        )
        and not issue_conflict
    ):
        return PairScore(title, authors, score, CERTAIN, method, "title, authors and year")
    if (
        title >= 75
        and authors_ok
        and year_same
        and conflict == 0
        and not issue_conflict
        and not generic
        and same_abstract(a, b)
    ):
        # one abstract under a reworded title
        return PairScore(title, authors, score, CERTAIN, method, "abstract, authors and year")
    if (
        (same_place(a, b) or (located and a.first_author and a.first_author == b.first_author))
        and title >= 97
        and year_same
        and (journal_ok or not journal_both)
    ):
        # one volume and full page range, one title: one article whatever the author field
        # says (a group name, given names for surnames, mangled diacritics)
        return PairScore(title, authors, score, CERTAIN, method, "title and place")
    if (
        not year_same
        and year_near
        and title >= 95
        and authors is not None
        and authors >= 90
        and journal_ok
        and (
            (a.volume and a.volume == b.volume)
            # a meeting's proceedings dated by the meeting and by the publication
            or (
                a.kind == b.kind == "conference"
                and not (a.volume or b.volume)
                and min(a.n_authors, b.n_authors) >= 2
                and title >= 98
                and long_title
            )
        )
        and conflict == 0
        and not issue_conflict
        and (long_title or same_place(a, b))
    ):
        # a year apart (online first, then in an issue; a meeting's year): all else agrees
        return PairScore(title, authors, score, CERTAIN, method, "title, authors, journal, volume")
    if (
        title >= 98
        and long_title
        and authors is not None
        and authors >= 95
        and min(a.n_authors, b.n_authors) >= 2
        and year_same
        and a.volume
        and a.volume == b.volume
        and ((a.issue and a.issue == b.issue) or a.kind == b.kind == "conference")
        and conflict == int(journal_conflict)
    ):
        # the journal under two names (transliterated and translated), a meeting's
        # abstracts under the meeting's and the journal's name
        return PairScore(title, authors, score, CERTAIN, method, "title, authors, volume, issue")
    if (
        prefix
        and authors is not None
        and authors >= 90
        and year_same
        and conflict == 0
        and agree >= 2
        and not issue_conflict
    ):
        # 'Successful isolated liver transplantation ...' and '...: Brief communication'
        return PairScore(title, authors, score, CERTAIN, method, "title and subtitle, place")
    if (
        located
        and (title >= 85 or prefix)
        and authors is not None
        and authors >= 90
        and year_same
        and not generic
    ):
        return PairScore(title, authors, score, CERTAIN, method, "volume, pages and authors")

    if (
        same_place(a, b)
        and year_same
        and authors is not None
        and authors >= 95
        and not journal_conflict
        and not (a.issue and b.issue and a.issue != b.issue)
        and kinds_ok
        and (title >= 60 or (title >= 40 and min(a.n_authors, b.n_authors) >= 2))
    ):
        # one article under its original and its translated title, or a subtitle dropped
        return PairScore(title, authors, score, CERTAIN, method, "volume, pages, authors, year")
    if located and title >= 55 and authors is not None and authors >= 90 and year_same:
        return PairScore(title, authors, score, POSSIBLE, method, "same volume and pages")
    if journal_conflict and not year_same and a.volume != b.volume:
        return PairScore(title, authors, score, DISTINCT, method, "other journal, other year")
    if (
        (title >= 85 or prefix)
        and year_near
        # rarely one work: authors far apart, or no authors and another year
        and (
            (authors is None and title >= 95 and year_same)
            or (authors is not None and authors >= 60 and (year_same or authors >= 85))
        )
    ):
        return PairScore(title, authors, score, POSSIBLE, method, "similar")
    if (
        title >= 75
        and authors is not None
        and authors >= 95
        and min(a.n_authors, b.n_authors) >= 3
        and year_same
        and journal_ok
        and conflict == 0
    ):
        # one team, journal and year, the title reworded ('Eculizumab in ...' and
        # 'Complement blockade in ...'): a person decides
        return PairScore(title, authors, score, POSSIBLE, method, "same team, journal and year")
    if (
        title >= 80
        and authors == 100
        and year_same
        and not (a.journal or b.journal or a.page_start or b.page_start or a.volume or b.volume)
    ):
        # trial registrations of one sponsor ('Alexion Pharmaceuticals') with nothing but
        # the title to tell them apart
        return PairScore(title, authors, score, POSSIBLE, method, "same authors, no place")
    return PairScore(title, authors, score, DISTINCT, method, "not similar enough")
