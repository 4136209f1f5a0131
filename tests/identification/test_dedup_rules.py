"""Rules added for the labelled sets' last misses: citation tails, meeting supplements, given
names taken for surnames, reworded titles, sponsors' registrations, subtitles, the queue."""

from __future__ import annotations

from review.base.models import ParsedRecord
from review.identification.dedup import apply_certain, find_duplicates
from review.identification.dedup.fields import prepare
from review.identification.dedup.journals import without_meeting_words
from review.identification.dedup.scoring import CERTAIN, DISTINCT, POSSIBLE, compare
from review.identification.dedup.titles import citation_tail


def rec(rid: int = 1, **kw):
    base = dict(
        title="Eculizumab for atypical hemolytic-uremic syndrome",
        authors=["Nurnberger, J.", "Philipp, T.", "Witzke, O."],
        year=2009,
        journal="New England Journal of Medicine",
        volume="360",
        issue="5",
        pages="542-544",
        doi=None,
        pmid=None,
        isbn=None,
        rtype="JOUR",
    )
    base.update(kw)
    return prepare(rid, **base)


NEJM_TAIL = (
    "Eculizumab for atypical hemolytic-uremic syndrome"
    " (New England Journal of Medicine (2009) 360 (542-544))"
)


def test_citation_tail_found_only_when_it_cites() -> None:
    assert citation_tail(NEJM_TAIL) == NEJM_TAIL.index(" (New") + 1
    cut = "Erratum: Gain-of-function mutations in complement factor B (Proceeding of the Nat (Jan"
    assert citation_tail(cut, erratum=True) > 0
    assert citation_tail(cut) == -1  # no year: only an erratum's tail is cut without one
    assert citation_tail("Effects of drug (X) on outcome in adults (2009)") == -1
    assert citation_tail("Outcome in patients with aHUS (the (first) cohort study)") == -1


def test_title_with_citation_tail_is_an_erratum_of_its_article() -> None:
    notice = rec(2, title=NEJM_TAIL, authors=["Philipp, T."], issue="23", pages="2487-2487")
    assert notice.erratum and notice.title == "eculizumab for atypical hemolytic uremic syndrome"
    flagged = rec(3, title="Erratum: " + NEJM_TAIL, authors=["Philipp, T."], issue="23",
                  pages="2487")  # fmt: skip
    assert compare(notice, flagged).verdict == CERTAIN  # one notice at one place
    # erratum vs article: never merged, but a person may count them as one report
    assert compare(notice, rec(1)).verdict == POSSIBLE


def test_meeting_abstract_and_the_journal_paper_of_its_title_are_queued() -> None:
    assert without_meeting_words("thrombosis haemostasis conference 23rd congress") == (
        "thrombosis haemostasis"
    )
    title = "A phase II study of eculizumab in patients with atypical hemolytic uremic syndrome"
    abstract, paper = isth_pair(title, "2", "499-511", "23rd Congress of the ISTH")
    result = compare(abstract, paper)
    assert result.verdict == POSSIBLE and result.reason == "conference abstract vs full paper"
    other = rec(3, title=title, authors=["Licht, C.", "Muus, P.", "Legendre, C."], year=2011,
                volume="9", pages="499-711", journal="Blood")  # fmt: skip
    assert compare(abstract, other).verdict == DISTINCT


def isth_pair(title: str, issue: str, pages: str, meeting: str = "ISTH"):
    """An ISTH 2011 meeting abstract and a J Thromb Haemost item of the same title."""
    authors = ["Licht, C.", "Muus, P.", "Legendre, C."]
    journal = f"Journal of Thrombosis and Haemostasis.Conference: {meeting}"
    abstract = rec(1, title=title, authors=authors, year=2011, volume=None, issue=None,
                   pages=None, journal=journal)  # fmt: skip
    item = rec(2, title=title, authors=authors, year=2011, volume="9", issue=issue,
               pages=pages, journal="J Thromb Haemost")  # fmt: skip
    return abstract, item


