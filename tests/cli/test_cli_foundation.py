"""The foundation commands end to end: init, import, sources, status, add, export, demo."""

import csv
import json
import shutil

from places import EXAMPLES, FIXTURES, FORMATS, PROTOCOL, shared


def _init(cli, tmp_path):
    root = tmp_path / "proj"
    result = cli("init", root, "--protocol", PROTOCOL)
    assert result.code == 0, result.err
    return root


def test_init_copies_protocol_and_creates_database(cli, tmp_path):
    root = _init(cli, tmp_path)
    assert (root / "review.toml").read_bytes() == PROTOCOL.read_bytes()
    assert (root / "review.db").is_file()
    again = cli("init", root, "--protocol", PROTOCOL)
    assert again.code == 2 and "already holds a project" in again.err


def test_import_logs_the_source_and_sources_lists_it(cli, tmp_path):
    root = _init(cli, tmp_path)
    result = cli(
        "--project",
        root,
        "import",
        shared(FORMATS / "asreview" / "embase.ris"),
        "--source",
        "Embase (Ovid)",
        "--kind",
        "database",
        "--searched",
        "2008-06-30",
        "--query",
        "partnership* AND health",
        "--count",
        "80",
    )
    assert result.code == 0, result.err
    assert "Imported 6 records" in result.out
    log = json.loads(cli("--project", root, "sources", "--json").out)
    [source] = log["sources"]
    assert source["name"] == "Embase (Ovid)" and source["kind"] == "database"
    assert source["searched"] == "2008-06-30" and source["query"] == "partnership* AND health"
    assert source["file"] == "embase.ris" and source["records_imported"] == 6
    assert source["count_reported"] == 80
    assert log["mismatches"] == [
        {"name": "Embase (Ovid)", "records_imported": 6, "count_reported": 80}
    ]
    text = cli("--project", root, "sources").out
    assert "Embase (Ovid)" in text and "Mismatch: Embase (Ovid) reported 80" in text


def test_reimporting_the_same_file_is_refused_unless_forced(cli, tmp_path):
    root = _init(cli, tmp_path)
    path = FIXTURES / "multiline.ris"
    assert cli("--project", root, "import", path).code == 0
    copy = tmp_path / "renamed.ris"
    shutil.copyfile(path, copy)
    again = cli("--project", root, "import", copy)
    assert again.code == 2 and "already imported" in again.err and "--force" in again.err
    assert cli("--project", root, "import", copy, "--force").code == 0
    assert len(json.loads(cli("--project", root, "sources", "--json").out)["sources"]) == 2


def test_project_from_environment_variable(cli, tmp_path, monkeypatch):
    root = _init(cli, tmp_path)
    monkeypatch.setenv("REVIEW_PROJECT", str(root))
    assert cli("status", "--json").code == 0
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REVIEW_PROJECT")
    missing = cli("status")
    assert missing.code == 2 and "not a review project" in missing.err


