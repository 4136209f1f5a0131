"""A large RIS file parsed in pieces by forked worker processes stores what one process would."""

import mmap
import multiprocessing
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from review.base.errors import DuplicateImportError, ImportFormatError
from review.base.text_files import decode_head, read_bytes
from review.identification import importing
from review.identification.importers import ris
from review.storage import Store
from review.storage.store import ImportCancelled

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method"
)

WORDS = "partnership health public local zone action community care trust policy".split()


def _ris(n: int, seed: int = 3) -> str:
    """RIS records with abstracts, some with wrapped lines, blank lines and odd tags."""
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        abstract = " ".join(rng.choices(WORDS, k=150))
        extra = "N1  - PMID: 12345\n  a wrapped note line\n" if i % 7 == 0 else ""
        out.append(
            f"TY  - JOUR\nID  - r{i}\nAU  - Author{i}, A.\nAU  - Second, B.\n"
            f"TI  - {' '.join(rng.choices(WORDS, k=8))}\nPY  - {1990 + i % 30}\n"
            f"SP  - {i}\nEP  - {i + 5}\nDO  - 10.1000/x.{i}\nKW  - {rng.choice(WORDS)}\n"
            f"{extra}AB  - {abstract}\nER  - \n" + ("\n" if i % 3 else "")
        )
    return "".join(out)


def _rows(store: Store) -> list[tuple]:
    return store.conn.execute("SELECT * FROM records ORDER BY record_id").fetchall()


@pytest.fixture
def where(backend, request):
    """where(folder): a new database for a store on the test's backend (SQLite: in folder)."""

    def new(folder):
        if backend == "sqlite":
            return folder / "review.db"
        return request.getfixturevalue("pg_server").fresh()

    return new


def _project(tmp_path, name: str, text: str, monkeypatch, *, workers: int, where=None):
    """(store, path of the file) in a folder of its own; the file is always 'search.ris'."""
    monkeypatch.setattr(importing, "WORKERS", workers)
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "search.ris"
    path.write_text(text, encoding="utf-8", newline="")
    return Store(where(folder) if where else folder / "review.db", create=True), path


def _appender(found: list):
    return lambda *args: found.append(args)


def _small_pieces(monkeypatch) -> None:
    monkeypatch.setattr(importing, "PARALLEL_MIN", 100_000)
    monkeypatch.setattr(importing, "PIECE", 60_000)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_parallel_import_stores_the_rows_of_the_serial_import(
    tmp_path, monkeypatch, newline, where
):
    _small_pieces(monkeypatch)
    text = _ris(1500).replace("\n", newline)
    assert len(ris.pieces(text.encode(), importing.PIECE)) > 10
    results, rows = [], []
    for name, workers in (("serial", 0), ("parallel", 2), ("one", 1)):
        store, path = _project(tmp_path, name, text, monkeypatch, workers=workers, where=where)
        done: list[tuple[int, int]] = []
        result = importing.import_file(store, path, source="s", progress=_appender(done))
        results.append(result.records)
        rows.append(_rows(store))
        assert done[-1] == (1500, 1500)
        assert store.source(result.source_id).records_read == 1500
        store.close()
    assert results == [1500, 1500, 1500]
    assert rows[0] == rows[1] == rows[2]
    positions = [row[2] for row in rows[1]]
    assert positions == list(range(1, 1501))


def test_parallel_import_of_a_multi_megabyte_file_at_default_sizes(tmp_path, monkeypatch):
    text = _ris(7000)
    assert len(text) > importing.PARALLEL_MIN
    serial, path = _project(tmp_path, "serial", text, monkeypatch, workers=0)
    importing.import_file(serial, path, source="s")
    parallel, path = _project(tmp_path, "parallel", text, monkeypatch, workers=2)
    result = importing.import_file(parallel, path, source="s")
    assert result.records == 7000
    assert _rows(parallel) == _rows(serial)
    # Line numbers point at each record's 'TY' line in the file.
    lines = text.split("\n")
    for position, line in parallel.conn.execute("SELECT position, line FROM records"):
        assert lines[line - 1] == "TY  - JOUR"
        assert lines[line] == f"ID  - r{position}"


