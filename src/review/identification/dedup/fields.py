"""Normalised fields used for matching: titles, authors, journals, pages, years, flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from review.base.normalize import fold, normalize_doi, normalize_pmid

# Corporate authors written in several ways in reference lists.
AUTHOR_ALIASES = {
    "doh": "department of health",
    "dh": "department of health",
    "dept of health": "department of health",
    "department of health dh": "department of health",
    "dss": "department of social security",
    "detr": "department of the environment transport and the regions",
    "dfes": "department for education and skills",
    "nhse": "nhs executive",
    "nhs e": "nhs executive",
    "who": "world health organization",
    "world health organisation": "world health organization",
    "odpm": "office of the deputy prime minister",
    "ons": "office for national statistics",
    "nao": "national audit office",
    "hmso": "her majesty s stationery office",
}

_AUTHOR_STOP = {"and", "et", "al", "jr", "sr", "the", "of", "von", "van", "der", "de", "den"}
_TITLE_STOP = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "with", "at", "by", "or"}
_JOURNAL_STOP = {"of", "the", "and", "in", "for", "on", "de", "la", "le", "journal", "j"}
_PART_TAIL = re.compile(
    r"[\[(]\s*((part|phase|vol(ume)?|section|chapter|book|no)\.?\s*)?(\d+|[ivx]+)\s*[\])]",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10}  # fmt: skip
_ROMAN_NUMBER = re.compile(
    r"\b(part|phase|vol|volume|stage|type|grade|class|section|chapter|book|study|series)"
    r" (i|ii|iii|iv|v|vi|vii|viii|ix|x)\b"
)
_BRACKET_TAIL = re.compile(r"\s*[\[(][^\])]*[\])]\s*\.?\s*$")
_HTML = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"\d+")
ABSTRACT_KEPT = 400  # characters of an abstract's opening compared (enough to tell works)
ABSTRACT_END = 200  # and of its end (papers of one trial share an opening, not an ending)
_SUPPLEMENT_ISSUE = re.compile(r"^\s*s\s*\d|suppl", re.IGNORECASE)
_PAGE = re.compile(r"^\s*([A-Za-z]{0,3})(\d+)\s*(?:[-\u2010-\u2015]+\s*[A-Za-z]{0,3}(\d+))?")
_YEAR_SUFFIX = re.compile(r"(?:19|20)\d\d([a-h])(?![a-z])", re.IGNORECASE)
_PUB_SUFFIX = re.compile(r"\.pub\d+$")
_YEAR_WORD = re.compile(r"^(19|20)\d\d$")
_INITIALS = re.compile(r"^[A-Z]{1,3}$")

ERRATUM = re.compile(
    r"^(erratum|errata|corrigendum|correction|retraction|retracted|notice of retraction)\b"
    r"|\b(erratum|corrigendum|correction) (to|for|in|of)\b"
)
_ERRATUM_HEAD = re.compile(
    r"^((erratum|errata|corrigendum|correction|retraction|retracted|notice of retraction)"
    r"( (to|for|in|of|on))?( the)?( article)? )+"
)
_ERRATUM_CITE = re.compile(r"\(\s*vol\.? \d+\s*,?\s*pg?\.? ?\d+", re.IGNORECASE)
_NOTES = re.compile(
    r"\s*(\[\s*(erratum|comment|retraction|republished|update)[^\]]*(\]|$)"
    r"|\(\s*vol\.? \d+\s*,?\s*pg?\.? ?\d+.*$|\bLA:\s*\w+\s*$|<ORIGINAL>.*$)",
    re.IGNORECASE,
)
_GENERIC_PARTS = re.compile(
    r"\b(editor s comments?|editorial|from the editors?|remarks from|in memoriam|obituary"
    r"|issue information|table of contents|front matter|back matter)\b"
)
GENERIC_TITLES = {
    "",
    "unknown",
    "book review",
    "book reviews",
    "editorial",
    "editorials",
    "introduction",
    "preface",
    "foreword",
    "letter",
    "letters",
    "reply",
    "response",
    "commentary",
    "comment",
    "erratum",
    "correction",
    "news",
    "abstracts",
    "index",
    "contents",
    "in this issue",
    "editor s note",
    "guest editorial",
}
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


def normalize_title(title: str | None) -> str:
    """Folded title without HTML, trailing language tags such as '[Chinese]'."""
    if not title:
        return ""
    text = _NOTES.sub(" ", _HTML.sub(" ", title)).strip()
    for _ in range(2):
        tail = _BRACKET_TAIL.search(text)
        if tail is None or _PART_TAIL.match(tail.group().strip()):
            break  # '(Part 2)', '(II)': which work it is, not a note about it
        stripped = text[: tail.start()]
        if len(stripped) < 10:
            break
        text = stripped
    return fold(text)


def title_numbers(folded: str) -> frozenset[str]:
    """Numbers in a folded title, roman ones after 'part', 'phase'... as digits ('part ii': 2)."""
    numbers = set(_NUMBER.findall(folded))
    numbers.update(str(_ROMAN[m.group(2)]) for m in _ROMAN_NUMBER.finditer(folded))
    return frozenset(numbers)


_CITED_YEAR = re.compile(r"\b(19|20)\d\d\b")


def citation_tail(title: str | None, erratum: bool = False) -> int:
    """Where a trailing citation of another article starts in a title, or -1.

    'Eculizumab for ... syndrome (New England Journal of Medicine (2009) 360 (542-544))' is
    an erratum or comment citing its article; 'Erratum: ... (Proceeding of the National
    Academy ... (Januar' is one cut short. The citation is a last parenthesis that holds
    another one or is never closed; without an erratum word it must also hold a year.
    """
    if not title or "(" not in title:
        return -1
    depth, start, nested = 0, -1, False
    for i, c in enumerate(title):
        if c == "(":
            if depth == 0:
                start, nested = i, False
            else:
                nested = True
            depth += 1
        elif c == ")" and depth:
            depth -= 1
    if start < 20:
        return -1
    rest = title[start:]
    if depth == 0 and not re.search(r"\)\s*\.?\s*$", rest):
        return -1  # a parenthesis inside the title, not at its end
    if not (nested or depth):
        return -1
    if not erratum and not (nested and _CITED_YEAR.search(rest)):
        return -1
    return start


def _alternate_title(title: str | None) -> str:
    """The translated half of 'Utilidad de ...; Are antimicrobials useful ...?'."""
    if not title or ";" not in title:
        return ""
    head, _, tail = title.partition(";")
    tail = normalize_title(tail)
    return tail if len(tail) >= 20 and len(normalize_title(head)) >= 20 else ""


def title_key(folded: str) -> str:
    return "".join(w for w in folded.split() if w not in _TITLE_STOP)


def author_tokens(authors: list[str]) -> list[str]:
    """Surnames and given names, without initials: 'Zuna, R E' -> ['zuna']."""
    tokens: list[str] = []
    for author in authors:
        folded_all = fold(author)
        alias = AUTHOR_ALIASES.get(folded_all)
        if alias:
            tokens.extend(w for w in alias.split() if w not in _AUTHOR_STOP)
            continue
        # 'Wang, Tingting' and 'Wang T' are one author: with a comma, the surname only
        names = author.split(",", 1)[0] if "," in author else author
        for word in re.split(r"[\s,.;]+", names):
            if not word or _INITIALS.match(word):
                continue
            for part in fold(word).split():
                if len(part) >= 2 and part not in _AUTHOR_STOP:
                    tokens.append(part)
    return tokens


def given_name_tokens(authors: list[str]) -> str:
    """Given names written out after the comma ('Carignani, Andrea' -> 'andrea'): another
    database may have taken them for surnames ('Andrea, C.')."""
    tokens: list[str] = []
    for author in authors:
        if "," not in author:
            continue
        for word in re.split(r"[\s,.;]+", author.split(",", 1)[1]):
            if word and not _INITIALS.match(word):
                tokens.extend(
                    p for p in fold(word).split() if len(p) >= 2 and p not in _AUTHOR_STOP
                )
    return " ".join(tokens)


def first_author_key(authors: list[str]) -> str:
    """Folded surname of the first author, for blocking ('Adeli K.', 'B. Abrahao', 'DoH')."""
    if not authors:
        return ""
    author = authors[0]
    alias = AUTHOR_ALIASES.get(fold(author))
    if alias:
        return alias.split()[0]
    if "," in author:
        words = [w for w in fold(author.split(",", 1)[0]).split() if w not in _AUTHOR_STOP]
        return words[-1] if words else ""
    raw = [w for w in re.split(r"[\s.]+", author) if w]
    if len(raw) > 1 and _INITIALS.match(raw[0]):
        words = fold(raw[-1]).split()
    else:
        words = fold(raw[0]).split() if raw else []
    return words[-1] if words else ""


def journal_key(journal: str | None) -> str:
    """Folded journal name without stop words or years ('2015 fourth international conf')."""
    return " ".join(
        w for w in fold(journal).split() if w not in _JOURNAL_STOP and not _YEAR_WORD.match(w)
    )


_MEETING_WORDS = ("conference", "congress", "meeting", "symposium", "abstracts", "proceedings",
                  "supplement", "annual")  # fmt: skip


def without_meeting_words(journal: str) -> str:
    """'thrombosis haemostasis conference 23rd congress ...' -> 'thrombosis haemostasis': the
    journal whose meeting supplement it is (meeting words cut short as databases do)."""
    kept = []
    for w in journal.split():
        if len(w) >= 4 and any(m.startswith(w) for m in _MEETING_WORDS):
            break
        kept.append(w)
    return " ".join(kept)


def _volume(value: str | None) -> str:
    """Volume number; a year given as the volume ('2018') is no volume."""
    digits = _digits(value)
    return "" if len(digits) == 4 and 1900 <= int(digits) <= 2100 else digits


def journals_compatible(a: str, b: str) -> bool:
    """True if one journal name abbreviates the other ('ann hepatol' ~ 'annals hepatology')."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    # 'icis transforming society ...' ~ 'international conference information systems'
    if _acronym(wa[:1], wb) or _acronym(wb[:1], wa):
        return True
    if len(wa) != len(wb):
        if len(wa) > len(wb):
            wa, wb = wb, wa
        # 'plos one' ~ 'plos one electronic resource', 'bmj' ~ 'bmj clinical research ed'
        return _acronym(wa, wb) or (
            len("".join(wa)) >= 3 and _prefixes(wa, wb[: len(wa)]) and wa[0] == wb[0]
        )
    return _prefixes(wa, wb)


def _prefixes(wa: list[str], wb: list[str]) -> bool:
    for x, y in zip(wa, wb, strict=True):
        short, long = (x, y) if len(x) <= len(y) else (y, x)
        if not long.startswith(short[:4] if len(short) >= 4 else short):
            return False
        if not long.startswith(short) and not _abbrev(short, long):
            return False
    return True


def _abbrev(short: str, long: str) -> bool:
    """'parenter' ~ 'parenteral', 'syst' ~ 'systematic': letters of short appear in order."""
    it = iter(long)
    return short[0] == long[0] and all(c in it for c in short)


def _acronym(short: list[str], long: list[str]) -> bool:
    joined = "".join(short)
    return len(joined) >= 3 and joined == "".join(w[0] for w in long)


def parse_pages(pages: str | None) -> tuple[str, str]:
    """('221', '226') from '221-6', '221--226', 'pp. 221-226'; ('', '') if no page number."""
    if not pages:
        return "", ""
    text = pages.strip().lower()
    text = re.sub(r"^(pp?\.?|pages?)\s*", "", text)
    match = _PAGE.match(text)
    if not match:
        return "", ""
    prefix, start, end = match.group(1) or "", match.group(2), match.group(3)
    if len(prefix) == 1 and prefix not in "es":  # 'c37-c42' (a journal section) ~ '37-42'
        prefix = ""
    start = start.lstrip("0") or "0"
    if end:
        end = end.lstrip("0") or "0"
        if len(end) < len(start):
            end = start[: len(start) - len(end)] + end
        if int(end) < int(start) and len(match.group(3).lstrip("0")) < len(start):
            end = ""
        # a range written in full that ends before it starts ('2297-2108') has a slip in
        # one of its numbers: both are kept, so either can agree with another record
    return prefix + start, (prefix + end) if end else ""


def _digits(value: str | None) -> str:
    if not value:
        return ""
    match = _NUMBER.search(str(value))
    return match.group(0).lstrip("0") if match else ""


def _issue(value: str | None) -> str:
    """Issue number; numbers above 60 are database accession counters, not issues."""
    digits = _digits(value)
    return digits if digits and int(digits) <= 60 else ""


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
    folded = normalize_title(title)
    erratum = (
        bool(ERRATUM.search(folded))
        or bool(title and _ERRATUM_CITE.search(title))
        or (rtype or "").lower() == "erratum"
    )
    cited = citation_tail(title, erratum)
    if cited > 0 and title:
        # the title of an erratum (or comment) and the citation of its article
        erratum = True
        folded = normalize_title(title[:cited])
    if erratum:  # 'erratum: <title of the article>' compares with the article
        bare = _ERRATUM_HEAD.sub("", folded)
        if len(bare) >= 20:
            folded = bare
    jkey = journal_key(journal)
    kind = record_kind(rtype, fold(journal), folded)
    start, end = parse_pages(pages)
    ndoi = normalize_doi(doi) or ""
    if start and not end and len(start) >= 5 and ndoi.endswith(start):
        start = ""  # an article number ('106482' of 10.1016/j.chb.2020.106482), not a page
    tokens = author_tokens(authors)
    filled = sum(1 for v in (title, journal, volume, issue, pages, doi, pmid, isbn, year) if v) + (
        2 if abstract else 0
    )
    return MatchFields(
        record_id=record_id,
        title=folded,
        title_alt=_alternate_title(title),
        title_key=title_key(folded),
        title_numbers=title_numbers(folded),
        authors=" ".join(tokens),
        first_author=first_author_key(authors),
        n_authors=len(authors),
        year=year,
        journal=jkey,
        volume=_volume(volume),
        issue=_issue(issue),
        page_start=start,
        page_end=end,
        doi=ndoi,
        doi_base=_PUB_SUFFIX.sub("", ndoi),
        pmid=normalize_pmid(pmid) or "",
        isbn=re.sub(r"[^0-9x]", "", (isbn or "").lower())[:13],
        kind=kind,
        container=title_key(normalize_title(journal)) if kind == "chapter" else "",
        erratum=erratum,
        generic_title=folded in GENERIC_TITLES
        or len(folded) < 12
        or bool(_GENERIC_PARTS.search(folded) and len(folded) < 70),
        suffix=year_suffix(raw_year, source_record_id),
        richness=filled * 10 + len(authors),
        given_names=given_name_tokens(authors),
        supplement=bool(issue and _SUPPLEMENT_ISSUE.search(issue)) or start[:1] == "s",
        abstract=fold(abstract[: ABSTRACT_KEPT + 100])[:ABSTRACT_KEPT] if abstract else "",
        abstract_end=fold((abstract_end or abstract or "")[-ABSTRACT_END - 100 :])[-ABSTRACT_END:],
        abstract_len=abstract_len if abstract_len is not None else len(abstract or ""),
    )
