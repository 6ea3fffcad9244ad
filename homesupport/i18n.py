"""The one gettext catalogue every layer uses (GUI, CLI, PDFs, coordinator pages).

Messages are written in English in the code and translated through
``resources/locale/<lang>/LC_MESSAGES/homesupport.mo`` (compiled from the ``.po`` files with
Babel, see ``packaging/i18n.sh``).

The active language is process state, like Qt's installed translators: the composition root
(``app.py``, ``cli.py``, the coordinator) picks it once with :func:`set_language`; the
coordinator renders each page with :func:`translation` for the visitor's language instead.
Constants that are shown later are marked with :func:`N_` and translated where shown.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import os
from functools import cache

from homesupport.resources import resource

DOMAIN = "homesupport"
SUPPORTED = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
# Each language named in itself, as the language choosers list them.
LANGUAGE_NAMES = (("fi", "suomi"), ("sv", "svenska"), ("en", "English"))

_active: list[_gettext.NullTranslations] = [_gettext.NullTranslations()]
_active_language: list[str] = [DEFAULT_LANGUAGE]


def N_(message: str) -> str:
    """Marks a string for extraction without translating it yet."""
    return message


@cache
def translation(language: str) -> _gettext.NullTranslations:
    if language not in SUPPORTED:
        raise ValueError(f"unsupported language: {language}")
    return _gettext.translation(
        DOMAIN, localedir=str(resource("locale")), languages=[language], fallback=True
    )


def set_language(language: str) -> None:
    _active[0] = translation(language)
    _active_language[0] = language


def current_language() -> str:
    return _active_language[0]


def _(message: str) -> str:
    return _active[0].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active[0].ngettext(singular, plural, n)


def system_language(environ: dict[str, str] | None = None) -> str:
    """The OS language if it is one of ours, else Finnish (DESIGN.md §1)."""
    env = os.environ if environ is None else environ
    candidates = [env.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    if environ is None:
        import locale

        with contextlib.suppress(ValueError):
            candidates.append(locale.getlocale()[0] or "")
    for value in candidates:
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in SUPPORTED:
                return code
    return DEFAULT_LANGUAGE
