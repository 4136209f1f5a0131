"""The core never imports the interface: importing it must not load textual or rich."""

import subprocess
import sys

CORE = [
    "review.models",
    "review.normalize",
    "review.dates",
    "review.errors",
    "review.protocol",
    "review.storage",
    "review.importers",
    "review.importing",
    "review.project",
    "review.screening",
    "review.outcomes",
    "review.retrieval",
    "review.status",
    "review.search_log",
    "review.decision_files",
    "review.row_files",
    "review.blinding",
    "review.exports.safe_csv",
    "review.exports.runner",
    "review.importers.registry",
    "review.agreement",
    "review.reconcile",
    "review.dedup",
    "review.prisma",
    "review.prisma.svg",
    "review.appraisal",
    "review.appraisal.export",
    "review.cli_progress",
    "review.commands_report",
    "review.commands_dedup",
    "review.commands_appraisal",
]


def test_core_does_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from review.importers.registry import formats\nformats()\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_without_a_command_loads_no_textual_until_needed():
    code = (
        "import sys\nfrom review.cli import build_parser\nimport review.commands\n"
        "print(sorted(m for m in sys.modules if m.startswith('textual')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
