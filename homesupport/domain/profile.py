"""The supporter's own profile: printed on guides, never sent anywhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SupporterProfile:
    name: str
    organisation: str = ""
    contact: str = ""  # phone or e-mail, printed on guide sheets
    municipality: str | None = None  # home municipality code, the default for new sessions
    programme: str = "home"  # home / youth / general
    language: str = "fi"  # interface language
