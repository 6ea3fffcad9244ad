"""Parses the command line of DESIGN.md §7 and runs one command.

With no command the app opens, and only the global options are parsed: the command modules
(and the data layer they import) load when a command is given, so the window shows sooner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TextIO

from homesupport.cli.errors import EXIT_USAGE
from homesupport.i18n import SUPPORTED, _, set_language, system_language
from homesupport.sync.links import LINK_SCHEME


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


def run(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    open_app: Callable[[argparse.Namespace], int] | None = None,
) -> int:
    """Runs one command; with none, ``open_app`` (the GUI, wired by app.py) or the help."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # A homesupport://enrol link opened from an e-mail arrives as the first argument (the OS
    # registration in packaging/); the app opens with it as ``args.enrol_link``.
    link = argv.pop(0) if argv and argv[0].lower().startswith(f"{LINK_SCHEME}:") else None
    out, err = out or sys.stdout, err or sys.stderr
    language = _language(argv)
    set_language(language)
    opens_app = open_app is not None and _opens_the_app(argv)
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
    from homesupport.cli.command import run_command  # the store and what opening it needs

    return run_command(args, language, out, err)
