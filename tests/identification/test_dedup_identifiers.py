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
    result = compare(
        rec(1, volume="12", issue="3", pages="45-52"), rec(2, volume="13", issue="1", pages="1-8")
    )
    assert result.verdict == CERTAIN


def test_one_doi_title_allowing_case_punctuation_subtitle_and_translation_brackets() -> None:
    other = rec(2, pages="5-12", title=TITLE.upper().replace(":", " -"))
    assert compare(rec(1), other).verdict == CERTAIN
    short = "Nurse staffing and patient outcomes in acute hospitals"
    no_subtitle = rec(2, pages="5-12", title=short)
    assert compare(rec(1), no_subtitle).verdict == CERTAIN
    bracketed = rec(2, pages="5-12", title=f"[{TITLE}].")
    assert compare(rec(1), bracketed).verdict == CERTAIN


def test_one_doi_typed_as_a_meeting_paper_and_as_an_article_is_one_work() -> None:
    meeting = rec(1, rtype="CONF", journal="Proceedings of the Nursing Research Conference",
                  volume=None, issue=None, pages="1-12")  # fmt: skip
    assert compare(meeting, rec(2)).verdict == CERTAIN
    no_doi = compare(rec(1, rtype="CONF", doi=None, journal="Nursing Research Conference",
                         volume=None, issue=None, pages="1-12"), rec(2))  # fmt: skip
    assert no_doi.verdict != CERTAIN and no_doi.reason == "conference abstract vs full paper"


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
    far = compare(
        rec(1), rec(2, doi="10.1016/j.ijnurstu.2020.104512", title="Safety culture in pharmacies")
    )
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


# -- the pairs bib-dedupe merges and we hold: each in a person's queue ----------------


def test_one_meeting_abstract_printed_in_two_journals_is_queued() -> None:
    title = "Modification of the standard eculizumab dose to manage breakthrough haemolysis"
    authors = ["Kelly, R.", "Arnold, L.", "Richards, S.", "Hill, A."]
    bjh = rec(
        1,
        title=title,
        authors=authors,
        year=2009,
        journal="Br J Haematol",
        volume="145",
        issue="1",
        pages="23",
        doi=None,
    )
    haematologica = rec(
        2,
        title=title,
        authors=authors,
        year=2009,
        journal="Haematologica",
        volume="94",
        issue="2",
        pages="239-240",
        doi=None,
    )
    result = compare(bjh, haematologica)
    assert result.verdict == POSSIBLE and result.reason == "different pages"
    # two full papers of one title in two journals: not asked
    paper = rec(
        1,
        title=title,
        authors=authors,
        year=2009,
        journal="Br J Haematol",
        volume="145",
        issue="1",
        pages="23-31",
        doi=None,
    )
    assert compare(paper, haematologica).verdict == DISTINCT


def test_an_editorial_under_its_own_title_and_as_editorial_is_queued() -> None:
    authors = ["Avison, D.", "Fitzgerald, G.", "Powell, P."]
    titled = rec(
        1,
        title="Guest editorial: open source software, investigating the software engineering,"
        " psychosocial and economic issues",
        authors=authors,
        year=2001,
        journal="Information Systems Journal",
        volume="11",
        issue="4",
        pages="273-276",
        doi="10.1046/j.1365-2575.2001.00109.x",
    )
    bare = rec(
        2,
        title="Editorial",
        authors=authors,
        year=2001,
        journal="Information Systems Journal",
        volume="11",
        issue="4",
        pages="271",
        doi="10.1046/j.1365-2575.2001.00112.x",
    )
    result = compare(titled, bare)
    assert result.verdict == POSSIBLE and result.reason == "different DOIs"
    other_issue = rec(
        2,
        title="Editorial",
        authors=authors,
        year=2001,
        volume="11",
        issue="1",
        journal="Information Systems Journal",
        pages="1-2",
        doi="10.1046/x.2",
    )
    assert compare(titled, other_issue).verdict == DISTINCT


def test_one_place_and_a_reworded_title_without_authors_is_queued() -> None:
    a = rec(
        1,
        title="Postoperative immunostimulation in non-small-cell bronchial carcinoma",
        authors=["Toomes, H."],
        year=1984,
        journal="Deutsche Medizinische Wochenschrift",
        volume="109",
        issue=None,
        pages="935-940",
        doi=None,
    )
    b = rec(
        2,
        title="Postoperative local immunostimulation in non-oatcell bronchial carcinoma",
        authors=[],
        year=1984,
        journal="Dtsch-Med-Wochenschr",
        volume="109",
        issue=None,
        pages="935-940",
        doi=None,
    )
    result = compare(a, b)
    assert result.verdict == POSSIBLE and result.reason == "same place, no authors"
    elsewhere = rec(
        2,
        title="Postoperative local immunostimulation in non-oatcell bronchial carcinoma",
        authors=[],
        year=1984,
        volume="109",
        pages="935-941",
        doi=None,
    )
    assert compare(a, elsewhere).verdict == DISTINCT


def test_an_online_first_record_joins_its_print_records_with_and_without_the_doi(project) -> None:
    """Online first (no volume, pages from 1) with the DOI, the print with it and without it:
    one cluster, since online-first pages do not contradict the print's."""
    common = dict(title=TITLE, authors=["Griffiths, P.", "Maruotti, A."],
                  journal="Int J Nurs Stud")  # fmt: skip
    online = ParsedRecord(position=1, year=2019, pages="1-7", doi=DOI, **common)  # type: ignore[arg-type]
    printed = ParsedRecord(position=2, year=2020, volume="103", issue="2", pages="23-29",
                           doi=DOI, **common)  # type: ignore[arg-type]  # fmt: skip
    other_db = ParsedRecord(position=3, year=2020, volume="103", issue="2", pages="23-9",
                            **common)  # type: ignore[arg-type]  # fmt: skip
    project.store.add_source(name="db", kind="database", records=[online, printed, other_db])
    result = find_duplicates(project)
    assert [len(c) for c in result.clusters] == [3]
    assert result.possible == []
    assert apply_certain(project, result) == 2


def test_an_editorial_and_its_titled_record_are_compared_and_queued_in_a_project(project) -> None:
    common = dict(authors=["Avison, D.", "Fitzgerald, G."], year=2001, volume="11", issue="4",
                  journal="Information Systems Journal")  # fmt: skip
    titled = ParsedRecord(
        position=1,
        title="Guest editorial: open source software, investigating the software engineering,"
        " psychosocial and economic issues",
        pages="273-276",
        doi="10.1046/j.1365-2575.2001.00109.x",
        **common,  # type: ignore[arg-type]
    )
    bare = ParsedRecord(position=2, title="Editorial", pages="271", doi="10.1046/j.00112.x",
                        **common)  # type: ignore[arg-type]  # fmt: skip
    project.store.add_source(name="db", kind="database", records=[titled, bare])
    result = find_duplicates(project)
    assert [(p.verdict, p.reason) for p in result.pairs] == [("possible", "different DOIs")]
