"""A study's overall judgement: optional per protocol, the checklist's own scale or high /
moderate / low, with a justification; blind like answers; agreed; in the table and figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from places import PROTOCOL
from review.appraisal.overall import (
    judgements,
    overall_scale,
    record_judgement,
    resolve_judgement,
    visible_judgements,
)
from review.appraisal.setup import appraisal_setup
from review.appraisal.svg import traffic_light_svg
from review.appraisal.table import appraisal_table, cell_text, long_rows, wide_header, wide_rows
from review.base.checklists import parse_checklist
from review.base.errors import InputError
from review.project import init_project
from support.appraisal import answer_all, include_studies

A, B = "Reviewer A", "Reviewer B"


def overall_project(tmp_path: Path):
    text = PROTOCOL.read_text(encoding="utf-8").replace("score = false", "score = false\n"
                                                        "overall = true")  # fmt: skip
    protocol = tmp_path / "overall.toml"
    protocol.write_text(text, encoding="utf-8")
    return init_project(tmp_path / "p", protocol)


def test_refused_unless_the_protocol_asks_for_it(project) -> None:
    [rid] = include_studies(project, 1)
    setup = appraisal_setup(project)
    with pytest.raises(InputError, match="overall = true"):
        record_judgement(project, setup, rid, A, "high", "why", "qualitative")


def test_judgements_are_appended_blind_and_agreed(tmp_path) -> None:
    project = overall_project(tmp_path)
    [rid, other] = include_studies(project, 2)
    setup = appraisal_setup(project)
    assert [o.label for o in overall_scale(setup, "qualitative")] == [
        "High quality", "Moderate quality", "Low quality"]  # fmt: skip
    record_judgement(project, setup, rid, A, "High quality", "clear aims", "qualitative")
    record_judgement(project, setup, rid, B, "low", "small sample", "qualitative")
    with pytest.raises(InputError, match="not one of"):
        record_judgement(project, setup, rid, A, "excellent", None, "qualitative")
    assert visible_judgements(project, setup, rid, A) == []  # blind until both finish
    answer_all(project, rid, A)
    answer_all(project, rid, B)
    assert [j.judgement for j in visible_judgements(project, setup, rid, A)] == ["low"]
    table = appraisal_table(project, setup)
    assert "overall" in wide_header(table)
    row = next(r for r in table.rows if r.record_id == rid)
    assert row.overall == "Reviewer A: High quality / Reviewer B: Low quality (disagree)"
    resolve_judgement(project, setup, rid, "moderate", "consensus", A, "met", "qualitative")
    table = appraisal_table(project, setup)
    row = next(r for r in table.rows if r.record_id == rid)
    assert row.overall == "Moderate quality"
    wide = dict(zip(wide_header(table), next(iter(wide_rows(table))), strict=True))
    assert wide["overall"] == "Moderate quality"
    long = [r for r in long_rows(table) if r[4] == "overall"]
    assert [(r[6], r[7], r[10]) for r in long] == [
        (A, "High quality", "clear aims"), (B, "Low quality", "small sample"),
        ("(agreed)", "Moderate quality", None)]  # fmt: skip
    svg = traffic_light_svg(table, lambda r, c: cell_text(r, c, table.reviewers))
    assert ">Overall<" in svg and ">Moderate quality<" in svg
    record_judgement(project, setup, other, A, None, None, None)  # taken back: appended
    assert (other, A) not in judgements(project)


def test_a_checklist_gives_its_own_scale(tmp_path) -> None:
    checklist = parse_checklist(
        {"id": "own", "title": "Own", "citation": "x", "applies_to": ["qualitative"],
         "items": [{"code": "Q1", "text": "Aims"}],
         "overall": [{"code": "lr", "label": "Low risk of bias", "tone": "good"},
                     {"code": "hr", "label": "High risk of bias", "tone": "bad"}]},
        tmp_path / "own.toml",
    )  # fmt: skip
    assert [o.code for o in checklist.overall] == ["lr", "hr"]
