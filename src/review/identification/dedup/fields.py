"""One record's fields prepared for blocking and comparison (MatchFields), and their flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from review.base.normalize import fold, normalize_doi, normalize_pmid
from review.identification.dedup.journals import journal_key
from review.identification.dedup.journals import journals_compatible as journals_compatible
from review.identification.dedup.names import author_tokens, first_author_key, given_name_tokens
from review.identification.dedup.numbers import (
    in_supplement,
    issue_number,
    page_range,
    volume_number,
)
from review.identification.dedup.titles import (
    alternate_title,
    generic_title,
    matched_title,
    normalize_title,
    title_key,
    title_numbers,
)

ABSTRACT_KEPT = 400  # characters of an abstract's opening compared (enough to tell works)
ABSTRACT_END = 200  # and of its end (papers of one trial share an opening, not an ending)
_YEAR_SUFFIX = re.compile(r"(?:19|20)\d\d([a-h])(?![a-z])", re.IGNORECASE)
_PUB_SUFFIX = re.compile(r"\.pub\d+$")
_CONFERENCE = re.compile(
    r"\b(conference|congress|meeting|symposium|proceedings|abstracts?|workshop|annual|poster)\b"
)
_MEETING = re.compile(r"\b(conference|congress|meeting|symposium|abstracts|workshop|poster)\b")
_CHAPTER_TYPES = {"chap", "chapter", "incollection", "inbook", "book section", "book_section"}
_BOOK_TYPES = {"book", "ebook", "edbook", "book whole"}
_CONF_TYPES = {"inproceedings", "conference", "conference paper", "conference abstract", "cpaper"}


@dataclass(slots=True)
class MatchFields:
    """One record's fields prepared for blocking and comparison."""

    record_id: int
    title: str  # folded title
    title_alt: str  # folded second part of a bilingual title ('original; translation')
    title_key: str  # folded, stop words and spaces removed
    title_numbers: frozenset[str]
    authors: str  # space-joined significant author tokens (surnames mostly)
    first_author: str
    n_authors: int
    year: int | None
    journal: str  # folded, stop words removed
    volume: str
    issue: str
    page_start: str
    page_end: str
    doi: str
    doi_base: str  # without a Cochrane .pubN suffix
    pmid: str
    isbn: str
    kind: str  # article / chapter / book / conference / other
    container: str  # folded book title for chapters
    erratum: bool
    generic_title: bool
    suffix: str  # a/b letter after the year in the record's own id, if any
    richness: int
    given_names: str = ""  # 'andrea lorenzo' of 'Carignani, Andrea; Negri, Lorenzo'
    supplement: bool = False  # in a supplement issue ('S2', 'Suppl 1') or on pages 'S12'
    abstract: str = ""  # the folded opening of the abstract (ABSTRACT_KEPT characters)
    abstract_end: str = ""  # and its folded last ABSTRACT_END characters
    abstract_len: int = 0  # characters of the whole abstract

    @property
    def has_pages(self) -> bool:
        return bool(self.page_start)


def record_kind(rtype: str | None, journal: str, title: str) -> str:
    t = (rtype or "").strip().lower()
    if t in _CHAPTER_TYPES:
        return "chapter"
    if t in _BOOK_TYPES:
        return "book"
    if t in _CONF_TYPES or "abstract" in t or "conference" in t or "proceeding" in t:
        return "conference"
    if t in {"jour", "article", "journal article", "journal-article", "jfull", "ejour"}:
        # databases type meeting abstracts as articles; 'Proceedings of the National
        # Academy of Sciences' is a journal
        return "conference" if journal and _MEETING.search(journal) else "article"
    if journal and _CONFERENCE.search(journal):
        return "conference"
    return "other" if t else ""


def year_suffix(*ids: str | None) -> str:
    for value in ids:
        if value:
            match = _YEAR_SUFFIX.search(value)
            if match:
                return match.group(1).lower()
    return ""


def _richness(values: tuple[object, ...], abstract: str | None, authors: list[str]) -> int:
    """How much a record says: 10 per field given, 20 for an abstract, 1 per author."""
    return (sum(1 for v in values if v) + (2 if abstract else 0)) * 10 + len(authors)


def prepare(
    record_id: int,
    *,
    title: str | None,
    authors: list[str],
    year: int | None,
    journal: str | None,
    volume: str | None,
    issue: str | None,
    pages: str | None,
    doi: str | None,
    pmid: str | None,
    isbn: str | None,
    rtype: str | None,
    source_record_id: str | None = None,
    raw_year: str | None = None,
    abstract: str | None = None,
    abstract_end: str | None = None,
    abstract_len: int | None = None,
) -> MatchFields:
    """MatchFields for one record."""
    folded, erratum = matched_title(title, rtype)
    kind = record_kind(rtype, fold(journal), folded)
    ndoi = normalize_doi(doi) or ""
    start, end = page_range(pages, ndoi)
    values = (title, journal, volume, issue, pages, doi, pmid, isbn, year)
    return MatchFields(
        record_id=record_id,
        title=folded,
        title_alt=alternate_title(title),
        title_key=title_key(folded),
        title_numbers=title_numbers(folded),
        authors=" ".join(author_tokens(authors)),
        first_author=first_author_key(authors),
        n_authors=len(authors),
        year=year,
        journal=journal_key(journal),
        volume=volume_number(volume),
        issue=issue_number(issue),
        page_start=start,
        page_end=end,
        doi=ndoi,
        doi_base=_PUB_SUFFIX.sub("", ndoi),
        pmid=normalize_pmid(pmid) or "",
        isbn=re.sub(r"[^0-9x]", "", (isbn or "").lower())[:13],
        kind=kind,
        container=title_key(normalize_title(journal)) if kind == "chapter" else "",
        erratum=erratum,
        generic_title=generic_title(folded),
        suffix=year_suffix(raw_year, source_record_id),
        richness=_richness(values, abstract, authors),
        given_names=given_name_tokens(authors),
        supplement=in_supplement(issue, start),
        abstract=fold(abstract[: ABSTRACT_KEPT + 100])[:ABSTRACT_KEPT] if abstract else "",
        abstract_end=fold((abstract_end or abstract or "")[-ABSTRACT_END - 100 :])[-ABSTRACT_END:],
        abstract_len=abstract_len if abstract_len is not None else len(abstract or ""),
    )
