"""Pair scores with rapidfuzz over normalised fields, and the certain / possible / distinct call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from review.identification.dedup import rules
from review.identification.dedup.evidence import (
    Evidence,
    abstract_similarity,
    evidence,
    title_similarity,
)
from review.identification.dedup.fields import MatchFields
from review.identification.dedup.vetoes import QUEUE_VETOES, aligned, veto

CERTAIN = "certain"
POSSIBLE = "possible"
DISTINCT = "distinct"

TITLE_FLOOR = 70.0  # below this (and no shared identifier) a pair is not looked at further
ABSTRACTS_DIFFER = 50  # token-set similarity below which two abstracts are of other works


@dataclass(slots=True)
class PairScore:
    """How alike two records are, and what that means."""

    title: float
    authors: float | None
    score: float  # 0..1, for display and ordering
    verdict: str
    method: str  # 'doi', 'pmid' or 'fuzzy'
    reason: str  # veto or what decided the verdict


Rule = Callable[[MatchFields, MatchFields, Evidence], bool]

# (verdict, reason, rule): the first rule a pair passes gives its call.
_BY_IDENTIFIER: tuple[tuple[str, str, Rule], ...] = (
    (CERTAIN, "same DOI and place", rules.same_doi_and_place),
    (CERTAIN, "same DOI and title", rules.same_doi_and_title),
    (CERTAIN, "same identifier", rules.identifier_and_title),
    (POSSIBLE, "same identifier", rules.identifier_titles_near),
)
_GENERIC: tuple[tuple[str, str, Rule], ...] = (
    (POSSIBLE, "generic title", rules.generic_but_all_agrees),
)
_BY_FIELDS: tuple[tuple[str, str, Rule], ...] = (
    (CERTAIN, "DOIs differ by a typo", rules.dois_differ_by_a_typo),
    (CERTAIN, "title, authors and year", rules.title_authors_year),
    (CERTAIN, "abstract, authors and year", rules.abstract_authors_year),
    (CERTAIN, "title and place", rules.title_and_place),
    (CERTAIN, "title, authors, journal, volume", rules.a_year_apart),
    (CERTAIN, "title, authors, volume, issue", rules.title_authors_volume_issue),
    (CERTAIN, "title and subtitle, place", rules.title_and_subtitle),
    (CERTAIN, "volume, pages and authors", rules.volume_pages_authors),
    (CERTAIN, "volume, pages, authors, year", rules.translated_title),
    (POSSIBLE, "same volume and pages", rules.same_volume_and_pages),
    (POSSIBLE, "same place, no authors", rules.same_place_no_authors),
    (DISTINCT, "other journal, other year", rules.other_journal_other_year),
    (POSSIBLE, "similar", rules.similar),
    (POSSIBLE, "same team, journal and year", rules.same_team_journal_year),
    (POSSIBLE, "same authors, no place", rules.same_authors_no_place),
)


def compare(a: MatchFields, b: MatchFields, title: float | None = None) -> PairScore:
    """Score and classify one pair: the fields, then the abstracts where both have one (two
    works of one team under near-identical titles have different abstracts; one work under a
    reworded title has the same)."""
    a, b = aligned(a, b)
    result = _compare(a, b, title)
    if result.verdict != CERTAIN or result.method != "fuzzy":
        return result
    abstracts = abstract_similarity(a, b)
    if abstracts is not None and abstracts < ABSTRACTS_DIFFER:
        result.verdict, result.reason = POSSIBLE, f"{result.reason}, but abstracts differ"
    return result


def _compare(a: MatchFields, b: MatchFields, title: float | None) -> PairScore:
    """The call on the fields: a veto first, then the rules for the pair's case, in order."""
    e = evidence(a, b, title_similarity(a, b) if title is None else title)
    reason = veto(a, b, e.title)
    if reason in QUEUE_VETOES:
        queued = rules.queued_despite(a, b, e, reason)
        return _call(e, POSSIBLE if queued else DISTINCT, reason)
    if reason:
        return _call(e, POSSIBLE if rules.soft_veto_only(a, b, e, reason) else DISTINCT, reason)
    if e.same_id:
        table, otherwise = _BY_IDENTIFIER, "same identifier, titles differ"
    elif e.generic:
        table, otherwise = _GENERIC, "generic title"
    else:
        table, otherwise = _BY_FIELDS, "not similar enough"
    for verdict, why, rule in table:
        if rule(a, b, e):
            return _call(e, verdict, why)
    return _call(e, DISTINCT, otherwise)


def _call(e: Evidence, verdict: str, reason: str) -> PairScore:
    return PairScore(e.title, e.authors, e.score, verdict, e.method, reason)
