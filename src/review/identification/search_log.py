"""The search log: every source with its records imported and the count it reported."""

from __future__ import annotations

from typing import Any

from review.project import Project


def search_log(project: Project) -> dict[str, Any]:
    """Sources in import order, with totals, any gap between reported and imported, and what
    each import skipped or repaired (its warnings)."""
    sources = project.store.sources()
    counts = project.store.warning_counts()
    warned = {n: project.store.source_warnings(n) for n in counts}
    rows = [
        {
            "source_id": s.source_id,
            "name": s.name,
            "kind": s.kind,
            "searched": s.searched,
            "query": s.query,
            "file": s.file_name,
            "format": s.format,
            "records_imported": s.records,
            "count_reported": s.reported_count,
            "warnings": [
                {"line": w.line, "record": w.record, "message": w.message}
                for w in warned.get(s.source_id, [])
            ],
        }
        for s in sources
    ]
    reported = [s.reported_count for s in sources if s.reported_count is not None]
    both = [s for s in sources if s.reported_count is not None]
    return {
        "sources": rows,
        "records_imported": sum(s.records for s in sources),
        "count_reported": sum(reported) if reported else None,
        "sources_not_reporting": sum(1 for s in sources if s.reported_count is None),
        "mismatches": [
            {"name": s.name, "records_imported": s.records, "count_reported": s.reported_count}
            for s in both
            if s.records != s.reported_count
        ],
    }


def search_log_text(log: dict[str, Any], show_warnings: bool = False) -> str:
    """A plain-text table of the search log (show_warnings: each source's warnings too)."""
    if not log["sources"]:
        return "No sources yet: add search results with `review import FILE --source NAME`."
    header = ("#", "source", "kind", "searched", "records", "reported", "warnings", "file",
              "query")  # fmt: skip
    table = [header] + [
        (
            str(s["source_id"]),
            s["name"],
            s["kind"],
            s["searched"] or "-",
            str(s["records_imported"]),
            "not reported" if s["count_reported"] is None else str(s["count_reported"]),
            str(len(s["warnings"])) if s["warnings"] else "-",
            s["file"] or "-",
            _short(s["query"]),
        )
        for s in log["sources"]
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(f"Records imported: {log['records_imported']}")
    if log["count_reported"] is not None:
        lines.append(
            f"Counts reported: {log['count_reported']} "
            f"({log['sources_not_reporting']} sources did not report a count)"
        )
    for m in log["mismatches"]:
        lines.append(
            f"Mismatch: {m['name']} reported {m['count_reported']} "
            f"but {m['records_imported']} records were imported"
        )
    warned = [s for s in log["sources"] if s["warnings"]]
    if warned and not show_warnings:
        lines.append("Warnings: what an import skipped or repaired (`--warnings` lists them)")
    for s in warned if show_warnings else []:
        lines.append(f"Warnings of {s['name']} ({s['file'] or '-'}):")
        lines += [f"  - {_where(w)}{w['message']}" for w in s["warnings"]]
    return "\n".join(lines)


def _where(warning: dict[str, Any]) -> str:
    parts = [f"{k} {warning[k]}" for k in ("line", "record") if warning[k] is not None]
    return f"{', '.join(parts)}: " if parts else ""


def _short(text: str | None, width: int = 40) -> str:
    if not text:
        return "-"
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
