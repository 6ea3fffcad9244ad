"""What a right-of-access report says, already translated: plain data, so the service can
prepare it without loading the PDF library (``access_report`` renders it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    heading: str
    rows: tuple[tuple[str, str], ...]  # (label, value), both already translated


@dataclass(frozen=True)
class AccessContent:
    language: str
    title: str
    intro: str
    sections: tuple[Section, ...]
