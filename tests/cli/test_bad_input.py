"""Bad input: exit code 2, the file and line named, no traceback, the project untouched."""

import hashlib
import subprocess
import sys

import pytest

from places import PROTOCOL

XML_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xml><records><record><titles><title>&lol3;</title></titles></record></records></xml>
"""

GOOD_RIS = "TY  - JOUR\nTI  - A good record\nAU  - Smith, K.\nPY  - 2001\nER  - \n\n"

CASES = {
    "empty.ris": (b"", "empty"),
    "blank.ris": (b"\n\n   \n", "empty"),
    "binary.ris": (bytes(range(256)) * 4, "binary"),
    "truncated.ris": (
        (GOOD_RIS + "TY  - JOUR\nTI  - Cut off here\nAU  - Jones").encode(),
        "line 7",
    ),
    "wrong.ris": (
        b"Just some notes I wrote about the search.\nNothing tagged here.\n",
        "not recognised",
    ),
    "bom-only.ris": (b"\xef\xbb\xbf", "empty"),
    "letter.txt": (b"Hello, this is just a letter.\nBest wishes\n", "not recognised"),
    "bomb.xml": (XML_BOMB.encode(), "entit"),
    # cut inside the next record's 'TY  -' line (issue 15, item 11)
    "cut-in-ty.ris": ((GOOD_RIS + "TY  - JOUR\nTI  - Two\nER  - \n\nT").encode(), "line 11"),
    "cut-in-ty2.ris": ((GOOD_RIS + "TY ").encode(), "cut short"),
    # a CSV cut inside a quoted cell
    "cut.csv": (b'Title,Authors\nOne,"Smith, J."\nTwo,"Jones', "cut short"),
    # nested 100,000 deep (issue 15, item 13): an error, not a RecursionError
    "deep.xml": (
        b'<?xml version="1.0"?><xml><records><record>'
        + b"<a>" * 100_000
        + b"x"
        + b"</a>" * 100_000
        + b"</record></records></xml>",
        "nested more than",
    ),
}


def _snapshot(root):
    return hashlib.sha256((root / "review.db").read_bytes()).hexdigest()


@pytest.fixture
def root(cli, tmp_path):
    path = tmp_path / "proj"
    assert cli("init", path, "--protocol", PROTOCOL).code == 0
    assert (
        cli("--project", path, "import", _write(tmp_path, "seed.ris", GOOD_RIS.encode())).code == 0
    )
    return path


def _write(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_refused_with_file_and_reason(cli, root, tmp_path, name):
    data, expected = CASES[name]
    path = _write(tmp_path, name, data)
    before = _snapshot(root)
    result = cli("--project", root, "import", path)
    assert result.code == 2
    assert str(path) in result.err and expected in result.err, result.err
    assert "Traceback" not in result.err
    assert _snapshot(root) == before


def test_error_names_the_line_of_a_truncated_record(cli, root, tmp_path):
    data, _ = CASES["truncated.ris"]
    result = cli("--project", root, "import", _write(tmp_path, "t.ris", data))
    assert "line 7" in result.err


def test_one_bad_file_among_several_stores_none_of_them(cli, root, tmp_path):
    good = _write(tmp_path, "good2.ris", GOOD_RIS.replace("good", "second").encode())
    bad = _write(tmp_path, "bad.ris", CASES["truncated.ris"][0])
    before = _snapshot(root)
    result = cli("--project", root, "import", good, bad)
    assert result.code == 2 and str(bad) in result.err
    assert "Imported" not in result.out
    assert _snapshot(root) == before
    bad.write_bytes(GOOD_RIS.replace("good", "third").encode())  # fixed: the same command works
    result = cli("--project", root, "import", good, bad)
    assert result.code == 0
    sources = cli("--project", root, "sources").out
    assert "good2" in sources and "bad" in sources


def test_missing_file(cli, root, tmp_path):
    result = cli("--project", root, "import", tmp_path / "nope.ris")
    assert result.code == 2 and "file not found" in result.err


def test_malformed_protocol_is_refused_with_the_key(cli, tmp_path):
    protocol = tmp_path / "bad.toml"
    text = PROTOCOL.read_text().replace('code = "E3"', "code = 3")
    protocol.write_text(text)
    result = cli("init", tmp_path / "p", "--protocol", protocol)
    assert result.code == 2
    assert "exclusion_reasons[2].code" in result.err and "must be a str" in result.err
    assert not (tmp_path / "p").exists()


def test_real_process_prints_no_traceback(tmp_path):
    root = tmp_path / "proj"
    subprocess.run(
        [sys.executable, "-m", "review", "init", str(root)],
        check=True,
        capture_output=True,
    )
    bad = _write(tmp_path, "binary.ris", bytes(range(256)))
    result = subprocess.run(
        [sys.executable, "-m", "review", "--project", str(root), "import", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("review: error: ") and "Traceback" not in result.stderr


def test_init_on_a_file_or_with_a_folder_for_protocol_is_refused(cli, tmp_path):
    a_file = _write(tmp_path, "afile", b"notes")
    result = cli("init", a_file)
    assert result.code == 2 and "is a file" in result.err
    result = cli("init", tmp_path / "p", "--protocol", tmp_path)
    assert result.code == 2 and "is a folder" in result.err
    assert not (tmp_path / "p").exists()


def test_a_damaged_database_is_named_not_a_traceback(cli, root):
    (root / "review.db").write_bytes(bytes(range(256)) * 64)
    for name in ("review.db-wal", "review.db-shm"):
        (root / name).unlink(missing_ok=True)
    result = cli("--project", root, "sources")
    assert result.code == 2
    assert "review.db is not a review database" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--searched", "2008-13-45"), "--searched expects a date"),
        (("--searched", "last week"), "--searched expects a date"),
        (("--count", "-5"), "--count must be 0 or more"),
    ],
)
def test_a_bad_search_date_or_count_is_refused(cli, root, tmp_path, args, message):
    good = _write(tmp_path, "good3.ris", GOOD_RIS.replace("good", "third").encode())
    before = _snapshot(root)
    result = cli("--project", root, "import", good, *args)
    assert result.code == 2 and message in result.err
    assert _snapshot(root) == before


def test_a_bad_date_accessed_is_refused(cli, root):
    result = cli(
        "--project", root, "add", "--title", "A page", "--source", "Web", "--accessed", "2008-13-45"
    )
    assert result.code == 2 and "--accessed expects a date" in result.err


def test_a_forced_format_that_the_file_plainly_is_not_is_refused(cli, root, tmp_path):
    path = _write(tmp_path, "plain.ris", GOOD_RIS.replace("good", "plain").encode())
    result = cli("--project", root, "import", path, "--format", "nbib")
    assert result.code == 2 and "this file is RIS, not PubMed" in result.err
    assert cli("--project", root, "import", path, "--format", "ris").code == 0


def test_xml_in_the_encoding_it_declares_is_read(cli, root, tmp_path):
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<xml><records><record><titles>'
        "<title>Sant\xe9 publique</title></titles></record></records></xml>\n"
    )
    path = _write(tmp_path, "latin.xml", xml.encode("latin-1"))
    assert cli("--project", root, "import", path).code == 0
    assert "Santé publique" in cli("--project", root, "export", "records", "-o", "-").out


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("cut.nbib", "PMID- 123\nTI  - A study of partner\nAU  - Smith K\nDP  - 20"),
        ("cut.enw", "%0 Journal Article\n%T A study\n%A Smith, K.\n%D 20"),
    ],
)
def test_a_tagged_file_cut_mid_line_is_refused(cli, root, tmp_path, name, text):
    path = _write(tmp_path, name, text.encode())
    before = _snapshot(root)
    result = cli("--project", root, "import", path)
    assert result.code == 2 and "cut short" in result.err and "line 4" in result.err
    assert _snapshot(root) == before
    path.write_bytes((text + "05\n").encode())
    assert cli("--project", root, "import", path).code == 0


def test_an_export_never_overwrites_the_projects_own_files(cli, root):
    before = _snapshot(root)
    for args in (
        ("export", "records", "-o", root / "review.db"),
        ("export", "records", "-o", root / "review.toml"),
        ("prisma", "--format", "csv", "-o", root / "review.db"),
        ("export", "records", "-o", root),
    ):
        result = cli("--project", root, *args)
        assert result.code == 2 and "Traceback" not in result.err, args
    assert _snapshot(root) == before
    assert cli("--project", root, "status").code == 0
    result = cli("--project", root, "export", "records", "-o", root / "x.ris")
    assert result.code == 0 and "(ris)" in result.out  # the extension says the format


def test_numbers_too_large_or_not_ascii_are_refused(cli, root, tmp_path):
    path = _write(tmp_path, "n.ris", GOOD_RIS.replace("good", "numbered").encode())
    result = cli("--project", root, "import", path, "--count", "99999999999999999999999")
    assert result.code == 2 and "too large" in result.err
    result = cli("--project", root, "dedup", "--undo", "99999999999999999999999", "--by", "A")
    assert result.code == 2 and "Traceback" not in result.err
    sup = _write(tmp_path, "sup.csv", "record_id,decision\n²,include\n".encode())
    result = cli("--project", root, "decide", "--reviewer", "A", "--stage", "title-abstract", sup)
    assert result.code == 2 and "line 2" in result.err


def test_a_long_note_in_a_decisions_file_is_kept(cli, root, tmp_path):
    note = "x" * 200_000
    path = _write(tmp_path, "d.csv", f"record_id,decision,note\n1,include,{note}\n".encode())
    result = cli("--project", root, "decide", "--reviewer", "A", "--stage", "title-abstract", path)
    assert result.code == 0, result.err


def test_decisions_read_from_a_pipe(cli, root):
    import os

    read, write = os.pipe()
    os.write(write, b"record_id,decision\n1,include\n")
    os.close(write)
    try:
        result = cli("--project", root, "decide", "--reviewer", "A", "--stage",
                     "title-abstract", f"/dev/fd/{read}")  # fmt: skip
    finally:
        os.close(read)
    assert result.code == 0, result.err


def test_a_database_from_a_newer_version_is_refused(cli, root):
    import sqlite3

    conn = sqlite3.connect(root / "review.db")
    conn.execute("PRAGMA user_version=999")
    conn.close()
    result = cli("--project", root, "status")
    assert result.code == 2 and "newer version of review" in result.err


def test_blank_source_names_and_a_count_left_out_are_refused(cli, root, tmp_path):
    path = _write(tmp_path, "b.ris", GOOD_RIS.replace("good", "blank").encode())
    result = cli("--project", root, "import", path, "--source", "   ")
    assert result.code == 2 and "--source needs a name" in result.err
    result = cli("--project", root, "add", "--title", "T", "--source", "  ")
    assert result.code == 2 and "--source needs a name" in result.err
    assert cli("--project", root, "sources", "add", "Hand search", "--count", "3").code == 0
    result = cli("--project", root, "sources", "add", "Hand search")
    assert result.code == 2 and "give --count N" in result.err
    assert "Counts reported: 3" in cli("--project", root, "sources").out


def test_small_slips_get_clear_refusals(cli, root, tmp_path):
    path = _write(tmp_path, "twice.ris", GOOD_RIS.replace("good", "twice").encode())
    result = cli("--project", root, "import", path, path)
    assert result.code == 2 and "given twice" in result.err
    result = cli("--project", root, "retrieve", "1", "--location", "x.pdf", "--by", "  ")
    assert result.code == 2 and "--by NAME is required" in result.err


def test_the_app_without_a_terminal_says_so(tmp_path):
    root = tmp_path / "proj"
    subprocess.run(
        [sys.executable, "-m", "review", "init", str(root)],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [sys.executable, "-m", "review", "--project", str(root)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "the app needs a terminal" in result.stderr


def test_an_export_to_a_file_of_unknown_kind_asks_for_a_format(cli, root, tmp_path):
    result = cli("--project", root, "export", "records", "-o", tmp_path / "x.xlsx")
    assert result.code == 2 and "give --format" in result.err
    assert not (tmp_path / "x.xlsx").exists()


def test_ovid_cut_mid_line_and_wos_without_its_end_are_refused(cli, root, tmp_path):
    from places import FORMATS, shared

    ovid = shared(FORMATS / "jabref" / "OvidImporterTest3.txt").read_bytes()
    cut = _write(tmp_path, "ovid.txt", ovid[:421])
    result = cli("--project", root, "import", cut)
    assert result.code == 2 and "cut short" in result.err
    wos = shared(FORMATS / "rispy" / "example_wos.ris").read_text(encoding="utf-8")
    no_end = _write(tmp_path, "wos.txt", wos.rstrip()[: -len("EF")].encode())
    result = cli("--project", root, "import", no_end)
    assert result.code == 2 and "EF line" in result.err


def test_a_future_search_date_map_for_a_non_csv_and_demo_on_another_project(cli, root, tmp_path):
    path = _write(tmp_path, "f.ris", GOOD_RIS.replace("good", "future").encode())
    result = cli("--project", root, "import", path, "--searched", "2099-01-01")
    assert result.code == 2 and "is in the future" in result.err
    result = cli("--project", root, "import", path, "--map", "title=TI")
    assert result.code == 2 and "--map names CSV columns" in result.err
    result = cli("demo", root, "--no-open")
    assert result.code == 2 and "not the demo" in result.err


def test_format_names_in_any_case_and_common_aliases(cli, root, tmp_path):
    path = _write(tmp_path, "upper.ris", GOOD_RIS.replace("good", "upper").encode())
    assert cli("--project", root, "import", path, "--format", "RIS").code == 0
    nbib = _write(tmp_path, "a.txt", b"PMID- 1\nTI  - Medline record\nDP  - 2001\n")
    assert cli("--project", root, "import", nbib, "--format", "medline").code == 0


def test_an_unknown_reviewer_name_on_exports_and_status_is_refused(cli, root):
    for args in (
        ("export", "decisions", "--reviewer", "Nobody"),
        ("export", "appraisals", "--reviewer", "Nobody"),
        ("status", "--reviewer", "Nobody"),
    ):
        result = cli("--project", root, *args)
        assert result.code == 2 and "'Nobody' is not a reviewer" in result.err, args
    assert cli("--project", root, "status", "--reviewer", "reviewer a").code == 0


def test_a_slip_of_a_known_reviewer_name_is_refused_a_new_name_is_not(cli, root, tmp_path):
    from review.project import misspelt

    assert misspelt("Revewer A", "Reviewer A") and misspelt("reviewr  b", "Reviewer B")
    assert not misspelt("Reviewer C", "Reviewer A")  # another person
    assert not misspelt("Ann Le", "Ann Lee") and not misspelt("Carol", "Reviewer A")
    decisions = _write(tmp_path, "d.csv", b"record_id,decision\n1,include\n")
    result = cli("--project", root, "decide", "--reviewer", "Reviewr A", "--stage",
                 "title-abstract", decisions)  # fmt: skip
    assert result.code == 2 and "did you mean 'Reviewer A'?" in result.err
    log = cli("--project", root, "export", "decisions", "--unblind", "-o", "-").out
    assert "Reviewr" not in log and len(log.splitlines()) == 1  # nothing recorded
    result = cli("--project", root, "decide", "--reviewer", "Reviewer C", "--stage",
                 "title-abstract", decisions)  # fmt: skip
    assert result.code == 0
