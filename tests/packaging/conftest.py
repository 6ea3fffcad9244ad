"""The PyInstaller bundle, built once per test run when HOMESUPPORT_BUILD_BUNDLE=1 (.ci/run sets
it; a build takes about a minute), and the timings CI reports."""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_ENV = "HOMESUPPORT_BUILD_BUNDLE"


def load_script(relative: str) -> ModuleType:
    """A script under packaging/ by path: a top-level ``packaging`` would be the PyPI library."""
    path = ROOT / "packaging" / relative
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_buildinfo() -> ModuleType:
    return load_script("buildinfo.py")


@pytest.fixture(scope="session")
def buildinfo() -> ModuleType:
    return load_buildinfo()


@dataclass(frozen=True)
class Bundle:
    folder: Path
    executable: Path
    build_seconds: float
    first_self_check_seconds: float  # the first start after the build, files not yet cached

    def run(
        self, args: Sequence[str], data_dir: Path, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.executable), *args],
            env=app_environment(data_dir),
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def app_environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOMESUPPORT_")}
    env.update(HOMESUPPORT_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return env


def timed(command: Sequence[str], data_dir: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(
        command, env=app_environment(data_dir), capture_output=True, text=True, timeout=120
    )
    return time.perf_counter() - start, done


def median_seconds(command: Sequence[str], data_dir: Path, runs: int = 3) -> float:
    seconds = []
    for _ in range(runs):
        elapsed, done = timed(command, data_dir)
        assert done.returncode == 0, done.stdout + done.stderr
        seconds.append(elapsed)
    return statistics.median(seconds)


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    if os.environ.get(BUILD_ENV) != "1":
        pytest.skip(f"building the bundle takes about a minute: set {BUILD_ENV}=1 to run it")
    if not sys.platform.startswith("linux"):
        pytest.skip("CI builds the Linux bundle; other platforms build with their own script")
    start = time.perf_counter()
    built = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build_linux.sh")],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
    )
    build_seconds = time.perf_counter() - start
    assert built.returncode == 0, f"the build failed:\n{built.stdout}\n{built.stderr}"
    folder = ROOT / "dist" / "HomeSupport"
    executable = folder / "homesupport"
    first, done = timed([str(executable), "self-check"], tmp_path_factory.mktemp("first"))
    assert done.returncode == 0, done.stdout + done.stderr
    return Bundle(folder, executable, build_seconds, first)
