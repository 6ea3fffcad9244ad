"""``homesupport report``, ``enrol`` and ``sync`` (DESIGN.md §7)."""

from __future__ import annotations

import argparse
import datetime as dt
from itertools import groupby
from typing import TextIO

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_ERROR, EXIT_OK, EXIT_PENDING, CliError
from homesupport.domain.statistics import parse_period
from homesupport.i18n import _
from homesupport.paths import Paths
from homesupport.services.guide_updates import CoordinatorGuides, GuideUpdates
from homesupport.services.guides import GuideLibrary
from homesupport.services.preferences import load_preferences
from homesupport.services.report_text import (
    FEW_CLIENTS,
    WHY_SUPPRESSED,
    cell_label,
    cell_value,
    table_name,
)
from homesupport.services.reports import ReportService
from homesupport.services.sync import SyncProblem, SyncService, installation_id
from homesupport.sync.messages import Message, entry_message
from homesupport.sync.outbox import NEEDS_ENROLMENT, State


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help=_("a month's report: a readable table, or the exact bytes with --json")
    )
    report.add_argument("period", metavar="YYYY-MM", help=_("the month"))
    report.add_argument("--json", action="store_true", help=_("exactly the bytes that are sent"))
    report.set_defaults(func=run_report)
    enrol = commands.add_parser("enrol", help=_("connect this installation to a coordinator"))
    enrol.add_argument(
        "--server", help=_("the coordinator's address (default: the one set by the administrator)")
    )
    enrol.add_argument(
        "--code", required=True, help=_("the one-time code, or a homesupport://enrol link")
    )
    enrol.set_defaults(func=run_enrol)
    sync = commands.add_parser(
        "sync", help=_("send every closed month the coordinator does not have yet")
    )
    sync.set_defaults(func=run_sync)


def services(ctx: CliContext) -> tuple[ReportService, SyncService]:
    store = ctx.open_store()
    reports = ReportService(store.session_factory, dt.datetime.now)
    guides = CoordinatorGuides(GuideLibrary.open(ctx.data_dir, ctx.codes), dt.datetime.now)
    sync = SyncService(
        store.session_factory,
        reports,
        dt.datetime.now,
        installation_id(ctx.data_dir),
        guides=guides,
    )
    return reports, sync


def text(message: Message) -> str:
    return _(message.msgid).format(**message.params)


def write_bytes(out: TextIO, payload: bytes) -> None:
    """The payload byte for byte (no newline added, no re-encoding by the console)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(payload.decode("utf-8"))
        return
    out.flush()
    buffer.write(payload)
    buffer.flush()


def run_report(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        parse_period(args.period)
    except ValueError as error:
        raise CliError(_("A month is written YYYY-MM, e.g. 2026-10.")) from error
    month = services(ctx)[0].preview(args.period)
    if args.json:
        write_bytes(ctx.out, month.payload)
        return EXIT_OK
    k = month.report["k"]
    state = _("closed") if month.closed else _("not over yet: a preview")
    ctx.out.write(
        _("Report for {month} ({state}), revision {revision}, k = {k}").format(
            month=args.period, state=state, revision=month.entry.revision, k=k
        )
        + "\n"
    )
    for table, rows in groupby(month.rows, key=lambda row: row.table):
        ctx.out.write(f"\n{table_name(table)}\n")
        for row in rows:
            name = cell_label(ctx.codes, ctx.municipalities, table, row.code, ctx.language)
            ctx.out.write(f"  {name:<40} {cell_value(row, k):>8}\n")
    if month.report["totals"]["clients"] == f"<{k}":
        ctx.out.write("\n" + _(FEW_CLIENTS).format(k=k) + "\n")
    if month.suppressed:
        ctx.out.write("\n" + _(WHY_SUPPRESSED).format(k=k, below=k - 1) + "\n")
    return EXIT_OK


def run_enrol(args: argparse.Namespace, ctx: CliContext) -> int:
    sync = services(ctx)[1]
    preferences = load_preferences(Paths.resolve(ctx.data_dir).preferences)
    server = args.server or preferences.coordinator_url  # pre-set by the IT administrator
    try:
        if args.code.strip().startswith("homesupport:"):
            connection = sync.enrol_link(args.code)
        elif not server:
            raise CliError(_("Give the coordinator's address with --server."))
        else:
            connection = sync.enrol(server, args.code)
    except SyncProblem as problem:
        raise CliError(_(problem.msgid).format(**problem.params)) from problem
    ctx.out.write(_("Connected to {server}.").format(server=connection.server) + "\n")
    return EXIT_OK


def run_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    sync = services(ctx)[1]
    if sync.connection() is None:
        ctx.err.write(text(sync.status()) + "\n")
        raise CliError(_("Connect first: homesupport enrol --server URL --code CODE"))
    result = sync.run(now=True)
    for correction in result.corrections:
        ctx.out.write(
            _("{month} changed after it was sent: it goes out as revision {revision}.").format(
                month=correction.period, revision=correction.revision
            )
            + "\n"
        )
    for entry in result.entries:
        if entry.period in result.tried or entry.state is not State.SENT:
            ctx.out.write(f"{entry.period}: {text(entry_message(entry))}\n")
    if result.guides is not None:
        write_guide_updates(ctx.out, result.guides)
    ctx.out.write(text(sync.status(result.entries)) + "\n")
    if result.pending:
        if any(e.last_error in NEEDS_ENROLMENT for e in result.pending):
            ctx.err.write(_("Connect again: homesupport enrol --server URL --code CODE") + "\n")
        return EXIT_PENDING
    return EXIT_ERROR if result.failed else EXIT_OK


def write_guide_updates(out: TextIO, updates: GuideUpdates) -> None:
    for guide in updates.received:
        values = {"slug": guide.slug, "version": guide.version}
        out.write(
            _("Your coordinator updated the guide {slug} (version {version}).").format(**values)
        )
        if guide.own_copy:
            out.write(
                " "
                + _(
                    "Your own copy of it stays in use; to use the new one, open it on the "
                    "Guides page, press See changes… and then Use the coordinator's version "
                    "(you can undo that)."
                )
            )
        out.write("\n")
    for slug in updates.withdrawn:
        out.write(_("Your coordinator withdrew the guide {slug}.").format(slug=slug) + "\n")
    for slug in updates.failed:
        out.write(
            _("The guide {slug} did not arrive; the previous version stays in use.").format(
                slug=slug
            )
            + "\n"
        )
