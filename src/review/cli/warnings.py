"""What an import says: records, format, encoding, and its warnings (count and the first few)."""

from __future__ import annotations

from review.identification.importing import ImportResult

# Warnings printed after an import; `review sources --warnings` shows every one.
SHOWN = 5


def imported_text(result: ImportResult, source: str) -> str:
    """'Imported 12 records from x.ris (ris) as source 'X'', then its warnings if any."""
    encoding = "" if result.encoding == "utf-8" else f", {result.encoding}"
    lines = [
        f"Imported {result.records} records from {result.path} ({result.format}{encoding}) "
        f"as source {source!r}"
    ]
    if result.warned:
        plural = "s" if result.warned != 1 else ""
        lines.append(f"  {result.warned} warning{plural} (what was skipped or repaired):")
        lines += [f"  - {warning}" for warning in result.warnings[:SHOWN]]
        if result.warned > SHOWN:
            lines.append(
                f"  ... and {result.warned - SHOWN} more: `review sources --warnings` lists them"
            )
    return "\n".join(lines)
