"""What every page needs to look right and speak the language: icons, the theme, the code
lists for labels, and the dialogs that ask. Services are passed separately, to the pages that
use them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.ui.common.dialogs import Dialogs
from homesupport.ui.common.icons import Icons
from homesupport.ui.common.theme import Theme


@dataclass(frozen=True)
class Kit:
    icons: Icons
    theme: Theme
    codes: CodeList
    municipalities: Municipalities
    language: str
    # File choosers and message boxes: tests answer them (ui/dialogs.py).
    dialogs: Dialogs = field(default_factory=Dialogs)

    def label(self, list_name: str, code: str | None) -> str:
        return "" if code is None else self.codes.label(list_name, code, self.language)

    def labels(self, list_name: str, codes: Iterable[str]) -> str:
        """Several codes of one list as one line, e.g. a session's topics."""
        return ", ".join(self.label(list_name, code) for code in codes)