def _broken(text: str, record: int) -> str:
    """The text with the 'ER' line of one record removed."""
    at = text.index(f"ID  - r{record}\n")
    end = text.index("ER  - \n", at)
    return text[:end] + text[end + len("ER  - \n") :]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_broken_record_in_a_later_piece_raises_like_the_serial_import(
    tmp_path, monkeypatch, workers, where
):
    _small_pieces(monkeypatch)
    text = _ris(1500)
    bounds = ris.pieces(text.encode(), importing.PIECE)
    second = text.encode()[bounds[1][0] : bounds[1][1]].decode()
    record = int(second.split("ID  - r", 1)[1].split("\n", 1)[0]) + 3
    broken = _broken(text, record)
    messages = []
    for name, count in (("serial", 0), ("parallel", workers)):
        store, path = _project(tmp_path, name, broken, monkeypatch, workers=count, where=where)
        with pytest.raises(ImportFormatError) as caught:
            importing.import_file(store, path, source="s")
        messages.append((caught.value.message, caught.value.line, caught.value.path.name))
        assert caught.value.record == record
        assert store.conn.execute("SELECT count(*) FROM records").fetchone()[0] == 0
        assert store.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
        store.close()
    assert messages[0] == messages[1]
    assert "not terminated by 'ER  -' before the next 'TY  -'" in messages[1][0]


def test_a_broken_last_record_raises_and_stores_nothing(tmp_path, monkeypatch):
    _small_pieces(monkeypatch)
    text = _ris(1500) + "TY  - JOUR\nTI  - Cut short"
    store, path = _project(tmp_path, "p", text, monkeypatch, workers=2)
    with pytest.raises(ImportFormatError, match="record 1501: record not terminated"):
        importing.import_file(store, path, source="s")
    assert store.count_records() == 0


def test_a_parallel_import_of_the_same_file_again_is_refused(tmp_path, monkeypatch):
    _small_pieces(monkeypatch)
    store, path = _project(tmp_path, "p", _ris(1500), monkeypatch, workers=2)
    importing.import_file(store, path, source="first")
    with pytest.raises(DuplicateImportError, match="already imported as source 'first'"):
        importing.import_file(store, path, source="again")
    assert store.count_records() == 1500
    assert not multiprocessing.active_children()


def test_cancel_during_a_parallel_import_stores_nothing(tmp_path, monkeypatch, where):
    _small_pieces(monkeypatch)
    store, path = _project(tmp_path, "p", _ris(1500), monkeypatch, workers=2, where=where)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(ImportCancelled):
        importing.import_file(store, path, source="s", cancelled=cancelled)
    assert store.count_records() == 0
    assert store.sources() == []
    assert not multiprocessing.active_children()
    # The file can then be imported for real.
    assert importing.import_file(store, path, source="s").records == 1500


def test_pieces_end_after_er_lines_and_cover_the_data():
    data = _ris(400).encode()
    bounds = ris.pieces(data, 20_000)
    assert len(bounds) > 10
    assert bounds[0][0] == 0 and bounds[-1][1] == len(data)
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert end == start
        assert data[:end].rstrip(b"\n").rsplit(b"\n", 1)[1].startswith(b"ER  -")
    # A line that only starts like an 'ER' tag is not a boundary; '\r\n' stays whole.
    tricky = b"TY  - JOUR\r\nTI  - a\r\nER  -x\r\nER  - \r\n" * 2000
    for _, end in ris.pieces(tricky, 5_000)[:-1]:
        assert tricky[:end].endswith(b"\nER  - \r\n")
    # A lone '\r' line break after 'ER  -' is not taken as the end of the line.
    lone = b"TY  - A\nER  -\rTY  - B\nER  - \n" * 3000
    bounds = ris.pieces(lone, 100)
    assert len(bounds) > 10
    assert all(lone[:end].endswith(b"\nER  - \n") for _, end in bounds)


