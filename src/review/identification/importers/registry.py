"""Format registry: content-based detection and dispatch to each format's parser."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from review.base.errors import ImportFormatError
from review.base.models import ParsedRecord
from review.base.text_files import read_bytes
from review.identification.importers.base import Warnings, is_empty, no_warnings
from review.identification.importers.encoding import decode_export

Parser = Callable[[str, Path, Mapping[str, str], Warnings], list[ParsedRecord]]
Detector = Callable[[str, Path], bool]
Chunks = tuple[int, Iterator[list[ParsedRecord]]]


@dataclass(frozen=True)
class Format:
    """One importable format: a name, how to recognise it, how to parse it.

    The format's module (importers.<module>) is imported on first use, so importing
    a RIS file never loads the BibTeX or XML libraries.
    """

    name: str
    label: str
    module: str

    def _module(self) -> ModuleType:
        return importlib.import_module(f"review.identification.importers.{self.module}")

    @property
    def detect(self) -> Detector:
        return self._module().detect  # type: ignore[no-any-return]

    def parse(
        self, text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings | None = None
    ) -> list[ParsedRecord]:
        """Every record of the text but empty ones (each named in a warning)."""
        warnings = no_warnings(warnings, path)
        records = self._module().parse(text, path, mapping, warnings)
        return [record for chunk in _kept([records], warnings) for record in chunk]

    def parse_chunks(
        self, text: str, path: Path, mapping: Mapping[str, str], warnings: Warnings
    ) -> Chunks:
        """(record count, records in chunks); a format without its own reads the whole file.
        Empty records are left out (each named in a warning)."""
        module = self._module()
        if hasattr(module, "parse_chunks"):
            total, chunks = module.parse_chunks(text, path, mapping, warnings)
            return total, _kept(chunks, warnings)
        records = module.parse(text, path, mapping, warnings)
        return len(records), _kept(iter([records]), warnings)

    def piecewise(self) -> ModuleType | None:
        """The format's module if it parses a file in pieces (pieces, parse_piece,
        locate_error: see review.identification.importing.pieces)."""
        module = self._module()
        return module if hasattr(module, "parse_piece") else None

    def raw_from_original(self, original: str) -> dict[str, Any] | None:
        """The raw tag dictionary re-read from a record's stored original text, if supported."""
        module = self._module()
        if hasattr(module, "raw_from_original"):
            return module.raw_from_original(original)  # type: ignore[no-any-return]
        return None


def _kept(chunks: Iterable[list[ParsedRecord]], warnings: Warnings) -> Iterator[list[ParsedRecord]]:
    """Chunks without their empty records, the rest numbered on from 1."""
    position = 0
    for chunk in chunks:
        kept = []
        for record in chunk:
            if is_empty(record):
                warnings.add(
                    "empty record (no title, author, abstract or identifier): not imported",
                    line=record.line,
                    record=record.position,
                )
                continue
            position += 1
            record.position = position
            kept.append(record)
        yield kept


# Order matters: the first whose detector accepts the content wins.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("endnote-xml", "EndNote XML", "endnote_xml"),
        Format("wos", "Web of Science tagged", "wos"),
        Format("ovid-tagged", "Ovid tagged", "ovid_tagged"),
        Format("nbib", "PubMed MEDLINE / nbib", "nbib"),
        Format("ris", "RIS", "ris"),
        Format("ovid", "Ovid labelled fields", "ovid"),
        Format("bibtex", "BibTeX", "bibtex"),
        Format("refer", "EndNote tagged (refer)", "refer"),
        Format("csv", "CSV table", "csv_table"),
    )
}


# Other names a user may give --format.
ALIASES = {"medline": "nbib", "pubmed": "nbib", "xml": "endnote-xml", "endnote": "endnote-xml",
           "enw": "refer", "bib": "bibtex", "web-of-science": "wos"}  # fmt: skip


def formats() -> dict[str, Format]:
    """All formats (their modules are imported when first used)."""
    return FORMATS


def raw_from_original(format: str | None, original: str) -> dict[str, Any] | None:
    """A stored record's raw tag dictionary from its original text (None: not supported)."""
    fmt = FORMATS.get(format or "")
    return fmt.raw_from_original(original) if fmt else None


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


def choose_format(text: str, path: Path, fmt: str | None = None) -> Format:
    """The format asked for (refusing unknown names), else the detected one."""
    if fmt:
        fmt = ALIASES.get(fmt.strip().lower(), fmt.strip().lower())
        known = formats()
        if fmt not in known:
            raise ImportFormatError(
                path, f"unknown format {fmt!r}; choose one of {', '.join(known)}"
            )
        forced = known[fmt]
        if fmt != "csv" and not forced.detect(text, path):
            # forcing is for files no detector knows; a file that is plainly another
            # format would be read as junk
            other = next((f for f in known.values() if f.detect(text, path)), None)
            if other is not None and other.name != "csv":
                raise ImportFormatError(
                    path,
                    f"this file is {other.label}, not {forced.label}; leave out --format "
                    f"or use --format {other.name}",
                )
        return forced
    return detect_format(text, path)


def read_records(
    path: Path,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
    warnings: Warnings | None = None,
) -> tuple[str, list[ParsedRecord]]:
    """Parse a whole file into records; raises ImportFormatError, never half-reads. What was
    skipped or repaired goes into warnings."""
    warnings = no_warnings(warnings, path)
    text, _ = decode_export(read_bytes(path), path, warnings)
    chosen = choose_format(text, path, fmt)
    records = chosen.parse(text, path, mapping or {}, warnings)
    if not records:
        raise ImportFormatError(path, f"no records found in this {chosen.label} file")
    return chosen.name, records
