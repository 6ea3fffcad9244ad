"""The house rules that tools can check: layers, lint, types."""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=240)


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return path


def test_layers_follow_the_import_contracts():
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing():
    result = _run(_tool("ruff"), "check", "homesupport", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_whole_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] and not any("ui" in path for path in config.get("exclude", []))
    assert not any(o.get("ignore_errors") for o in config.get("overrides", []))
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_importing_the_package_has_no_side_effects(tmp_path):
    """No files, no Qt, no database at import time."""
    code = (
        "import sys, homesupport, homesupport.cli.main, homesupport.domain.codes;"
        "assert 'PySide6.QtWidgets' not in sys.modules, 'Qt loaded by the CLI'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_ui_is_one_folder_per_feature():
    """Nothing lies loose in ui/; each folder says in its docstring what it holds."""
    ui = ROOT / "homesupport" / "ui"
    assert [p.name for p in ui.glob("*.py")] == ["__init__.py"]
    folders = sorted(p for p in ui.iterdir() if p.is_dir() and p.name != "__pycache__")
    assert {p.name for p in folders} >= {"app", "common", "sessions", "clients", "guides"}
    for folder in folders:
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc.split()) > 15, f"{folder.name}/__init__.py needs its paragraph"