def test_meeting_abstract_printed_in_the_journal_is_one_abstract() -> None:
    # haematology id_0000111 / id_0000113: the 'article' is in supplement 2 of the journal
    title = "A phase II study of eculizumab in patients with atypical hemolytic uremic syndrome"
    abstract, supplement = isth_pair(title, "s2", "499\u2013711", "23rd Congress of the ISTH")
    assert supplement.supplement
    assert compare(abstract, supplement).verdict == CERTAIN
    # id_0000122 / id_0000123: printed on one page of the journal's issue
    title = "Activation of complement during liver transplantation - special emphasis on"
    title += " patients with atypical hemolytic uremic syndrome"
    authors = ["Koskinen, A.", "Tukiainen, E.", "Nordin, A.", "Makisalo, H.", "Isoniemi, H."]
    kw = dict(title=title, authors=authors, year=2010)
    meeting = "Scandinavian Journal of Immunology.Conference: 39th Meeting of Scandinavian"
    meeting += " Society for Immunology"
    abstract = rec(3, journal=meeting, volume=None, issue=None, pages=None, **kw)
    one_page = rec(4, journal="Scandinavian Journal of Immunology", volume="71", issue="6",
                   pages="507-507", **kw)  # fmt: skip
    assert compare(abstract, one_page).verdict == CERTAIN
    # a one-page item of another journal, or a later full paper, is not the abstract
    other_journal = rec(5, journal="Transplant Immunology", volume="71", issue="6",
                        pages="507-507", **kw)  # fmt: skip
    assert compare(abstract, other_journal).verdict != CERTAIN
    paper = rec(6, journal="Scandinavian Journal of Immunology", volume="71", issue="6",
                pages="507-515", **kw)  # fmt: skip
    assert compare(abstract, paper).reason == "conference abstract vs full paper"


def test_first_page_mistyped_in_one_character() -> None:
    # stroke id_0000014 / id_0000015: one abstract at 'e8-e9' and 'e3' of one issue
    title = "Amantadine hydrochloride for treatment of symptoms of the posttraumatic confusional"
    title += " state: a randomized, double-blind, placebo-controlled trial"
    authors = ["Yablon, S.", "Sherer, M.", "Nakase-Richardson, R.", "Todd, N."]
    kw = dict(authors=authors, year=2010, volume="91", issue="10",
              journal="Archives of Physical Medicine and Rehabilitation")  # fmt: skip
    a = rec(1, title=title.replace("symptoms", "symptom's"), pages="e8-e9", **kw)
    b = rec(2, title=title, pages="e3", **kw)
    assert compare(a, b).verdict == CERTAIN
    # two characters apart, or another issue: different pages still
    assert compare(a, rec(3, title=title, pages="e31", **kw)).reason == "different pages"
    elsewhere = rec(4, title=title, pages="e3", **{**kw, "issue": "11"})
    assert compare(a, elsewhere).verdict != CERTAIN
    # haematology id_0000009 / id_0000039: a letter (943-944) and its reply (945) share a
    # title in one issue, written by other people
    letter_title = "Atypical hemolytic uremic syndrome associated with group A beta-hemolytic"
    letter_title += " streptococcus"
    kw = dict(title=letter_title, year=2004, volume="19", issue="8",
              journal="Pediatric Nephrology")  # fmt: skip
    letter = rec(5, authors=["Yildiz, B.", "Kural, N.", "Yarar, C."], pages="943-944", **kw)
    reply = rec(6, authors=["Shepherd, A. B.", "Palmer, A. L.", "Baliga, R."], pages="945",
                **kw)  # fmt: skip
    assert compare(letter, reply).verdict == DISTINCT


def test_range_that_ends_before_it_starts_keeps_its_end() -> None:
    # haematology id_0000196 / id_0000197: '2297-2108' and '2097-2108'
    title = "Disease recurrence in paediatric renal transplantation"
    authors = ["Cochat, P.", "Fargue, S.", "Mestrallet, G.", "Jungraithmayr, T."]
    kw = dict(title=title, authors=authors, year=2009, volume="24", issue="11",
              journal="Pediatric Nephrology")  # fmt: skip
    slip = rec(1, pages="2297-2108", **kw)
    assert (slip.page_start, slip.page_end) == ("2297", "2108")
    assert compare(slip, rec(2, pages="2097-2108", **kw)).verdict == CERTAIN
    assert compare(slip, rec(3, pages="2401-2410", **kw)).reason == "different pages"
    abbreviated = rec(4, pages="229-5", **kw)  # an abbreviated end before its start
    assert (abbreviated.page_start, abbreviated.page_end) == ("229", "")


