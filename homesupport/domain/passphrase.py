"""The rule a passphrase must meet before a new store is made from it, wherever it comes from
(the window, the command line's prompt, HOMESUPPORT_KEY_FILE)."""

from __future__ import annotations

from homesupport.i18n import N_

MIN_PASSPHRASE = 10


def weak_passphrase(passphrase: str) -> str | None:
    """Why ``passphrase`` is too weak to protect a new store (a catalogue id with ``{n}``),
    or None when it is strong enough. Surrounding whitespace does not count."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        return N_("A passphrase needs at least {n} characters; a short sentence is easy to keep.")
    return None


def passphrase_strength(text: str) -> int:
    """0 (too short) to 4. Length counts most; a sentence of ordinary words is strong."""
    if weak_passphrase(text) is not None:
        return 0
    kinds = sum(
        any(test(c) for c in text)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    return min(4, len(text) // 8 + kinds // 2)
