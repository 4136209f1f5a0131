"""BibTeX export that this tool's BibTeX importer (and reference managers) read back."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from review.base.models import Record
from review.reporting.exports.ris_writer import ris_type

BIBTEX_TYPES = frozenset(
    "article book booklet conference inbook incollection inproceedings manual mastersthesis "
    "misc online phdthesis proceedings report techreport thesis unpublished".split()
)
FROM_RIS = {
    "JOUR": "article",
    "EJOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "NEWS": "article",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "CONF": "proceedings",
    "CPAPER": "inproceedings",
    "RPRT": "techreport",
    "GOVDOC": "techreport",
    "THES": "phdthesis",
    "UNPB": "unpublished",
    "MANSCPT": "unpublished",
    "ELEC": "online",
    "BLOG": "online",
    "PAMP": "booklet",
}
_IN_BOOK = ("inproceedings", "incollection", "inbook", "conference")
_SPECIAL = re.compile(r"[\\&%$#_{}~]")
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
}
_KEY = re.compile(r"^[A-Za-z0-9_:.+/-]+$")


def bibtex_type(record: Record) -> str:
    kind = (record.type or "").strip()
    if kind.lower() in BIBTEX_TYPES:
        return kind.lower()
    ris = ris_type(record)  # RIS codes, types in words, and the journal's say, read once
    if ris == "GEN":
        return "misc"
    return FROM_RIS.get(ris, "article" if record.journal else "misc")


def latex(text: str) -> str:
    """Text with LaTeX's special characters escaped; one line."""
    return _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], " ".join(text.split()))


def _verbatim(text: str) -> str:
    """URLs, DOIs and numbers are not LaTeX: only braces (which would end the field) change."""
    return text.strip().replace("{", "%7B").replace("}", "%7D")


def _author(name: str) -> str:
    escaped = latex(name)
    return "{" + escaped + "}" if re.search(r"\band\b", name, re.IGNORECASE) else escaped


def bibtex_key(record: Record, used: set[str]) -> str:
    """The record's own identifier if it can be a unique key, else record<record_id>."""
    key = (record.source_record_id or "").strip()
    if not _KEY.match(key) or key in used:
        key = f"record{record.record_id}"
    used.add(key)
    return key


def bibtex_entry(record: Record, key: str, note: str | None = None) -> str:
    entry_type = bibtex_type(record)
    fields: list[tuple[str, str]] = []
    if record.title:
        fields.append(("title", "{" + latex(record.title) + "}"))
    if record.authors:
        fields.append(("author", " and ".join(_author(a) for a in record.authors)))
    if record.year:
        fields.append(("year", str(record.year)))
    if record.journal:
        container = (
            "booktitle"
            if entry_type in _IN_BOOK
            else "howpublished"
            if entry_type in ("misc", "online")
            else "journal"
        )
        fields.append((container, latex(record.journal)))
    for name, value in (
        ("volume", record.volume),
        ("number", record.issue),
        ("pages", record.pages.replace("-", "--") if record.pages else None),
        ("publisher", record.publisher),
        ("language", record.language),
        ("keywords", "; ".join(record.keywords) if record.keywords else None),
        ("abstract", record.abstract),
    ):
        if value:
            fields.append((name, latex(value)))
    for name, value in (
        ("doi", record.doi),
        ("pmid", record.pmid),
        ("issn", record.issn),
        ("isbn", record.isbn),
        ("url", record.url),
        ("urldate", record.accessed),
    ):
        if value:
            fields.append((name, _verbatim(value)))
    remark = f"review record_id {record.record_id}; source {record.source_name}"
    fields.append(("note", latex(remark + (f"; {note}" if note else ""))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}\n"


def write_bibtex(handle: TextIO, records: Iterable[tuple[Record, str | None]]) -> int:
    """Write records as UTF-8 BibTeX entries; returns how many."""
    used: set[str] = set()
    count = 0
    for record, note in records:
        handle.write(bibtex_entry(record, bibtex_key(record, used), note) + "\n")
        count += 1
    return count
