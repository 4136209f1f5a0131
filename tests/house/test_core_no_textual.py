"""The core never imports the interface: importing it must not load textual or rich."""

import subprocess
import sys

CORE = [
    "review.base.models",
    "review.base.normalize",
    "review.base.dates",
    "review.base.errors",
    "review.base.protocol",
    "review.storage",
    "review.identification.importers",
    "review.identification.importing",
    "review.project",
    "review.screening.queue",
    "review.screening.outcomes",
    "review.screening.retrieval",
    "review.reporting.status",
    "review.identification.search_log",
    "review.screening.decision_files",
    "review.base.row_files",
    "review.screening.blinding",
    "review.reporting.exports.safe_csv",
    "review.reporting.exports.runner",
    "review.identification.importers.registry",
    "review.screening.agreement",
    "review.screening.reconcile",
    "review.identification.dedup",
    "review.reporting.prisma",
    "review.reporting.prisma.svg",
    "review.appraisal",
    "review.reporting.exports.appraisals",
    "review.cli.progress",
    "review.cli.reporting",
    "review.cli.dedup",
    "review.cli.appraisal",
]


def test_core_does_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from review.identification.importers.registry import formats\nformats()\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(bad)\nsys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_without_a_command_loads_no_textual_until_needed():
    code = (
        "import sys\nfrom review.cli.main import build_parser\n"
        "import review.cli.project, review.cli.identification, review.cli.screening\n"
        "print(sorted(m for m in sys.modules if m.startswith('textual')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
