"""What every command gets: where the data is, the language, the code lists, and lazy access to
the encrypted store (opening it may ask for a key, so commands that do not need it never do)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.profile import SupporterProfile

if TYPE_CHECKING:
    from homesupport.services.store import Store


@dataclass
class CliContext:
    data_dir: Path
    language: str
    codes: CodeList
    municipalities: Municipalities
    out: TextIO
    err: TextIO
    open_store: Callable[[], Store]
    debug: bool = False

    def profile(self) -> SupporterProfile | None:
        return self.open_store().profile()
