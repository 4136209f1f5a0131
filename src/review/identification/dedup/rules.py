"""The tests a pair passes or fails, one per rule: scoring.py says in which order and to what."""

from __future__ import annotations

from review.identification.dedup.evidence import Evidence, same_abstract
from review.identification.dedup.fields import MatchFields
from review.identification.dedup.journals import journals_compatible, without_meeting_words
from review.identification.dedup.vetoes import SOFT_VETOES, doi_typo, same_place


def _same_report_number(a: MatchFields, b: MatchFields) -> bool:
    """A Cochrane review and its update: same review number ('CD006828') as first page."""
    return bool(a.page_start and a.page_start == b.page_start and not a.page_start.isdigit())


def _long_title(a: MatchFields) -> bool:
    """A title of 30 characters and five words or more."""
    return len(a.title) >= 30 and a.title.count(" ") >= 4


def _kinds_ok(a: MatchFields, b: MatchFields) -> bool:
    """The same kind of record, or one of unknown kind."""
    return a.kind == b.kind or bool({a.kind, b.kind} & {"", "other"})


def queued_despite(a: MatchFields, b: MatchFields, e: Evidence, reason: str) -> bool:
    """After a veto that forbids only an automatic merge: all else agrees, a person decides."""
    return bool(
        e.title >= 95
        and (e.authors is None or e.authors >= 85)
        and (a.authors or b.authors)
        and not (a.generic_title or b.generic_title)
        and (reason != "years differ by more than one" or _same_report_number(a, b))
        and (reason != "titles differ in a number (part, volume or edition)" or e.located)
        # an abstract in the journal's meeting supplement, not another journal's paper
        and (
            reason != "conference abstract vs full paper"
            or e.journal_ok
            or not e.journal_both
            or journals_compatible(
                without_meeting_words(a.journal), without_meeting_words(b.journal)
            )
        )
    )


def soft_veto_only(a: MatchFields, b: MatchFields, e: Evidence, reason: str) -> bool:
    """After a veto databases' slips can cause (DOIs, pages): all else agrees, a person decides."""
    if _abstract_in_two_journals(a, b, e, reason) or _editorial_of_one_issue(a, b, e, reason):
        return True
    return bool(
        reason in SOFT_VETOES
        and e.title >= 97
        and (e.authors is None or e.authors >= 90)
        and (
            e.year_same
            or reason == "different DOIs"
            or "1" in (a.page_start, b.page_start)  # online first, then in an issue
        )
        and (e.journal_ok or not (a.journal and b.journal))
        and not a.generic_title
    )


def _abstract_in_two_journals(a: MatchFields, b: MatchFields, e: Evidence, reason: str) -> bool:
    """One meeting abstract printed in two journals: the long title word for word, three or
    more authors the same, one year, and one of the two on a single page or in a supplement."""
    return bool(
        reason == "different pages"
        and (_abstract_page(a) or _abstract_page(b))
        and a.title_key
        and a.title_key == b.title_key
        and _long_title(a)
        and min(a.n_authors, b.n_authors) >= 3
        and e.authors is not None
        and e.authors >= 90
        and e.year_same
        and not (a.generic_title or b.generic_title)
    )


def _abstract_page(f: MatchFields) -> bool:
    return bool(f.supplement or (f.page_start and f.page_end in ("", f.page_start)))


def _editorial_of_one_issue(a: MatchFields, b: MatchFields, e: Evidence, reason: str) -> bool:
    """An editorial under 'Editorial' and under its own title, each with a DOI: the same two or
    more authors in one issue of one journal."""
    return bool(
        reason == "different DOIs"
        and a.generic_title != b.generic_title
        and min(a.n_authors, b.n_authors) >= 2
        and e.authors is not None
        and e.authors >= 95
        and e.year_same
        and e.journal_ok
        and a.volume
        and a.volume == b.volume
        and a.issue == b.issue
    )


# Records with the same DOI or PMID.