def test_place_shifted_by_one_field() -> None:
    # haematology id_0000105 / id_0000106: 'issue 26, page 9' for volume 26, issue 9
    meeting = "Pediatric Nephrology.Conference: 44th Annual Scientific Meeting of the ESPN"
    kw = dict(title="The treatment of atypical HUS", authors=["Loirat, C."], year=2011,
              journal=meeting)  # fmt: skip
    shifted = rec(1, volume=None, issue="26", pages="9", **kw)
    placed = rec(2, volume="26", issue="9", pages="1746-1746", **kw)
    assert compare(shifted, placed).verdict == CERTAIN
    assert compare(placed, shifted).verdict == CERTAIN
    # page 9 of issue 26 of a journal without volumes is not volume 26, issue 9 of another
    other = rec(3, volume="26", issue="10", pages="1746-1746", **kw)
    assert compare(shifted, other).verdict != CERTAIN


def test_given_names_taken_for_surnames() -> None:
    title = "We don't need no education: required abilities in online labor markets"
    kw = dict(title=title, year=2010, volume=None, issue=None, rtype="inproceedings",
              journal="International Conference on Information Systems")  # fmt: skip
    full = rec(1, authors=["Carignani, Andrea", "Negri, Lorenzo"], pages="1-15", **kw)
    swapped = rec(2, authors=["Andrea, C.", "Lorenzo, N."], pages=None, **kw)
    assert full.given_names == "andrea lorenzo"
    assert compare(full, swapped).verdict != DISTINCT
    strangers = rec(3, authors=["Rossi, M.", "Bianchi, P."], pages=None, **kw)
    assert compare(full, strangers).verdict != CERTAIN


def test_meeting_named_by_its_acronym() -> None:
    title = "Call for bids to improve matching efficiency: evidence from online labor markets"
    kw = dict(title=title, volume=None, issue=None, pages=None, rtype="inproceedings",
              authors=["Guo, X.", "Gong, J.", "Pavlou, P."])  # fmt: skip
    full = rec(1, year=2017, journal="International Conference on Information Systems", **kw)
    edition = rec(2, year=2017, journal="ICIS - Thirty First International Conference on "
                  "Information Systems", **kw)  # fmt: skip
    theme = rec(3, year=2018, journal="ICIS : Transforming Society with Digital Innovation", **kw)
    other = rec(4, year=2018, journal="ECIS : European Conference on Information Systems", **kw)
    assert compare(full, edition).verdict == CERTAIN
    assert compare(full, theme).verdict == CERTAIN
    assert compare(full, other).verdict != CERTAIN


def test_reworded_title_of_one_team_is_queued_never_merged() -> None:
    authors = ["Lapeyraque, A. L.", "Malina, M.", "Fremeaux-Bacchi, V.", "Boppel, T."]
    a = rec(1, title="Eculizumab in severe Shiga-toxin-associated HUS", authors=authors,
            year=2011, volume="364", issue="26", pages="2561-2563")  # fmt: skip
    b = rec(2, title="Complement blockade in severe Shiga-toxin-associated HUS",
            authors=authors, year=2011, volume=None, issue=None, pages=None,
            journal="New Engl J Med")  # fmt: skip
    assert compare(a, b).verdict == POSSIBLE
    two = rec(3, title="Complement blockade in severe Shiga-toxin-associated HUS",
              authors=authors[:2], year=2011, volume=None, issue=None, pages=None)  # fmt: skip
    assert compare(a, two).verdict == DISTINCT  # a team of two is not enough


def test_sponsor_registrations_without_place_are_queued() -> None:
    kw = dict(authors=["Alexion Pharmaceuticals, Inc"], year=2011, journal=None, volume=None,
              issue=None, pages=None)  # fmt: skip
    a = rec(1, title="Open Label Controlled Trial of Eculizumab in Adult Patients With Plasma"
            " Therapy-Sensitive Atypical Hemolytic Uremic Syndrome (aHUS)", **kw)  # fmt: skip
    title = "Open Label Controlled Trial of Eculizumab in Adult Patients With Plasma"
    title += " Therapy-Resistant aHUS"
    b = rec(2, title=title, **kw)
    result = compare(a, b)
    assert result.verdict == POSSIBLE and result.reason == "same authors, no place"
    placed = rec(3, title=title, **{**kw, "journal": "Blood", "pages": "12-14"})
    assert compare(a, placed).verdict == DISTINCT


def paper(n: int, **kw) -> ParsedRecord:
    base = dict(
        position=n,
        source_record_id=f"r{n}",
        title="Partnership working between health and local government in England",
        authors=["Smith, K. E.", "Hunter, D. J."],
        year=2004,
        journal="Policy and Politics",
        volume="32",
        pages="221-226",
    )
    base.update(kw)
    return ParsedRecord(**base)


