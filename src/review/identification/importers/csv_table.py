"""CSV table importer (Scopus, Embase, PubMed, ASReview, generic) with header aliases."""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from review.base.errors import ImportFormatError
from review.base.models import RECORD_FIELDS, ParsedRecord
from review.base.normalize import (
    clean_text,
    issn_of,
    join_pages,
    normalize_doi,
    normalize_pmid,
    parse_year,
    split_list,
)

DELIMITERS = ",;\t"
# Case-insensitive header names per field, best first.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "primary_title",
        "primary title",
        "article title",
        "document title",
        "item title",
        "ti",
    ),
    "abstract": ("abstract", "abstract_note", "abstract note", "notes_abstract", "ab"),
    "authors": (
        "authors",
        "author",
        "author names",
        "author(s)",
        "author name",
        "first_authors",
        "creators",
        "first author",
        "au",
    ),
    "year": (
        "year",
        "publication year",
        "publication_year",
        "pubyear",
        "py",
        "year published",
        "date",
        "publication date",
        "pub year",
        "pub_year",
    ),
    "journal": (
        "journal",
        "source title",
        "journal/book",
        "secondary_title",
        "secondary title",
        "publication title",
        "journal title",
        "journal name",
        "journal_name",
        "alternate_title3",
        "publication",
        "source",
        "so",
        "t2",
    ),
    "volume": ("volume", "vol", "vl"),
    "issue": ("issue", "number", "issue number", "is"),
    "pages": ("pages", "page", "pagination", "page numbers", "pg"),
    "doi": ("doi", "digital object identifier", "doi link", "doi url", "di"),
    "pmid": ("pmid", "pubmed id", "pubmed_id", "pubmedid", "pm"),
    "issn": ("issn", "sn"),
    "isbn": ("isbn", "bn"),
    "keywords": (
        "keywords",
        "author keywords",
        "index keywords",
        "emtree terms",
        "emtree medical index terms",
        "emtree drug index terms",
        "emtree medical index terms (major focus)",
        "emtree drug index terms (major focus)",
        "mesh terms",
        "mesh headings",
        "manual tags",
        "automatic tags",
        "kw",
        "de",
    ),
    "url": ("url", "link", "links", "urls", "open url link"),
    "type": (
        "type",
        "document type",
        "type_of_reference",
        "publication type",
        "item type",
        "reference type",
        "ty",
        "dt",
        "pt",
    ),
    "language": ("language", "language of original document", "la"),
    "publisher": ("publisher", "pb", "pu"),
    "id": (
        "id",
        "record_id",
        "record id",
        "key",
        "eid",
        "accession number",
        "ut (unique wos id)",
        "ut",
        "citation key",
        "pmid",
        "pubmed id",
    ),
}
PAGE_START = ("page start", "start_page", "start page", "first page", "sp", "bp")
PAGE_END = ("page end", "end_page", "end page", "last page", "ep")
MAPPABLE = (*RECORD_FIELDS, "id")

_INITIALS = r"(?:[A-Z][a-z]?\.?[\s-]*){1,4}"
_NAME_WITH_INITIALS = re.compile(rf"^\S.*?\s{_INITIALS}$")
_INITIALS_ONLY = re.compile(rf"^{_INITIALS}$")
_ET_AL = re.compile(r"^et\.? al\.?$", re.IGNORECASE)
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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FIELD_LIMIT = 64 * 1024 * 1024
_SNIFF_SIZE = 4096
_MAX_COLUMNS = 1000
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Columns:
    """Which column index holds each field of a table."""

    header: list[str]
    single: dict[str, int] = field(default_factory=dict)
    keywords: list[int] = field(default_factory=list)
    page_start: int | None = None
    page_end: int | None = None
    mapped: set[str] = field(default_factory=set)


def detect(text: str, path: Path) -> bool:
    """True if the first line looks like a CSV header (checked last, so lenient)."""
    line = _first_line(text)
    if not line or _CONTROL.search(line):
        return False
    delimiter = _delimiter(text)
    if delimiter not in line:
        return False
    try:
        header = next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return False
    names = [_norm(name) for name in header]
    if any(name in ALIASES["title"] for name in names):
        return True
    named = [name for name in names if name]
    plausible = all(len(name) <= 120 and _LETTER.search(name) for name in named)
    return 2 <= len(named) <= _MAX_COLUMNS and plausible and _parses(text, delimiter)


