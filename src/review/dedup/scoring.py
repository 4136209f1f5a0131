"""Pair scores with rapidfuzz over normalised fields, and the certain / possible / distinct call."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from review.dedup.fields import MatchFields, journals_compatible
from review.dedup.vetoes import SOFT_VETOES, veto

CERTAIN = "certain"
POSSIBLE = "possible"
DISTINCT = "distinct"

TITLE_FLOOR = 70.0  # below this (and no shared identifier) a pair is not looked at further


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


def _prefix_title(a: MatchFields, b: MatchFields) -> bool:
    """One title is the other without its subtitle (or truncated)."""
    short, long = sorted((a.title_key, b.title_key), key=len)
    return len(short) >= 25 and long.startswith(short)


def compare(a: MatchFields, b: MatchFields, title: float | None = None) -> PairScore:
    """Score and classify one pair."""
    if title is None:
        title = title_similarity(a, b)
    same_id = bool(a.doi and a.doi == b.doi) or bool(a.pmid and a.pmid == b.pmid)
    method = "doi" if a.doi and a.doi == b.doi else ("pmid" if same_id else "fuzzy")
    authors: float | None = None
    if a.authors and b.authors:
        authors = fuzz.token_set_ratio(a.authors, b.authors, processor=None)
    prefix = title < 95 and _prefix_title(a, b)

    agree = conflict = 0
    journal_ok = journals_compatible(a.journal, b.journal)
    journal_conflict = False
    if a.journal and b.journal:
        if journal_ok or fuzz.ratio(a.journal, b.journal) >= 85:
            agree += 1
            journal_ok = True
        else:
            journal_conflict = True
    for x, y in ((a.volume, b.volume), (a.page_start, b.page_start)):
        if x and y:
            if x == y:
                agree += 1
            else:
                conflict += 1
    # volume and first page agreeing outweigh journal names and issue numbers, which
    # databases write in many ways (and some fill with accession numbers)
    ends_differ = bool(a.page_end and b.page_end and a.page_end != b.page_end)
    if ends_differ:
        conflict += 1
    located = bool(a.page_start and a.page_start == b.page_start and a.volume == b.volume)
    located = located and bool(a.volume or a.page_end) and not ends_differ
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

    generic = a.generic_title or b.generic_title
    authors_ok = authors is not None and authors >= 85
    authors_bad = authors is not None and authors < 50

    if same_id:
        if title >= 90 and not authors_bad and not generic:
            return PairScore(title, authors, score, CERTAIN, method, "same identifier")
        if title >= 60 or not (a.title and b.title):
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
        located
        and (title >= 85 or prefix)
        and authors is not None
        and authors >= 90
        and year_same
        and not generic
    ):
        return PairScore(title, authors, score, CERTAIN, method, "volume, pages and authors")

    if located and title >= 55 and authors is not None and authors >= 90 and year_same:
        return PairScore(title, authors, score, POSSIBLE, method, "same volume and pages")
    if journal_conflict and not year_same and a.volume != b.volume:
        return PairScore(title, authors, score, DISTINCT, method, "other journal, other year")
    if (
        (title >= 85 or prefix)
        and year_near
        and not authors_bad
        and (authors is not None or title >= 95)
    ):
        return PairScore(title, authors, score, POSSIBLE, method, "similar")
    return PairScore(title, authors, score, DISTINCT, method, "not similar enough")
