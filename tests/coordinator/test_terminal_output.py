"""Names that came from devices never drive the terminal: enrolment accepts printable names
only, and the real ``homesupport-coordinator`` command prints any control character that is
already stored (a name from before that rule) escaped. Real server on loopback, real CLI."""

from __future__ import annotations

import subprocess
import sys

import httpx
from coordinator_helpers import new_code
from live_server import serving

from homesupport.coordinator.app import create_app
from homesupport.coordinator.context import Coordinator
from homesupport.coordinator.storage import devices

# Clears the screen, moves the cursor home and forges a second device line and a month.
FORGED = "Laptop\x1b[2J\x1b[H\nd-forged\tTrusted laptop\t2026-01-01 00:00 UTC\t2026-01\u202e"


def coordinator_cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "homesupport.coordinator.cli", "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_enrolment_over_loopback_accepts_printable_names_only(coordinator: Coordinator):
    app = create_app(coordinator.settings, coordinator=coordinator)
    with serving(app) as url:
        for bad in (FORGED, "Laptop\x1b[31m", "Right\u202eto left", "two\nlines", "a\tb"):
            answer = httpx.post(
                f"{url}/api/v1/enrol",
                json={"code": new_code(coordinator), "device_name": bad},
            )
            assert answer.status_code == 400, (bad, answer.text)
            [problem] = answer.json()["problems"]
            assert problem["path"] == "$.device_name"
            assert "printable text" in problem["message"]
        good = httpx.post(
            f"{url}/api/v1/enrol",
            json={"code": new_code(coordinator), "device_name": "Annan läppäri (Åbo)"},
        )
        assert good.status_code == 201, good.text

    listed = coordinator_cli(coordinator.settings.db_url, "devices")
    assert listed.returncode == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    assert line.split("\t")[1] == "Annan läppäri (Åbo)"


def test_devices_prints_a_stored_control_character_escaped(coordinator: Coordinator):
    # A name enrolled before names were checked.
    with coordinator.sessions.begin() as session:
        enrolled = devices.enrol(session, new_code(coordinator), FORGED, coordinator.clock())
    assert enrolled is not None

    listed = coordinator_cli(coordinator.settings.db_url, "devices")
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    [line] = listed.stdout.splitlines()  # no forged second line
    fields = line.split("\t")
    assert len(fields) == 4 and fields[0] == enrolled.device_id  # no forged column
    assert fields[1] == (
        "Laptop\\x1b[2J\\x1b[H\\x0ad-forged\\x09Trusted laptop\\x092026-01-01 00:00 UTC"
        "\\x092026-01\\u202e"
    )


def test_errors_and_labels_never_carry_control_characters(coordinator: Coordinator):
    db_url = coordinator.settings.db_url
    revoked = coordinator_cli(db_url, "revoke", "d-\x1b[2Jgone")
    assert revoked.returncode == 2
    assert "\x1b" not in revoked.stderr and "d-\\x1b[2Jgone" in revoked.stderr

    labelled = coordinator_cli(db_url, "enrol-code", "--name", "Anna\x1b[2J")
    assert labelled.returncode == 2 and labelled.stdout == ""
    assert "printable text" in labelled.stderr and "\x1b" not in labelled.stderr
