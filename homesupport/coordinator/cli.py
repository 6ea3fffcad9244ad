"""``homesupport-coordinator``: the command line of DESIGN.md §7.

Exit codes: 0 done; 2 bad usage or invalid input (nothing changed); 1 an unexpected error,
with a clear message and no traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlencode

from homesupport.coordinator import commands
from homesupport.coordinator.settings import ENV_DB, ENV_PUBLIC_URL, default_db_url
from homesupport.coordinator.terminal import for_terminal
from homesupport.i18n import _, set_language, system_language

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_INPUT = 2


def enrol_link(server: str, code: str) -> str:
    return "homesupport://enrol?" + urlencode({"server": server, "code": code})


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="homesupport-coordinator",
        description=_("Receives the monthly reports of digital supporters; dashboard and CSV."),
    )
    p.add_argument(
        "--db",
        default=os.environ.get(ENV_DB) or None,
        help=_(
            "SQLAlchemy database URL (default: a SQLite file in the user data folder; also %(env)s)"
        )
        % {"env": ENV_DB},
    )
    p.add_argument("--debug", action="store_true", help=_("show tracebacks of errors"))
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("serve", help=_("run the web service (API and dashboard)"))
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument("--workers", type=int, default=1)
    s.add_argument("--public-url", help=_("the address supporters use (for enrolment links)"))
    s.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help=_("addresses of the TLS reverse proxy whose X-Forwarded-* headers are trusted"),
    )

    e = sub.add_parser("enrol-code", help=_("create a one-time enrolment code"))
    e.add_argument("--name", help=_("who or which laptop the code is for"))
    e.add_argument("--expires-days", type=int, default=14)
    e.add_argument("--server", help=_("public address of this service (for the link)"))
    e.add_argument("--qr", type=Path, metavar="FILE.png", help=_("also write the link as QR"))

    sub.add_parser("devices", help=_("list devices: id, name, last seen, months received"))
    r = sub.add_parser("revoke", help=_("cut a device off at once"))
    r.add_argument("device_id")
    u = sub.add_parser("add-user", help=_("create a dashboard user or set a new password"))
    u.add_argument("name")
    lk = sub.add_parser("lock", help=_("close a month: no more reports or corrections"))
    lk.add_argument("period", metavar="YYYY-MM")
    ul = sub.add_parser("unlock", help=_("reopen a locked month"))
    ul.add_argument("period", metavar="YYYY-MM")
    po = sub.add_parser("policy", help=_("show or set the disclosure threshold k"))
    po.add_argument("--k", type=int)
    i = sub.add_parser("import", help=_("store a report file delivered by hand"))
    i.add_argument("file", type=Path)
    i.add_argument("--device", help=_("the device it came from (default: by its report id)"))
    i.add_argument("--name", help=_("name for a new hand-delivery device"))
    x = sub.add_parser("export", help=_("tidy CSV of the totals"))
    x.add_argument("--from", dest="first", required=True, metavar="YYYY-MM")
    x.add_argument("--to", dest="last", required=True, metavar="YYYY-MM")
    x.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.csv")
    g = sub.add_parser("guides", help=_("publish guides to every laptop, list or withdraw them"))
    gs = g.add_subparsers(dest="guides_command", required=True, metavar="COMMAND")
    gp = gs.add_parser("publish", help=_("publish a guide (.zip or folder) or a folder of guides"))
    gp.add_argument("path", type=Path, metavar="FILE.zip|DIR")
    gs.add_parser("list", help=_("published guides: version, languages, checked on, devices"))
    gw = gs.add_parser("withdraw", help=_("stop publishing a guide (laptops keep their copies)"))
    gw.add_argument("slug")
    return p


def read_password(name: str) -> str:
    if not sys.stdin.isatty():  # scripted: the first line of stdin
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_("New password for %(name)s: ") % {"name": name})
    if getpass.getpass(_("Again: ")) != first:
        raise commands.InputError(_("The passwords differ."))
    return first


def run(args: argparse.Namespace) -> int:
    db = args.db or default_db_url()
    out = sys.stdout.write
    if args.command == "serve":
        return commands.serve(
            db,
            args.host,
            args.port,
            args.workers,
            args.public_url,
            args.forwarded_allow_ips,
            sys.stdout,
        )
    handlers: dict[str, Callable[[], str]] = {
        "enrol-code": lambda: _enrol_code(db, args),
        "devices": lambda: commands.list_devices(db),
        "revoke": lambda: commands.revoke(db, args.device_id),
        "add-user": lambda: commands.add_user(db, args.name, read_password(args.name)),
        "lock": lambda: commands.lock(db, args.period, lock=True),
        "unlock": lambda: commands.lock(db, args.period, lock=False),
        "policy": lambda: commands.policy_command(db, args.k),
        "import": lambda: commands.import_report(db, args.file, args.device, args.name),
        "export": lambda: commands.export(db, args.first, args.last, args.output),
        "guides": lambda: _guides(db, args),
    }
    text = for_terminal(handlers[args.command]())
    if text:
        out(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _guides(db: str, args: argparse.Namespace) -> str:
    if args.guides_command == "publish":
        return commands.publish_guides(db, args.path)
    if args.guides_command == "withdraw":
        return commands.withdraw_guide(db, args.slug)
    return commands.list_guides(db)


def _enrol_code(db: str, args: argparse.Namespace) -> str:
    server = args.server or os.environ.get(ENV_PUBLIC_URL)
    if args.qr and not server:
        raise commands.InputError(_("A QR code needs the server address (--server)."))
    code = commands.enrol_code(db, args.name, args.expires_days)
    lines = [code]
    if server:
        link = enrol_link(server.rstrip("/"), code)
        lines.append(link)
        if args.qr:
            commands.write_qr(link, args.qr)
    expires = dt.date.today() + dt.timedelta(days=args.expires_days)
    sys.stderr.write(_("Valid until %(date)s; it works once.") % {"date": expires} + "\n")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    set_language(system_language())
    args = parser().parse_args(argv)
    try:
        return run(args)
    except commands.InputError as error:
        sys.stderr.write(for_terminal(_("Error: %(message)s") % {"message": error}) + "\n")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return EXIT_UNEXPECTED
    except Exception as error:
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(
            for_terminal(
                _("Unexpected error: %(message)s") % {"message": f"{type(error).__name__}: {error}"}
            )
            + "\n"
        )
        if not args.debug:
            sys.stderr.write(_("Run again with --debug to see the details.") + "\n")
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
