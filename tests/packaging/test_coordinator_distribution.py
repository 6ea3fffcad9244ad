"""The coordinator's own distribution (packaging/coordinator) stays complete and lean: every
module it imports is inside it, it needs none of the desktop's heavy dependencies, and its
server files name only real settings. (packaging/coordinator/check_install.sh installs it into
a fresh venv and runs the coordinator's tests there; CI runs that script.)"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from homesupport.coordinator.settings import ENV_DB, ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "packaging" / "coordinator"
DESKTOP_ONLY = {"pyside6-essentials", "pyside6-addons", "sqlcipher3", "reportlab", "keyring"}


def project(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def names(requirements: list[str]) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


def included_modules() -> set[str]:
    include = project(FOLDER / "pyproject.toml")["tool"]["hatch"]["build"]["targets"]["wheel"]
    modules = set()
    for source, target in include["force-include"].items():
        path = (FOLDER / source).resolve()
        if not target.startswith("homesupport/") or "_resources" in target:
            continue
        files = [path] if path.is_file() else path.rglob("*.py")
        for file in files:
            parts = file.relative_to(ROOT).with_suffix("").parts
            modules.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_its_dependencies_are_the_coordinator_extra_without_the_desktop():
    desktop = project(ROOT / "pyproject.toml")["project"]
    own = names(project(FOLDER / "pyproject.toml")["project"]["dependencies"])
    assert names(desktop["optional-dependencies"]["coordinator"]) <= own
    assert not own & DESKTOP_ONLY


def test_every_module_it_imports_is_inside_it():
    modules = included_modules()
    assert "homesupport.coordinator.app" in modules and "homesupport.domain.codes" in modules
    missing = set()
    for module in modules:
        file = ROOT / Path(*module.split("."))
        source = file / "__init__.py" if file.is_dir() else file.with_suffix(".py")
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                wanted = [node.module]
            elif isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            else:
                continue
            for name in wanted:
                if name.startswith("homesupport.") and not any(
                    name == m or name.startswith(m + ".") or m.startswith(name + ".")
                    for m in modules
                ):
                    missing.add(f"{module} imports {name}")
    assert not missing


def test_the_server_files_name_only_real_settings():
    known = {ENV_DB} | {ENV_PREFIX + field.upper() for field in Settings.model_fields}
    example = (FOLDER / "coordinator.env.example").read_text(encoding="utf-8")
    used = set(re.findall(r"^#?(HOMESUPPORT_COORDINATOR_\w+)=", example, re.MULTILINE))
    assert {ENV_DB, ENV_PREFIX + "PUBLIC_URL"} <= used and used <= known
    unit = (FOLDER / "homesupport-coordinator.service").read_text(encoding="utf-8")
    assert "EnvironmentFile=/etc/homesupport/coordinator.env" in unit
    assert re.search(r"^ExecStart=\S+/homesupport-coordinator serve ", unit, re.MULTILINE)
    scripts = project(FOLDER / "pyproject.toml")["project"]["scripts"]
    desktop = project(ROOT / "pyproject.toml")["project"]["scripts"]
    assert scripts["homesupport-coordinator"] == desktop["homesupport-coordinator"]
