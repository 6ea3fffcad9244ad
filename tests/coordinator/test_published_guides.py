"""The coordinator publishes guides: checked like the app checks an import, versioned, listed
with how many devices hold each version, served to enrolled laptops with an ETag, withdrawn."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from coordinator_helpers import bearer, enrol

from homesupport.coordinator.cli import main
from homesupport.resources import resource

SLUG = "omakanta-renew-prescription"


def run(coordinator, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--db", coordinator.settings.db_url, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    """A copy of a bundled guide's folder, to edit as a coordinator would."""
    folder = tmp_path / "guides" / SLUG
    shutil.copytree(resource("guides", SLUG), folder)
    return folder


def change_first_step(folder: Path, language: str = "fi") -> None:
    file = folder / f"{language}.toml"
    text = file.read_text(encoding="utf-8")
    marker = '[[steps]]\ntext = "'
    assert marker in text
    file.write_text(text.replace(marker, marker + "Korjattu: ", 1), encoding="utf-8")


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, f"{folder.name}/{file.name}")
    return buffer.getvalue()


def test_publish_a_folder_then_the_same_files_change_nothing_and_an_edit_is_version_2(
    coordinator, capsys, guide
):
    code, out, _err = run(coordinator, capsys, "guides", "publish", str(guide))
    assert code == 0 and f"{SLUG}: version 1 published (fi, sv, en)" in out
    code, out, _err = run(coordinator, capsys, "guides", "publish", str(guide))
    assert code == 0 and "unchanged" in out
    change_first_step(guide)
    code, out, _err = run(coordinator, capsys, "guides", "publish", str(guide))
    assert code == 0 and "version 2 published" in out
    code, out, _err = run(coordinator, capsys, "guides", "list")
    slug, version, languages, checked, devices = out.strip().split("\t")
    assert (slug, version, languages, devices) == (SLUG, "v2", "fi,sv,en", "-")
    assert checked.startswith("en=20") and "fi=20" in checked


def test_a_zip_publishes_like_its_folder(coordinator, capsys, guide, tmp_path):
    archive = tmp_path / f"{SLUG}.zip"
    archive.write_bytes(zipped(guide))
    assert run(coordinator, capsys, "guides", "publish", str(archive))[0] == 0
    code, out, _err = run(coordinator, capsys, "guides", "publish", str(guide))
    assert code == 0 and "unchanged" in out  # the same files, whatever the packing


def test_one_invalid_guide_in_a_folder_publishes_nothing_and_names_file_and_field(
    coordinator, capsys, guide
):
    other = guide.parent / "safe-login"
    shutil.copytree(resource("guides", "safe-login"), other)
    text = (other / "sv.toml").read_text(encoding="utf-8")
    (other / "sv.toml").write_text(
        text.replace("topics = [", 'topics = ["no_such_topic", ', 1), encoding="utf-8"
    )
    code, _out, err = run(coordinator, capsys, "guides", "publish", str(guide.parent))
    assert code == 2 and "Traceback" not in err
    assert "safe-login/sv.toml: topics" in err
    assert run(coordinator, capsys, "guides", "list")[1] == ""


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil/../../x.toml", b"x"),
        (f"{SLUG}/notes.txt", b"x"),
        (f"{SLUG}/fi.toml", b"format = " + b"[" * 1000),
    ],
)
def test_hostile_archives_are_refused(coordinator, capsys, tmp_path, name, content):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(name, content)
    code, _out, err = run(coordinator, capsys, "guides", "publish", str(archive))
    assert code == 2 and "Traceback" not in err and "Nothing was published" in err


def test_laptops_read_the_catalogue_with_an_etag_and_download_what_it_names(
    coordinator, client, capsys, guide
):
    device = enrol(client, coordinator)
    auth = bearer(device["token"])
    empty = client.get("/api/v1/guides", headers=auth)
    assert empty.status_code == 200 and empty.json() == []
    assert run(coordinator, capsys, "guides", "publish", str(guide))[0] == 0

    answer = client.get("/api/v1/guides", headers={**auth, "If-None-Match": empty.headers["etag"]})
    assert answer.status_code == 200
    [entry] = answer.json()
    assert entry["slug"] == SLUG and entry["version"] == 1
    assert entry["languages"] == ["fi", "sv", "en"] and set(entry["checked_on"]) == {
        "fi",
        "sv",
        "en",
    }
    again = client.get("/api/v1/guides", headers={**auth, "If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""

    download = client.get(f"/api/v1/guides/{SLUG}/1", headers=auth)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    assert hashlib.sha256(download.content).hexdigest() == entry["sha256"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert f"{SLUG}/fi.toml" in archive.namelist()
    out = run(coordinator, capsys, "guides", "list")[1]
    assert out.strip().endswith("v1:1")  # one device holds version 1


def test_withdrawn_guides_leave_the_catalogue_and_unknown_ones_are_404(
    coordinator, client, capsys, guide
):
    auth = bearer(enrol(client, coordinator)["token"])
    assert run(coordinator, capsys, "guides", "publish", str(guide))[0] == 0
    code, out, _err = run(coordinator, capsys, "guides", "withdraw", SLUG)
    assert code == 0 and "withdrawn" in out
    assert client.get("/api/v1/guides", headers=auth).json() == []
    assert client.get(f"/api/v1/guides/{SLUG}/1", headers=auth).status_code == 404
    assert client.get(f"/api/v1/guides/{SLUG}/7", headers=auth).status_code == 404
    assert run(coordinator, capsys, "guides", "withdraw", SLUG)[0] == 2
    # published again: back, as a new version
    code, out, _err = run(coordinator, capsys, "guides", "publish", str(guide))
    assert code == 0 and "version 2 published" in out
    assert [e["version"] for e in client.get("/api/v1/guides", headers=auth).json()] == [2]


def test_guides_need_a_valid_token(client):
    assert client.get("/api/v1/guides").status_code == 401
    assert client.get(f"/api/v1/guides/{SLUG}/1", headers=bearer("nope")).status_code == 401


def test_the_dashboard_lists_published_guides_with_devices_per_version(
    coordinator, client, capsys, guide
):
    from coordinator_helpers import add_user
    from test_dashboard import log_in

    auth = bearer(enrol(client, coordinator)["token"])
    assert run(coordinator, capsys, "guides", "publish", str(guide))[0] == 0
    assert client.get(f"/api/v1/guides/{SLUG}/1", headers=auth).status_code == 200
    change_first_step(guide)
    assert run(coordinator, capsys, "guides", "publish", str(guide))[0] == 0
    add_user(coordinator)
    assert log_in(client).status_code == 303
    page = client.get("/?lang=fi").text
    row = page[page.index("Julkaistut ohjeet") :]
    row = row[row.index(f"({SLUG})") : row.index("</tr>", row.index(f"({SLUG})"))]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:-1]]
    assert cells[0] == "2"  # version
    assert "fi</span> 20" in row
    assert cells[-2:] == ["0", "1"]  # no device has version 2 yet, one has an older one
