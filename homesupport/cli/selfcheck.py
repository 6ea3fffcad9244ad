"""``homesupport self-check``: proves an installation has everything it needs.

Run by CI on the PyInstaller bundle and useful to an administrator after deployment: it opens a
new encrypted database in a temporary folder (never the user's data), renders a guide PDF with
the shipped font, and loads the translations and code lists. One line per check; exit 0 when
all pass.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import re
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_ERROR, EXIT_OK
from homesupport.i18n import DOMAIN, _, ngettext, translation
from homesupport.paths import Paths
from homesupport.resources import resource, resources_dir
from homesupport.services.guides import GuideLibrary
from homesupport.services.store import open_store
from homesupport.storage.keys import KEY_FILE_ENV

SQLITE_HEADER = b"SQLite format 3\x00"
PROBE = "self-check"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "self-check",
        help=_("check that this installation works (encryption, PDFs, translations)"),
    )
    parser.set_defaults(func=run_self_check)


def run_self_check(args: argparse.Namespace, ctx: CliContext) -> int:
    import homesupport

    ctx.out.write(f"HomeSupport {homesupport.__version__}\n")
    ctx.out.write(_("Resources: {path}").format(path=resources_dir()) + "\n")
    with tempfile.TemporaryDirectory(prefix="homesupport-self-check-") as folder:
        checks: list[tuple[str, Callable[[], str]]] = [
            (_("Encrypted database"), lambda: _check_database(Path(folder))),
            (_("Guide PDF"), lambda: _check_pdf(Path(folder), ctx)),
            (_("Translations"), _check_translations),
            (_("Code lists"), lambda: _check_codes(ctx)),
        ]
        failed = 0
        for name, check in checks:
            try:
                ctx.out.write(f"ok      {name}: {check()}\n")
            except Exception as error:  # report every check, not only the first failure
                failed += 1
                ctx.out.write(f"FAILED  {name}: {type(error).__name__}: {error}\n")
    if failed:
        ctx.out.write(
            ngettext("{count} check failed.", "{count} checks failed.", failed).format(count=failed)
            + "\n"
        )
        return EXIT_ERROR
    ctx.out.write(_("All checks passed.") + "\n")
    return EXIT_OK


def _check_database(folder: Path) -> str:
    """Creates a store from a passphrase file, as scripted installs do, writes, reopens."""
    key_file = folder / "secret.txt"
    key_file.write_text("  correct horse battery staple\n", encoding="utf-8")
    paths = Paths(data_dir=folder / "data", log_dir=folder / "logs", cache_dir=folder / "cache")
    environ = {KEY_FILE_ENV: str(key_file)}
    store = open_store(paths, dt.datetime.now, environ=environ)
    try:
        if not store.created:
            raise RuntimeError("the store was not new")
        store.set_setting(PROBE, "written")
        with store.engine.connect() as connection:
            cipher = connection.exec_driver_sql("PRAGMA cipher_version").scalar()
    finally:
        store.close()
    if paths.database.read_bytes()[: len(SQLITE_HEADER)] == SQLITE_HEADER:
        raise RuntimeError("the database file is not encrypted")
    store = open_store(paths, dt.datetime.now, environ=environ)
    try:
        if store.setting(PROBE) != "written":
            raise RuntimeError("the value written was not read back")
    finally:
        store.close()
    return _("SQLCipher {version}: created, written, reopened").format(version=cipher)


def _check_pdf(folder: Path, ctx: CliContext) -> str:
    # Imported here: the PDF library is slow to load and only this check needs it.
    from homesupport.pdf.fonts import FAMILY
    from homesupport.pdf.render import GuideRenderer, PrintOptions

    library = GuideLibrary.open(folder / "no-user-guides", ctx.codes)
    bundled = [entry for entry in library.guides("fi") if entry.bundled]
    if not bundled:
        raise RuntimeError("no bundled guides")
    entry = bundled[0]
    data = GuideRenderer().render_guide(entry.guide, entry.folder, PrintOptions(size="large"))
    if not data.startswith(b"%PDF") or f"+{FAMILY}".encode() not in data:
        raise RuntimeError("the PDF lacks the embedded font")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    return _("{slug} ({language}), {pages} pages, {size} kB, font {font} embedded").format(
        slug=entry.slug, language=entry.language, pages=pages, size=len(data) // 1024, font=FAMILY
    )


def _check_translations() -> str:
    counts = []
    for language in ("fi", "sv"):
        # gettext falls back to English in silence when a compiled catalogue is missing.
        if not isinstance(translation(language), gettext.GNUTranslations):
            raise RuntimeError(f"no compiled catalogue for {language}")
        mo = resource("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo").read_bytes()
        _magic, _revision, messages = struct.unpack("<3I", mo[:12])  # the .mo header
        counts.append(f"{language} {messages}")
    return _("messages per language: {counts}").format(counts=", ".join(counts))


def _check_codes(ctx: CliContext) -> str:
    topics = ctx.codes.codes_of("topic")
    if not topics or "091" not in ctx.municipalities:
        raise RuntimeError("the code lists are incomplete")
    return _("{topics} topics, municipalities loaded").format(topics=len(topics))
