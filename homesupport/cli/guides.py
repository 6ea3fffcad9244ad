"""``homesupport guides list`` and ``guides pdf`` (DESIGN.md §7)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from homesupport.domain.guides import GUIDE_LANGUAGES, GuideError
from homesupport.domain.profile import SupporterProfile
from homesupport.domain.sessions import MAX_PRINTED_NICKNAME, text_problems
from homesupport.i18n import _
from homesupport.services.destinations import check_destination
from homesupport.services.guides import GuideLibrary, LibraryGuide, UnknownGuideError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    guides = commands.add_parser("guides", help=_("the guide library"))
    sub = guides.add_subparsers(dest="guides_command", metavar="COMMAND", required=True)
    # dest differs from the global --lang, which a subcommand default would overwrite
    lister = sub.add_parser("list", help=_("list the guides: slug, language, title"))
    lister.add_argument(
        "--lang", dest="guide_lang", choices=GUIDE_LANGUAGES, help=_("only guides in this language")
    )
    lister.add_argument(
        "--stale",
        action="store_true",
        help=_(
            "only guides last checked more than 12 months ago, with the date of that check"
            " as a fourth column"
        ),
    )
    lister.set_defaults(func=run_list)
    pdf = sub.add_parser("pdf", help=_("print one guide, or a booklet of several, as PDF"))
    pdf.add_argument("slugs", nargs="+", metavar="SLUG", help=_("the guides to print"))
    pdf.add_argument("-o", "--output", type=Path, required=True, help=_("the PDF file to write"))
    pdf.add_argument(
        "--lang",
        dest="guide_lang",
        choices=GUIDE_LANGUAGES,
        help=_("language of the guides (default: the language of messages)"),
    )
    pdf.add_argument(
        "--size",
        choices=("normal", "large"),  # the keys of pdf.styles.SIZES (reportlab loads lazily)
        default="normal",
        help=_("normal (16 pt) or large (20 pt) print"),
    )
    pdf.add_argument("--client", metavar="NICK", help=_("the client's nickname to print"))
    pdf.set_defaults(func=run_pdf)


def open_library(ctx: CliContext) -> GuideLibrary:
    library = GuideLibrary.open(ctx.data_dir, ctx.codes)
    for problem in library.problems:  # the valid guides still work; say what was left out
        ctx.err.write(_("Skipped: {problem}").format(problem=problem.describe(_)) + "\n")
    return library


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    library = open_library(ctx)
    order = {lang: i for i, lang in enumerate(GUIDE_LANGUAGES)}
    found = (
        library.stale(dt.date.today(), args.guide_lang)
        if args.stale
        else library.guides(args.guide_lang)
    )
    for entry in sorted(found, key=lambda e: (e.slug, order[e.language])):
        line = f"{entry.slug}\t{entry.language}\t{entry.title}"
        if args.stale:
            line += f"\t{entry.guide.checked.isoformat()}"
        ctx.out.write(line + "\n")
    return EXIT_OK


def run_pdf(args: argparse.Namespace, ctx: CliContext) -> int:
    client = (args.client or "").strip() or None
    if client and text_problems("client", client, MAX_PRINTED_NICKNAME, multiline=False):
        raise CliError(
            _("The nickname must be at most {limit} characters.").format(
                limit=MAX_PRINTED_NICKNAME
            ),
            EXIT_USAGE,
        )
    check_destination(ctx.data_dir, args.output)  # before the work of rendering
    folder = args.output.parent
    if not folder.is_dir():
        raise CliError(_("There is no folder {path}.").format(path=folder), EXIT_USAGE)
    library = open_library(ctx)
    entries = [_pick(library, slug, args.guide_lang, ctx.language) for slug in args.slugs]
    from homesupport.pdf.render import GuideRenderer, PrintOptions

    options = PrintOptions(size=args.size, client=client, supporter=_supporter(ctx))
    renderer = GuideRenderer()
    try:
        if len(entries) == 1:
            data = renderer.render_guide(entries[0].guide, entries[0].folder, options)
        else:
            language = args.guide_lang or ctx.language
            sources = [(e.guide, e.folder) for e in entries]
            data = renderer.render_booklet(sources, language, options)
    except GuideError as error:
        details = "\n".join(p.describe(_) for p in error.problems)
        raise CliError(_("The guide cannot be printed:") + "\n" + details, EXIT_USAGE) from None
    _write(library, args.output, data)
    return EXIT_OK


def _pick(library: GuideLibrary, slug: str, language: str | None, fallback: str) -> LibraryGuide:
    """The guide in ``--lang``, else in the message language, else in any language."""
    try:
        if language:
            return library.require(slug, language)
        return library.get(slug, fallback) or library.require(slug)
    except UnknownGuideError:
        skipped = library.skipped(slug)
        if skipped:
            details = "\n".join(p.describe(_) for p in skipped)
            raise CliError(_("The guide cannot be printed:") + "\n" + details, EXIT_USAGE) from None
        known = library.languages(slug)
        if known:
            message = _("Guide {slug} is not available in {language}; it is in {languages}.")
            raise CliError(
                message.format(slug=slug, language=language, languages=", ".join(known)),
                EXIT_USAGE,
            ) from None
        raise CliError(
            _("Unknown guide {slug}; see: homesupport guides list").format(slug=slug),
            EXIT_USAGE,
        ) from None


def _supporter(ctx: CliContext) -> SupporterProfile | None:
    """The profile for the footer. A guide prints without it when the store cannot be opened
    here (no store yet, no key): printing must not depend on the encrypted data."""
    try:
        return ctx.profile()
    except Exception:
        return None


def _write(library: GuideLibrary, path: Path, data: bytes) -> None:
    try:
        library.write_pdf(path, data)
    except OSError as error:
        raise CliError(
            _("Cannot write {path}: {error}").format(path=path, error=error.strerror), EXIT_USAGE
        ) from None
