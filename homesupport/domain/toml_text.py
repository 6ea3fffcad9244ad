"""Reading TOML written by people (guides, mappings, an administrator's configuration)."""

from __future__ import annotations

import tomllib
from typing import Any


def load_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with nesting too deep for the parser told as the invalid file it is.

    tomllib recurses once per level of ``[`` or ``{``, so about a thousand of them raise
    RecursionError, which would otherwise escape every caller that handles bad files."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("arrays or tables are nested too deeply") from None
