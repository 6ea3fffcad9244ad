"""The Linux one-folder bundle starts on a bare machine: self-check, version, the GUI, and what
it weighs and how fast it starts next to ``python -m homesupport`` (issue 7)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from homesupport import __version__
from homesupport.storage import keys
from homesupport.storage.key_ahead import CHILD_ENV, parse_answer
from tests.packaging.conftest import ROOT, Bundle, app_environment, median_seconds, timed

SIZE_BUDGET_MB = 300  # a jump past this means something big slipped in
# Qt libraries of modules the app never imports, by the name their files carry on any platform.
FORBIDDEN_QT = re.compile(
    r"Qt6?(WebEngine|3D|Multimedia|Quick|Qml|Designer|Bluetooth|Positioning|Sensors|Serial"
    r"|Location|Nfc|VirtualKeyboard|DataVisualization|Graphs|SpatialAudio|TextToSpeech"
    r"|RemoteObjects|Scxml|WebSockets|WebChannel|Help|HttpServer|Test)"
)
# Python packages of the coordinator service and the test tools: never in the desktop app.
FORBIDDEN_MODULES = (
    "homesupport.coordinator", "fastapi", "starlette", "uvicorn", "uvloop", "psycopg",
    "jinja2", "pytest", "hypothesis", "tkinter",
)  # fmt: skip


def files_by_size(folder: Path) -> list[tuple[int, Path]]:
    """Regular files only: PyInstaller links Qt's libraries into _internal/ (counted once)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sorted(((p.stat().st_size, p) for p in files), key=lambda item: -item[0])


def test_self_check_passes_with_everything_from_inside_the_bundle(
    bundle: Bundle, tmp_path: Path
) -> None:
    done = bundle.run(["self-check"], tmp_path / "data")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All checks passed." in done.stdout
    assert f"Resources: {bundle.folder}" in done.stdout  # not the source tree's resources/
    assert done.stdout.count("\nok ") == 4


def test_the_bundle_reports_the_version_of_pyproject(
    bundle: Bundle, buildinfo: ModuleType, tmp_path: Path
) -> None:
    done = bundle.run(["--version"], tmp_path)
    assert done.stdout.strip() == f"HomeSupport {buildinfo.version()}"


