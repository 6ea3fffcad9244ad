"""Composition root: the command line, and with no command the Qt app wired to its services."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from homesupport.cli.main import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, open_app=_open_app)


def _open_app(args: argparse.Namespace) -> int:
    # Imported here so the command line never loads Qt.
    from homesupport.ui.launch import launch_gui  # type: ignore[import-untyped]

    return int(launch_gui(args))
