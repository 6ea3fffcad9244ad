"""``homesupport import``, ``export`` and ``demo``: sessions in and out of the store."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from homesupport.domain.importing import EXPORT_FORMATS, describe
from homesupport.domain.sessions import SessionFilter
from homesupport.i18n import _, ngettext
from homesupport.services.clients import ClientService
from homesupport.services.demo import demo_clients, demo_sessions, link_demo_clients
from homesupport.services.guides import GuideLibrary
from homesupport.services.preferences import load_preferences
from homesupport.services.sessions import SessionService

if TYPE_CHECKING:
    from homesupport.services.transfer import TransferService


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    importer = commands.add_parser("import", help=_("import sessions from a .csv or .xlsx file"))
    importer.add_argument("file", type=Path, help=_("the file to import"))
    importer.add_argument(
        "--sheet", metavar="NAME", help=_("the sheet of a workbook to import (default: the first)")
    )
    mapping = importer.add_mutually_exclusive_group()
    mapping.add_argument(
        "--map",
        type=Path,
        metavar="MAP",
        help=_("a mapping file (TOML) for a sheet with headings and words of its own"),
    )
    mapping.add_argument(
        "--suggest-map",
        action="store_true",
        help=_("print a mapping for the file to complete, and import nothing"),
    )
    importer.set_defaults(func=run_import)
    exporter = commands.add_parser("export", help=_("export all sessions"))
    exporter.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    exporter.add_argument("-o", "--output", type=Path, required=True, help=_("file to write"))
    exporter.set_defaults(func=run_export)
    demo = commands.add_parser("demo", help=_("fill an empty data store with demo sessions"))
    demo.add_argument("--sessions", type=int, default=500, help=_("how many sessions"))
    demo.add_argument("--seed", type=int, default=1, help=_("random seed"))
    demo.set_defaults(func=run_demo)


def transfer_service(ctx: CliContext) -> TransferService:
    # Imported here: the spreadsheet library is slow to load and only these commands use it.
    from homesupport.services.privacy import PrivacyService
    from homesupport.services.transfer import TransferService

    store = ctx.open_store()
    return TransferService(
        store.session_factory,
        ctx.codes,
        ctx.municipalities,
        dt.datetime.now,
        PrivacyService(store.session_factory, store.engine, dt.datetime.now),
        load_preferences(ctx.data_dir / "preferences.json").retention_months,
        data_dir=ctx.data_dir,
    )


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    if not args.file.is_file():
        raise CliError(_("There is no file at {path}.").format(path=args.file))
    if args.suggest_map:
        from homesupport.cli.mapping import print_suggested_mapping

        return print_suggested_mapping(args.file, args.sheet, ctx)
    if args.map is not None:
        from homesupport.cli.mapping import import_with_mapping

        outcome = import_with_mapping(args.file, args.map, args.sheet, transfer_service, ctx)
    else:
        outcome = transfer_service(ctx).import_file(args.file, args.sheet)
    if not outcome.ok:
        for problem in outcome.problems:
            ctx.err.write(f"{args.file.name}: {describe(problem, _)}\n")
        ctx.err.write(
            ngettext(
                "{count} problem found; nothing was imported.",
                "{count} problems found; nothing was imported.",
                len(outcome.problems),
            ).format(count=len(outcome.problems))
            + "\n"
        )
        if args.map is None and any(p.row == 1 and p.column for p in outcome.problems):
            ctx.err.write(
                _(
                    "A sheet with headings or words of its own imports through a mapping: "
                    "write one with --suggest-map, complete it, and import with --map."
                )
                + "\n"
            )
        return EXIT_USAGE
    ctx.out.write(
        ngettext("Imported {count} session.", "Imported {count} sessions.", outcome.added).format(
            count=outcome.added
        )
        + "\n"
    )
    if outcome.personal_fields_dropped:
        ctx.out.write(
            _(
                "{count} of them are older than the retention period: they count in the "
                "statistics, but their client, notes and follow-up were not kept."
            ).format(count=outcome.personal_fields_dropped)
            + "\n"
        )
    return EXIT_OK


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from homesupport.services.tabular import ExportError

    try:
        count = transfer_service(ctx).export_file(args.output, args.format)
    except ExportError as error:
        raise CliError(_(error.message).format(**error.params)) from error
    ctx.out.write(
        ngettext(
            "Exported {count} session to {path}.", "Exported {count} sessions to {path}.", count
        ).format(count=count, path=args.output)
    )
    ctx.out.write("\n")
    return EXIT_OK


def session_service(ctx: CliContext) -> SessionService:
    store = ctx.open_store()
    return SessionService(store.session_factory, ctx.codes, ctx.municipalities, dt.datetime.now)


def run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    if not 1 <= args.sessions <= 1_000_000:
        raise CliError(_("--sessions must be between 1 and 1000000."))
    service = session_service(ctx)
    if service.count(SessionFilter()) > 0:
        raise CliError(
            _(
                "The data store already holds sessions; demo data goes only into an "
                "empty one (use --data-dir to try it elsewhere)."
            )
        )
    today = service.today()
    store = ctx.open_store()
    clients = ClientService(store.session_factory, ctx.codes, ctx.municipalities, dt.datetime.now)
    stored = [
        clients.save(client)
        for client in demo_clients(max(1, args.sessions // 25), args.seed, today)
    ]
    library = GuideLibrary.open(ctx.data_dir, ctx.codes)
    guides_by_topic: dict[str, list[str]] = {}
    for entry in library.guides(ctx.language):
        for topic in entry.guide.topics:
            guides_by_topic.setdefault(topic, []).append(entry.slug)
    sessions = list(demo_sessions(ctx.codes, args.sessions, args.seed, today, guides_by_topic))
    added = service.add_many(link_demo_clients(sessions, stored, args.seed, today))
    ctx.out.write(
        ngettext("Added {count} demo session.", "Added {count} demo sessions.", added).format(
            count=added
        )
        + "\n"
    )
    return EXIT_OK
