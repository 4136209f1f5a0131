"""BibTeX importer built on bibtexparser v2, with LaTeX accents decoded."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    SeparateCoAuthors,
    default_parse_stack,
)
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.base.normalize import (
    clean_text,
    issn_of,
    normalize_doi,
    normalize_pmid,
    parse_year,
    split_list,
)
from review.identification.importers.bibtex_concat import ResolveConcatenation

# bibtexparser logs every syntax problem as a warning; we report them as errors instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

_DETECT = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)
_DASHES = re.compile(r"\s*[-\u2010-\u2015]+\s*")
# Fields whose content is not LaTeX: decoding would eat '%' (a LaTeX comment) or '~'.
_VERBATIM = frozenset({"url", "doi", "eprint", "file", "pmid", "isbn", "issn"})
_ESCAPED = re.compile(r"\\([_%&#$~])")
_CONTAINER = ("journal", "journaltitle", "booktitle", "howpublished")
_PUBLISHER = ("publisher", "institution", "school", "organization")
# Repeated keys are legal in our imports; bibtexparser needs unique keys while parsing.
_DUP_MARK = "\x00dup"


class _DecodeLatex(LatexDecodingMiddleware):
    """LaTeX decoding that leaves verbatim fields (URLs, DOIs) untouched."""

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        """Decode every field except the verbatim ones, which keep their text, and the
        addresses inside '\\url{...}', which are not LaTeX either ('~', '%')."""
        kept = {f.key: f.value for f in entry.fields if f.key.lower() in _VERBATIM}
        urls: list[str] = []
        for field in entry.fields:
            if field.key not in kept and isinstance(field.value, str) and "\\url" in field.value:
                field.value = _URL_COMMAND.sub(lambda m: _hold(urls, m.group(1)), field.value)
        block = super().transform_entry(entry, library)
        target = block.ignore_error_block if isinstance(block, MiddlewareErrorBlock) else block
        for field in getattr(target, "fields", []):
            if field.key in kept:
                field.value = kept[field.key]
            elif urls and isinstance(field.value, str):
                field.value = _HELD.sub(lambda m: urls[int(m.group(1))], field.value)
        return block


# Words that join the parts of an organisation's name, never a person's ('Group on Primary
# Care', 'Department of Health').
_ORGANISATION = re.compile(r" (of|on|for|the|in) ")
_WEB_ADDRESS = re.compile(r"(https?|ftp)://\S+$|www\.\S+$", re.IGNORECASE)
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
_HELD = re.compile(r"URLHELD(\d+)Z")


def _hold(urls: list[str], address: str) -> str:
    urls.append(_ESCAPED.sub(r"\1", address))
    return f"URLHELD{len(urls) - 1}Z"


def _middlewares() -> list[Middleware]:
    """Parse stack: resolve @strings (also joined with '#'), drop outer delimiters, decode
    LaTeX, split names."""
    return [
        ResolveConcatenation(),
        *default_parse_stack(allow_inplace_modification=True),
        # Braced groups are kept until the names are split, so {A and B} stays one name.
        _DecodeLatex(keep_braced_groups=True),
        SeparateCoAuthors(allow_inplace_modification=True),
    ]


def detect(text: str, path: Path) -> bool:
    """True if some line starts a BibTeX entry such as '@article{'."""
    return bool(_DETECT.search(text))


def parse(text: str, path: Path, mapping: Mapping[str, str]) -> list[ParsedRecord]:
    """All entries of a BibTeX file; a malformed entry raises ImportFormatError."""
    split = bibtexparser.parse_string(text, parse_stack=[])
    blocks = _unwrap(split.blocks, text, path)
    for block in blocks:  # field names in any case ('AUTHOR' is 'author' for the name splitter)
        if isinstance(block, Entry):
            for field in block.fields:
                field.key = field.key.lower()
    verbatim = {b.key: _as_written(b) for b in blocks if isinstance(b, Entry)}
    library = Library(blocks, fail_on_duplicate_key=False)
    for middleware in _middlewares():
        library = middleware.transform(library)
    for block in library.failed_blocks:
        raise _failure(block, text, path)
    return [
        _record(entry, n, verbatim.get(entry.key, {}))
        for n, entry in enumerate(library.entries, start=1)
    ]


def _as_written(entry: Entry) -> dict[str, str]:
    """Field name (lower case) -> its value as written in the file (LaTeX and all), without
    the outer braces or quotes; for repeated fields the first wins."""
    found: dict[str, str] = {}
    for field in entry.fields:
        value = field.value if isinstance(field.value, str) else str(field.value)
        value = value.strip()
        if len(value) >= 2 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
            value = value[1:-1]
        found.setdefault(field.key.lower(), value)
    return found


def _unwrap(blocks: list[Block], text: str, path: Path) -> list[Block]:
    """Blocks with duplicate entries unwrapped; repeated @strings dropped; broken blocks raise."""
    unwrapped: list[Block] = []
    for n, block in enumerate(blocks):
        if isinstance(block, (DuplicateBlockKeyBlock, DuplicateFieldKeyBlock)):
            entry = block.ignore_error_block
            if not isinstance(entry, Entry):
                continue  # a repeated @string: the first definition stands
            if isinstance(block, DuplicateBlockKeyBlock):
                entry.key = f"{entry.key}{_DUP_MARK}{n}"
            block = entry
        elif isinstance(block, ParsingFailedBlock):
            raise _failure(block, text, path)
        unwrapped.append(block)
    return unwrapped


def _failure(block: ParsingFailedBlock, text: str, path: Path) -> ImportFormatError:
    """An error naming the line where the broken entry starts and what is wrong."""
    line = (block.start_line or 0) + 1
    error = block.error
    reason = clean_text(getattr(error, "abort_reason", None) or str(error)) or type(error).__name__
    end = getattr(error, "end_index", None)
    stop = text.count("\n", 0, end) + 1 if end else line
    where = f" (reading stopped at line {stop})" if stop != line else ""
    start = clean_text((block.raw or "").split("\n", 1)[0]) or "entry"
    return ImportFormatError(
        path, f"malformed BibTeX entry {start[:60]!r}: {reason}{where}", line=line
    )


def _unbrace(value: Any) -> Any:
    """Remove leftover grouping braces from a decoded value (or each item of a list)."""
    if isinstance(value, list):
        return [_unbrace(v) for v in value]
    if isinstance(value, str):
        return value.replace("{", "").replace("}", "")
    return value


def _unescape(value: Any) -> Any:
    """Verbatim text with LaTeX escapes such as '\\_' or '\\%' undone."""
    return _ESCAPED.sub(r"\1", value) if isinstance(value, str) else value


def _fields(entry: Entry) -> dict[str, Any]:
    """Field name (lower case) -> decoded value; for repeated fields the first wins."""
    fields: dict[str, Any] = {}
    for field in entry.fields:
        key = field.key.lower()
        if key not in fields:
            value = _unescape(field.value) if key in _VERBATIM else _unbrace(field.value)
            fields[key] = value
    return fields


def _text(fields: dict[str, Any], *names: str) -> str | None:
    """Cleaned text of the first named field that has a value."""
    for name in names:
        value = fields.get(name)
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        text = clean_text(value) if value is not None else None
        if text:
            return text
    return None


def _names(value: Any) -> list[str]:
    """Author names as written, one per person; an organisation written without braces
    ('Centre for Reviews and Dissemination') is one name, not two split at its 'and'."""
    items = value if isinstance(value, list) else [value] if value else []
    names = [name for name in (clean_text(str(v)) for v in items) if name]
    if len(names) > 1 and any(map(_ORGANISATION.search, names)):
        parts = ("," not in n or _ORGANISATION.search(n) or n.startswith("the ") for n in names)
        if all(parts):  # no 'Surname, Given' person among them
            return [" and ".join(names)]
    return names


def _pages(value: str | None) -> str | None:
    """Page range with '--' or dashes normalised to '-'."""
    return _DASHES.sub("-", value) if value else None


def _record(entry: Entry, position: int, as_written: dict[str, str]) -> ParsedRecord:
    """A ParsedRecord from one decoded BibTeX entry; its original fields as written."""
    fields = _fields(entry)
    key = entry.key.split(_DUP_MARK, 1)[0]
    raw: dict[str, Any] = {"ENTRYTYPE": entry.entry_type, "ID": key, **(as_written or fields)}
    published = _text(fields, "howpublished")
    if published and _WEB_ADDRESS.match(published):  # '\\url{...}': an address, no container
        fields = {k: v for k, v in fields.items() if k != "howpublished"}
    else:
        published = None
    return ParsedRecord(
        position=position,
        line=None if entry.start_line is None else entry.start_line + 1,
        source_record_id=clean_text(key),
        title=_text(fields, "title"),
        abstract=_text(fields, "abstract"),
        authors=_names(fields.get("author")),
        year=parse_year(_text(fields, "year", "date")),
        journal=_text(fields, *_CONTAINER),
        volume=_text(fields, "volume"),
        issue=_text(fields, "number", "issue"),
        pages=_pages(_text(fields, "pages")),
        doi=normalize_doi(_text(fields, "doi")),
        pmid=normalize_pmid(_text(fields, "pmid")),
        issn=issn_of(_text(fields, "issn")),
        isbn=_text(fields, "isbn"),
        keywords=split_list(_text(fields, "keywords", "keyword"), ",;"),
        url=_text(fields, "url") or published,
        type=clean_text(entry.entry_type.lower()),
        language=_text(fields, "language", "langid"),
        publisher=_text(fields, *_PUBLISHER),
        raw=raw,
    )
