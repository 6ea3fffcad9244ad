"""Running one command of DESIGN.md §7: the store opened on first use, and every failure told
in words with the exit code of §7. Loaded only when the arguments name a command."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from typing import TYPE_CHECKING, TextIO

from homesupport.cli.errors import EXIT_ERROR, EXIT_USAGE, CliError
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.i18n import _
from homesupport.logs import configure_logging
from homesupport.paths import Paths, private_files
from homesupport.resources import resource
from homesupport.services.preferences import load_preferences
from homesupport.services.unlock import (
    DatabaseDamaged,
    KeyNeeded,
    MigrationFailed,
    WeakPassphrase,
    WrongSecret,
)
from homesupport.storage.connection import DatabaseLocked
from homesupport.storage.keys import KeyUnavailable

if TYPE_CHECKING:
    from homesupport.services.store import Store

log = logging.getLogger(__name__)


class LazyStore:
    """Opens the store on first use, so commands that never touch it never ask for a key."""

    def __init__(self, paths: Paths, err: TextIO) -> None:
        self._paths = paths
        self._err = err
        self._store: Store | None = None

    def __call__(self) -> Store:
        if self._store is None:
            self._store = self._open()
            if self._store.recovery_key:
                self._err.write(
                    _("A new encrypted data store was created. Its recovery key is:")
                    + f"\n\n    {self._store.recovery_key}\n\n"
                    + _("Keep it safe: with it the data can be opened on another computer.")
                    + "\n"
                )
            self._apply_retention(self._store)
        return self._store

    def _apply_retention(self, store: Store) -> None:
        """Every opening of the store finishes pending erasures and removes what is past the
        retention period; the person hears counts only."""
        from homesupport.services.privacy import run_retention

        preferences = load_preferences(self._paths.preferences)
        report = run_retention(store.session_factory, store.engine, preferences, dt.datetime.now)
        if report.skipped:
            self._err.write(_(report.skipped) + "\n")
        elif report.removed_anything:
            self._err.write(
                _(
                    "Removed data older than {months} months: {clients} clients, "
                    "the personal details of {sessions} sessions and {notes} notes."
                ).format(
                    months=preferences.retention_months,
                    clients=report.clients_removed + report.erasures_finalised,
                    sessions=report.sessions_anonymised,
                    notes=report.notes_removed,
                )
                + "\n"
            )

    def _open(self) -> Store:
        from homesupport.services.store import open_store

        try:
            try:
                return open_store(self._paths, dt.datetime.now)
            except KeyNeeded as needed:
                if not sys.stdin.isatty():
                    raise CliError(
                        _(str(needed))
                        + " "
                        + _("Set HOMESUPPORT_KEY_FILE to a file holding it for scripted use.")
                    ) from needed
                from getpass import getpass

                secret = getpass(_("Recovery key or passphrase: "))
                return open_store(self._paths, dt.datetime.now, secret=secret)
        except (WrongSecret, KeyUnavailable, DatabaseDamaged) as error:
            raise CliError(_(str(error))) from error
        except WeakPassphrase as error:
            raise CliError(_(error.msgid).format(**error.params)) from error
        except DatabaseLocked as error:
            raise CliError(_("The data is in use by another HomeSupport window.")) from error
        except MigrationFailed as error:
            raise CliError(
                _("Updating the data to this version failed; the data was restored as it was."),
                EXIT_ERROR,
            ) from error

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def run_command(args: argparse.Namespace, language: str, out: TextIO, err: TextIO) -> int:
    paths = Paths.resolve(args.data_dir)
    from homesupport.services.housekeeping import tidy_at_start

    with private_files():
        configure_logging(paths.log_dir, args.debug)
        tidy_at_start(paths, dt.datetime.now())
        return _run(args, paths, language, out, err)


def _run(args: argparse.Namespace, paths: Paths, language: str, out: TextIO, err: TextIO) -> int:
    # What only commands need loads here, after the app has gone its own way.
    from homesupport.cli.context import CliContext
    from homesupport.services.destinations import ProtectedDestination
    from homesupport.services.disk import disk_problem
    from homesupport.storage.backup import BackupError

    opener = LazyStore(paths, err)
    context = CliContext(
        data_dir=paths.data_dir,
        language=language,
        codes=CodeList.from_csv(resource("data", "codes.csv")),
        municipalities=Municipalities.from_csv(resource("data", "municipalities_fi.csv")),
        out=out,
        err=err,
        open_store=opener,
        debug=args.debug,
    )
    try:
        return int(args.func(args, context))
    except CliError as error:
        err.write(f"homesupport: {error}\n")
        return error.exit_code
    except (BackupError, ProtectedDestination) as error:
        err.write(f"homesupport: {_(error.msgid).format(**error.params)}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("\n")
        return 130
    except Exception as error:
        if (problem := disk_problem(error, paths.database)) is not None:
            # Not logged: the log file is usually on the same disk.
            message, params = problem
            err.write("homesupport: " + _(message).format(**params) + "\n")
            return EXIT_USAGE
        if _is_busy(error):
            # Another window or command is writing; this one changed nothing.
            err.write(
                "homesupport: " + _("The data is in use by another HomeSupport window.") + " "
            )
            err.write(_("Nothing was changed; try again when it is closed.") + "\n")
            return EXIT_ERROR
        log.exception("command %s failed", args.command)
        if args.debug:
            raise
        err.write(
            "homesupport: "
            + _("unexpected error: {reason}").format(reason=type(error).__name__)
            + "\n"
        )
        return EXIT_ERROR
    finally:
        opener.close()


def _is_busy(error: Exception) -> bool:
    from sqlalchemy.exc import OperationalError

    if not isinstance(error, OperationalError):
        return False
    text = str(error.orig)
    return "locked" in text or "busy" in text
