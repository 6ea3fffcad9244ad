"""What differs between two versions of one guide in one language (the supporter's own copy
and the coordinator's), for a side-by-side view: the title, the summary and each step, with
the words that changed marked.

Steps are lined up by their text (a step inserted or removed does not shift every step after
it); steps that replaced others are paired in order. Pure: the screen decides how to show a
mark, and must show it in words and type, never by colour alone.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from homesupport.domain.guides import Guide, GuideStep

# Words, runs of spaces and single marks: a changed comma does not mark its whole sentence.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
STEP_PARTS = ("text", "tip", "warning", "image")


class Change(enum.Enum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"  # only in the coordinator's version
    REMOVED = "removed"  # only in the supporter's copy


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class Part:
    """One field of one side: ``name`` is "title", "summary" or a step field (STEP_PARTS)."""

    name: str
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.segments)


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side. ``step_mine``/``step_theirs`` are step numbers as printed
    (from 1), None for the title and summary or for a side without this step."""

    kind: Change
    mine: tuple[Part, ...]
    theirs: tuple[Part, ...]
    step_mine: int | None = None
    step_theirs: int | None = None


@dataclass(frozen=True)
class GuideComparison:
    rows: tuple[Row, ...]

    @property
    def differs(self) -> bool:
        return any(row.kind is not Change.SAME for row in self.rows)

    def count(self, kind: Change) -> int:
        return sum(1 for row in self.rows if row.kind is kind)


def compare_guides(mine: Guide, theirs: Guide) -> GuideComparison:
    """Rows for the title, the summary, then every step of either version."""
    rows = [
        _pair("title", mine.title, theirs.title),
        _pair("summary", mine.summary, theirs.summary),
    ]
    rows += _step_rows(mine.steps, theirs.steps)
    return GuideComparison(tuple(rows))


def word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both texts cut into segments, the ones not found in the other text marked changed."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = tag == "equal"
        _add(left, "".join(a[i1:i2]), not same)
        _add(right, "".join(b[j1:j2]), not same)
    return tuple(left), tuple(right)


def _add(segments: list[Segment], text: str, changed: bool) -> None:
    if not text:
        return
    if changed:
        # Spaces around changed words are not marked: an underline never runs into a gap.
        core = text.strip()
        if not core:
            changed = False
        elif core != text:
            start = text.index(core)
            _add(segments, text[:start], False)
            _add(segments, core, True)
            _add(segments, text[start + len(core) :], False)
            return
    if segments and segments[-1].changed == changed:
        segments[-1] = Segment(segments[-1].text + text, changed)
    else:
        segments.append(Segment(text, changed))


def _pair(name: str, old: str, new: str) -> Row:
    left, right = word_diff(old, new)
    kind = Change.SAME if old == new else Change.CHANGED
    return Row(kind, (Part(name, left),), (Part(name, right),))


def _step_rows(mine: Sequence[GuideStep], theirs: Sequence[GuideStep]) -> list[Row]:
    matcher = difflib.SequenceMatcher(
        None, [s.text for s in mine], [s.text for s in theirs], autojunk=False
    )
    rows: list[Row] = []
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        # Equal texts may still differ in tip, warning or image: _step_row tells.
        for offset in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + offset, j1 + offset
            rows.append(
                _step_row(
                    (i + 1, mine[i]) if i < i2 else None,
                    (j + 1, theirs[j]) if j < j2 else None,
                )
            )
    return rows


def _step_row(mine: tuple[int, GuideStep] | None, theirs: tuple[int, GuideStep] | None) -> Row:
    if mine is None and theirs is not None:
        return Row(Change.ADDED, (), _whole(theirs[1], changed=True), step_theirs=theirs[0])
    if theirs is None and mine is not None:
        return Row(Change.REMOVED, _whole(mine[1], changed=True), (), step_mine=mine[0])
    assert mine is not None and theirs is not None
    left: list[Part] = []
    right: list[Part] = []
    for name in STEP_PARTS:
        old, new = getattr(mine[1], name) or "", getattr(theirs[1], name) or ""
        if not old and not new:
            continue
        old_segments, new_segments = word_diff(old, new)
        if old:
            left.append(Part(name, old_segments))
        if new:
            right.append(Part(name, new_segments))
    kind = Change.SAME if mine[1] == theirs[1] else Change.CHANGED
    return Row(kind, tuple(left), tuple(right), mine[0], theirs[0])


def _whole(step: GuideStep, *, changed: bool) -> tuple[Part, ...]:
    return tuple(
        Part(name, (Segment(value, changed),))
        for name in STEP_PARTS
        if (value := getattr(step, name))
    )
