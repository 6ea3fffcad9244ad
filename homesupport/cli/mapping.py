"""``homesupport import FILE --suggest-map`` and ``--map MAP`` (DESIGN.md §8, import mapping
v1): sheets with headings and words of their own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK, CliError
from homesupport.domain.import_mapping import load_mapping, render_toml
from homesupport.domain.importing import describe
from homesupport.i18n import _, ngettext

if TYPE_CHECKING:
    from homesupport.services.transfer import ImportOutcome, TransferService


def print_suggested_mapping(file: Path, sheet: str | None, ctx: CliContext) -> int:
    """The mapping for FILE on stdout; nothing imported and the data store never opened."""
    from homesupport.services.sheet_import import read_sheet

    preview, problem = read_sheet(file, ctx.codes, ctx.municipalities, sheet_name=sheet)
    if preview is None:
        raise CliError(f"{file.name}: {describe(problem, _)}" if problem else file.name)
    table = preview.table
    if sheet is None and len(table.sheets) > 1:
        ctx.err.write(
            _(
                "The workbook has several sheets; this mapping is for the first, “{sheet}”. "
                "Choose another with --sheet NAME ({sheets})."
            ).format(sheet=table.sheet, sheets=", ".join(table.sheets))
            + "\n"
        )
    name = f"{file.name} ({table.sheet})" if table.sheet and len(table.sheets) > 1 else file.name
    title = [
        _("Import mapping for {file}, made by “homesupport import --suggest-map”.").format(
            file=name
        ),
        _("Complete the lines that start with #, then import with --map."),
    ]
    ctx.out.write(render_toml(preview.draft, ctx.codes, ctx.language, _, title))
    draft = preview.draft
    left = (
        len(draft.open_columns)
        + sum(len(words) for words in draft.open_values.values())
        + len(draft.open_defaults)
    )
    if left:
        ctx.err.write(
            ngettext(
                "{count} entry is left to complete (a line starting with #).",
                "{count} entries are left to complete (lines starting with #).",
                left,
            ).format(count=left)
            + "\n"
        )
    return EXIT_OK


def import_with_mapping(
    file: Path,
    map_file: Path,
    sheet: str | None,
    transfer: Callable[[CliContext], TransferService],
    ctx: CliContext,
) -> ImportOutcome:
    """Imports FILE read with the mapping, all rows or none; a faulty mapping stops it before
    the data store is opened."""
    try:
        text = map_file.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise CliError(_("There is no file at {path}.").format(path=map_file)) from error
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(
            _("Could not read the mapping {path}: {reason}").format(
                path=map_file, reason=type(error).__name__
            )
        ) from error
    mapping, problems = load_mapping(text, ctx.codes, ctx.municipalities)
    if mapping is None:
        lines = [f"{map_file.name}: {describe(problem, _)}" for problem in problems]
        raise CliError("\n".join(lines))
    service = transfer(ctx)
    preview, problem = service.read_sheet(file, sheet, mapping, drafting=False)
    if preview is None:
        raise CliError(f"{file.name}: {describe(problem, _)}" if problem else file.name)
    return service.import_sheet(preview, mapping, remember=False)
