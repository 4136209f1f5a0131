"""Identifiers first: one DOI (or PMID), title and first author is one work whatever the pages,
volume or issue say; DOIs a typo apart on records that agree in all else are one work."""

from __future__ import annotations

from review.base.models import ParsedRecord
from review.identification.dedup import apply_certain, find_duplicates
from review.identification.dedup.fields import prepare
from review.identification.dedup.scoring import CERTAIN, DISTINCT, POSSIBLE, compare
from review.identification.dedup.titles import notice_title

DOI = "10.1016/j.ijnurstu.2019.103426"
TITLE = "Nurse staffing and patient outcomes in acute hospitals: a longitudinal study"


def rec(rid: int = 1, **kw):
    base = dict(
        title=TITLE,
        authors=["Griffiths, P.", "Maruotti, A.", "Saucedo, A. R."],
        year=2020,
        journal="International Journal of Nursing Studies",
        volume="103",
        issue="2",
        pages="103426-103434",
        doi=DOI,
        pmid=None,
        isbn=None,
        rtype="JOUR",
    )
    base.update(kw)
    return prepare(rid, **base)


def test_online_first_and_its_print_version_are_one_work() -> None:
    online = rec(1, volume=None, issue=None, pages="1-7", year=2019)
    printed = rec(2, pages="23-29")
    result = compare(online, printed)
    assert result.verdict == CERTAIN and result.method == "doi"


def test_electronic_pages_and_abbreviated_pages_of_one_doi_are_one_work() -> None:
    result = compare(rec(1, pages="e23-e29"), rec(2, pages="23-9"))
    assert result.verdict == CERTAIN


def test_article_number_and_a_page_of_one_doi_are_one_work() -> None:
    result = compare(rec(1, pages="111"), rec(2, pages="18"))
    assert result.verdict == CERTAIN
    assert compare(rec(1, pages=None), rec(2, pages="18-25")).verdict == CERTAIN


def test_volume_and_issue_differences_do_not_part_one_doi() -> None:
    result = compare(rec(1, volume="12", issue="3", pages="45-52"), rec(2, volume="13",
                     issue="1", pages="1-8"))  # fmt: skip
    assert result.verdict == CERTAIN


def test_one_doi_title_allowing_case_punctuation_subtitle_and_translation_brackets() -> None:
    other = rec(2, pages="5-12", title=TITLE.upper().replace(":", " -"))
    assert compare(rec(1), other).verdict == CERTAIN
    short = "Nurse staffing and patient outcomes in acute hospitals"
    no_subtitle = rec(2, pages="5-12", title=short)
    assert compare(rec(1), no_subtitle).verdict == CERTAIN
    bracketed = rec(2, pages="5-12", title=f"[{TITLE}].")
    assert compare(rec(1), bracketed).verdict == CERTAIN


def test_one_pmid_title_and_first_author_are_one_work_whatever_the_pages() -> None:
    a = rec(1, doi=None, pmid="31901743", pages="e23-e29")
    b = rec(2, doi=None, pmid="31901743", pages="118-124", volume="104")
    result = compare(a, b)
    assert result.verdict == CERTAIN and result.method == "pmid"


def test_one_doi_but_another_first_author_keeps_the_page_veto() -> None:
    other = rec(2, pages="55-60", authors=["Ball, J.", "Griffiths, P."])
    result = compare(rec(1), other)
    assert result.verdict != CERTAIN and result.reason == "different pages"


def test_a_notice_about_the_work_stays_apart_under_its_doi() -> None:
    erratum = rec(2, title="Erratum: " + TITLE, pages="103520")
    assert compare(rec(1), erratum).verdict != CERTAIN
    assert notice_title("in reply nurse staffing and patient outcomes")
    assert notice_title("comment on nurse staffing and patient outcomes")
    assert not notice_title("re evaluation of nurse staffing")
    reply = rec(2, title="In reply: " + TITLE, pages="88")
    assert compare(rec(1), reply).verdict != CERTAIN


def test_dois_a_typo_apart_with_all_else_the_same_are_one_work() -> None:
    typo = rec(2, doi="10.1016/j.ijnurstu.2019.103462")  # two digits swapped
    result = compare(rec(1), typo)
    assert result.verdict == CERTAIN and result.reason == "DOIs differ by a typo"
    issn = rec(1, doi="10.1111/j.1365-2575.2001.00109.x")
    issn_typo = rec(2, doi="10.1111/j.1365-2576.2001.00109.x")
    assert compare(issn, issn_typo).reason == "DOIs differ by a typo"


def test_dois_a_typo_apart_but_another_place_are_not_merged() -> None:
    other_pages = rec(2, doi="10.1016/j.ijnurstu.2019.103427", pages="103427-103435")
    assert compare(rec(1), other_pages).verdict != CERTAIN
    other_issue = rec(2, doi="10.1016/j.ijnurstu.2019.103427", issue="3")
    assert compare(rec(1), other_issue).verdict != CERTAIN


def test_dois_that_differ_more_keep_the_pair_for_a_person() -> None:
    result = compare(rec(1), rec(2, doi="10.1016/j.ijnurstu.2020.104512"))
    assert result.verdict == POSSIBLE and result.reason == "different DOIs"
    far = compare(rec(1), rec(2, doi="10.1016/j.ijnurstu.2020.104512", title="Other work"))
    assert far.verdict == DISTINCT


def test_an_online_first_record_and_its_print_merge_in_a_project(project) -> None:
    def record(n: int, **kw) -> ParsedRecord:
        base = dict(
            position=n,
            source_record_id=f"r{n}",
            title=TITLE,
            year=2020,
            authors=["Griffiths, P.", "Maruotti, A."],
            doi=DOI,
            journal="Int J Nurs Stud",
            volume="103",
            issue="2",
            pages="23-29",
        )
        base.update(kw)
        return ParsedRecord(**base)

    online = record(1, volume=None, issue=None, pages="1-7", year=2019)
    project.store.add_source(name="db", kind="database", records=[online, record(2)])
    result = find_duplicates(project)
    assert [(p.verdict, p.method) for p in result.pairs] == [("certain", "doi")]
    assert apply_certain(project, result) == 1
    ids = project.store.record_ids()
    assert set(project.store.duplicate_map().items()) <= {(ids[0], ids[1]), (ids[1], ids[0])}