def same_doi_and_place(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # same DOI at the same volume and first page: one article, even under a translated
    # title or with the author's names in another order
    return bool(
        a.doi
        and a.doi == b.doi
        and a.volume == b.volume
        and a.volume
        and a.page_start
        and a.page_start == b.page_start
    )


def same_doi_and_title(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # given names taken for surnames ('Moritz' for 'Altenried, Moritz')
    return bool(a.doi and a.doi == b.doi and e.title >= 97 and not e.generic)


def identifier_and_title(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return (e.title >= 90 or e.prefix) and not e.authors_bad and not e.generic


def identifier_titles_near(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return e.title >= 60 or e.prefix or not (a.title and b.title)


def dois_differ_by_a_typo(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # '10.1111/j.1365-2575...' and '10.1111/j.1365-2576...' with all else the same
    return doi_typo(a, b, e.title)


# Records whose titles tell no work ('Editorial').


def generic_but_all_agrees(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return e.title >= 95 and e.authors_ok and e.year_same and e.agree >= 2 and not e.conflict


# The rest, tried in order.


def title_authors_year(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return (
        e.title >= 95
        and e.authors_ok
        and e.year_same
        and e.conflict == 0
        and (
            e.agree >= 1
            or (
                _long_title(a)
                and e.title >= 98
                and (e.authors or 0) >= 95
                and _kinds_ok(a, b)
                and not (a.journal and b.journal)
            )
        )
        and not e.issue_conflict
    )


def abstract_authors_year(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # one abstract under a reworded title
    return (
        e.title >= 75
        and e.authors_ok
        and e.year_same
        and e.conflict == 0
        and not e.issue_conflict
        and not e.generic
        and same_abstract(a, b)
    )


def title_and_place(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # one volume and full page range, one title: one article whatever the author field
    # says (a group name, given names for surnames, mangled diacritics)
    return bool(
        (same_place(a, b) or (e.located and a.first_author and a.first_author == b.first_author))
        and e.title >= 97
        and e.year_same
        and (e.journal_ok or not e.journal_both)
    )


def a_year_apart(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # a year apart (online first, then in an issue; a meeting's year): all else agrees
    return bool(
        not e.year_same
        and e.year_near
        and e.title >= 95
        and e.authors is not None
        and e.authors >= 90
        and e.journal_ok
        and (
            (a.volume and a.volume == b.volume)
            # a meeting's proceedings dated by the meeting and by the publication
            or (
                a.kind == b.kind == "conference"
                and not (a.volume or b.volume)
                and min(a.n_authors, b.n_authors) >= 2
                and e.title >= 98
                and _long_title(a)
            )
        )
        and e.conflict == 0
        and not e.issue_conflict
        and (_long_title(a) or same_place(a, b))
    )


def title_authors_volume_issue(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # the journal under two names (transliterated and translated), a meeting's
    # abstracts under the meeting's and the journal's name
    return bool(
        e.title >= 98
        and _long_title(a)
        and e.authors is not None
        and e.authors >= 95
        and min(a.n_authors, b.n_authors) >= 2
        and e.year_same
        and a.volume
        and a.volume == b.volume
        and ((a.issue and a.issue == b.issue) or a.kind == b.kind == "conference")
        and e.conflict == int(e.journal_conflict)
    )


def title_and_subtitle(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # 'Successful isolated liver transplantation ...' and '...: Brief communication'
    return (
        e.prefix
        and e.authors is not None
        and e.authors >= 90
        and e.year_same
        and e.conflict == 0
        and e.agree >= 2
        and not e.issue_conflict
    )


def volume_pages_authors(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return (
        e.located
        and (e.title >= 85 or e.prefix)
        and e.authors is not None
        and e.authors >= 90
        and e.year_same
        and not e.generic
    )


def translated_title(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # one article under its original and its translated title, or a subtitle dropped
    return bool(
        same_place(a, b)
        and e.year_same
        and e.authors is not None
        and e.authors >= 95
        and not e.journal_conflict
        and not (a.issue and b.issue and a.issue != b.issue)
        and _kinds_ok(a, b)
        and (e.title >= 60 or (e.title >= 40 and min(a.n_authors, b.n_authors) >= 2))
    )


def same_volume_and_pages(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return e.located and e.title >= 55 and e.authors is not None and e.authors >= 90 and e.year_same


def same_place_no_authors(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # one volume, page range and year, one record without authors, the title reworded
    # ('non small cell' and 'non oatcell'), the journal perhaps abbreviated beyond
    # recognition ('Dtsch-Med-Wochenschr'): a person decides
    return bool(
        e.located
        and e.authors is None
        and e.title >= 70
        and e.year_same
        and a.page_end
        and a.page_end == b.page_end
        and not e.generic
    )


def other_journal_other_year(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return e.journal_conflict and not e.year_same and a.volume != b.volume


def similar(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    return (
        (e.title >= 85 or e.prefix)
        and e.year_near
        # rarely one work: authors far apart, or no authors and another year
        and (
            (e.authors is None and e.title >= 95 and e.year_same)
            or (e.authors is not None and e.authors >= 60 and (e.year_same or e.authors >= 85))
        )
    )


def same_team_journal_year(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # one team, journal and year, the title reworded ('Eculizumab in ...' and
    # 'Complement blockade in ...'): a person decides
    return (
        e.title >= 75
        and e.authors is not None
        and e.authors >= 95
        and min(a.n_authors, b.n_authors) >= 3
        and e.year_same
        and e.journal_ok
        and e.conflict == 0
    )


def same_authors_no_place(a: MatchFields, b: MatchFields, e: Evidence) -> bool:
    # trial registrations of one sponsor ('Alexion Pharmaceuticals') with nothing but
    # the title to tell them apart
    return (
        e.title >= 80
        and e.authors == 100
        and e.year_same
        and not (a.journal or b.journal or a.page_start or b.page_start or a.volume or b.volume)
    )
