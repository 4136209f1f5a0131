"""Plain data types of the domain: records, sources, decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOURCE_KINDS = ("database", "register", "website", "organisation", "citation", "other")
DECISIONS = ("include", "exclude", "unsure")
STAGES = ("title-abstract", "full-text")

# Normalised bibliographic fields every importer fills where the file has them.
RECORD_FIELDS = (
    "title",
    "abstract",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "issn",
    "isbn",
    "keywords",
    "url",
    "type",
    "language",
    "publisher",
)


@dataclass(slots=True)
class ParsedRecord:
    """One record as read from a file, before it is stored."""

    position: int
    line: int | None = None
    source_record_id: str | None = None
    title: str | None = None
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    issn: str | None = None
    isbn: str | None = None
    keywords: list[str] = field(default_factory=list)
    url: str | None = None
    type: str | None = None
    language: str | None = None
    publisher: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    # The record's own text in the file (line-based formats such as RIS), kept verbatim so the
    # tag dictionary can be re-read from it instead of being stored a second time as JSON.
    original: str | None = None


@dataclass(slots=True)
class Record:
    """A stored record with its project identifier and source."""

    record_id: int
    source_id: int
    source_name: str
    position: int
    source_record_id: str | None
    title: str | None
    abstract: str | None
    authors: list[str]
    year: int | None
    journal: str | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str | None
    issn: str | None
    isbn: str | None
    keywords: list[str]
    url: str | None
    type: str | None
    language: str | None
    publisher: str | None
    raw: dict[str, Any]
    original: str | None = None

    @property
    def accessed(self) -> str | None:
        """The date a web page or report was accessed: given by hand, or a RIS 'Y2' (access
        date) or BibTeX 'urldate' field."""
        for key in ("accessed", "Y2", "urldate"):
            value = self.raw.get(key) if isinstance(self.raw, dict) else None
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None


@dataclass(slots=True)
class Source:
    """One imported file or hand-entry batch, as logged in the search log."""

    source_id: int
    name: str
    kind: str
    searched: str | None
    query: str | None
    file_name: str | None
    sha256: str | None
    format: str | None
    records_read: int
    reported_count: int | None
    imported_at: str
    records: int = 0


@dataclass(slots=True)
class Decision:
    """One reviewer's decision on one record at one stage (append-only)."""

    decision_id: int
    record_id: int
    stage: str
    reviewer: str
    decision: str | None
    reason: str | None
    note: str | None
    time: str
