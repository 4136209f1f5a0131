"""EndNote XML importer: no entities, no external references (a DOCTYPE goes to defusedxml)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.base.normalize import (
    clean_text,
    normalize_doi,
    normalize_pmid,
    parse_year,
    serial_numbers,
)
from review.identification.importers.base import Found, Warnings, gc_paused, is_empty, split_after

_RECORD_TAG = re.compile(r"<record[\s>]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PUBMED_HINT = re.compile(r"pubmed|medline|ncbi", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[\r\n]+")
# Deeper than any EndNote record (record/contributors/authors/author/style is 4 below it).
_MAX_DEPTH = 32


def detect(text: str, path: Path) -> bool:
    """True for an XML document with EndNote <records>/<record> elements."""
    head = text.lstrip()
    return head.startswith(("<?xml", "<xml")) and ("<records" in text or "<record>" in text)


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """All <record> elements of an EndNote XML export."""
    with gc_paused():  # a large tree and many records, none in a cycle
        root = _parse_xml(text, path)
        elements = list(root.iter("record"))
        if not elements:
            raise ImportFormatError(path, "XML file holds no EndNote <record> elements", line=1)
        lines = _record_lines(text, len(elements))
        return [_record(el, n, lines[n - 1], path) for n, el in enumerate(elements, start=1)]


def _parse_xml(text: str, path: Path) -> ET.Element:
    """The document root, refusing entity declarations, external references and bad XML."""
    # The text is already decoded; drop the declaration so its encoding cannot disagree.
    body = _XML_DECLARATION.sub("", text, count=1)
    offset = text[: len(text) - len(body)].count("\n")
    try:
        if "<!DOCTYPE" not in body and "<!ENTITY" not in body:
            # No document type, so no entity can be declared or referred outside: the
            # standard parser (its C builder, some times faster) is then as safe.
            return ET.fromstring(body)
        root: ET.Element = SafeET.fromstring(body)
        return root
    except defusedxml.EntitiesForbidden as exc:
        raise _refused(path, text, _entity_message(exc)) from None
    except defusedxml.ExternalReferenceForbidden:
        raise _refused(path, text, "XML refers to external resources, refused for safety") from None
    except defusedxml.DTDForbidden:
        raise _refused(path, text, "XML has a document type declaration, refused") from None
    except ET.ParseError as exc:
        line, column = exc.position
        detail = str(exc).split(":", 1)[0]
        raise ImportFormatError(
            path,
            f"XML is not well-formed ({detail} at column {column + 1}); "
            "the file may be truncated or damaged",
            line=line + offset,
        ) from None


def _entity_message(exc: defusedxml.EntitiesForbidden) -> str:
    """Why an entity declaration was refused."""
    if exc.sysid or exc.pubid:
        return (
            f"XML declares an external entity {exc.name!r} ({exc.sysid or exc.pubid}), "
            "which is refused for safety"
        )
    return (
        f"XML declares entities (here {exc.name!r}), which are refused for safety "
        "(possible XML bomb); EndNote exports never need them"
    )


def _refused(path: Path, text: str, message: str) -> ImportFormatError:
    """An error pointing at the DOCTYPE/ENTITY declaration that caused a refusal."""
    found = re.search(r"<!(?:ENTITY|DOCTYPE)", text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    return ImportFormatError(path, message, line=line)


def _record_lines(text: str, count: int) -> list[int | None]:
    """Line where each <record> starts, if the tags can be matched one to one (the line
    breaks counted on from the tag before, so a large file costs one pass)."""
    starts: list[int | None] = []
    line, last = 1, 0
    for match in _RECORD_TAG.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        starts.append(line)
    return starts if len(starts) == count else [None] * count


def _text(element: ET.Element | None) -> str | None:
    """All text inside an element (including <style> wrappers), whitespace collapsed."""
    if element is None:
        return None
    return " ".join("".join(element.itertext()).split()) or None


def _first(raw: Mapping[str, Any], *paths: str) -> str | None:
    """The first value at the first of the paths that holds one (raw keeps no empty value)."""
    for path in paths:
        value = raw.get(path)
        if value is not None:
            return value[0] if isinstance(value, list) else value  # type: ignore[no-any-return]
    return None


def _all(raw: Mapping[str, Any], path: str) -> list[str]:
    """Every value at a path."""
    value = raw.get(path)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _keywords(record: ET.Element) -> list[str]:
    """Keywords; one <keyword> may hold several, one per line."""
    words: list[str] = []
    for group in record:
        if group.tag == "keywords":
            for element in group:
                if element.tag == "keyword":
                    text = "".join(element.itertext())
                    words.extend(w for w in (clean_text(x) for x in _LIST_SPLIT.split(text)) if w)
    return words


def _value(element: ET.Element) -> str | None | bool:
    """An element's text, whitespace collapsed (None: empty), if it holds a value (no
    children but <style> wrappers); False if it holds other elements."""
    if not len(element):
        text = element.text
    elif len(element) == 1 and element[0].tag == "style" and not len(element[0]):
        style = element[0]
        text = f"{element.text or ''}{style.text or ''}{style.tail or ''}"
    elif all(child.tag == "style" for child in element):
        text = "".join(element.itertext())
    else:
        return False
    return " ".join(text.split()) or None if text else None


def _raw(record: ET.Element, position: int, line: int | None, path: Path) -> dict[str, Any]:
    """Every value element of the record by its path ('contributors/secondary-authors/author',
    so that editors stay apart from authors); repeated paths become lists. Walked with a stack
    of its own: a record nested deeper than any EndNote writes is refused by name."""
    raw: dict[str, Any] = {}
    stack = [(iter(record), "")]  # (children left, their path's prefix)
    while stack:
        children, prefix = stack.pop()
        for child in children:
            tag = child.tag
            if tag == "style":
                continue
            text = _value(child)
            if text is False:
                if len(stack) >= _MAX_DEPTH:
                    raise ImportFormatError(
                        path, f"record nested more than {_MAX_DEPTH} elements deep (EndNote "
                        "writes a few): the file is damaged or not an EndNote export",
                        line=line, record=position)  # fmt: skip
                stack.append((children, prefix))  # read on after this child's own
                stack.append((iter(child), f"{prefix}{tag}/"))
                break
            if text:
                where = f"{prefix}{tag}"
                held = raw.get(where)
                if held is None:
                    raw[where] = text
                elif isinstance(held, list):
                    held.append(text)
                else:
                    raw[where] = [held, text]
    return raw


def _type(record: ET.Element) -> str | None:
    """Reference type name (e.g. 'Report'), else its number."""
    element = record.find("ref-type")
    if element is None:
        return None
    return clean_text(element.get("name")) or _text(element)


def _pmid(raw: Mapping[str, Any]) -> str | None:
    """PMID from the accession number, when the record came from PubMed/MEDLINE."""
    origin = " ".join(_all(raw, "remote-database-name") + _all(raw, "remote-database-provider"))
    if not _PUBMED_HINT.search(origin):
        return None
    return normalize_pmid(_first(raw, "accession-num"))


def _record(record: ET.Element, position: int, line: int | None, path: Path) -> ParsedRecord:
    """A ParsedRecord from one <record> element."""
    raw = _raw(record, position, line, path)  # first: it refuses a record nested too deep
    # EndNote keeps a journal's ISSNs in <isbn> too ('1741-3842 (Print) 1741-3850 ...')
    serial = _first(raw, "isbn")
    issn, isbn = serial_numbers([serial]) if serial else (None, None)
    if serial and not (issn or isbn):
        isbn = serial
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=_first(raw, "rec-number"),
        title=_first(raw, "titles/title"),
        abstract=_first(raw, "abstract"),
        authors=_all(raw, "contributors/authors/author"),
        year=parse_year(_first(raw, "dates/year", "dates/pub-dates/date")),
        journal=_first(raw, "titles/secondary-title", "periodical/full-title"),
        volume=_first(raw, "volume"),
        issue=_first(raw, "number", "issue"),
        pages=_first(raw, "pages"),
        doi=normalize_doi(_first(raw, "electronic-resource-num")),
        pmid=_pmid(raw),
        issn=issn,
        isbn=isbn,
        keywords=_keywords(record),
        url=_first(raw, "urls/related-urls/url", "urls/web-urls/url", "urls/pdf-urls/url"),
        type=_type(record),
        language=_first(raw, "language"),
        publisher=_first(raw, "publisher"),
        raw=raw,
    )


# Large files are parsed in pieces by worker processes (review.identification.importing.pieces):
# each piece ends after a '</record>' that the next '<record>' follows, and is parsed on its
# own as '<records>' + its records + '</records>', exactly as in the whole file.
_FILE_HEAD = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>)?\s*<xml>\s*<records>\s*(?=<record[\s>])"
)
_FILE_TAIL = re.compile(rb"</record>\s*</records>\s*</xml>\s*$")
_PIECE_HEAD = re.compile(r"\s*(?:<\?xml[^>]*\?>)?\s*<xml>\s*<records>\s*|\s*")
_PIECE_TAIL = re.compile(r"\s*</records>\s*</xml>\s*|\s*")
_BETWEEN = re.compile(rb"</record>\s*(?=<record[\s>])")
_FIELDS = tuple(f.name for f in fields(ParsedRecord))
_EMPTY = "empty record (no title, author, abstract or identifier): not imported"


def pieces(data: bytes, size: int) -> list[tuple[int, int]]:
    """(start, end) of pieces of about size; the whole file as one unless it is plainly an
    EndNote export ('<xml><records>' ... '</records></xml>', and no '<!' or '<?' after the
    declaration, so that every '</record>' outside a value is a record's end)."""
    length = len(data)
    head = _FILE_HEAD.match(data)
    if (
        head is None
        or not _FILE_TAIL.search(data, max(0, length - 4096))
        or data.find(b"<!") >= 0  # a DOCTYPE, comment or CDATA could hide a '</record>'
        or data.find(b"<?", head.end()) >= 0  # and so could a processing instruction
    ):
        return [(0, length)]
    return split_after(data, size, _BETWEEN)


def parse_piece(
    text: str, path: Path, build: Callable[..., Any] = ParsedRecord
) -> tuple[list[Any], int, list[Found], int]:
    """(records made by build from ParsedRecord's fields, line breaks, warnings, records
    read) of one piece, lines and records counted from 1; empty records left out, warned."""
    first = _RECORD_TAG.search(text)
    begin, end = first.start() if first else -1, text.rfind("</record>") + len("</record>")
    if (
        begin < 0
        or not _PIECE_HEAD.fullmatch(text, 0, begin)
        or not _PIECE_TAIL.fullmatch(text, end)
    ):
        parsed = parse(text, path, {})  # the whole file, as one piece
    else:
        parsed = parse(f"<records>{text[begin:end]}</records>", path, {})
        lines = _record_lines(text, len(parsed))
        for record, line in zip(parsed, lines, strict=True):
            record.line = line
    warnings = Warnings(path)
    records: list[Any] = []
    with gc_paused():
        for record in parsed:
            if is_empty(record):
                warnings.add(_EMPTY, line=record.line, record=record.position)
                continue
            record.position = len(records) + 1
            records.append(build(*(getattr(record, name) for name in _FIELDS)))
    found = [(w.message, w.line, w.record, w.loss) for w in warnings]
    return records, text.count("\n"), found, len(parsed)


def locate_error(text: str, path: Path) -> ImportFormatError:
    """The error parse raises for a whole file found broken in one of its pieces."""
    try:
        parse(text, path, {})
    except ImportFormatError as error:
        return error
    return ImportFormatError(path, "the XML could not be read in pieces; import it again")
