"""Format registry: content-based detection and dispatch to each format's parser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from review.errors import ImportFormatError
from review.importers.base import read_text
from review.models import ParsedRecord

Parser = Callable[[str, Path, Mapping[str, str]], list[ParsedRecord]]
Detector = Callable[[str, Path], bool]


@dataclass(frozen=True)
class Format:
    """One importable format: a name, how to recognise it, how to parse it."""

    name: str
    label: str
    detect: Detector
    parse: Parser


def _formats() -> dict[str, Format]:
    from review.importers import bibtex, csv_table, endnote_xml, nbib, ovid, refer, ris, wos

    # Order matters: the first whose detector accepts the content wins.
    found = [
        Format("endnote-xml", "EndNote XML", endnote_xml.detect, endnote_xml.parse),
        Format("wos", "Web of Science tagged", wos.detect, wos.parse),
        Format("nbib", "PubMed MEDLINE / nbib", nbib.detect, nbib.parse),
        Format("ris", "RIS", ris.detect, ris.parse),
        Format("ovid", "Ovid labelled fields", ovid.detect, ovid.parse),
        Format("bibtex", "BibTeX", bibtex.detect, bibtex.parse),
        Format("refer", "EndNote tagged (refer)", refer.detect, refer.parse),
        Format("csv", "CSV table", csv_table.detect, csv_table.parse),
    ]
    return {f.name: f for f in found}


FORMATS: dict[str, Format] = {}


def formats() -> dict[str, Format]:
    """All formats, loaded on first use."""
    if not FORMATS:
        FORMATS.update(_formats())
    return FORMATS


def detect_format(text: str, path: Path) -> Format:
    """The format whose detector recognises the content, or a clear error."""
    for fmt in formats().values():
        if fmt.detect(text, path):
            return fmt
    first = next((ln for ln in text.splitlines() if ln.strip()), "")[:60]
    raise ImportFormatError(
        path,
        "format not recognised (expected RIS, PubMed/nbib, BibTeX, EndNote XML, "
        f"Web of Science, Ovid or CSV); it starts with {first!r}. Use --format to force one",
        line=1,
    )


def read_records(
    path: Path, fmt: str | None = None, mapping: Mapping[str, str] | None = None
) -> tuple[str, list[ParsedRecord]]:
    """Parse a whole file into records; raises ImportFormatError, never half-reads."""
    text = read_text(path)
    if fmt:
        known = formats()
        if fmt not in known:
            raise ImportFormatError(
                path, f"unknown format {fmt!r}; choose one of {', '.join(known)}"
            )
        chosen = known[fmt]
    else:
        chosen = detect_format(text, path)
    records = chosen.parse(text, path, mapping or {})
    if not records:
        raise ImportFormatError(path, f"no records found in this {chosen.label} file")
    return chosen.name, records
