"""Exports escaped for their format: SVG well-formed whatever a name holds, Markdown with no
raw HTML and every cell where it belongs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from places import PROTOCOL
from review.base.escaping import markdown_cell
from review.base.models import ParsedRecord
from review.project import init_project
from support.appraisal import answer_all

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> a\\|b & x|y"


def test_a_prisma_svg_is_well_formed_with_control_characters_in_a_source(tmp_path, cli):
    root = tmp_path / "p"
    with init_project(root, PROTOCOL) as project:
        records = [ParsedRecord(position=1, title="One record")]
        project.store.add_source(name="MED\x01LINE\x1b[31m <b>&", kind="database", records=records)
    out = tmp_path / "flow.svg"
    result = cli("--project", root, "prisma", "--format", "svg", "-o", out)
    assert result.code == 0, result.err
    texts = "".join(ET.parse(out).getroot().itertext())  # parses: well-formed
    assert "MED\ufffdLINE\ufffd[31m <b>&" in texts


def test_an_appraisal_svg_is_well_formed_with_control_characters_in_a_study(tmp_path, cli):
    root = tmp_path / "p"
    with init_project(root, PROTOCOL) as project:
        record = ParsedRecord(position=1, title="T\x02", authors=["<b>Ev\x01il</b>, A."], year=2001)
        project.store.add_source(name="db\x0c", kind="database", records=[record])
        rid = project.store.record_ids()[0]
        rows = [(rid, stage, who, "include", None, None, "decide")
                for stage in ("title-abstract", "full-text")
                for who in ("Reviewer A", "Reviewer B")]  # fmt: skip
        project.store.add_decisions(rows)
        for reviewer in ("Reviewer A", "Reviewer B"):
            answer_all(project, rid, reviewer)
    out = tmp_path / "table.svg"
    result = cli("--project", root, "export", "appraisals", "-o", out, "--unblind")
    assert result.code == 0, result.err
    texts = "".join(ET.parse(out).getroot().itertext())  # parses: well-formed
    assert "<b>Ev\ufffdil</b>" in texts


def test_markdown_exports_pass_no_html_and_keep_every_cell_in_its_column(tmp_path, cli):
    root = tmp_path / "p"
    with init_project(root, PROTOCOL) as project:
        records = [ParsedRecord(position=1, title=HOSTILE, authors=["O'Brien | Smith"])]
        project.store.add_source(name="db", kind="database", records=records)
    out = tmp_path / "records.md"
    result = cli("--project", root, "export", "records", "--format", "md", "-o", out)
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "a&#92;&#124;b" in text
    header, rule, *rows = [line for line in text.splitlines() if line.startswith("|")]
    assert all(line.count("|") == header.count("|") for line in (rule, *rows))


def test_a_markdown_cell_escapes_what_a_renderer_would_read():
    assert markdown_cell("a\\|b") == "a&#92;&#124;b"
    assert markdown_cell(["x|y", "<i>"]) == "x&#124;y; &lt;i&gt;"
    assert markdown_cell("two\nlines") == "two lines"
