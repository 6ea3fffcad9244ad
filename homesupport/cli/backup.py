"""``homesupport backup -o FILE`` and ``homesupport restore FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK
from homesupport.i18n import _


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser("backup", help=_("write an encrypted backup of all data"))
    backup.add_argument("-o", "--output", required=True, type=Path, help=_("backup file"))
    backup.set_defaults(func=run_backup)
    restore = commands.add_parser("restore", help=_("replace all data with a backup"))
    restore.add_argument("file", type=Path, help=_("backup file"))
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    path = ctx.open_store().backup_to(args.output)
    ctx.out.write(_("Backup written to {path}.").format(path=path) + "\n")
    return EXIT_OK


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    safety = ctx.open_store().restore(args.file)
    ctx.out.write(
        _("Data restored from {path}. The data as it was before is kept in {safety}.").format(
            path=args.file, safety=safety.path
        )
        + "\n"
    )
    return EXIT_OK
