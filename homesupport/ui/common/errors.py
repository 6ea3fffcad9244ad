"""Turning an exception from a service into one sentence in the active language."""

from __future__ import annotations

from homesupport.i18n import _


def error_text(error: BaseException) -> str:
    # Services raise errors carrying an English catalogue id and its parameters.
    for id_attr in ("msgid", "message"):
        msgid = getattr(error, id_attr, None)
        params = getattr(error, "params", None)
        if isinstance(msgid, str) and isinstance(params, dict):
            return fill(msgid, params)
    if isinstance(error, OSError):
        return _("The file could not be used: {reason}").format(
            reason=error.strerror or type(error).__name__
        )
    text = str(error)
    # Our own exceptions (KeyNeeded, WrongSecret…) carry a catalogue id as their message.
    if text and type(error).__module__.startswith("homesupport."):
        return _(text)
    return _("Something went wrong ({reason}). Nothing was changed.").format(
        reason=type(error).__name__
    )


def fill(msgid: str, params: dict[str, object]) -> str:
    try:
        return _(msgid).format(**params)
    except (KeyError, IndexError, ValueError):  # a broken translation falls back to English
        return msgid.format(**params)
