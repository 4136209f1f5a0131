"""Which column of a CSV table holds which field: header names per database, --map choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.models import RECORD_FIELDS

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


@dataclass
class Columns:
    """Which column index holds each field of a table."""

    header: list[str]
    single: dict[str, int] = field(default_factory=dict)
    keywords: list[int] = field(default_factory=list)
    page_start: int | None = None
    page_end: int | None = None
    mapped: set[str] = field(default_factory=set)


def norm(name: str) -> str:
    """A header name for alias matching: lower case, single spaces, no quotes or BOM."""
    return " ".join(name.replace("\ufeff", "").strip().strip('"').lower().split())


def resolve_columns(
    header: list[str], mapping: Mapping[str, str], path: Path, line: int = 1
) -> Columns:
    """Columns for each field from --map choices first, then header aliases."""
    columns = Columns(header=header)
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(norm(name), index)
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
    index = header.index(column) if column in header else by_name.get(norm(column))
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