def test_the_window_opens_and_stays_open(bundle: Bundle, tmp_path: Path) -> None:
    """Qt's platform, image and icon plugins are inside: the app reaches its first-run setup
    (a new encrypted store from the key file) and waits there instead of dying."""
    key = tmp_path / "key.txt"
    key.write_text("a passphrase for the window test", encoding="utf-8")
    env = app_environment(tmp_path / "data") | {"HOMESUPPORT_KEY_FILE": str(key)}
    app = subprocess.Popen(
        [str(bundle.executable)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        time.sleep(6)
        assert app.poll() is None, app.communicate()[1].decode(errors="replace")
    finally:
        app.terminate()
        _out, err = app.communicate(timeout=30)
    assert b"Traceback" not in err, err.decode(errors="replace")
    assert (tmp_path / "data" / "homesupport.db").exists()


def test_the_bundle_finds_the_key_in_a_second_process(bundle: Bundle, tmp_path: Path) -> None:
    """The frozen app is its own child (storage/key_ahead.py): started with the child's marker
    it answers with the key, here from a key file with a passphrase, and does nothing else."""
    data_dir, key = tmp_path / "data", tmp_path / "key.txt"
    key.write_text("a passphrase for the key test", encoding="utf-8")
    env = app_environment(data_dir) | {"HOMESUPPORT_KEY_FILE": str(key)}
    made = subprocess.run(
        [str(bundle.executable), "demo", "--sessions", "1"], env=env, capture_output=True
    )
    assert made.returncode == 0, made.stderr
    info = keys.KeyInfo.load(data_dir)
    assert info is not None
    expected = keys.key_from_passphrase("a passphrase for the key test", info)

    done = subprocess.run(
        [str(bundle.executable)], env=env | {CHILD_ENV: str(data_dir)}, capture_output=True
    )

    assert done.returncode == 0, done.stderr
    assert parse_answer(done.stdout) == keys.FoundKey(expected, from_keyring=False)


def test_nothing_large_the_app_never_imports(
    bundle: Bundle, capsys: pytest.CaptureFixture[str]
) -> None:
    sizes = files_by_size(bundle.folder)
    with capsys.disabled():
        print("\nThe 20 largest files of dist/HomeSupport:")
        for size, path in sizes[:20]:
            print(f"  {size / 2**20:6.1f} MB  {path.relative_to(bundle.folder)}")
    unused = [str(p.relative_to(bundle.folder)) for _s, p in sizes if FORBIDDEN_QT.search(p.name)]
    assert unused == []
    assert not (bundle.folder / "_internal" / "PySide6" / "Qt" / "qml").exists()
    total = sum(size for size, _path in sizes) / 2**20
    assert total < SIZE_BUDGET_MB, f"the bundle grew to {total:.0f} MB"


def test_no_coordinator_or_test_code_in_the_archive(bundle: Bundle) -> None:
    toc = ROOT / "build" / "pyinstaller" / "homesupport" / "PYZ-00.toc"
    _name, entries = ast.literal_eval(toc.read_text(encoding="utf-8"))
    modules = {entry[0] for entry in entries}
    assert "homesupport.cli.selfcheck" in modules  # the list is the real one
    leaked = sorted(m for m in modules if m.split(".")[0] in FORBIDDEN_MODULES or any(
        m == f or m.startswith(f + ".") for f in FORBIDDEN_MODULES
    ))  # fmt: skip
    assert leaked == []


def test_resources_migrations_and_licences_are_inside(bundle: Bundle) -> None:
    inside = bundle.folder / "_internal"
    resources = inside / "homesupport" / "_resources"
    for language in ("fi", "sv", "en"):
        assert (resources / "locale" / language / "LC_MESSAGES" / "homesupport.mo").is_file()
    assert not list(resources.rglob("*.po"))
    assert (resources / "fonts" / "AtkinsonHyperlegible-Regular.ttf").is_file()
    assert (resources / "icons" / "app" / "homesupport.svg").is_file()
    migrations = inside / "homesupport" / "storage" / "migrations"
    assert (migrations / "env.py").is_file() and (migrations / "script.py.mako").is_file()
    assert len(list((migrations / "versions").glob("*.py"))) >= 2
    assert list(inside.glob("homesupport-*.dist-info"))  # importlib.metadata: version
    assert list(inside.glob("reportlab-*.dist-info"))  # and the licences the About box lists
    qt_texts = {p.name for p in (inside / "PySide6" / "Qt" / "translations").glob("*.qm")}
    assert "qtbase_fi.qm" in qt_texts and not [n for n in qt_texts if "_de" in n]


def test_report_size_and_start_times(
    bundle: Bundle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Prints what the README quotes; the same machine, the same run, the same commands."""
    source = [sys.executable, "-m", "homesupport"]
    exe = [str(bundle.executable)]
    first_source, done = timed([*source, "self-check"], tmp_path / "a")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {
        "self-check, first start": (bundle.first_self_check_seconds, first_source),
        "self-check, median of 3": (
            median_seconds([*exe, "self-check"], tmp_path / "b"),
            median_seconds([*source, "self-check"], tmp_path / "c"),
        ),
        "--version, median of 3": (
            median_seconds([*exe, "--version"], tmp_path / "d"),
            median_seconds([*source, "--version"], tmp_path / "e"),
        ),
    }
    size_mb = sum(size for size, _path in files_by_size(bundle.folder)) / 2**20
    report = {
        "version": __version__,
        "bundle_mb": round(size_mb, 1),
        "build_seconds": round(bundle.build_seconds, 1),
        "seconds": {
            k: {"bundle": round(b, 2), "python": round(p, 2)} for k, (b, p) in rows.items()
        },
    }
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bundle-report.json").write_text(json.dumps(report, indent=2))
    with capsys.disabled():
        print(f"\nBundle dist/HomeSupport: {size_mb:.0f} MB, built in {bundle.build_seconds:.0f} s")
        print(f"  {'':26} {'bundle':>8} {'python -m homesupport':>22}")
        for name, (in_bundle, in_python) in rows.items():
            print(f"  {name:26} {in_bundle:7.2f}s {in_python:21.2f}s")
