"""Text for a terminal. What came from outside (a device's name, a file's content, a database
URL) is printed with its control and formatting characters escaped, so that it can neither
clear the screen, recolour it, reorder it (bidirectional overrides) nor forge lines."""

from __future__ import annotations


def escaped(text: str, keep: str = "") -> str:
    """``text`` with every non-printable character but those in ``keep`` written as
    ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``."""
    return "".join(c if c.isprintable() or c in keep else _escape(c) for c in text)


def for_terminal(text: str) -> str:
    """A whole message: its own line breaks and tabs stay, everything else is escaped."""
    return escaped(text, keep="\n\t")


def _escape(character: str) -> str:
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