def test_short_title_without_its_subtitle_is_compared_and_merged(project) -> None:
    chi = "Proceedings of the CHI Conference on Human Factors"
    kw = dict(authors=["Soden, R.", "Palen, L."], year=2016, volume=None, pages="2796-2807",
              journal=chi, type="CONF")  # fmt: skip
    project.store.add_source(
        name="db",
        kind="database",
        records=[
            paper(1, title="Infrastructure in the wild", doi="10.1145/2858036.2858545", **kw),
            paper(
                2,
                title="Infrastructure in the wild: what mapping in post-earthquake "
                "Nepal reveals about infrastructural emergence",
                **kw,
            ),  # fmt: skip
        ],
    )
    result = find_duplicates(project)
    assert [p.verdict for p in result.pairs] == [CERTAIN]
    assert apply_certain(project, result) == 1


def test_one_question_per_two_clusters(project) -> None:
    # records 1 and 2 merge; record 3 (another page range) is possible with both: one question
    project.store.add_source(
        name="db",
        kind="database",
        records=[paper(1), paper(2, pages="221-6"), paper(3, pages="301-310")],
    )
    result = find_duplicates(project)
    assert len(result.certain) == 1
    assert len(result.possible) == 1


def test_look_alikes_of_the_slip_rules_stay_apart() -> None:
    team = ["Loirat, C.", "Fremeaux-Bacchi, V.", "Taylor, C. M."]
    kw = dict(authors=team, year=2011, volume="26", issue="4", journal="Pediatric Nephrology")
    guideline = "Guidelines for the investigation and initial therapy of atypical HUS: part "
    one = rec(1, title=guideline + "I", pages="101", **kw)
    two = rec(2, title=guideline + "II", pages="109-118", **kw)
    assert one.title_numbers == {"1"} and two.title_numbers == {"2"}
    assert compare(one, two).verdict != CERTAIN  # pages one character apart, two parts
    bracket = "An evidence-based review of eculizumab in atypical HUS "
    first = rec(3, title=bracket + "(Part 1)", pages="15", **kw)
    second = rec(4, title=bracket + "(Part 2)", pages="19-39", **kw)
    assert first.title.endswith("part 1") and compare(first, second).verdict != CERTAIN
    assert rec(5, title=bracket + "[Chinese]").title.endswith("hus")  # a language note goes
    # one team's companion abstracts on pages one character apart
    cfh = rec(6, title="Outcome of kidney transplantation in aHUS with CFH mutations",
              pages="1643-1643", **kw)  # fmt: skip
    mcp = rec(7, title="Outcome of kidney transplantation in aHUS with MCP mutations",
              pages="1648-1648", **kw)  # fmt: skip
    assert compare(cfh, mcp).verdict != CERTAIN
    # 'type ii' and 'type 2' are one number
    diabetes = "Partnership working and type {} diabetes care in England"
    roman = rec(8, title=diabetes.format("ii"), pages="221-226", **kw)
    arabic = rec(9, title=diabetes.format("2"), pages="221-226", **kw)
    assert compare(roman, arabic).verdict == CERTAIN


def test_full_papers_of_a_supplement_and_other_journals_are_not_printed_abstracts() -> None:
    title = "State of the art: complement inhibition in thrombotic microangiopathies"
    authors = ["Licht, C.", "Muus, P.", "Legendre, C."]
    meeting, review = isth_pair(title, "Suppl 1", "150-157")
    assert review.supplement
    assert compare(meeting, review).reason == "conference abstract vs full paper"
    ash = rec(3, title=title, authors=authors, year=2011, volume=None, issue=None, pages=None,
              journal="Blood. Conference: 53rd ASH Annual Meeting")  # fmt: skip
    purification = rec(4, title=title, authors=authors, year=2011, volume="32", issue="S1",
                       pages="45-45", journal="Blood Purification")  # fmt: skip
    assert compare(ash, purification).verdict != CERTAIN


def test_a_circulars_code_before_its_title_is_no_other_number() -> None:
    # the demo's records 87 and 442: a Department of Health circular with and without its code
    title = "Modernising Health and Social Services. National Priorities Guidance 1999/00 - 2001/02"
    kw = dict(year=1998, journal=None, volume=None, issue=None, pages=None, rtype="RPRT")
    coded = rec(1, title="HSC 1998/159: LAC(98)22. " + title, authors=["DoH"], **kw)
    plain = rec(2, title=title, authors=["Department of Health"], **kw)
    result = compare(coded, plain)
    assert result.verdict == POSSIBLE  # a person decides; it was never looked at before
    later = rec(3, title=title.replace("1999/00 - 2001/02", "2000/01 - 2002/03"),
                authors=["Department of Health"], **kw)  # fmt: skip
    assert compare(coded, later).reason == "titles differ in a number (part, volume or edition)"


