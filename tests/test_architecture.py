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


def _service_classes() -> dict[str, frozenset[str]]:
    """The classes exported from homesupport.services.* that are services (named so, or any
    class there that is no value: no dataclass, exception, enum or tuple), each with its
    classmethods (``GuideLibrary.open``, ``IdleLock.for_store``: constructors by another name)."""
    import dataclasses
    import enum
    import importlib
    import inspect
    import pkgutil

    import homesupport.services

    found: dict[str, frozenset[str]] = {}
    for info in pkgutil.iter_modules(homesupport.services.__path__):
        module = importlib.import_module(f"homesupport.services.{info.name}")
        for name, value in vars(module).items():
            if not inspect.isclass(value) or value.__module__ != module.__name__:
                continue
            is_value = (
                dataclasses.is_dataclass(value)
                or issubclass(value, (BaseException, enum.Enum, tuple))
                or getattr(value, "_is_protocol", False)
            )
            if name.endswith("Service") or not (is_value or name.startswith("_")):
                found[name] = frozenset(
                    attr
                    for attr in dir(value)
                    if isinstance(inspect.getattr_static(value, attr, None), classmethod)
                )
    return found


def _service_calls(root: Path, services: dict[str, frozenset[str]]) -> list[str]:
    """``file:line: Class(...)`` for every call of a service class, or of one of its
    classmethods, in the Python files under ``root`` (every folder down)."""
    import ast

    calls = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            owner = func.value if isinstance(func, ast.Attribute) else None
            owner_name = getattr(owner, "id", None) or getattr(owner, "attr", None)
            if name in services:
                calls.append(f"{path.relative_to(root)}:{node.lineno}: {name}(...)")
            elif owner_name in services and name in services[owner_name]:
                calls.append(f"{path.relative_to(root)}:{node.lineno}: {owner_name}.{name}(...)")
    return calls


def test_the_ui_builds_no_service():
    """Every service is built in services/context.py (``Services.build``); the ui gets them
    from there. A call of a service's class (or of one of its classmethods) in any ui module,
    however deep in ui/'s folders, is a piece of composition in the wrong place."""
    services = _service_classes()
    assert {"SessionService", "ClientService", "GuideLibrary", "IdleLock"} <= services.keys()
    calls = _service_calls(ROOT / "homesupport" / "ui", services)
    assert not calls, "services built in the ui:\n" + "\n".join(calls)


def test_the_service_check_sees_constructor_calls(tmp_path):
    """The check above catches a service made in a ui module of a subfolder, its classmethods
    too, and leaves other calls alone (a staticmethod's question, a ui class)."""
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "page.py").write_text(
        "from homesupport.services import guides\n"
        "s = SessionService(f, c, m, k)\n"
        "lib = guides.GuideLibrary.open(d, c)\n"
        "ok = IdleLock.pin_possible()\n"
        "page = ClientsPage(s)\n",
        encoding="utf-8",
    )
    calls = _service_calls(tmp_path, _service_classes())
    assert calls == [
        "clients/page.py:2: SessionService(...)",
        "clients/page.py:3: GuideLibrary.open(...)",
    ]
