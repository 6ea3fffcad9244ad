"""``homesupport import``, ``export`` and ``demo``: sessions in and out of the store."""

from __future__ import annotations

import argparse
import datetime as dt

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK, CliError
from homesupport.domain.sessions import SessionFilter
from homesupport.i18n import _
from homesupport.services.demo import demo_sessions
from homesupport.services.sessions import SessionService


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = commands.add_parser("demo", help=_("fill an empty data store with demo sessions"))
    demo.add_argument("--sessions", type=int, default=500, help=_("how many sessions"))
    demo.add_argument("--seed", type=int, default=1, help=_("random seed"))
    demo.set_defaults(func=run_demo)


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
    sessions = list(demo_sessions(ctx.codes, args.sessions, args.seed, service.today()))
    added = service.add_many(sessions)
    ctx.out.write(_("Added {count} demo sessions.").format(count=added) + "\n")
    return EXIT_OK
