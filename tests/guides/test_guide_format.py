"""The guide file format: parsing, every problem named by file and field, and round trips."""

from __future__ import annotations

import datetime as dt
import string

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from homesupport.domain.guides import (
    FORMAT,
    MAX_STEP_TEXT,
    Guide,
    GuideError,
    GuideStep,
    guide_to_data,
    parse_guide,
    validate_guide,
)
from homesupport.services.guides import guide_text
from tests.guides.conftest import make_guide

TOPICS = {"device_settings", "omakanta", "mobile_id"}

VALID = """
format = "homesupport.guide/1"
slug = "text-size-phone"
language = "fi"
title = "Tekstin suurentaminen puhelimessa"
summary = "Näin saat tekstit isommiksi."
topics = ["device_settings"]
checked = 2026-11-01
address = "https://www.suomi.fi"

[[steps]]
text = "Avaa Asetukset."
image = "settings.png"
tip = "Kuvake on hammasratas."

[[steps]]
text = "Valitse Näyttö."
warning = "Älä kerro PIN-koodia kenellekään."
"""


def problems_of(text: str, **kw: object) -> dict[str, str]:
    with pytest.raises(GuideError) as caught:
        parse_guide(text, file="guides/x/fi.toml", known_topics=TOPICS, **kw)  # type: ignore[arg-type]
    assert all(p.file == "guides/x/fi.toml" for p in caught.value.problems)
    return {p.field: p.describe() for p in caught.value.problems}


def test_a_valid_file_parses_into_frozen_data():
    guide = parse_guide(
        VALID,
        file="fi.toml",
        known_topics=TOPICS,
        expected_slug="text-size-phone",
        expected_language="fi",
    )
    assert guide.title == "Tekstin suurentaminen puhelimessa"
    assert guide.checked == dt.date(2026, 11, 1)
    assert guide.steps[0] == GuideStep("Avaa Asetukset.", "settings.png", "Kuvake on hammasratas.")
    assert guide.steps[1].warning == "Älä kerro PIN-koodia kenellekään."
    assert guide.images == ("settings.png",)
    with pytest.raises(AttributeError):
        guide.title = "x"  # type: ignore[misc]


def test_every_problem_of_a_file_is_reported_with_its_field():
    text = VALID.replace('title = "Tekstin suurentaminen puhelimessa"\n', "")
    text = text.replace('["device_settings"]', '["device_settings", "no_such_topic"]')
    text = text.replace("checked = 2026-11-01", 'checked = "1.11.2026"')
    text = text.replace('image = "settings.png"', 'image = "../secret.png"\nwarnng = "typo"')
    found = problems_of(text)
    assert set(found) == {"title", "topics", "checked", "steps[1].image", "steps[1].warnng"}
    assert "missing" in found["title"]
    assert "no_such_topic" in found["topics"]
    assert "guides/x/fi.toml: steps[1].warnng: unknown field" in found["steps[1].warnng"]


def test_folder_and_file_name_must_agree_with_the_content():
    found = problems_of(VALID, expected_slug="other-guide", expected_language="sv")
    assert "other-guide" in found["slug"] and "sv.toml" in found["language"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (('format = "homesupport.guide/1"', 'format = "homesupport.guide/2"'), "format"),
        (('slug = "text-size-phone"', 'slug = "Text Size"'), "slug"),
        (('language = "fi"', 'language = "de"'), "language"),
        (('summary = "Näin saat tekstit isommiksi."', 'summary = ""'), "summary"),
        (('title = "Tekstin suurentaminen puhelimessa"', 'title = "Kaksi\\nriviä"'), "title"),
        (('topics = ["device_settings"]', "topics = []"), "topics"),
        (('topics = ["device_settings"]', 'topics = "device_settings"'), "topics"),
        (('address = "https://www.suomi.fi"', 'address = "suomi.fi"'), "address"),
        (('text = "Avaa Asetukset."', f'text = "{"a" * (MAX_STEP_TEXT + 1)}"'), "steps[1].text"),
        (('text = "Valitse Näyttö."', "text = 5"), "steps[2].text"),
        (('image = "settings.png"', 'image = "settings.gif"'), "steps[1].image"),
    ],
)
def test_bad_values_name_their_field(change, field):
    assert field in problems_of(VALID.replace(*change))


def test_missing_steps_and_broken_toml_are_clear():
    no_steps = VALID[: VALID.index("[[steps]]")]
    assert "add at least one [[steps]]" in problems_of(no_steps)["steps"]
    broken = problems_of('title = "unterminated')
    assert "not a valid TOML file" in broken[""]


