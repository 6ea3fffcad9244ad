"""The installers' and desktops' files: what they reference exists, they validate, and every one
of them carries the version of pyproject.toml (issue 7)."""

from __future__ import annotations

import configparser
import plistlib
import re
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from homesupport import __version__
from homesupport.cli.main import run
from tests.packaging.conftest import ROOT, load_script

LINUX = ROOT / "packaging" / "linux"
WXS = ROOT / "packaging" / "windows" / "homesupport.wxs"
UPGRADE_CODE = uuid.UUID("B9B88309-043A-4E95-8D15-8522717EF735")
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


def test_the_installer_takes_the_version_from_the_build_only() -> None:
    product = wxs_product()
    assert product.get("Version") == "$(var.Version)"
    assert not re.search(r"\d+\.\d+\.\d+", WXS.read_text(encoding="utf-8"))
    script = (ROOT / "packaging" / "windows" / "build_windows.ps1").read_text(encoding="utf-8")
    assert "buildinfo.py version" in script and "build_msi.py" in script


def test_windows_versions_have_four_numbers(buildinfo: ModuleType) -> None:
    assert buildinfo.windows_version("0.1.0") == "0.1.0.0"
    assert buildinfo.windows_version("2.10.3rc1") == "2.10.3.0"
    assert buildinfo.windows_version("1.2.3.4.5") == "1.2.3.4"


# --- Windows ---------------------------------------------------------------------------------
# The MSI is built and installed under Wine by packaging/windows/test_under_wine.sh (CI); these
# check its source where no Wine is needed.
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"


def build_msi() -> ModuleType:
    return load_script("windows/build_msi.py")


def wxs_product() -> ET.Element:
    product = ET.parse(WXS).getroot().find(f"{WIX}Product")
    assert product is not None
    return product


def registry_values(product: ET.Element) -> dict[str, str]:
    """``Key\\Name`` -> value of every registry value, keys joined as Windows Installer does."""
    values = {}
    for key in product.iter(f"{WIX}RegistryKey"):
        assert key.get("Root") == "HKMU"  # HKLM per machine, HKCU per user
        for value in key.iter(f"{WIX}RegistryValue"):
            path = "\\".join(part for part in (key.get("Key"), value.get("Key")) if part)
            values[f"{path}\\{value.get('Name', '')}"] = value.get("Value", "")
    return values


def test_start_menu_entry_and_link_scheme_point_at_the_windowed_exe(buildinfo: ModuleType) -> None:
    product = wxs_product()
    shortcuts = list(product.iter(f"{WIX}Shortcut"))
    assert [s.get("Target") for s in shortcuts] == [f"[INSTALLDIR]{buildinfo.WINDOWS_GUI_EXE}"]
    menu = next(d for d in product.iter(f"{WIX}DirectoryRef") if d.get("Id") == "ProgramMenuFolder")
    assert shortcuts[0] in menu.iter(f"{WIX}Shortcut")
    values = registry_values(product)
    scheme = f"Software\\Classes\\{buildinfo.URL_SCHEME}"
    assert values[f"{scheme}\\URL Protocol"] == ""
    command = values[f"{scheme}\\shell\\open\\command\\"]
    assert command == f'"[INSTALLDIR]{buildinfo.WINDOWS_GUI_EXE}" "%1"'


def test_one_package_installs_per_machine_or_per_user_and_upgrades(buildinfo: ModuleType) -> None:
    product = wxs_product()
    properties = {p.get("Id"): p.get("Value") for p in product.iter(f"{WIX}Property")}
    assert properties["ALLUSERS"] == "2"  # dual purpose: MSIINSTALLPERUSER=1 makes it per user
    package = product.find(f"{WIX}Package")
    assert package is not None and package.get("InstallScope") == "perUser"  # no UAC needed
    assert product.find(f"{WIX}MajorUpgrade") is not None
    assert uuid.UUID(product.get("UpgradeCode", "")) == UPGRADE_CODE  # never changes
    assert product.get("Id") == "*"  # a new product code for every build
    folder = next(d for d in product.iter(f"{WIX}Directory") if d.get("Id") == "INSTALLDIR")
    assert folder.get("Name") == buildinfo.APP_NAME