def test_count_bytes_counts_records_whatever_the_line_endings():
    text = _ris(50)
    for variant in (text, text.replace("\n", "\r\n"), text.replace("\n", "\r")):
        assert ris.count_bytes(variant.encode()) == 50
        assert ris.count_bytes(b"\xef\xbb\xbf" + variant.encode()) == 50


def test_parallel_import_of_a_file_with_a_windows_1252_byte_later_on_reads_like_serial(
    tmp_path, monkeypatch
):
    _small_pieces(monkeypatch)
    data = _ris(1500).encode()
    at = data.index(b"ID  - r900\n")
    data = data[:at] + b"TI  - caf\xe9\n" + data[at:]
    found = []
    for name, count in (("serial", 0), ("parallel", 2)):
        store, path = _project(tmp_path, name, "", monkeypatch, workers=count)
        path.write_bytes(data)
        result = importing.import_file(store, path, source="s")
        assert result.records == 1500
        titles = [r.title for r in store.records() if r.source_record_id == "r900"]
        found.append((titles, [(w.message, w.line) for w in result.warnings]))
    assert found[0] == found[1]
    assert found[0][0] == ["café"]
    assert "read as Windows-1252" in found[0][1][0][0]


def test_progress_of_a_parallel_import_ends_once_at_the_count_it_stored(tmp_path, monkeypatch):
    # The records are not counted up front: each piece's rows refine the total expected.
    _small_pieces(monkeypatch)
    store, path = _project(tmp_path, "p", _ris(1500), monkeypatch, workers=2)
    done: list[tuple[int, int]] = []
    importing.import_file(store, path, source="s", progress=_appender(done))
    assert len(done) > 10
    assert all(found < total for found, total in done[:-1])
    assert [found for found, _ in done] == sorted({found for found, _ in done})
    assert done[-1] == (1500, 1500)


def test_a_large_file_is_mapped_and_its_head_read_from_the_map(tmp_path):
    path = tmp_path / "search.ris"
    path.write_text(_ris(200), encoding="utf-8")
    small = read_bytes(path, path.stat().st_size + 1)
    mapped = read_bytes(path, 1)
    assert isinstance(small, bytes) and isinstance(mapped, mmap.mmap)
    assert mapped[:] == small
    assert decode_head(mapped, 1000) == decode_head(small, 1000) == small[:1000].decode()
    mapped.close()
    empty = tmp_path / "empty.ris"
    empty.write_bytes(b"")
    assert read_bytes(empty, 1) == b""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_end_when_the_importing_process_is_killed(tmp_path):
    root = tmp_path / "proj"
    subprocess.run([sys.executable, "-m", "review", "init", str(root)], check=True)
    path = tmp_path / "big.ris"
    path.write_text(_ris(8000), encoding="utf-8")
    env = {**os.environ, "REVIEW_PARALLEL_MIN": "100000"}
    command = [sys.executable, "-m", "review", "--project", str(root), "import", str(path)]
    parent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
        workers = _children(parent.pid)
        time.sleep(0.005)
    if parent.poll() is not None:
        pytest.skip("the import finished before it could be killed")
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 20
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(w) for w in workers)
    store = Store(root / "review.db")
    assert store.count_records() == 0
    store.close()


def test_map_on_a_large_ris_file_is_refused_as_on_a_small_one(tmp_path, monkeypatch):
    _small_pieces(monkeypatch)
    store, path = _project(tmp_path, "m", _ris(400), monkeypatch, workers=2)
    with pytest.raises(ImportFormatError, match="--map names CSV columns"):
        importing.import_file(store, path, mapping={"title": "TI"})
    assert store.count_records() == 0
