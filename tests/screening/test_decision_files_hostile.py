"""Decision files that look right but are not: each a named error, nothing recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from places import PROTOCOL
from support.files import write_ris

DECIDE = ("decide", "--reviewer", "Reviewer A", "--stage", "title-abstract")


@pytest.fixture
def root(tmp_path, cli) -> Path:
    path = tmp_path / "p"
    assert cli("init", path, "--protocol", PROTOCOL).code == 0
    assert cli("--project", path, "import", write_ris(tmp_path / "a.ris", 3)).code == 0
    return path


def _decide(cli, root: Path, tmp_path: Path, text: str | bytes):
    path = tmp_path / "decisions.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    result = cli("--project", root, *DECIDE, path)
    assert "Traceback" not in result.err
    return result


def _recorded(cli, root: Path) -> str:
    return cli("--project", root, "status", "--json").out


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('record_id,decision,reason,note\n1,include,,"oops\n2,exclude,E1,fine\n',
         "line 2: a quote opened in the note column is not closed until line 3"),
        ('record_id,decision,reason,note\n1,include,,"oops\n2,exclude,E1,"fine"\n3,include,,\n',
         "line 2: a quote opened in the note column is not closed until line 3"),
        ("record_id,decision,record_id\n1,include,2\n",
         "line 1: the column 'record_id' is there twice (columns 1 and 3)"),
        ("Record_ID,decision, record_id \n1,include,2\n", "the column 'record_id' is there twice"),
        ("record_id,source_record_id,decision\n1,r2,include\n",
         "line 2: record_id 1 and source_record_id 'r2' disagree (that is record 2)"),
        ("record_id,source_record_id,decision\n1,nowhere,include\n",
         "source_record_id 'nowhere' disagree (that is no record of this project)"),
    ],
    ids=["quote-to-the-end", "quote-closed-later", "column-twice", "column-twice-case",
         "ids-disagree", "source-id-unknown"],
)  # fmt: skip
def test_a_decision_file_that_would_mislead_is_refused(cli, root, tmp_path, text, said):
    before = _recorded(cli, root)
    result = _decide(cli, root, tmp_path, text)
    assert result.code == 2 and said in result.err, result.err
    assert _recorded(cli, root) == before


def test_a_note_spanning_lines_is_still_a_note(cli, root, tmp_path):
    text = 'record_id,decision,reason,note\n1,include,,"first line\nsecond, with a comma"\n'
    result = _decide(cli, root, tmp_path, text)
    assert result.code == 0, result.err


def test_ids_that_agree_are_taken(cli, root, tmp_path):
    result = _decide(cli, root, tmp_path, "record_id,source_record_id,decision\n2,r2,include\n")
    assert result.code == 0, result.err


def test_a_note_over_100_mb_is_a_named_error(cli, root, tmp_path):
    huge = b"record_id,decision,note\n1,include," + b"x" * 100_000_001 + b"\n"
    result = _decide(cli, root, tmp_path, huge)
    assert result.code == 2
    assert "line 2: a cell longer than 100,000,000 characters" in result.err
