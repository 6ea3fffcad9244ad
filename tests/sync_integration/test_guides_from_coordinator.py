"""Guides kept true by the coordinator: published once on the real coordinator (loopback),
every laptop has it after its next ``homesupport sync`` and prints the new text; a
supporter's own copy stays and they are told; a cut download or a tampered archive leaves the
previous version; a withdrawn guide leaves the laptop's library but never its own copies."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pytest

from homesupport.coordinator.cli import main as coordinator_cli
from homesupport.resources import resource
from homesupport.services.guide_updates import CoordinatorGuides
from homesupport.services.guides import GuideLibrary
from homesupport.sync.client import CoordinatorClient
from tests.sync.coordinator_server import RunningCoordinator
from tests.sync_integration.laptop import CODES, Laptop
from tests.sync_integration.test_cli import cli

SLUG = "omakanta-renew-prescription"
MARK = "Korjattu ohje: "


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "key.txt"
    path.write_text("a long passphrase for the tests\n")
    monkeypatch.setenv("HOMESUPPORT_KEY_FILE", str(path))
    return path


def corrected_guide(folder: Path, mark: str = MARK) -> Path:
    """The bundled guide with its first Finnish step corrected, as a coordinator edits it."""
    guide = folder / SLUG
    shutil.copytree(resource("guides", SLUG), guide, dirs_exist_ok=True)
    file = guide / "fi.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('[[steps]]\ntext = "', f'[[steps]]\ntext = "{mark}', 1))
    return guide


def publish(coordinator: RunningCoordinator, path: Path) -> None:
    assert (
        coordinator_cli(
            ["--db", coordinator.coordinator.settings.db_url, "guides", "publish", str(path)]
        )
        == 0
    )


def new_laptop(folder: Path, clock, coordinator: RunningCoordinator) -> Path:
    Laptop(folder, clock).close()
    code, _out, err = cli(
        folder, "enrol", "--server", coordinator.url, "--code", coordinator.new_code()
    )
    assert code == 0, err
    return folder


def printed_text(data_dir: Path, tmp_path: Path) -> str:
    pdf = tmp_path / "printed.pdf"
    code, _out, err = cli(data_dir, "guides", "pdf", SLUG, "-o", str(pdf), "--lang", "fi")
    assert code == 0, err
    return " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


def test_two_laptops_receive_a_published_guide_and_one_keeps_its_own_copy(
    key_file, clock, tmp_path, coordinator: RunningCoordinator
):
    first = new_laptop(tmp_path / "first", clock, coordinator)
    second = new_laptop(tmp_path / "second", clock, coordinator)
    own = corrected_guide(second / "guides", mark="Oma versio: ") / "fi.toml"
    for extra in ("sv.toml", "en.toml"):  # the supporter's copy is Finnish only
        (own.parent / extra).unlink()
    assert MARK not in printed_text(first, tmp_path)

    publish(coordinator, corrected_guide(tmp_path / "published"))
    code, out, err = cli(first, "sync")
    assert code == 0, err
    assert f"Your coordinator updated the guide {SLUG} (version 1)." in out.decode()
    assert MARK in printed_text(first, tmp_path)

    code, out, err = cli(second, "sync")
    assert code == 0, err
    assert "Your own copy of it stays in use" in out.decode()
    assert "See changes… and then Use the coordinator's version" in out.decode()
    assert "delete your copy" not in out.decode()
    text = printed_text(second, tmp_path)
    assert "Oma versio: " in text and MARK not in text
    assert (second / "coordinator-guides" / SLUG / "fi.toml").read_text().count(MARK) == 1

    # Nothing new: one small 304, nothing printed about guides.
    code, out, _err = cli(first, "sync")
    assert code == 0 and "guide" not in out.decode()


def test_a_withdrawn_guide_leaves_the_library_but_not_own_copies(
    key_file, clock, tmp_path, coordinator: RunningCoordinator
):
    laptop = new_laptop(tmp_path / "laptop", clock, coordinator)
    publish(coordinator, corrected_guide(tmp_path / "published"))
    assert cli(laptop, "sync")[0] == 0
    assert MARK in printed_text(laptop, tmp_path)
    db = coordinator.coordinator.settings.db_url
    assert coordinator_cli(["--db", db, "guides", "withdraw", SLUG]) == 0
    code, out, _err = cli(laptop, "sync")
    assert code == 0 and f"withdrew the guide {SLUG}" in out.decode()
    assert MARK not in printed_text(laptop, tmp_path)  # the bundled guide is back
    assert not (laptop / "coordinator-guides" / SLUG).exists()


class FlakyCoordinator(http.server.ThreadingHTTPServer):
    """A loopback coordinator that lists one guide and then serves its archive cut short, or
    with other bytes than its catalogue's hash."""

    def __init__(self, archive: bytes, listed_sha: str, cut: bool) -> None:
        self.archive, self.listed_sha, self.cut = archive, listed_sha, cut
        super().__init__(("127.0.0.1", 0), FlakyHandler)


class FlakyHandler(http.server.BaseHTTPRequestHandler):
    server: FlakyCoordinator

    def log_message(self, *_args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/api/v1/guides":
            body = json.dumps(
                [
                    {
                        "slug": SLUG,
                        "version": 2,
                        "sha256": self.server.listed_sha,
                        "languages": ["fi", "sv", "en"],
                        "checked_on": {},
                    }
                ]
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == f"/api/v1/guides/{SLUG}/2":
            data = self.server.archive
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if self.server.cut else data)
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextmanager
def flaky(archive: bytes, listed_sha: str, *, cut: bool) -> Iterator[str]:
    server = FlakyCoordinator(archive, listed_sha, cut)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("failure", ["cut", "tampered"])
def test_a_cut_or_tampered_download_leaves_the_previous_version(
    key_file, clock, tmp_path, coordinator: RunningCoordinator, failure
):
    laptop = new_laptop(tmp_path / "laptop", clock, coordinator)
    publish(coordinator, corrected_guide(tmp_path / "published"))
    assert cli(laptop, "sync")[0] == 0
    before = (laptop / "coordinator-guides" / SLUG / "fi.toml").read_bytes()

    # Version 2 on a coordinator whose connection breaks, or whose bytes were changed.
    changed = corrected_guide(tmp_path / "v2", mark="Versio kaksi: ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(changed.iterdir()):
            archive.write(file, f"{SLUG}/{file.name}")
    data = buffer.getvalue()
    listed = hashlib.sha256(data if failure == "cut" else data + b"x").hexdigest()

    library = GuideLibrary.open(laptop, CODES)
    with (
        flaky(data, listed, cut=failure == "cut") as url,
        CoordinatorClient(url, token="t") as client,
    ):
        updates = CoordinatorGuides(library, clock).update(client)
    assert updates.failed == (SLUG,) and not updates.received
    assert (laptop / "coordinator-guides" / SLUG / "fi.toml").read_bytes() == before
    assert library.require(SLUG, "fi").guide.steps[0].text.startswith(MARK)
    assert not list((laptop / "coordinator-guides").glob(".incoming-*"))
