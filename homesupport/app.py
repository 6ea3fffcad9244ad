"""Composition root: the command line, and with no command the Qt app wired to its services."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from homesupport.cli.main import run


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, open_app=_open_app)


def _open_app(args: argparse.Namespace) -> int:
    # Imported here so the command line never loads Qt.
    from homesupport.ui.quick_start import pause_collector, skip_feature_scan

    collect_again = pause_collector()  # until the first window shows
    skip_feature_scan()  # before the app's Qt modules load
    from homesupport.ui.launch import launch_gui

    return launch_gui(args, explain=_explain, collect_again=collect_again)


def _explain(error: Exception) -> str | None:
    """Storage errors in words; only this module may know the storage layer's exceptions."""
    from homesupport.i18n import _
    from homesupport.services.unlock import MigrationFailed
    from homesupport.storage.connection import DatabaseLocked

    if isinstance(error, DatabaseLocked):
        return _("The data is in use by another HomeSupport window.")
    if isinstance(error, MigrationFailed):
        return _("Updating the data to this version failed; the data was restored as it was.")
    return None  # other errors carry catalogue ids the GUI translates itself
