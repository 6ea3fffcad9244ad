from __future__ import annotations

import random

import pytest

from homesupport.sync.backoff import backoff_delay, equal_jitter
from homesupport.sync.links import AddressError, check_server_url, parse_enrol_link


def test_enrol_link_is_parsed() -> None:
    link = parse_enrol_link(
        "homesupport://enrol?server=https%3A%2F%2Fdigituki.example.fi%2Fapi-root%2F&code=AB12-CD34"
    )
    assert link.server == "https://digituki.example.fi/api-root"
    assert link.code == "AB12-CD34"
    assert "AB12" not in repr(link)


@pytest.mark.parametrize(
    "text",
    [
        "https://digituki.example.fi/enrol?code=X",
        "homesupport://other?server=https%3A%2F%2Fa.fi&code=X",
        "homesupport://enrol?server=https%3A%2F%2Fa.fi",
        "homesupport://enrol?server=https%3A%2F%2Fa.fi&code=",
        "homesupport://enrol?server=https%3A%2F%2Fa.fi&server=https%3A%2F%2Fb.fi&code=X",
        "homesupport://enrol?server=http%3A%2F%2Fa.fi&code=X",  # plain http off loopback
    ],
)
def test_bad_enrol_links_are_refused(text: str) -> None:
    with pytest.raises(AddressError):
        parse_enrol_link(text)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000",
        "http://localhost:1/",
        "http://[::1]:8080",
        "http://127.8.9.1",
        "https://coordinator.example.fi/",
        "https://10.0.0.5",
    ],
)
def test_usable_addresses(url: str) -> None:
    assert check_server_url(url) == url.strip().rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://coordinator.example.fi",
        "http://10.0.0.5",
        "http://192.168.1.1:8000",
        "ftp://a.fi",
        "a.fi",
        "https://user:pw@a.fi",
        "https://a.fi/?x=1",
        "http://localhost.evil.fi",
    ],
)
def test_unusable_addresses(url: str) -> None:
    with pytest.raises(AddressError):
        check_server_url(url)


def test_backoff_grows_exponentially_to_its_cap() -> None:
    delays = [backoff_delay(n, base=5, factor=2, cap=60) for n in range(0, 7)]
    assert delays == [0.0, 5, 10, 20, 40, 60, 60]
    assert backoff_delay(10_000, cap=3600) == 3600  # no overflow after months offline


def test_backoff_jitter_is_injected_and_bounded() -> None:
    jitter = equal_jitter(random.Random(4))
    samples = [backoff_delay(4, base=5, cap=3600, jitter=jitter) for _ in range(200)]
    assert all(20 <= s <= 40 for s in samples)
    assert len(set(samples)) > 100
    assert backoff_delay(3, base=1, jitter=lambda d: d * 10) == 40
