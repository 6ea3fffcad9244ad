"""The installers' and desktops' files: what they reference exists, they validate, and every one
of them carries the version of pyproject.toml (issue 7)."""

from __future__ import annotations

import configparser
import plistlib
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import PureWindowsPath
from types import ModuleType

import pytest

from homesupport import __version__
from homesupport.cli.main import run
from tests.packaging.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
ISS = ROOT / "packaging" / "windows" / "homesupport.iss"
APP_ID = "fi.homesupport.HomeSupport"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


# --- one version everywhere ------------------------------------------------------------------
def test_version_agrees_everywhere(
    buildinfo: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    version = buildinfo.version()
    assert __version__ == version  # importlib.metadata: the app, its About box and the bundle
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"HomeSupport {version}"
    assert buildinfo.mac_info_plist()["CFBundleShortVersionString"] == version
    releases = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot().find("releases")
    assert releases is not None and releases[0].get("version") == version  # newest first


def test_the_installer_takes_the_version_from_the_command_line_only() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "#error" in text.split("#ifndef AppVersion", 1)[1].split("#endif", 1)[0]
    assert re.search(r"^AppVersion=\{#AppVersion\}$", text, re.M)
    assert not re.search(r"\d+\.\d+\.\d+", text.split("[Setup]", 1)[1])
    script = (ROOT / "packaging" / "windows" / "build_windows.ps1").read_text(encoding="utf-8")
    assert '"/DAppVersion=$Version"' in script and "buildinfo.py version" in script


def test_windows_versions_have_four_numbers(buildinfo: ModuleType) -> None:
    assert buildinfo.windows_version("0.1.0") == "0.1.0.0"
    assert buildinfo.windows_version("2.10.3rc1") == "2.10.3.0"
    assert buildinfo.windows_version("1.2.3.4.5") == "1.2.3.4"


# --- Windows -----------------------------------------------------------------------------------
def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def iss_field(entry: str, name: str) -> str | None:
    match = re.search(rf'(?:^|;\s*){name}:\s*"((?:[^"]|"")*)"', entry)
    return match.group(1).replace('""', '"') if match else None


def windows_layout(buildinfo: ModuleType) -> set[str]:
    """The top of dist\\HomeSupport on Windows as homesupport.spec builds it."""
    return {buildinfo.WINDOWS_GUI_EXE, buildinfo.WINDOWS_CLI_EXE, "_internal"}


def test_every_file_the_installer_takes_exists(buildinfo: ModuleType) -> None:
    text = ISS.read_text(encoding="utf-8")
    defines = dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', text, re.M))
    sections = iss_sections(text)
    sources = [iss_field(entry, "Source") for entry in sections["Files"]]
    assert len(sources) >= 4 and None not in sources
    layout = windows_layout(buildinfo)
    linux_bundle = ROOT / "dist" / "HomeSupport"
    for source in sources:
        assert source is not None
        path = re.sub(r"\{#(\w+)\}", lambda m: defines[m.group(1)], source)
        parts = PureWindowsPath(path).parts
        if path.startswith(defines["BundleDir"]):
            top = PureWindowsPath(path).relative_to(defines["BundleDir"]).parts[0]
            assert top in layout, f"{source}: not in the bundle"
            if top == "_internal" and linux_bundle.is_dir():  # the same tree on every platform
                assert (linux_bundle / "_internal").is_dir()
        else:
            assert (ISS.parent.joinpath(*parts)).resolve().is_file(), source
    for key in ("SetupIconFile", "LicenseFile"):
        value = next(line for line in sections["Setup"] if line.startswith(key + "="))
        assert ISS.parent.joinpath(*PureWindowsPath(value.split("=", 1)[1]).parts).is_file()


def test_start_menu_entry_and_link_scheme_point_at_the_windowed_exe(buildinfo: ModuleType) -> None:
    text = ISS.read_text(encoding="utf-8")
    defines = dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', text, re.M))
    assert defines["AppExe"] == buildinfo.WINDOWS_GUI_EXE
    assert defines["CliExe"] == buildinfo.WINDOWS_CLI_EXE
    assert defines["UrlScheme"] == buildinfo.URL_SCHEME
    sections = iss_sections(text)
    icons = [iss_field(entry, "Filename") for entry in sections["Icons"]]
    assert icons and all(icon == "{app}\\{#AppExe}" for icon in icons)
    assert any("{autoprograms}" in (iss_field(e, "Name") or "") for e in sections["Icons"])
    registry = "\n".join(sections["Registry"])
    assert 'ValueName: "URL Protocol"' in registry
    assert '"""{app}\\{#AppExe}"" ""%1"""' in registry
    setup = "\n".join(sections["Setup"])
    assert "PrivilegesRequiredOverridesAllowed=dialog commandline" in setup
    assert "PrivilegesRequired=lowest" in setup
    code = "\n".join(sections["Code"])
    assert "/PURGEDATA" in code and "MB_DEFBUTTON2" in code and "{param:CONFIG|}" in code


# --- Linux -------------------------------------------------------------------------------------
def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_opens_links_and_finds_its_icon(buildinfo: ModuleType) -> None:
    entry = desktop_entry()
    assert entry["Exec"] == f"{buildinfo.LINUX_EXE} %u"
    assert f"x-scheme-handler/{buildinfo.URL_SCHEME};" in entry["MimeType"]
    assert entry["Icon"] == APP_ID
    for size in HICOLOR_SIZES:
        png = ROOT / "resources" / "icons" / "app" / "png" / f"homesupport-{size}.png"
        assert png.read_bytes()[16:24] == size.to_bytes(4, "big") * 2  # PNG IHDR width, height


@pytest.mark.parametrize(
    ("tool", "args", "file"),
    [
        ("desktop-file-validate", [], f"{APP_ID}.desktop"),
        ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml"),
    ],
)
def test_linux_metadata_validates(tool: str, args: list[str], file: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt-get install desktop-file-utils appstream)")
    done = subprocess.run([tool, *args, str(LINUX / file)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_metainfo_names_the_desktop_file_and_binary(buildinfo: ModuleType) -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == buildinfo.APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("provides/binary") == buildinfo.LINUX_EXE


# --- macOS -------------------------------------------------------------------------------------
def test_info_plist_is_valid_and_registers_the_link_scheme(buildinfo: ModuleType) -> None:
    with (ROOT / "packaging" / "macos" / "Info.plist").open("rb") as handle:
        raw = plistlib.load(handle)
    assert "CFBundleShortVersionString" not in raw  # filled in from pyproject, nowhere else
    merged = buildinfo.mac_info_plist()
    assert merged["CFBundleIdentifier"] == buildinfo.APP_ID == APP_ID
    assert merged["CFBundleName"] == buildinfo.APP_NAME
    assert merged["CFBundleShortVersionString"] == merged["CFBundleVersion"] == __version__
    assert (ROOT / "resources" / "icons" / "app" / merged["CFBundleIconFile"]).is_file()
    schemes = [s for t in merged["CFBundleURLTypes"] for s in t["CFBundleURLSchemes"]]
    assert schemes == [buildinfo.URL_SCHEME]
