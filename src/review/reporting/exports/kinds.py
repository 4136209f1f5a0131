"""What can be exported and in which formats (no imports: the CLI's parser reads it for --help)."""

from __future__ import annotations

from collections.abc import Sequence

FORMATS = ("csv", "ris", "bibtex", "parquet", "md")
EXTENSIONS = {"csv": "csv", "ris": "ris", "bibtex": "bib", "parquet": "parquet", "md": "md"}
ALLOWED = {
    "included": ("csv", "ris", "bibtex", "parquet", "md"),
    "records": ("csv", "ris", "bibtex", "parquet", "md"),
    "decisions": ("csv", "parquet", "md"),
    "clusters": ("csv", "parquet", "md"),
    "appraisals": ("csv", "parquet", "md"),
}


def export_kinds() -> tuple[str, ...]:
    """What can be exported."""
    return tuple(ALLOWED)


def formats_for(what: str) -> Sequence[str]:
    return ALLOWED.get(what, FORMATS)
