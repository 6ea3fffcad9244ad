"""Fixtures for the importer tests: the shipped code lists and a fixed "today"."""

import datetime as dt

import pytest

from homesupport.domain.importing import parse_sessions

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(scope="session")
def parse(codes, municipalities):
    """parse_sessions with the shipped code lists and TODAY."""

    def run(rows, **limits):
        return parse_sessions(rows, codes, municipalities, TODAY, **limits)

    return run
