"""Builds the HomeSupport MSI from the Windows bundle (dist/HomeSupport on Windows) with wixl.

    python packaging/windows/build_msi.py BUNDLE_DIR OUTPUT.msi [--version X.Y.Z] [--wixl PATH]

Writes a WiX fragment listing every file of the bundle (ComponentGroup ``BundleFiles``, one
component per file, its GUID derived from the file's path so that every build gives a file the
same component) next to the output, then compiles it with packaging/windows/homesupport.wxs.
``wixl`` and ``msibuild`` come with msitools (Debian: ``apt-get install wixl msitools``;
Windows: MSYS2's msitools).
Standard library only; the version defaults to pyproject.toml's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
import buildinfo  # noqa: E402

# Derives the bundle's component GUIDs; fixed, like the UpgradeCode in homesupport.wxs.
COMPONENT_NAMESPACE = uuid.UUID("0C6B1F4E-8F0A-4E57-B2C4-6A1D3E9F7B25")
WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
HKMU = -1  # the Registry table's root for HKLM per machine, HKCU per user
# homesupport.wxs's $(var.X) file sources, relative to the root: wixl refuses absolute paths.
DEFINES = {
    "IconFile": "resources/icons/app/homesupport.ico",
    "LicenceFile": "LICENSE",
    "ConfigExample": "packaging/config.example.toml",
}


def identifier(kind: str, relative: str) -> str:
    """A WiX identifier (72 characters at most, letters, digits, _ and .) unique per path."""
    digest = hashlib.sha1(relative.lower().encode("utf-8")).hexdigest()[:16]
    readable = re.sub(r"[^A-Za-z0-9_.]", "_", relative.rsplit("/", 1)[-1])[:40]
    return f"{kind}_{digest}_{readable}"


def component_guid(relative: str) -> str:
    return str(uuid.uuid5(COMPONENT_NAMESPACE, relative.lower())).upper()


def harvest(bundle: Path) -> ET.Element:
    """The fragment: the bundle's folders under INSTALLDIR and one component per file."""
    ET.register_namespace("", WIX_NS)
    wix = ET.Element(f"{{{WIX_NS}}}Wix")
    fragment = ET.SubElement(wix, f"{{{WIX_NS}}}Fragment")
    root = ET.SubElement(fragment, f"{{{WIX_NS}}}DirectoryRef", Id="INSTALLDIR")
    group = ET.Element(f"{{{WIX_NS}}}ComponentGroup", Id="BundleFiles")
    folders: dict[Path, ET.Element] = {Path("."): root}

    def folder_element(relative: Path) -> ET.Element:
        if relative not in folders:
            parent = folder_element(relative.parent)
            folders[relative] = ET.SubElement(
                parent,
                f"{{{WIX_NS}}}Directory",
                Id=identifier("dir", relative.as_posix()),
                Name=relative.name,
            )
        return folders[relative]

    files = sorted(path for path in bundle.rglob("*") if path.is_file())
    if not files:
        raise SystemExit(f"{bundle} has no files: build the bundle first")
    for path in files:
        relative = path.relative_to(bundle)
        key = relative.as_posix()
        component = ET.SubElement(
            folder_element(relative.parent),
            f"{{{WIX_NS}}}Component",
            Id=identifier("cmp", key),
            Guid=component_guid(key),
            Win64="yes",
        )
        ET.SubElement(
            component,
            f"{{{WIX_NS}}}File",
            Id=identifier("fil", key),
            Name=relative.name,
            Source=os.path.relpath(path, ROOT),
            KeyPath="yes",
        )
        ET.SubElement(group, f"{{{WIX_NS}}}ComponentRef", Id=component.get("Id", ""))
    fragment.append(group)
    return wix


def build(bundle: Path, output: Path, version: str, wixl: str, msibuild: str = "msibuild") -> None:
    for exe in (buildinfo.WINDOWS_GUI_EXE, buildinfo.WINDOWS_CLI_EXE):
        if not (bundle / exe).is_file():
            raise SystemExit(f"{bundle} lacks {exe}: is it the Windows bundle?")
    output.parent.mkdir(parents=True, exist_ok=True)
    fragment = output.with_suffix(".files.wxs")
    ET.ElementTree(harvest(bundle)).write(fragment, encoding="utf-8", xml_declaration=True)
    defines = {"Version": buildinfo.windows_version(version), **DEFINES}
    command = [wixl, "--arch", "x64", "--output", str(output.resolve())]
    for name, value in defines.items():
        command += ["--define", f"{name}={value}"]
    sources = [str(HERE / "homesupport.wxs"), str(fragment.resolve())]
    subprocess.run([*command, *sources], check=True, cwd=ROOT)
    # wixl up to 0.106 writes Root="HKMU" as 4 (its enum's index) instead of -1, and Windows
    # Installer skips registry rows with an unknown root: the link handler would be missing.
    fix = f"UPDATE `Registry` SET `Root` = {HKMU} WHERE `Root` = 4"
    subprocess.run([msibuild, str(output.resolve()), "-q", fix], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--version", default=buildinfo.version())
    parser.add_argument("--wixl", default="wixl")
    parser.add_argument("--msibuild", default="msibuild", help="msitools' msibuild")
    args = parser.parse_args(argv)
    build(args.bundle, args.output, args.version, args.wixl, args.msibuild)
    return 0


if __name__ == "__main__":
    sys.exit(main())
