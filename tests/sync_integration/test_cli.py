"""``homesupport report``, ``enrol`` and ``sync`` against the real coordinator."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from homesupport.cli.main import run
from homesupport.domain.report_format import parse_report, validate_report
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import CODES, MUNICIPALITIES, Laptop, stored_payloads


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "key.txt"
    path.write_text("a long passphrase for the tests\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(path))
    return path


def cli(data_dir: Path, *args: str) -> tuple[int, bytes, str]:
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    code = run(["--data-dir", str(data_dir), "--lang", "en", *args], out, err)
    out.flush()
    return code, out.buffer.getvalue(), err.getvalue()  # type: ignore[attr-defined]


def test_report_json_is_exactly_what_the_coordinator_received(
    key_file: Path, data_dir: Path, clock, coordinator: RunningCoordinator
) -> None:
    laptop = Laptop(data_dir, clock)
    laptop.month(2026, 10, 9)
    laptop.close()

    code, out, _ = cli(
        data_dir, "enrol", "--server", coordinator.url, "--code", coordinator.new_code()
    )
    assert code == 0 and coordinator.url in out.decode()
    code, out, _ = cli(data_dir, "sync")
    assert code == 0, out
    code, payload, _ = cli(data_dir, "report", "2026-10", "--json")
    assert code == 0
    assert stored_payloads(coordinator)[("2026-10", 1)] == [payload]
    assert validate_report(parse_report(payload), CODES, MUNICIPALITIES) == []

    code, table, _ = cli(data_dir, "report", "2026-10")
    assert code == 0 and "Sessions by topic" in table.decode()
    assert "Bank" in table.decode()  # labels, not codes


def test_sync_exits_3_when_the_coordinator_is_unreachable(
    key_file: Path, data_dir: Path, clock, tmp_path: Path
) -> None:
    laptop = Laptop(data_dir, clock)
    laptop.month(2026, 10, 4)
    laptop.close()
    from tests.sync.coordinator_server import running_coordinator

    with running_coordinator(tmp_path) as coordinator:
        code, _, err = cli(
            data_dir, "enrol", "--server", coordinator.url, "--code", coordinator.new_code()
        )
        assert code == 0, err
    # the coordinator is gone now
    code, out, err = cli(data_dir, "sync")
    assert code == 3
    assert "waiting — offline" in out.decode()


def test_bad_input_exits_2(key_file: Path, data_dir: Path, clock) -> None:
    Laptop(data_dir, clock).close()
    assert cli(data_dir, "report", "2026-13")[0] == 2
    code, _, err = cli(data_dir, "sync")
    assert code == 2 and "enrol" in err
    code, _, err = cli(data_dir, "enrol", "--server", "http://example.org", "--code", "X")
    assert code == 2 and "https://" in err


def test_report_of_the_current_month_is_a_preview(key_file: Path, data_dir: Path, clock) -> None:
    laptop = Laptop(data_dir, clock)
    laptop.session(clock().date())
    period = laptop.reports.current_period()
    laptop.close()
    code, payload, _ = cli(data_dir, "report", period, "--json")
    assert code == 0 and json.loads(payload)["period"] == period
    assert cli(data_dir, "report", period, "--json")[1] == payload  # the same id each time
