"""`review import` says what it skipped or repaired, `review sources` keeps it; --strict and
--encoding."""

from __future__ import annotations

import json

from places import PROTOCOL

LINKS = "".join(
    f"TY  - JOUR\nTI  - Record {n}\nER  - \n\nLink to the full text: http://example.org/{n}\n\n"
    for n in range(1, 9)
)


def test_warnings_are_printed_as_a_count_and_the_first_few_and_kept(cli, tmp_path):
    root = tmp_path / "p"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    path = tmp_path / "links.ris"
    path.write_text(LINKS, encoding="utf-8")
    result = cli("--project", root, "import", path)
    assert result.code == 0
    assert "Imported 8 records" in result.out and "8 warnings" in result.out
    assert "- line 5: text outside any record skipped" in result.out
    assert result.out.count("\n  - ") == 5 and "and 3 more" in result.out
    log = json.loads(cli("--project", root, "sources", "--json").out)
    [source] = log["sources"]
    assert [w["line"] for w in source["warnings"]] == [5 + 6 * n for n in range(8)]
    table = cli("--project", root, "sources").out
    assert "warnings" in table.split("\n")[0] and "--warnings" in table
    listed = cli("--project", root, "sources", "--warnings").out
    assert listed.count("text outside any record skipped") == 8


def test_strict_refuses_what_would_be_warned_and_stores_nothing(cli, tmp_path):
    root = tmp_path / "p"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    path = tmp_path / "nokey.bib"
    path.write_text("@article{, title = {No key}, year = 2001}\n", encoding="utf-8")
    result = cli("--project", root, "import", path, "--strict")
    assert result.code == 2 and "line 1" in result.err and "--strict" in result.err
    assert json.loads(cli("--project", root, "sources", "--json").out)["sources"] == []
    assert cli("--project", root, "import", path).code == 0


def test_encoding_is_detected_or_given_and_said(cli, tmp_path):
    root = tmp_path / "p"
    assert cli("init", root, "--protocol", PROTOCOL).code == 0
    data = "TY  - JOUR\nTI  - Sant\xe9 publique\nER  - \n".encode("cp1252")
    detected = tmp_path / "detected.ris"
    detected.write_bytes(data)
    result = cli("--project", root, "import", detected)
    assert result.code == 0 and "(ris, windows-1252)" in result.out
    given = tmp_path / "given.ris"
    given.write_bytes(data.replace(b"publique", b"publique 2"))
    result = cli("--project", root, "import", given, "--encoding", "latin-1")
    assert result.code == 0 and "(ris, latin-1)" in result.out and "warning" not in result.out
    titles = cli("--project", root, "export", "records", "-o", "-").out
    assert "Santé publique" in titles and "Santé publique 2" in titles
    bad = cli("--project", root, "import", given, "--encoding", "no-such", "--force")
    assert bad.code == 2 and "no such text encoding" in bad.err
