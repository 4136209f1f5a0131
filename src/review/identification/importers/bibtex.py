"""BibTeX importer: entries read in one linear pass, LaTeX decoded, bad entries warned."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from review.base.models import ParsedRecord
from review.base.normalize import (
    clean_text,
    issn_of,
    normalize_doi,
    normalize_pmid,
    parse_year,
    split_list,
)
from review.identification.importers.base import Warnings, gc_paused, no_warnings
from review.identification.importers.bibtex_latex import latex_to_text, unescape_verbatim
from review.identification.importers.bibtex_scan import Entry, Scanner
from review.identification.importers.csv_table import header_names_a_title

# '@article{key,' (or '@article{,' and '@article{ title =': entries without a key) at a
# line's start.
_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]\w*[ \t]*[{(][ \t\r\n]*[^\s,={}()\"#]*[ \t\r\n]*[,=]",
                    re.MULTILINE)  # fmt: skip
_DASHES = re.compile(r"\s*[-\u2010-\u2015]+\s*")
# Fields whose content is not LaTeX: decoding would eat '%' (a LaTeX comment) or '~'.
_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pmid", "isbn", "issn"})
_CONTAINER = ("journal", "journaltitle", "booktitle", "howpublished")
_PUBLISHER = ("publisher", "institution", "school", "organization")
# Words that join the parts of an organisation's name, never a person's ('Group on Primary
# Care', 'Department of Health').
_ORGANISATION = re.compile(r" (of|on|for|the|in) ")
_WEB_ADDRESS = re.compile(r"(https?|ftp)://\S+$|www\.\S+$", re.IGNORECASE)
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_HELD = re.compile(r"URLHELD(\d+)Z")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def detect(text: str, path: Path) -> bool:
    """True if some line starts an entry such as '@article{key,' and the file is not a table
    whose header names a title column (a CSV title may begin '@Home (2020),')."""
    if not _ENTRY.search(text[:1_000_000]):
        return False
    first = next((ln for ln in text[:20_000].splitlines() if ln.strip()), "")
    return first.lstrip().startswith(("@", "%")) or not header_names_a_title(text)


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """All entries of a BibTeX file; an entry or field that cannot be read is skipped with a
    warning (refused under --strict), a file cut inside its last entry is refused."""
    warnings = no_warnings(warnings, path)
    with gc_paused():
        scanner = Scanner(text, path, warnings)
        entries: list[Entry | None] = list(scanner.entries())
        records = []
        for index, entry in enumerate(entries):
            entries[index] = None  # each entry let go once its record is made (peak memory)
            records.append(_record(entry, index + 1))  # type: ignore[arg-type]
    _check_coverage(text, scanner.covered, len(records), warnings)
    return records


def _check_coverage(text: str, covered: int, records: int, warnings: Warnings) -> None:
    """Warn when most of a sizeable file lies outside its entries (text BibTeX ignores)."""
    size = len(text) - text.count(" ") - text.count("\n")
    if records and size > 2000 and covered < size // 2:
        share = 100 * covered // max(size, 1)
        warnings.add(f"only {share}% of the file is in its {records} BibTeX entries; the rest "
                     "was skipped as text between entries", loss=False)  # fmt: skip


def _decoded(name: str, value: str) -> str:
    """A field's text: verbatim fields unescaped, the rest LaTeX decoded ('\\url{...}'
    addresses kept as written)."""
    if name in _VERBATIM:
        return unescape_verbatim(value)
    if "\\url" not in value:
        return latex_to_text(value)
    urls: list[str] = []

    def hold(match: re.Match[str]) -> str:
        urls.append(unescape_verbatim(match.group(1)))
        return f"URLHELD{len(urls) - 1}Z"

    decoded = latex_to_text(_URL_COMMAND.sub(hold, value))
    return _HELD.sub(lambda m: urls[int(m.group(1))], decoded)


def _split_names(value: str) -> list[str]:
    """A raw author value split at ' and ' outside braces ('{A and B}' is one name)."""
    names, start, depth, last = [], 0, 0, 0
    for match in _AND.finditer(value):
        depth += value.count("{", last, match.start()) - value.count("}", last, match.start())
        last = match.start()
        if depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [name for name in (clean_text(latex_to_text(n)) for n in names) if name]


def _names(value: str | None) -> list[str]:
    """Author names as written, one per person; an organisation written without braces
    ('Centre for Reviews and Dissemination') is one name, not two split at its 'and'."""
    names = _split_names(value) if value else []
    if len(names) > 1 and any(map(_ORGANISATION.search, names)):
        parts = ("," not in n or _ORGANISATION.search(n) or n.startswith("the ") for n in names)
        if all(parts):  # no 'Surname, Given' person among them
            return [" and ".join(names)]
    return names


def _text(fields: dict[str, str], *names: str) -> str | None:
    """Cleaned text of the first named field that has a value."""
    for name in names:
        value = fields.get(name)
        text = clean_text(value) if value is not None else None
        if text:
            return text
    return None


def _record(entry: Entry, position: int) -> ParsedRecord:
    """A ParsedRecord from one entry; its original fields as written."""
    fields: dict[str, str] = {}
    raw: dict[str, str] = {"ENTRYTYPE": entry.kind, "ID": entry.key or ""}
    authors = None
    for name, value, written in entry.fields:
        if name not in fields:  # a repeated field: the first wins
            fields[name] = value if name == "author" else _decoded(name, value)
            raw[name] = written.strip()
            if name == "author":
                authors = value
    published = _text(fields, "howpublished")
    if published and _WEB_ADDRESS.match(published):  # '\\url{...}': an address, no container
        fields.pop("howpublished")
    else:
        published = None
    pages = _text(fields, "pages")
    return ParsedRecord(
        position=position,
        line=entry.line,
        source_record_id=clean_text(entry.key),
        title=_text(fields, "title"),
        abstract=_text(fields, "abstract"),
        authors=_names(authors),
        year=parse_year(_text(fields, "year", "date")),
        journal=_text(fields, *_CONTAINER),
        volume=_text(fields, "volume"),
        issue=_text(fields, "number", "issue"),
        pages=_DASHES.sub("-", pages) if pages else None,
        doi=normalize_doi(_text(fields, "doi")),
        pmid=normalize_pmid(_text(fields, "pmid")),
        issn=issn_of(_text(fields, "issn")),
        isbn=_text(fields, "isbn"),
        keywords=split_list(_text(fields, "keywords", "keyword"), ",;"),
        url=_text(fields, "url") or published,
        type=clean_text(entry.kind),
        language=_text(fields, "language", "langid"),
        publisher=_text(fields, *_PUBLISHER),
        raw=raw,
    )
