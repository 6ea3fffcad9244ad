"""Composition root: the command line, and with no command the Qt app wired to its services."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    from homesupport.cli.main import run

    return run(argv, open_app=_open_app)


def _open_app(args: argparse.Namespace) -> int:
    from homesupport.paths import Paths, private_files
    from homesupport.storage.key_ahead import KeyAhead
    from homesupport.ui.app.one_app import hand_over

    paths = Paths.resolve(args.data_dir)
    # An app already running on this data shows itself (with the link) and this start ends.
    if hand_over(paths.data_dir, getattr(args, "enrol_link", None)):
        return 0
    # First, so that the key is found on another core while Qt loads.
    key_ahead = KeyAhead.start(paths.data_dir, paths.database)
    # Imported here so the command line never loads Qt.
    from homesupport.services.context import ServiceContext
    from homesupport.services.housekeeping import tidy_at_start
    from homesupport.ui.app.launch import launch_gui

    with private_files():
        tidy_at_start(paths, dt.datetime.now())
        # What every service needs, read once; the GUI builds its services from it.
        context = ServiceContext.load(paths, dt.datetime.now)
        return launch_gui(
            args,
            context,
            explain=_explain,
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
