"""Coordinator addresses and ``homesupport://enrol?server=…&code=…`` links (DESIGN.md §6, §7)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from homesupport.i18n import N_

LINK_SCHEME = "homesupport"


class AddressError(ValueError):
    """A coordinator address or enrolment link that cannot be used. ``message`` is an
    untranslated catalogue id, filled from ``params`` after translation."""

    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


@dataclass(frozen=True)
class EnrolLink:
    server: str
    code: str = field(repr=False)  # a one-time secret: keep it out of reprs and logs


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The address, normalised without a trailing slash; AddressError if it is unusable.

    HTTPS everywhere; plain HTTP only to this computer (a test or a local coordinator), since
    the bearer token and the reports would otherwise cross the network in clear.
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressError(N_("Not a web address: {address}"), address=text)
    if parts.username or parts.password or parts.query or parts.fragment:
        raise AddressError(
            N_("The coordinator address must not contain a user, query or fragment.")
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise AddressError(
            N_(
                "The coordinator address must start with https:// (plain http is only allowed "
                "to this computer): {address}"
            ),
            address=text,
        )
    return text.rstrip("/")


def parse_enrol_link(text: str) -> EnrolLink:
    """``homesupport://enrol?server=https%3A%2F%2Fexample.fi&code=AB12-CD34`` -> its parts."""
    parts = urlsplit(text.strip())
    if parts.scheme != LINK_SCHEME or parts.netloc != "enrol" or parts.path not in ("", "/"):
        raise AddressError(N_("Not a HomeSupport enrolment link."))
    query = parse_qs(parts.query, keep_blank_values=True)
    servers, codes = query.get("server", []), query.get("code", [])
    if len(servers) != 1 or len(codes) != 1 or not codes[0].strip():
        raise AddressError(N_("The enrolment link needs one server and one code."))
    return EnrolLink(check_server_url(servers[0]), codes[0].strip())
