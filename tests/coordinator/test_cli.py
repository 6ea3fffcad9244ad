"""``homesupport-coordinator`` commands, exit codes and outputs (SQLite files)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from coordinator_helpers import make_report, payload

from homesupport.coordinator.cli import main
from homesupport.coordinator.qr import PNG_SIGNATURE, matrix


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'c.sqlite3'}"


def run(db: str, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--db", db, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_enrol_code_prints_code_then_link_and_writes_a_qr(db, tmp_path, capsys):
    qr_file = tmp_path / "code.png"
    code, out, _err = run(
        db,
        "enrol-code",
        "--name",
        "Anna",
        "--server",
        "https://stats.example.fi",
        "--qr",
        str(qr_file),
        capsys=capsys,
    )
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert len(lines[0]) == 19 and lines[0].count("-") == 3
    assert lines[1] == (
        "homesupport://enrol?server=https%3A%2F%2Fstats.example.fi&code=" + lines[0]
    )
    assert qr_file.read_bytes().startswith(PNG_SIGNATURE)
    modules = matrix(lines[1])
    assert all(modules[r][c] for r, c in ((0, 0), (0, 6), (6, 0)))  # a finder pattern
    assert_png_shows(qr_file, modules)


def assert_png_shows(png: Path, modules: list[list[bool]], scale: int = 8, border: int = 4) -> None:
    """The PNG's pixels are the code's modules, dark on light, with the quiet zone around."""
    image = pytest.importorskip("PIL.Image")
    with image.open(png) as picture:
        grey = picture.convert("L")
        size = len(modules) + 2 * border
        assert grey.size == (size * scale, size * scale)
        for r in range(size):
            for c in range(size):
                dark = (
                    border <= r < size - border
                    and border <= c < size - border
                    and modules[r - border][c - border]
                )
                pixel = grey.getpixel((c * scale + scale // 2, r * scale + scale // 2))
                assert (pixel < 128) == dark, (r, c)


def test_enrol_code_without_server_prints_only_the_code(db, capsys):
    code, out, _err = run(db, "enrol-code", capsys=capsys)
    assert code == 0 and len(out.splitlines()) == 1


def test_bad_input_exits_2_without_traceback(db, capsys, tmp_path):
    for args in (
        ("lock", "2026-13"),
        ("revoke", "nosuchdevice"),
        ("enrol-code", "--expires-days", "0"),
        ("enrol-code", "--qr", str(tmp_path / "x.png")),
        ("export", "--from", "2026-10", "--to", "2026-01", "-o", str(tmp_path / "x.csv")),
        ("import", str(tmp_path / "missing.json")),
    ):
        code, _out, err = run(db, *args, capsys=capsys)
        assert code == 2, args
        assert "Traceback" not in err and err.startswith("Error:")


def test_unexpected_error_is_clear_and_traceback_only_with_debug(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    db = f"sqlite:///{blocked / 'sub' / 'c.sqlite3'}"
    code, _out, err = run(db, "devices", capsys=capsys)
    assert code == 1 and "Traceback" not in err and "--debug" in err
    assert main(["--debug", "--db", db, "devices"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_add_user_reads_the_password_from_stdin(db, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert run(db, "add-user", "alice", capsys=capsys)[0] == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    code, out, _err = run(db, "add-user", "alice", capsys=capsys)
    assert code == 0 and "alice" in out


def test_import_lock_devices_revoke_and_export(db, capsys, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_bytes(payload(make_report(sessions=20)))
    second.write_bytes(payload(make_report(sessions=30)))
    code, out, _err = run(db, "import", str(first), "--name", "Paper delivery", capsys=capsys)
    assert code == 0 and json.loads(out)["sessions"] == 20
    assert run(db, "import", str(first), capsys=capsys)[0] == 0  # replay: same device, no-op
    assert run(db, "import", str(second), capsys=capsys)[0] == 0
    code, out, _err = run(db, "devices", capsys=capsys)
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == 2 and all(r[3] == "2026-10" for r in rows)
    assert run(db, "revoke", rows[0][0], capsys=capsys)[0] == 0
    assert "[revoked]" in run(db, "devices", capsys=capsys)[1]
    assert run(db, "lock", "2026-10", capsys=capsys)[0] == 0
    locked = tmp_path / "c.json"
    locked.write_bytes(payload(make_report(sessions=25)))
    assert run(db, "import", str(locked), capsys=capsys)[0] == 2
    target = tmp_path / "out.csv"
    assert (
        run(db, "export", "--from", "2026-10", "--to", "2026-10", "-o", str(target), capsys=capsys)[
            0
        ]
        == 0
    )
    rows_csv = list(csv.DictReader(target.open(encoding="utf-8")))
    totals = [r for r in rows_csv if r["table"] == "totals" and r["code"] == "sessions"]
    assert [(r["period"], r["value"], r["devices"]) for r in totals] == [
        ("2026-10", "50", "2"),
        ("2026-10..2026-10", "50", "2"),
    ]


def test_invalid_import_names_each_problem(db, capsys, tmp_path):
    report = make_report()
    report["sessions"]["topic"]["astrology"] = 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(report))
    code, _out, err = run(db, "import", str(bad), capsys=capsys)
    assert code == 2 and "$.sessions.topic.astrology" in err


def test_policy_sets_k_within_bounds(db, capsys):
    assert run(db, "policy", "--k", "2", capsys=capsys)[0] == 2
    assert run(db, "policy", "--k", "6", capsys=capsys)[1].strip() == "k=6"