def test_add_a_record_by_hand(cli, tmp_path):
    root = _init(cli, tmp_path)
    result = cli(
        "--project",
        root,
        "add",
        "--title",
        "Partnership assessment tool",
        "--source",
        "IDeA website",
        "--author",
        "Hardy, B.",
        "--year",
        "2003",
        "--url",
        "https://www.idea.gov.uk/tool",
        "--accessed",
        "2008-05-01",
        "--json",
    )
    assert result.code == 0, result.err
    record_id = json.loads(result.out)["record_id"]
    cli("--project", root, "add", "--title", "Second page", "--source", "IDeA website")
    log = json.loads(cli("--project", root, "sources", "--json").out)
    [source] = log["sources"]
    assert source["kind"] == "website" and source["records_imported"] == 2
    out = tmp_path / "records.csv"
    cli("--project", root, "export", "records", "-o", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    first = next(r for r in rows if r["record_id"] == str(record_id))
    assert first["title"] == "Partnership assessment tool" and first["authors"] == "Hardy, B."
    assert first["year"] == "2003" and first["url"] == "https://www.idea.gov.uk/tool"
    assert json.loads(first["original"])["accessed"] == "2008-05-01"
    assert first["accessed"] == "2008-05-01"
    bad = cli("--project", root, "add", "--title", "x", "--source", "s", "--year", "soon")
    assert bad.code == 2 and "not a year" in bad.err


def test_export_records_carries_identifiers_and_fields(cli, tmp_path):
    root = _init(cli, tmp_path)
    cli(
        "--project",
        root,
        "import",
        EXAMPLES / "hunter-2011-report-references.csv",
        "--source",
        "Hunter 2011",
    )
    result = cli("--project", root, "export", "records", "--format", "csv")
    assert result.code == 0, result.err
    target = root / "exports" / "records.csv"
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 72
    assert rows[0]["record_id"] == "1" and rows[0]["source"] == "Hunter 2011"
    assert rows[0]["source_record_id"] == "s003-001"
    assert rows[0]["title"] == "The public health system in England"
    assert rows[1]["pages"] == "305-14" and rows[1]["journal"] == "Social Policy and Society"


def test_status_summarises_the_project(cli, tmp_path):
    root = _init(cli, tmp_path)
    cli("--project", root, "import", EXAMPLES / "elston-fulop-2002-references.bib")
    status = json.loads(cli("--project", root, "status", "--json").out)
    assert status["records"] == 39 and status["sources"] == 1
    assert status["stages"][0]["stage"] == "title-abstract"
    assert status["stages"][0]["records"] == 39
    assert "Records: 39" in cli("--project", root, "status").out


def test_demo_builds_three_sources(cli, tmp_path):
    result = cli("demo", tmp_path / "demo", "--no-open")
    assert result.code == 0, result.err
    log = json.loads(cli("--project", tmp_path / "demo", "sources", "--json").out)
    assert [s["records_imported"] for s in log["sources"]] == [408, 39, 72]
    assert log["records_imported"] == 519


def test_project_may_follow_the_command(cli, tmp_path):
    root = tmp_path / "my proj"
    assert cli("init", root).code == 0
    result = cli("status", "--project", root)
    assert result.code == 0 and "Sources: 0" in result.out
    assert cli("sources", "add", "Hand search", "--count", "3", "--project", root).code == 0
    assert "Hand search" in cli("--project", root, "sources").out


def test_retrieve_marks_full_texts_and_status_counts_them(cli, tmp_path):
    root = tmp_path / "p"
    assert cli("demo", root, "--no-open").code == 0
    decisions = tmp_path / "d.csv"
    decisions.write_text("record_id,decision\n1,include\n2,include\n3,include\n")
    for who in ("A", "B"):
        assert cli("--project", root, "decide", "--reviewer", who, "--stage", "title-abstract",
                   decisions).code == 0  # fmt: skip
    pdf = tmp_path / "1.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert cli("--project", root, "retrieve", "1", "--location", pdf, "--by", "A").code == 0
    missing = cli("--project", root, "retrieve", "1", "--location", tmp_path / "no.pdf",
                  "--by", "A")  # fmt: skip
    assert missing.code == 2 and "no file at" in missing.err
    result = cli("--project", root, "retrieve", "2", "--not-retrieved", "embargo", "--by", "A")
    assert result.code == 0
    refused = cli("--project", root, "retrieve", "9", "--location", "x.pdf", "--by", "A")
    assert refused.code == 2 and "has not reached full text" in refused.err
    status = cli("--project", root, "status").out
    assert "full texts: not-retrieved 1, retrieved 1, sought 1" in status
    prisma = json.loads(cli("--project", root, "prisma", "--format", "json").out)
    assert prisma["dbr_notretrieved_reports"] == 1


def test_decide_warns_when_record_ids_look_like_the_sources_own(cli, tmp_path):
    root = tmp_path / "p"
    assert cli("init", root).code == 0
    table = tmp_path / "screened.csv"
    table.write_text(
        "record_id,title,year\n" + "".join(f"{n + 1},Study {n},2001\n" for n in range(1, 6))
    )  # the table's own ids 2..6 are this project's records 1..5
    assert cli("--project", root, "import", table).code == 0
    decisions = tmp_path / "d.csv"
    decisions.write_text("record_id,decision\n2,include\n3,include\n")
    result = cli("--project", root, "decide", "--reviewer", "A", "--stage", "title-abstract",
                 decisions)  # fmt: skip
    assert result.code == 0
    assert "source id '2' is record 1" in result.err and "source_record_id" in result.err
    by_source = tmp_path / "s.csv"
    by_source.write_text("source_record_id,decision\n2,include\n")
    result = cli("--project", root, "decide", "--reviewer", "B", "--stage", "title-abstract",
                 by_source)  # fmt: skip
    assert result.code == 0 and result.err == ""


def test_the_date_accessed_survives_ris_and_bibtex(cli, tmp_path):
    root = tmp_path / "p"
    assert cli("init", root).code == 0
    assert cli("--project", root, "add", "--title", "Partnership toolkit", "--source", "IDeA",
               "--url", "https://example.org", "--accessed", "2008-05-01").code == 0  # fmt: skip
    for fmt, ext in (("ris", "ris"), ("bibtex", "bib")):
        out = tmp_path / f"web.{ext}"
        assert cli("--project", root, "export", "records", "--format", fmt, "-o", out).code == 0
        again = tmp_path / f"again-{fmt}"
        assert cli("init", again).code == 0
        assert cli("--project", again, "import", out).code == 0
        table = tmp_path / f"{fmt}.csv"
        assert cli("--project", again, "export", "records", "-o", table).code == 0
        with table.open(encoding="utf-8", newline="") as handle:
            [row] = list(csv.DictReader(handle))
        assert (row["accessed"], row["url"]) == ("2008-05-01", "https://example.org"), fmt
