"""Parses the command line of DESIGN.md §7 and runs one command.

With no command the app opens, and only the global options are parsed: the command modules
(and the data layer they import) load when a command is given, so the window shows sooner."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, TextIO

from homesupport.cli.errors import EXIT_ERROR, EXIT_USAGE, CliError
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.i18n import SUPPORTED, _, set_language, system_language
from homesupport.logs import configure_logging
from homesupport.paths import Paths
from homesupport.resources import resource
from homesupport.services.preferences import load_preferences
from homesupport.services.unlock import DatabaseDamaged, KeyNeeded, MigrationFailed, WrongSecret
from homesupport.storage.connection import DatabaseLocked
from homesupport.storage.keys import KeyUnavailable
from homesupport.sync.links import LINK_SCHEME

if TYPE_CHECKING:
    from homesupport.services.store import Store

log = logging.getLogger(__name__)


def command_modules() -> tuple[ModuleType, ...]:
    from homesupport.cli import backup, guides, selfcheck, sessions, sync

    return (sessions, backup, guides, selfcheck, sync)


class _Version(argparse.Action):
    """Like argparse's version action, but reads the version only when asked (reading the
    package metadata costs tens of milliseconds at every start)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        import homesupport

        print(f"HomeSupport {homesupport.__version__}")
        parser.exit()


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; without ``commands`` only the global options (the app's)."""
    parser = argparse.ArgumentParser(
        prog="homesupport",
        description=_("Session log, guide sheets and monthly statistics for digital supporters."),
        add_help=commands,
    )
    parser.add_argument("--data-dir", help=_("where the data is kept (or HOMESUPPORT_DATA_DIR)"))
    parser.add_argument("--lang", choices=SUPPORTED, help=_("language of messages and printouts"))
    parser.add_argument("--version", action=_Version, nargs=0, help=_("show the version"))
    parser.add_argument("--debug", action="store_true", help=_("show tracebacks of errors"))
    parser.set_defaults(command=None)
    if commands:
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        for module in command_modules():
            module.register(subparsers)
    return parser


def _opens_the_app(argv: Sequence[str]) -> bool:
    """Only global options, and nothing the full parser must answer (a command, --help, or a
    mistake it should explain)."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return False
    try:
        _args, rest = build_parser(commands=False).parse_known_args(argv)
    except SystemExit:
        return False
    return not rest


def _language(argv: Sequence[str]) -> str:
    """The language is needed before parsing, so --help is translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in SUPPORTED:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in SUPPORTED:
            return arg[7:]
    return system_language()


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
        retention period (issue 3); the person hears counts only."""
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


def run(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    open_app: Callable[[argparse.Namespace], int] | None = None,
    before_command: Callable[[], None] | None = None,
) -> int:
    """Runs one command; with none, ``open_app`` (the GUI, wired by app.py) or the help.
    ``before_command`` runs first when the arguments name a command or ask for help."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # A homesupport://enrol link opened from an e-mail arrives as the first argument (the OS
    # registration in packaging/); the app opens with it as ``args.enrol_link``.
    link = argv.pop(0) if argv and argv[0].lower().startswith(f"{LINK_SCHEME}:") else None
    out, err = out or sys.stdout, err or sys.stderr
    language = _language(argv)
    set_language(language)
    opens_app = open_app is not None and _opens_the_app(argv)
    if not opens_app and before_command is not None:
        before_command()
    parser = build_parser(commands=not opens_app)
    try:
        args = parser.parse_args(argv)
        args.enrol_link = link
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        if open_app is not None:
            return open_app(args)
        parser.print_help(out)
        return EXIT_USAGE
    return _run_command(args, language, out, err)


def _run_command(args: argparse.Namespace, language: str, out: TextIO, err: TextIO) -> int:
    # What only commands need loads here, after the app has gone its own way.
    from homesupport.cli.context import CliContext
    from homesupport.storage.backup import BackupError

    paths = Paths.resolve(args.data_dir)
    configure_logging(paths.log_dir, args.debug)
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
    except BackupError as error:
        err.write(f"homesupport: {_(error.msgid).format(**error.params)}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("\n")
        return 130
    except Exception as error:
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