def test_the_configuration_is_copied_where_the_app_reads_it() -> None:
    product = wxs_product()
    folder = next(d for d in product.iter(f"{WIX}Directory") if d.get("Id") == "SITECONFIGDIR")
    parent = next(d for d in product.iter(f"{WIX}Directory") if folder in list(d))
    assert (parent.get("Id"), folder.get("Name")) == ("CommonAppDataFolder", "HomeSupport")
    copy = next(a for a in product.iter(f"{WIX}CustomAction") if a.get("Id") == "CopySiteConfig")
    assert copy.get("ExeCommand", "").endswith('copy /y "[CONFIG]" "[SITECONFIGDIR]config.toml"')
    assert (copy.get("Execute"), copy.get("Return")) == ("deferred", "check")
    conditions = [c.text for c in product.findall(f"{WIX}Condition")]
    assert "Installed OR NOT CONFIG OR ALLUSERS = 1" in conditions  # machine-wide: per machine


def test_every_file_the_installer_takes_exists() -> None:
    product = wxs_product()
    sources = [f.get("Source", "") for f in product.iter(f"{WIX}File")]
    sources.append(next(product.iter(f"{WIX}Icon")).get("SourceFile", ""))
    defines = build_msi().DEFINES
    for source in sources:
        name = re.fullmatch(r"\$\(var\.(\w+)\)", source)
        assert name is not None, source
        assert (ROOT / defines[name.group(1)]).is_file(), source


def test_the_harvest_lists_every_bundle_file_with_a_stable_component(tmp_path: Path) -> None:
    module = build_msi()
    bundle = tmp_path / "HomeSupport"
    for name in ("HomeSupport.exe", "homesupport-cli.exe", "_internal/PySide6/Qt6Core.dll",
                 "_internal/homesupport/_resources/guides/fi/käyttö ohje.toml"):  # fmt: skip
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_bytes(b"x")
    fragment = module.harvest(bundle)
    files = list(fragment.iter(f"{WIX}File"))
    components = list(fragment.iter(f"{WIX}Component"))
    assert len(files) == len(components) == 4
    ids = [e.get("Id", "") for e in [*files, *components, *fragment.iter(f"{WIX}Directory")]]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[A-Za-z_][\w.]{0,71}", i) for i in ids)
    refs = [r.get("Id") for r in fragment.iter(f"{WIX}ComponentRef")]
    assert sorted(refs) == sorted(c.get("Id") for c in components)
    again = [c.get("Guid") for c in module.harvest(bundle).iter(f"{WIX}Component")]
    assert again == [c.get("Guid") for c in components]  # a file keeps its component
    assert {f.get("Name") for f in files} >= {"käyttö ohje.toml", "Qt6Core.dll"}


def test_wixl_builds_the_msi_with_its_tables(tmp_path: Path) -> None:
    if shutil.which("wixl") is None or shutil.which("msiinfo") is None:
        pytest.skip("wixl is not installed (apt-get install wixl msitools)")
    bundle = tmp_path / "HomeSupport"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("HomeSupport.exe", "homesupport-cli.exe", "_internal/base_library.zip"):
        (bundle / name).write_bytes(b"MZ")
    msi = tmp_path / "out" / "HomeSupport.msi"
    build_msi().build(bundle, msi, "1.2.3", "wixl")

    def table(name: str) -> list[list[str]]:
        done = subprocess.run(["msiinfo", "export", str(msi), name], capture_output=True)
        assert done.returncode == 0, done.stderr
        return [row.split("\t") for row in done.stdout.decode().splitlines()[3:]]

    properties = dict(row[:2] for row in table("Property"))
    assert properties["ProductVersion"] == "1.2.3.0"
    assert properties["ALLUSERS"] == "2"
    assert uuid.UUID(properties["UpgradeCode"]) == UPGRADE_CODE
    assert len(table("File")) == 5  # the bundle's three, LICENSE.txt, config.example.toml
    assert [row[1] for row in table("Shortcut")] == ["ProgramMenuFolder"]
    assert {row[1] for row in table("Registry")} == {"-1"}  # HKMU: HKLM or HKCU by ALLUSERS
    sequence = {row[0]: int(row[2]) for row in table("InstallExecuteSequence")}
    assert sequence["InstallInitialize"] < sequence["CopySiteConfig"] < sequence["InstallFinalize"]
    assert "RemoveExistingProducts" in sequence


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
