"""The side-by-side of two versions of a guide: steps lined up by their text, the changed
words marked, steps added and removed told apart."""

from __future__ import annotations

from dataclasses import replace

from homesupport.domain.guide_changes import Change, Segment, compare_guides, word_diff
from homesupport.domain.guides import GuideStep
from tests.guides.conftest import make_guide


def test_the_same_guide_has_no_differences() -> None:
    guide = make_guide()
    comparison = compare_guides(guide, guide)
    assert not comparison.differs
    assert len(comparison.rows) == 2 + len(guide.steps)
    assert {row.kind for row in comparison.rows} == {Change.SAME}


def test_changed_words_are_marked_and_nothing_else() -> None:
    left, right = word_diff(
        "Avaa Asetukset ja valitse Näyttö.", "Avaa Asetukset ja valitse Tekstin koko."
    )
    assert left == (
        Segment("Avaa Asetukset ja valitse ", False),
        Segment("Näyttö", True),
        Segment(".", False),
    )
    assert [s.text for s in right if s.changed] == ["Tekstin koko"]
    _old, new = word_diff("Avaa sovellus.", "Avaa ensin sovellus.")
    assert new == (Segment("Avaa ", False), Segment("ensin", True), Segment(" sovellus.", False))
    assert "".join(s.text for s in right) == "Avaa Asetukset ja valitse Tekstin koko."


def test_an_inserted_step_does_not_shift_the_others() -> None:
    mine = make_guide()
    new_step = GuideStep(text="Avaa ensin puhelimen lukitus.")
    theirs = replace(mine, steps=(mine.steps[0], new_step, *mine.steps[1:]))
    rows = compare_guides(mine, theirs).rows[2:]
    assert [row.kind for row in rows] == [Change.SAME, Change.ADDED] + [Change.SAME] * 7
    added = rows[1]
    assert added.step_theirs == 2 and added.step_mine is None and not added.mine
    assert added.theirs[0].text == new_step.text and added.theirs[0].changed
    assert rows[2].step_mine == 2 and rows[2].step_theirs == 3


def test_a_removed_step_and_a_changed_tip_and_title() -> None:
    mine = make_guide()
    steps = list(mine.steps)
    steps[1] = replace(steps[1], tip="Hae sanalla koko.")
    del steps[4]
    theirs = replace(mine, title="Suurempi teksti puhelimessa", steps=tuple(steps))
    comparison = compare_guides(mine, theirs)
    title, summary, *rows = comparison.rows
    assert title.kind is Change.CHANGED and summary.kind is Change.SAME
    assert [p.text for p in title.theirs] == ["Suurempi teksti puhelimessa"]
    # Step texts repeat in this guide: the step whose tip changed still pairs with its own.
    changed = [row for row in rows if row.kind is Change.CHANGED]
    assert len(changed) == 1
    assert {p.name for p in changed[0].theirs} == {"text", "tip"}
    tip = next(p for p in changed[0].theirs if p.name == "tip")
    assert tip.changed and tip.text == "Hae sanalla koko."
    assert comparison.count(Change.REMOVED) == 1 and comparison.count(Change.ADDED) == 0
