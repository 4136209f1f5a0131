"""Which column of a CSV table holds which field: header names per database, --map choices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from review.base.errors import ImportFormatError
from review.base.models import RECORD_FIELDS

# Header names per field, best first, as databases and managers name them (compared in lower
# case with '_' and '.' as spaces: 'Publication_Year' is 'publication year').
_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "primary title", "article title", "document title", "item title",
              "paper title", "title of article", "titles", "ti"),
    "abstract": ("abstract", "abstract note", "notes abstract", "abstracts", "ab"),
    "authors": ("authors", "author", "author names", "author(s)", "author name",
                "author full names", "authors full name", "author/s", "authorstring",
                "author string", "first authors", "creators", "creator", "contributors",
                "authorships author display name", "first author", "au"),
    "year": ("year", "publication year", "pubyear", "pub year", "published year",
             "year of publication", "year published", "py", "date", "publication date",
             "date published", "published date", "publication yr"),
    "journal": ("journal", "source title", "journal/book", "secondary title", "publication title",
                "journal title", "journal name", "journaltitle", "container title",
                "container-title", "alternate title3", "publication", "periodical", "source",
                "primary location source display name", "book series title", "so", "t2", "jo",
                "jf"),
    "volume": ("volume", "vol", "journal volume", "journalvolume", "volume number",
               "biblio volume", "vl"),
    "issue": ("issue", "number", "issue number", "journal issue", "biblio issue", "is"),
    "pages": ("pages", "page", "pagination", "page numbers", "page range", "pageinfo",
              "page info", "pg"),
    "doi": ("doi", "item doi", "digital object identifier", "digital object identifier (doi)",
            "doi link", "doi url", "doi number", "article doi", "di", "do"),
    "pmid": ("pmid", "pubmed id", "pubmedid", "medline pmid", "pubmed identifier", "pm"),
    "issn": ("issn", "issns", "journal issn", "journalissn", "print issn", "issn (print)",
             "eissn", "electronic issn", "sn"),
    "isbn": ("isbn", "isbns", "print isbn", "electronic isbn", "bn"),
    "keywords": ("keywords", "author keywords", "index keywords", "keywords plus",
                 "emtree terms", "emtree medical index terms", "emtree drug index terms",
                 "emtree medical index terms (major focus)",
                 "emtree drug index terms (major focus)",
                 "mesh terms", "mesh headings", "ieee terms", "inspec controlled terms",
                 "subject terms", "subjects", "fields of study", "manual tags", "automatic tags",
                 "kw", "de"),
    "url": ("url", "link", "links", "urls", "article url", "articleurl", "open url link",
            "pdf link", "full text link", "source urls", "external url", "ur"),
    "type": ("type", "document type", "type of reference", "publication type", "item type",
             "reference type", "content type", "pubtype", "pub type", "ty", "dt", "pt"),
    "language": ("language", "language of original document", "languages", "la"),
    "publisher": ("publisher", "publisher name", "pb", "pu"),
    "id": ("id", "record id", "key", "eid", "accession number", "embase accession id",
           "ut (unique wos id)", "ut", "citation key", "covidence #", "pmid", "pubmed id"),
}  # fmt: skip
PAGE_START = ("page start", "start page", "first page", "beginning page", "startpage", "sp", "bp")
PAGE_END = ("page end", "end page", "last page", "ending page", "endpage", "ep")
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
    citation: int | None = None  # PubMed's 'Citation' column


def norm(name: str) -> str:
    """A header name for alias matching: lower case, '_' and '.' as spaces, single spaces, no
    quotes or BOM."""
    name = name.replace("\ufeff", "").strip().strip('"').lower()
    return " ".join(name.replace("_", " ").replace(".", " ").split())


ALIASES = {field: tuple(dict.fromkeys(map(norm, names))) for field, names in _NAMES.items()}


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
    columns.citation = by_name.get("citation")
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
