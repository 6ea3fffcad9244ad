"""Composition root: the command line, and with no command the Qt app wired to its services."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from homesupport.ui.quick_start import pause_collector


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything loads; the first window starts the collector again, a command at once.
    collect_again = pause_collector()
    from homesupport.cli.main import run

    return run(
        argv,
        open_app=lambda args: _open_app(args, collect_again),
        before_command=collect_again,
    )


def _open_app(args: argparse.Namespace, collect_again: Callable[[], None]) -> int:
    from homesupport.paths import Paths, private_files
    from homesupport.storage.key_ahead import KeyAhead
    from homesupport.ui.one_app import hand_over

    paths = Paths.resolve(args.data_dir)
    # An app already running on this data shows itself (with the link) and this start ends.
    if hand_over(paths.data_dir, getattr(args, "enrol_link", None)):
        return 0
    # First, so that the key is found on another core while Qt loads.
    key_ahead = KeyAhead.start(paths.data_dir, paths.database)
    # Imported here so the command line never loads Qt.
    from homesupport.ui.quick_start import skip_feature_scan

    skip_feature_scan()  # before the app's Qt modules load
    from homesupport.services.context import ServiceContext
    from homesupport.services.housekeeping import tidy_at_start
    from homesupport.ui.launch import launch_gui

    with private_files():
        tidy_at_start(paths, dt.datetime.now())
        # What every service needs, read once; the GUI builds its services from it.
        context = ServiceContext.load(paths, dt.datetime.now)
        return launch_gui(
            args,
            context,
            explain=_explain,
            collect_again=collect_again,
            key_ahead=key_ahead.found if key_ahead is not None else None,
        )


def _explain(error: Exception) -> str | None:
    """Storage errors in words; only this module may know the storage layer's exceptions."""
    from homesupport.i18n import _
    from homesupport.services.disk import disk_problem
    from homesupport.services.unlock import MigrationFailed
    from homesupport.storage.connection import DatabaseLocked, StorageRefused

    if isinstance(error, StorageRefused) and (problem := disk_problem(error, Path())):
        message, params = problem
        return _(message).format(**params)
    if isinstance(error, DatabaseLocked):
        return _("The data is in use by another HomeSupport window.")
    if isinstance(error, MigrationFailed):
        return _("Updating the data to this version failed; the data was restored as it was.")
    return None  # other errors carry catalogue ids the GUI translates itself