ABSTRACT = (
    "Background: partnerships between the NHS and local government were expected to improve"
    " population health. Methods: we surveyed 114 local strategic partnerships in England and"
    " interviewed their members about the aims, structures and outcomes of joint work."
    " Results: few partnerships could show an effect on health inequalities."
)
OTHER_ABSTRACT = (
    "Objective: to describe how primary care trusts commissioned smoking cessation services."
    " Design: a postal questionnaire of commissioning managers in all trusts, with follow-up"
    " telephone calls. Findings: services varied widely in reach, cost and quit rates."
)


def test_abstracts_tell_works_apart_and_together() -> None:
    team = ["Smith, K. E.", "Hunter, D. J.", "Marks, L."]
    kw = dict(authors=team, year=2009, journal="Public Health", volume="123", issue="4",
              pages=None)  # fmt: skip
    title = "Local strategic partnerships and health inequalities in England"
    one = rec(1, title=title, abstract=ABSTRACT, **kw)
    reworded = rec(2, title="Do partnerships in England reduce health inequalities?",
                   abstract="BACKGROUND " + ABSTRACT[12:], **kw)  # fmt: skip
    result = compare(one, reworded)
    assert result.verdict == CERTAIN and result.reason == "abstract, authors and year"
    companion = rec(3, title=title + ": a survey", abstract=OTHER_ABSTRACT, **kw)
    assert compare(rec(4, title=title + ": a survey", **kw), one).verdict == CERTAIN
    differs = compare(companion, one)
    assert differs.verdict == POSSIBLE and differs.reason.endswith("but abstracts differ")
    same_doi = compare(rec(5, title=title, abstract=OTHER_ABSTRACT, doi="10.1000/x", **kw),
                       rec(6, title=title, abstract=ABSTRACT, doi="10.1000/x", **kw))  # fmt: skip
    assert same_doi.verdict == CERTAIN  # an identifier outweighs two databases' abstracts
    short = rec(7, title=title + ": a survey", abstract="Not available.", **kw)
    assert compare(short, one).verdict == CERTAIN  # too short to tell anything


def test_one_abstract_under_two_titles_is_a_candidate_pair() -> None:
    from review.identification.dedup.blocking import candidate_pairs

    kw = dict(year=2009, journal=None, volume=None, issue=None, pages=None)
    a = rec(0, title="Local strategic partnerships and health inequalities", abstract=ABSTRACT,
            authors=["Smith, K. E."], **kw)  # fmt: skip
    b = rec(1, title="Joined-up working: an English survey", abstract=ABSTRACT,
            authors=["Smyth, K."], **kw)  # fmt: skip
    assert candidate_pairs([a, b]) == {0 * 2 + 1}  # pair codes are i * n + j
    without = [rec(0, title=a.title, authors=["Smith, K. E."], **kw),
               rec(1, title=b.title, authors=["Smyth, K."], **kw)]  # fmt: skip
    assert candidate_pairs(without) == set()


def test_papers_of_one_trial_sharing_an_abstracts_opening_are_not_one_work() -> None:
    opening = (
        "Background: the PARTNER trial randomised patients with severe aortic stenosis at high"
        " surgical risk to transcatheter or surgical aortic valve replacement across 25 centres"
        " in North America, with follow-up by an independent committee blinded to treatment. "
    )
    team = ["Leon, M. B.", "Smith, C. R.", "Mack, M.", "Miller, D. C."]
    kw = dict(authors=team, year=2012, journal=None, volume=None, issue=None, pages=None)
    deaths = opening + "Results: mortality at one year was 24.2% and 26.8% respectively."
    health = opening + "Results: health status improved more after transcatheter replacement."
    mortality = rec(1, title="Mortality after TAVR: the PARTNER trial", abstract=deaths, **kw)
    quality = rec(2, title="Quality of life after TAVR: the PARTNER trial", abstract=health,
                  **kw)  # fmt: skip
    assert compare(mortality, quality).verdict != CERTAIN
    two_year = rec(3, title="Outcomes after TAVR: two-year results", abstract=opening, **kw)
    five_year = rec(4, title="Outcomes after TAVR: five-year results",
                    abstract=opening + opening.replace("Background", "Methods"), **kw)  # fmt: skip
    assert compare(two_year, five_year).verdict != CERTAIN  # a shorter abstract inside a longer
