"""EndNote XML importer, parsed only through defusedxml (no entities, no external references)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
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
from review.identification.importers.base import Warnings

_RECORD_TAG = re.compile(r"<record[\s>]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PUBMED_HINT = re.compile(r"pubmed|medline|ncbi", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[\r\n]+")


def detect(text: str, path: Path) -> bool:
    """True for an XML document with EndNote <records>/<record> elements."""
    head = text.lstrip()
    return head.startswith(("<?xml", "<xml")) and ("<records" in text or "<record>" in text)


def parse(
    text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
) -> list[ParsedRecord]:
    """All <record> elements of an EndNote XML export."""
    root = _parse_xml(text, path)
    elements = list(root.iter("record"))
    if not elements:
        raise ImportFormatError(path, "XML file holds no EndNote <record> elements", line=1)
    lines = _record_lines(text, len(elements))
    return [_record(el, n, lines[n - 1]) for n, el in enumerate(elements, start=1)]


def _parse_xml(text: str, path: Path) -> ET.Element:
    """The document root, refusing entity declarations, external references and bad XML."""
    # The text is already decoded; drop the declaration so its encoding cannot disagree.
    body = _XML_DECLARATION.sub("", text, count=1)
    offset = text[: len(text) - len(body)].count("\n")
    try:
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
    """Line where each <record> starts, if the tags can be matched one to one."""
    starts = [text.count("\n", 0, m.start()) + 1 for m in _RECORD_TAG.finditer(text)]
    return list(starts) if len(starts) == count else [None] * count


def _text(element: ET.Element | None) -> str | None:
    """All text inside an element (including <style> wrappers), whitespace collapsed."""
    if element is None:
        return None
    return clean_text("".join(element.itertext()))


def _first(record: ET.Element, *paths: str) -> str | None:
    """Text of the first path that yields a non-empty element."""
    for path in paths:
        text = _text(record.find(path))
        if text:
            return text
    return None


def _all(record: ET.Element, path: str) -> list[str]:
    """Texts of all elements at a path, skipping empty ones."""
    return [t for t in (_text(el) for el in record.findall(path)) if t]


def _keywords(record: ET.Element) -> list[str]:
    """Keywords; one <keyword> may hold several, one per line."""
    words: list[str] = []
    for element in record.findall("keywords/keyword"):
        text = "".join(element.itertext())
        words.extend(w for w in (clean_text(x) for x in _LIST_SPLIT.split(text)) if w)
    return words


def _is_leaf(element: ET.Element) -> bool:
    """True if an element holds a value (no children other than <style>)."""
    return all(child.tag == "style" for child in element)


def _raw(record: ET.Element) -> dict[str, Any]:
    """Every value element of the record by its path ('contributors/secondary-authors/author',
    so that editors stay apart from authors); repeated paths become lists."""
    raw: dict[str, Any] = {}

    def visit(element: ET.Element, path: str) -> None:
        for child in element:
            if child.tag == "style":
                continue
            where = f"{path}/{child.tag}" if path else child.tag
            if not _is_leaf(child):
                visit(child, where)
                continue
            text = _text(child)
            if not text:
                continue
            if where not in raw:
                raw[where] = text
            elif isinstance(raw[where], list):
                raw[where].append(text)
            else:
                raw[where] = [raw[where], text]

    visit(record, "")
    return raw


def _type(record: ET.Element) -> str | None:
    """Reference type name (e.g. 'Report'), else its number."""
    element = record.find("ref-type")
    if element is None:
        return None
    return clean_text(element.get("name")) or _text(element)


def _pmid(record: ET.Element) -> str | None:
    """PMID from the accession number, when the record came from PubMed/MEDLINE."""
    origin = " ".join(
        _all(record, "remote-database-name") + _all(record, "remote-database-provider")
    )
    if not _PUBMED_HINT.search(origin):
        return None
    return normalize_pmid(_first(record, "accession-num"))


def _record(record: ET.Element, position: int, line: int | None) -> ParsedRecord:
    """A ParsedRecord from one <record> element."""
    # EndNote keeps a journal's ISSNs in <isbn> too ('1741-3842 (Print) 1741-3850 ...')
    serial = _first(record, "isbn")
    issn, isbn = serial_numbers([serial]) if serial else (None, None)
    if serial and not (issn or isbn):
        isbn = serial
    return ParsedRecord(
        position=position,
        line=line,
        source_record_id=_first(record, "rec-number"),
        title=_first(record, "titles/title"),
        abstract=_first(record, "abstract"),
        authors=_all(record, "contributors/authors/author"),
        year=parse_year(_first(record, "dates/year", "dates/pub-dates/date")),
        journal=_first(record, "titles/secondary-title", "periodical/full-title"),
        volume=_first(record, "volume"),
        issue=_first(record, "number", "issue"),
        pages=_first(record, "pages"),
        doi=normalize_doi(_first(record, "electronic-resource-num")),
        pmid=_pmid(record),
        issn=issn,
        isbn=isbn,
        keywords=_keywords(record),
        url=_first(record, "urls/related-urls/url", "urls/web-urls/url", "urls/pdf-urls/url"),
        type=_type(record),
        language=_first(record, "language"),
        publisher=_first(record, "publisher"),
        raw=_raw(record),
    )
