"""``homesupport backup -o FILE`` and ``homesupport restore FILE``."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK, CliError
from homesupport.i18n import _
from homesupport.services.store import BackupSecretNeeded
from homesupport.services.unlock import WrongSecret
from homesupport.storage.keys import secret_from_key_file


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser("backup", help=_("write an encrypted backup of all data"))
    backup.add_argument("-o", "--output", required=True, type=Path, help=_("backup file"))
    backup.set_defaults(func=run_backup)
    restore = commands.add_parser("restore", help=_("replace all data with a backup"))
    restore.add_argument("file", type=Path, help=_("backup file"))
    restore.add_argument(
        "--recovery-key-file",
        type=Path,
        help=_(
            "file holding the recovery key or the passphrase of the data the backup was made "
            "from (default: the secret in HOMESUPPORT_KEY_FILE)"
        ),
    )
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    path = ctx.open_store().backup_to(args.output)
    ctx.out.write(_("Backup written to {path}.").format(path=path) + "\n")
    return EXIT_OK


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    store = ctx.open_store()
    # The secret that opened the data opens its backups too, on any computer: the one named
    # here, else the one this data was opened with in scripts.
    secret = secret_from_key_file()
    if args.recovery_key_file:
        try:
            secret = args.recovery_key_file.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise CliError(_("Cannot read {path}.").format(path=args.recovery_key_file)) from error
    try:
        safety = store.restore(args.file, secret)
    except BackupSecretNeeded as error:
        if args.recovery_key_file or not sys.stdin.isatty():
            raise CliError(
                _(error.msgid).format(**error.params)
                + " "
                + _(
                    "Give the recovery key or the passphrase of the backup's data in a file "
                    "with --recovery-key-file FILE."
                )
            ) from error
        typed = getpass.getpass(_("Recovery key or passphrase of the backup's data: "))
        safety = store.restore(args.file, typed)
    except WrongSecret as error:
        raise CliError(_(str(error))) from error
    ctx.out.write(
        _("Data restored from {path}. The data as it was before is kept in {safety}.").format(
            path=args.file, safety=safety.path
        )
        + "\n"
    )
    return EXIT_OK
