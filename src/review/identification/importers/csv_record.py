"""One CSV row as a ParsedRecord: the cells of the chosen columns, a citation cell taken apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from review.base.models import ParsedRecord
from review.base.normalize import (
    clean_text,
    issn_of,
    join_pages,
    normalize_doi,
    normalize_pmid,
    parse_year,
)
from review.identification.importers.csv_columns import Columns
from review.identification.importers.csv_lists import split_authors, split_terms

# Embase 'Source': "Cancer (2004) 102:4 (253-258). Date of Publication: 25 Aug 2004".
_EMBASE_SOURCE = re.compile(
    r"^(?P<journal>.+?)\s+\((?P<year>\d{4})\)"
    r"(?:\s+(?P<volume>[^\s:(]+)(?::(?P<issue>[^\s(]+))?)?"
    r"(?:\s+\((?P<pages>[^)]*)\))?"
)
# PubMed 'Citation': "Eur J Sport Sci. 2022 Mar;25(3):181-188. doi: ...".
_PUBMED_CITATION = re.compile(
    r";\s*(?P<volume>[^\s(:;.]+)?(?:\((?P<issue>[^)]+)\))?:(?P<pages>[^.;\s]+)"
)


def _cell(cells: list[str], index: int | None) -> str | None:
    """Cleaned text of one cell; a missing cell (short row) is None."""
    if index is None or index >= len(cells):
        return None
    return clean_text(cells[index])


def _get(cells: list[str], columns: Columns, name: str) -> str | None:
    """Cleaned text of the column chosen for a field."""
    return _cell(cells, columns.single.get(name))


def _get_raw(cells: list[str], columns: Columns, name: str) -> str | None:
    """A cell as written (newlines kept), for values split into lists."""
    index = columns.single.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def _keywords(cells: list[str], columns: Columns) -> list[str]:
    """Keywords from all keyword columns, without repeats (case-insensitive)."""
    seen: dict[str, str] = {}
    for index in columns.keywords:
        for term in split_terms(_cell(cells, index)):
            seen.setdefault(term.lower(), term)
    return list(seen.values())


def _pages(cells: list[str], columns: Columns) -> str | None:
    """Pages from a pages column, or joined from start and end page columns."""
    if "pages" in columns.single:
        return _get(cells, columns, "pages")
    return join_pages(_cell(cells, columns.page_start), _cell(cells, columns.page_end))


def _doi(cells: list[str], columns: Columns, url: str | None) -> str | None:
    """DOI from its column, else from a 'doi:' or 'doi=' parameter of the link."""
    doi = normalize_doi(_get(cells, columns, "doi"))
    if doi or not url:
        return doi
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() == "doi" or value.lower().startswith("doi:"):
            found = normalize_doi(unquote(value))
            if found:
                return found
    return None


def _raw(cells: list[str], header: list[str]) -> dict[str, object]:
    """Header -> cell verbatim; cells beyond the header are kept under '_extra'."""
    raw: dict[str, object] = {}
    for index, name in enumerate(header):
        key = name or f"column {index + 1}"
        if key in raw:
            key = f"{key} ({index + 1})"
        raw[key] = cells[index] if index < len(cells) else ""
    if len(cells) > len(header):
        raw["_extra"] = cells[len(header) :]
    return raw


@dataclass
class _Citation:
    """Journal details recovered from a combined citation cell."""

    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None


def _citation(cells: list[str], columns: Columns) -> _Citation:
    """Details from an Embase 'Source' or a PubMed 'Citation' cell, when present."""
    journal = _get(cells, columns, "journal")
    if journal and "journal" not in columns.mapped:
        match = _EMBASE_SOURCE.match(journal)
        if match:
            parts = match.groupdict()
            return _Citation(
                journal=clean_text(parts["journal"]),
                year=parse_year(parts["year"]),
                volume=parts["volume"],
                issue=parts["issue"],
                pages=clean_text(parts["pages"]),
            )
    if columns.citation is not None:
        match = _PUBMED_CITATION.search(_cell(cells, columns.citation) or "")
        if match:
            return _Citation(journal, None, match["volume"], match["issue"], match["pages"])
    return _Citation(journal=journal)


def record_of(cells: list[str], columns: Columns, position: int, line: int) -> ParsedRecord:
    """A ParsedRecord from one data row."""
    cited = _citation(cells, columns)
    url = _get(cells, columns, "url")
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=_get(cells, columns, "id"),
        title=_get(cells, columns, "title"),
        abstract=_get(cells, columns, "abstract"),
        authors=split_authors(_get_raw(cells, columns, "authors")),
        year=parse_year(_get(cells, columns, "year")) or cited.year,
        journal=cited.journal,
        volume=_get(cells, columns, "volume") or cited.volume,
        issue=_get(cells, columns, "issue") or cited.issue,
        pages=_pages(cells, columns) or cited.pages,
        doi=_doi(cells, columns, url),
        pmid=normalize_pmid(_get(cells, columns, "pmid")),
        issn=issn_of(_get(cells, columns, "issn")),
        isbn=_get(cells, columns, "isbn"),
        keywords=_keywords(cells, columns),
        url=url,
        type=_get(cells, columns, "type"),
        language=_get(cells, columns, "language"),
        publisher=_get(cells, columns, "publisher"),
        raw=_raw(cells, columns.header),
    )