def parse(text: str, path: Path, mapping: Mapping[str, str]) -> list[ParsedRecord]:
    """Every non-empty data row as a record; the header names the fields."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(min(_FIELD_LIMIT, sys.maxsize))
    rows = _rows(text, path, _delimiter(text))
    header_line, header = next(rows, (1, []))
    columns = resolve_columns(header, mapping, path, header_line)
    records = []
    for line, cells in rows:
        if any(cell.strip() for cell in cells):
            records.append(_record(cells, columns, len(records) + 1, line))
    return records


def _first_line(text: str) -> str:
    """The first non-blank line of the text."""
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return line.rstrip("\r\n")
    return ""


def _norm(name: str) -> str:
    """A header name for alias matching: lower case, single spaces, no quotes or BOM."""
    return " ".join(name.replace("\ufeff", "").strip().strip('"').lower().split())


def _delimiter(text: str) -> str:
    """The delimiter most used in the header line; csv.Sniffer breaks ties."""
    line = _first_line(text)
    counts = {d: _count_unquoted(line, d) for d in DELIMITERS}
    ranked = sorted(DELIMITERS, key=lambda d: counts[d], reverse=True)
    if counts[ranked[0]] > counts[ranked[1]]:
        return ranked[0]
    try:
        # A small sample: Sniffer's regular expressions are slow on long odd input.
        return csv.Sniffer().sniff(text[:_SNIFF_SIZE], delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _count_unquoted(line: str, delimiter: str) -> int:
    """How often a delimiter occurs outside double-quoted parts of a line."""
    return sum(part.count(delimiter) for part in line.split('"')[::2])


def _parses(text: str, delimiter: str) -> bool:
    """True if the first rows read as CSV without error."""
    reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter)
    try:
        for _, _row in zip(range(20), reader, strict=False):
            pass
    except csv.Error:
        return False
    return True


def _rows(text: str, path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the row starts, cells) for every row; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFormatError(
                path,
                f"row cannot be read as CSV ({exc}); check the quotes in this row "
                f"(reading stopped at line {reader.line_num})",
                line=start,
            ) from None
        if row:
            yield start, row


def resolve_columns(
    header: list[str], mapping: Mapping[str, str], path: Path, line: int = 1
) -> Columns:
    """Columns for each field from --map choices first, then header aliases."""
    columns = Columns(header=header)
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(_norm(name), index)
    for name, column in mapping.items():
        _apply_mapping(columns, name, column, header, by_name, path, line)
    _apply_aliases(columns, by_name)
    if "title" not in columns.single:
        seen = ", ".join(repr(h) for h in header) or "none"
        if not mapping and not columns.single and len(header) < 3:
            # no column of a reference list at all, and hardly a table: plain text, say so
            raise ImportFormatError(
                path,
                "format not recognised (expected RIS, PubMed/nbib, BibTeX, EndNote XML, Web of "
                f"Science, Ovid or a CSV table of references); it starts with {seen}",
                line=line,
            )
        raise ImportFormatError(
            path,
            f"no title column found (columns seen: {seen}); name it with --map title=COLUMN",
            line=line,
        )
    return columns


def _apply_mapping(
    columns: Columns,
    name: str,
    column: str,
    header: list[str],
    by_name: dict[str, int],
    path: Path,
    line: int,
) -> None:
    """Record one --map field=column choice, or explain why it cannot apply."""
    target = "id" if name == "source_record_id" else name
    if target not in MAPPABLE:
        raise ImportFormatError(
            path, f"--map {name}={column}: unknown field; choose from {', '.join(MAPPABLE)}"
        )
    index = header.index(column) if column in header else by_name.get(_norm(column))
    if index is None:
        available = ", ".join(repr(h) for h in header)
        raise ImportFormatError(
            path,
            f"--map {name}={column}: the file has no column {column!r}; "
            f"available columns: {available}",
            line=line,
        )
    columns.mapped.add(target)
    if target == "keywords":
        columns.keywords = [index]
    else:
        columns.single[target] = index


def _apply_aliases(columns: Columns, by_name: dict[str, int]) -> None:
    """Fill fields not chosen by --map from the first matching header alias."""
    for name, aliases in ALIASES.items():
        if name in columns.mapped:
            continue
        if name == "keywords":
            found = (by_name[a] for a in aliases if a in by_name)
            columns.keywords = list(dict.fromkeys(found))
            continue
        index = next((by_name[a] for a in aliases if a in by_name), None)
        if index is not None:
            columns.single[name] = index
    if _is_wos_tabbed(by_name) and "id" not in columns.mapped:
        # Web of Science tab-delimited: 'ID' is Keywords Plus, 'UT' the accession number.
        columns.single["id"] = by_name["ut"]
        if "keywords" not in columns.mapped:
            columns.keywords = list(dict.fromkeys([*columns.keywords, by_name["id"]]))
    if "pages" not in columns.single:
        columns.page_start = next((by_name[a] for a in PAGE_START if a in by_name), None)
        columns.page_end = next((by_name[a] for a in PAGE_END if a in by_name), None)


def _is_wos_tabbed(by_name: dict[str, int]) -> bool:
    """True for a Web of Science tab-delimited export (two-letter field tags)."""
    return {"pt", "au", "ti", "ut", "id"} <= by_name.keys()


def _cell(cells: list[str], index: int | None) -> str | None:
    """Cleaned text of one cell; a missing cell (short row) is None."""
    if index is None or index >= len(cells):
        return None
    return clean_text(cells[index])


def _get(cells: list[str], columns: Columns, name: str) -> str | None:
    """Cleaned text of the column chosen for a field."""
    return _cell(cells, columns.single.get(name))


def _literal_list(value: str) -> list[str] | None:
    """Items of a Python-style list literal such as "['Marx, Karl', 'Lindgren, Astrid']"."""
    if not (value.startswith("[") and value.endswith("]")):
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(parsed, (list, tuple)):
        return None
    return [text for text in (clean_text(str(v)) for v in parsed) if text]


_INITIALS_FIRST = re.compile(r"^(?:[A-Z][a-z]?\.[\s-]*)+[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)*$")


def split_authors(value: str | None) -> list[str]:
    """Author names from one cell: ';' or newline lists, or comma lists of 'Surname I.'."""
    text = (value or "").strip()
    if not text:
        return []
    listed = _literal_list(text)
    if listed is not None:
        return listed
    if ";" in text or "\n" in text:
        return split_list(text, ";\n")
    by_and = [p.strip() for p in text.split(" and ")]
    if len(by_and) > 1 and all(p.count(",") == 1 for p in by_and):
        return by_and  # 'Smith, J. and Jones, K.' (BibTeX style, e.g. Rayyan)
    initials_first = [p.strip() for p in re.split(r",\s*|\s+and\s+", text) if p.strip()]
    if len(initials_first) > 1 and all(_INITIALS_FIRST.match(p) for p in initials_first):
        return initials_first  # 'R. L. Whistler, A. Smith and W. C. Lake' (EndNote, ASReview)
    if "," in text:
        return _split_comma_names(text)
    return [clean_text(text) or text]


def _split_comma_names(text: str) -> list[str]:
    """'Smith J., Jones K.L.', 'Smith J, Jones KL.' or 'Smith, J., Jones, K.' as a list."""
    pieces = [p for p in (clean_text(x) for x in text.split(",")) if p and not _ET_AL.match(p)]
    if pieces and all(_NAME_WITH_INITIALS.match(p) for p in pieces):
        if not any("." in p for p in pieces[:-1]):
            pieces[-1] = pieces[-1].removesuffix(".")  # PubMed ends its list with a full stop
        return pieces
    odd = pieces[1::2]
    if len(pieces) % 2 == 0 and all(_INITIALS_ONLY.match(p) for p in odd):
        return [f"{a}, {b}" for a, b in zip(pieces[::2], odd, strict=True)]
    return [clean_text(text) or text]


def split_terms(value: str | None) -> list[str]:
    """Keywords from one cell: list literal, ';'-separated, else ',' outside brackets."""
    text = (value or "").strip()
    if not text:
        return []
    listed = _literal_list(text)
    if listed is not None:
        return listed
    if ";" in text:
        return split_list(text, ";")
    return [t for t in (clean_text(x) for x in _split_outside_brackets(text)) if t]


def _split_outside_brackets(text: str) -> list[str]:
    """Split on commas that are not inside (...) or [...]."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


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
    header = [_norm(h) for h in columns.header]
    if "citation" in header:
        match = _PUBMED_CITATION.search(_cell(cells, header.index("citation")) or "")
        if match:
            return _Citation(journal, None, match["volume"], match["issue"], match["pages"])
    return _Citation(journal=journal)


def _record(cells: list[str], columns: Columns, position: int, line: int) -> ParsedRecord:
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


def _get_raw(cells: list[str], columns: Columns, name: str) -> str | None:
    """A cell as written (newlines kept), for values split into lists."""
    index = columns.single.get(name)
    return cells[index] if index is not None and index < len(cells) else None
