"""The privacy guard on notes: warns (never blocks) when free text looks like something the
register must not hold (DESIGN.md §4): a personal identity code, a bank account or card
number, a password or PIN, or a third person's phone number.

Each warning carries its reason as an untranslated message id and where in the text it is, so
the form can highlight it. The matched text itself is never copied into a warning: warnings
may end up in logs or on screen next to other people.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from homesupport.i18n import N_


class Kind(Enum):
    IDENTITY_CODE = "identity_code"
    BANK_ACCOUNT = "bank_account"
    CARD_NUMBER = "card_number"
    SECRET = "secret"
    PHONE = "phone"


REASONS = {
    Kind.IDENTITY_CODE: N_(
        "This looks like a personal identity code (henkilötunnus). "
        "Identity codes must not be stored."
    ),
    Kind.BANK_ACCOUNT: N_(
        "This looks like a bank account number (IBAN). Bank details must not be stored."
    ),
    Kind.CARD_NUMBER: N_("This looks like a payment card number. Card numbers must not be stored."),
    Kind.SECRET: N_(
        "This looks like a password, PIN or bank code. "
        "Never write down a client's passwords, PINs or codes."
    ),
    Kind.PHONE: N_(
        "This looks like a phone number. Keep another person's phone number only if it is "
        "really needed."
    ),
}


@dataclass(frozen=True)
class PrivacyWarning:
    kind: Kind
    start: int  # text[start:end] is what looks sensitive
    end: int

    @property
    def reason(self) -> str:
        """An English message id: translate it where it is shown."""
        return REASONS[self.kind]


def check_text(text: str, own_phones: Iterable[str] = ()) -> list[PrivacyWarning]:
    """Warnings for ``text``, in text order, never two for the same characters.

    ``own_phones`` are numbers that are fine to mention (the supporter's own, printed on
    guides anyway). When two findings overlap, the more specific one wins (identity code over
    phone, for instance)."""
    own = {n for n in (_national_number(p) for p in own_phones) if n}
    found: list[PrivacyWarning] = []
    for finder in (_identity_codes, _ibans, _cards, _secrets):
        found.extend(finder(text))
    found.extend(w for w in _phones(text) if _national_number(text[w.start : w.end]) not in own)
    kept: list[PrivacyWarning] = []
    for warning in found:  # in priority order: keep the first of overlapping findings
        if all(warning.end <= k.start or warning.start >= k.end for k in kept):
            kept.append(warning)
    return sorted(kept, key=lambda w: (w.start, w.end))


# --- henkilötunnus ------------------------------------------------------------------------

# DDMMYY, century sign, individual number, check character. Since 2023 the 1900s also use
# Y X W V U and the 2000s B C D E F besides - and A.
_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
_CENTURY.update(dict.fromkeys("ABCDEF", 2000))
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU = re.compile(
    r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})([-+A-FU-Ya-fu-y])(\d{3})([0-9A-Ya-y])(?![0-9A-Za-z])"
)


def hetu_check_character(digits: str) -> str:
    """The check character of DDMMYY + individual number (nine digits)."""
    return _HETU_CHECK[int(digits) % 31]


def is_valid_hetu(text: str) -> bool:
    match = _HETU.fullmatch(text.strip())
    return match is not None and _hetu_match_valid(match)


def _hetu_match_valid(match: re.Match[str]) -> bool:
    day, month, year, sign, individual, check = match.groups()
    century = _CENTURY[sign.upper()]
    try:
        dt.date(century + int(year), int(month), int(day))
    except ValueError:
        return False
    if int(individual) < 2:  # 000 and 001 are never given
        return False
    return hetu_check_character(day + month + year + individual) == check.upper()


def _identity_codes(text: str) -> Iterable[PrivacyWarning]:
    for match in _HETU.finditer(text):
        if _hetu_match_valid(match):
            yield PrivacyWarning(Kind.IDENTITY_CODE, match.start(), match.end())


# --- bank accounts and cards --------------------------------------------------------------

# An IBAN as people write it: country, check digits, then groups of four with single spaces.
_IBAN = re.compile(r"(?<![0-9A-Za-z])([A-Za-z]{2}\d{2}(?: ?[0-9A-Za-z]){11,30})(?![0-9A-Za-z])")
_IBAN_LENGTH = {"FI": 18, "SE": 24, "NO": 15, "DK": 18, "EE": 20, "DE": 22}


def iban_is_valid(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[0-9A-Z]{11,30}", compact):
        return False
    expected = _IBAN_LENGTH.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _ibans(text: str) -> Iterable[PrivacyWarning]:
    for match in _IBAN.finditer(text):
        # The run may have taken the next word ("FI21 1234 … 85 kiitos"): try the longest
        # space-separated prefix that has a valid checksum.
        tokens = match.group(1).split(" ")
        for n in range(len(tokens), 0, -1):
            candidate = " ".join(tokens[:n])
            if iban_is_valid(candidate) and any(c.isdigit() for c in candidate[4:]):
                start = match.start(1)
                yield PrivacyWarning(Kind.BANK_ACCOUNT, start, start + len(candidate))
                break


_CARD = re.compile(r"(?<![\d\w])([2-6]\d{3}(?:[ -]?\d){9,15})(?![\d\w])")


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _cards(text: str) -> Iterable[PrivacyWarning]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if 13 <= len(digits) <= 19 and luhn_is_valid(digits):
            yield PrivacyWarning(Kind.CARD_NUMBER, match.start(1), match.end(1))


# --- passwords and PINs -------------------------------------------------------------------

# The word stems, with the inflections Finnish and Swedish add ("salasanan", "tunnusluvut",
# "PIN-koodin", "lösenordet").
_SECRET_WORD = re.compile(
    r"(?<![\w])("
    r"salasan\w*|tunnussan\w*|lösenord\w*|passwords?|passwd|passcode|"
    r"tunnusluku\w*|tunnusluvu\w*|tunnuslu[kv]\w*|pankkitunnu\w*|bankkod\w*|"
    r"(?:pin|puk)(?:[- ]?(?:koodi\w*|kod\w*|code\w*|luku\w*))?"
    r")(?![\w])",
    re.IGNORECASE,
)
# Words that may stand between the keyword and the secret: "salasana on …", "PIN is …".
_FILLER = {
    "on",
    "oli",
    "olisi",
    "nyt",
    "uusi",
    "uudeksi",
    "vaihdettu",
    "vaihdettiin",
    "koodi",
    "is",
    "was",
    "now",
    "new",
    "changed",
    "to",
    "code",
    "är",
    "var",
    "nu",
    "ny",
    "nya",
    "ändrat",
    "till",
    "kod",
    "koden",
    "-",
    ":",
    "=",
    "->",
    "→",
}
_TOKEN = re.compile(r"\S+")
_TRIM = "\"'“”‘’«»()[]{},.;!?"
_LOOKAHEAD = 4


def _looks_secret(token: str, after_colon: bool) -> bool:
    """A PIN is digits; a password mixes letters with digits or symbols. After "salasana:" any
    word of four or more characters counts: the colon says a value follows."""
    if len(token) < 4:
        return False
    if token.isdigit():
        return len(token) <= 12
    has_digit = any(c.isdigit() for c in token)
    has_letter = any(c.isalpha() for c in token)
    has_symbol = any(not c.isalnum() for c in token)
    mixed_case = any(c.isupper() for c in token[1:]) and any(c.islower() for c in token)
    return after_colon or (has_letter and (has_digit or has_symbol or mixed_case))


def _secrets(text: str) -> Iterable[PrivacyWarning]:
    for match in _SECRET_WORD.finditer(text):
        after_colon = False
        rest = text[match.end() :]
        offset = match.end()
        if rest[:1] in (":", "="):
            after_colon = True
        for number, token_match in enumerate(_TOKEN.finditer(rest)):
            if number >= _LOOKAHEAD:
                break
            raw = token_match.group(0)
            token = raw.strip(_TRIM)
            if raw in (":", "=") or (raw.startswith((":", "=")) and not token.strip(":=")):
                after_colon = True
                continue
            token = token.lstrip(":=")
            if token.casefold() in _FILLER or not token:
                continue
            if _looks_secret(token, after_colon):
                yield PrivacyWarning(Kind.SECRET, match.start(), offset + token_match.end())
            break


# --- phone numbers ------------------------------------------------------------------------

# A candidate starts with +, 00 or a 0 (the trunk prefix; a bare local number has no area
# code and is left alone), then digits with spaces, dashes or an area code in brackets.
_PHONE = re.compile(r"(?<![\w+])(\+|\(?0)[\d\s\-()/]{5,22}\d")
# Finnish numbers without the trunk 0: mobile 4x/50, geographic area codes (whose subscriber
# numbers never start with 0). Service numbers (010, 020, 029, 030, 0800 …) belong to
# organisations (Kela, the tax office) and are fine to write down.
_MOBILE = re.compile(r"(?:4\d|50)\d{4,8}")
_LANDLINE = re.compile(r"(?!29)(?:[235689]|1[3-9])[1-9]\d{4,7}")


def _national_number(text: str) -> str | None:
    """The Finnish national significant number of a written phone number, or None."""
    compact = re.sub(r"[\s\-()/]", "", text)
    if compact.startswith("+358"):
        national = compact[4:]
    elif compact.startswith("00358"):
        national = compact[5:]
    elif compact.startswith("0") and not compact.startswith("00"):
        national = compact[1:]
    else:
        return None
    national = national.removeprefix("0")  # "+358 (0)40 …"
    if not national.isdigit() or not 6 <= len(national) <= 10:
        return None
    if _MOBILE.fullmatch(national) or _LANDLINE.fullmatch(national):
        return national
    return None


def _phones(text: str) -> Iterable[PrivacyWarning]:
    for match in _PHONE.finditer(text):
        start = match.start()
        candidate = match.group(0)
        # The run may have swallowed a following number ("040 1234567 2 kpl"): try the
        # longest prefix, by separator-delimited groups, that is a phone number.
        cuts = [m.start() for m in re.finditer(r"[\s\-/]+", candidate)] + [len(candidate)]
        for cut in sorted(cuts, reverse=True):
            piece = candidate[:cut].rstrip(" -/(")
            if _national_number(piece):
                yield PrivacyWarning(Kind.PHONE, start, start + len(piece))
                break


# --- audit log ----------------------------------------------------------------------------


class AuditAction(Enum):
    """Data-protection actions written to the local audit log: the kind and a count only."""

    ERASURE_REQUESTED = "erasure_requested"
    ERASURE_CANCELLED = "erasure_cancelled"
    CLIENT_ERASED = "client_erased"
    RETENTION_CLIENTS = "retention_clients_removed"
    RETENTION_SESSIONS = "retention_sessions_anonymised"
    RETENTION_NOTES = "retention_notes_removed"
    RETENTION_SKIPPED_CLOCK = "retention_skipped_clock"
    IMPORT_FIELDS_DROPPED = "import_personal_fields_dropped"
    ACCESS_EXPORT = "access_export"


AUDIT_LABELS = {
    AuditAction.ERASURE_REQUESTED: N_("Erasure of a client requested"),
    AuditAction.ERASURE_CANCELLED: N_("Erasure of a client undone"),
    AuditAction.CLIENT_ERASED: N_("Client erased"),
    AuditAction.RETENTION_CLIENTS: N_("Clients removed after the retention period"),
    AuditAction.RETENTION_SESSIONS: N_("Sessions anonymised after the retention period"),
    AuditAction.RETENTION_NOTES: N_("Session notes removed after the retention period"),
    AuditAction.RETENTION_SKIPPED_CLOCK: N_("Retention skipped: the computer's clock looked wrong"),
    AuditAction.IMPORT_FIELDS_DROPPED: N_("Personal fields of old imported sessions dropped"),
    AuditAction.ACCESS_EXPORT: N_("Data of a client exported (right of access)"),
}


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    action: AuditAction
    count: int

    @property
    def label(self) -> str:
        """An English message id: translate it where it is shown."""
        return AUDIT_LABELS[self.action]