def test_problems_translate_their_message_then_fill_placeholders():
    found = problems_of(VALID.replace('"device_settings"', '"x_topic"'))
    assert "x_topic" in found["topics"]
    with pytest.raises(GuideError) as caught:
        parse_guide(VALID.replace('"device_settings"', '"x_topic"'), file="f", known_topics=TOPICS)
    finnish = {"unknown topic code {code}": "tuntematon aihekoodi {code}"}
    described = caught.value.problems[0].describe(lambda m: finnish.get(m, m))
    assert described == "f: topics: tuntematon aihekoodi x_topic"


def test_validate_catches_what_the_editor_could_produce():
    guide = make_guide(title=" ", steps=())
    fields = {p.field for p in validate_guide(guide, file="f", known_topics=TOPICS)}
    assert fields == {"title", "steps"}
    assert validate_guide(make_guide(), file="f", known_topics=TOPICS) == ()


# -- properties --------------------------------------------------------------------------

text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() == s and s)
slugs = st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,3}", fullmatch=True)
images = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}\.(png|jpg|jpeg)", fullmatch=True)
steps = st.builds(
    GuideStep,
    text=text,
    image=st.none() | images,
    tip=st.none() | text,
    warning=st.none() | text,
)
guides = st.builds(
    Guide,
    slug=slugs,
    language=st.sampled_from(["fi", "sv", "en"]),
    title=text,
    summary=text,
    topics=st.lists(st.sampled_from(sorted(TOPICS)), min_size=1, max_size=3, unique=True).map(
        tuple
    ),
    checked=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    steps=st.lists(steps, min_size=1, max_size=8).map(tuple),
    address=st.none() | st.sampled_from(["https://www.suomi.fi", "https://kela.fi/asiointi?x=1"]),
)


@given(guides)
@settings(max_examples=150)
def test_any_valid_guide_survives_writing_and_reading(guide):
    assert validate_guide(guide, file="f", known_topics=TOPICS) == ()
    again = parse_guide(
        guide_text(guide),
        file="f",
        known_topics=TOPICS,
        expected_slug=guide.slug,
        expected_language=guide.language,
    )
    assert again == guide


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(
    guides,
    st.sampled_from([*guide_to_data(make_guide()), "steps.text", "steps.image"]),
    toml_values,
)
@settings(max_examples=200)
def test_a_damaged_field_gives_problems_never_a_crash(guide, field, value):
    data = guide_to_data(guide)
    if field.startswith("steps."):
        data["steps"][0][field.split(".")[1]] = value
    else:
        data[field] = value
    data = _drop_none(data)
    try:
        parsed = parse_guide(tomli_w.dumps(data), file="f", known_topics=TOPICS)
    except GuideError as error:
        assert error.problems and all(p.file == "f" for p in error.problems)
    else:
        assert validate_guide(parsed, file="f", known_topics=TOPICS) == ()


@given(st.text(alphabet=string.printable + "äöå[]=\"'", max_size=200))
def test_arbitrary_text_gives_problems_never_a_crash(source):
    try:
        parse_guide(source, file="f", known_topics=TOPICS)
    except GuideError as error:
        assert error.problems
    else:  # pragma: no cover - random text is never a complete guide
        raise AssertionError("random text parsed as a guide")


def _drop_none(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value if v is not None]
    return value


def test_format_constant_is_what_files_start_with():
    assert guide_text(make_guide()).startswith(f'format = "{FORMAT}"')


@pytest.mark.parametrize(
    ("checked", "today", "stale"),
    [
        (dt.date(2025, 12, 6), dt.date(2026, 12, 6), False),  # exactly twelve months: current
        (dt.date(2025, 12, 5), dt.date(2026, 12, 6), True),
        (dt.date(2026, 11, 15), dt.date(2026, 12, 6), False),
        (dt.date(2023, 2, 28), dt.date(2024, 2, 29), False),  # leap day: a year back is 28 Feb
        (dt.date(2023, 2, 27), dt.date(2024, 2, 29), True),
        (dt.date(2025, 1, 31), dt.date(2026, 1, 31), False),
        (dt.date(2025, 1, 30), dt.date(2026, 1, 31), True),
    ],
)
def test_a_guide_is_stale_when_checked_more_than_twelve_months_ago(checked, today, stale):
    assert make_guide(checked=checked).is_stale(today) is stale
