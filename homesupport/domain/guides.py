"""Step-by-step guides in the plain-text format ``homesupport.guide/1``
(``resources/guides/FORMAT.md``): the data, and parsing and validation of one guide file.

Pure: reading folders, images and user copies is the guide library's job
(:mod:`homesupport.services.guides`). Every problem names the file and the field, and parsing
reports all problems of a file at once, so a coordinator editing by hand fixes them in one go.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from homesupport.domain.toml_text import load_toml
from homesupport.i18n import N_

FORMAT = "homesupport.guide/1"
GUIDE_LANGUAGES = ("fi", "sv", "en")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A file name only: images live next to the guide file, never elsewhere.
IMAGE_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ADDRESS_PATTERN = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?")
# Limits keep every step printable on one page in large print, next to an image.
MAX_SLUG = 60
MAX_TITLE = 100
MAX_SUMMARY = 400
MAX_STEP_TEXT = 400
MAX_NOTE = 300
MAX_STEPS = 30
MAX_TOPICS = 6
MAX_ADDRESS = 200
EARLIEST_CHECKED = dt.date(2000, 1, 1)
STALE_AFTER_MONTHS = 12  # services change: a guide checked longer ago is due a new check

TOP_FIELDS = (
    "format",
    "slug",
    "language",
    "title",
    "summary",
    "topics",
    "checked",
    "address",
    "steps",
)
STEP_FIELDS = ("text", "image", "tip", "warning")


@dataclass(frozen=True)
class GuideStep:
    text: str
    image: str | None = None  # file name next to the guide file
    tip: str | None = None
    warning: str | None = None


@dataclass(frozen=True)
class Guide:
    """One guide in one language. The slug is the same in every language."""

    slug: str
    language: str
    title: str
    summary: str
    topics: tuple[str, ...]
    checked: dt.date
    steps: tuple[GuideStep, ...]
    address: str | None = None

    @property
    def images(self) -> tuple[str, ...]:
        """Image file names in step order, each once."""
        return tuple(dict.fromkeys(s.image for s in self.steps if s.image))

    def is_stale(self, today: dt.date) -> bool:
        """Whether its last check is more than :data:`STALE_AFTER_MONTHS` months before
        ``today`` (checked on 6 Dec 2025 is still current on 6 Dec 2026, stale the day after)."""
        return self.checked < months_before(today, STALE_AFTER_MONTHS)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class GuideProblem:
    """What is wrong with one field of one file. ``message`` is an untranslated catalogue id
    whose ``{placeholders}`` are filled from ``params`` after translation. Steps are counted
    from 1, as printed: ``steps[3].image``."""

    file: str
    field: str
    message: str
    params: Mapping[str, str] = dc_field(default_factory=dict)

    def describe(self, gettext: Callable[[str], str] = str) -> str:
        text = gettext(self.message).format(**self.params)
        return f"{self.file}: {self.field}: {text}" if self.field else f"{self.file}: {text}"


class GuideError(ValueError):
    """A guide (file, import, save) that cannot be used, with every problem found."""

    def __init__(self, problems: Sequence[GuideProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.describe() for p in self.problems))


def step_field(number: int, name: str) -> str:
    return f"steps[{number}].{name}"


def parse_guide(
    text: str,
    *,
    file: str,
    known_topics: Collection[str] | None = None,
    expected_slug: str | None = None,
    expected_language: str | None = None,
) -> Guide:
    """The guide in ``text`` (TOML), or :class:`GuideError` listing every problem.

    ``file`` names the file in problems; ``expected_slug``/``expected_language`` come from the
    folder and file name, which must agree with the content.
    """
    try:
        data = load_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise GuideError(
            [GuideProblem(file, "", N_("not a valid TOML file: {error}"), {"error": str(error)})]
        ) from None
    reader = _Reader(file)
    guide = reader.guide(data)
    problems = list(reader.problems)
    flagged = {p.field for p in problems}
    problems += [
        p
        for p in validate_guide(guide, file=file, known_topics=known_topics)
        if p.field not in flagged
    ]
    if expected_slug is not None and "slug" not in flagged and guide.slug != expected_slug:
        problems.append(
            GuideProblem(
                file,
                "slug",
                N_("slug {slug} does not match the folder name {folder}"),
                {"slug": guide.slug, "folder": expected_slug},
            )
        )
    if (
        expected_language is not None
        and "language" not in flagged
        and guide.language != expected_language
    ):
        problems.append(
            GuideProblem(
                file,
                "language",
                N_("language {language} does not match the file name {name}"),
                {"language": guide.language, "name": f"{expected_language}.toml"},
            )
        )
    if problems:
        raise GuideError(_dedupe(problems))
    return guide


def validate_guide(
    guide: Guide, *, file: str, known_topics: Collection[str] | None = None
) -> tuple[GuideProblem, ...]:
    """Problems with the values of an already built guide (what the editor saves)."""
    problems: list[GuideProblem] = []

    def add(where: str, message: str, **params: str) -> None:
        problems.append(GuideProblem(file, where, message, params))

    if not SLUG_PATTERN.fullmatch(guide.slug) or len(guide.slug) > MAX_SLUG:
        add(
            "slug",
            N_("use only a-z, 0-9 and single hyphens, at most {limit} characters"),
            limit=str(MAX_SLUG),
        )
    if guide.language not in GUIDE_LANGUAGES:
        add("language", N_("must be one of {choices}"), choices=", ".join(GUIDE_LANGUAGES))
    _check_text(add, "title", guide.title, MAX_TITLE, required=True)
    if "\n" in guide.title or "\t" in guide.title:
        add("title", N_("write the title on one line"))
    _check_text(add, "summary", guide.summary, MAX_SUMMARY, required=True)
    if not guide.topics:
        add("topics", N_("give at least one topic code"))
    elif len(guide.topics) > MAX_TOPICS:
        add("topics", N_("at most {limit} topics"), limit=str(MAX_TOPICS))
    for topic in guide.topics:
        if known_topics is not None and topic not in known_topics:
            add("topics", N_("unknown topic code {code}"), code=topic)
    if len(set(guide.topics)) != len(guide.topics):
        add("topics", N_("a topic is listed twice"))
    if guide.checked < EARLIEST_CHECKED:
        add("checked", N_("the date is too early"))
    if guide.address is not None and (
        len(guide.address) > MAX_ADDRESS or not ADDRESS_PATTERN.fullmatch(guide.address)
    ):
        add("address", N_("give a full web address starting with https://"))
    if not guide.steps:
        add("steps", N_("a guide needs at least one step"))
    elif len(guide.steps) > MAX_STEPS:
        add("steps", N_("at most {limit} steps; split the guide"), limit=str(MAX_STEPS))
    for number, step in enumerate(guide.steps, start=1):
        _check_text(add, step_field(number, "text"), step.text, MAX_STEP_TEXT, required=True)
        for name, value in (("tip", step.tip), ("warning", step.warning)):
            if value is not None:
                _check_text(add, step_field(number, name), value, MAX_NOTE, required=True)
        if step.image is not None and not _valid_image_name(step.image):
            add(
                step_field(number, "image"),
                N_("give the name of a PNG or JPEG file next to the guide file"),
            )
    return _dedupe(problems)


def guide_to_data(guide: Guide) -> dict[str, Any]:
    """The guide as TOML-ready data in the documented field order (for tomli-w)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "slug": guide.slug,
        "language": guide.language,
        "title": guide.title,
        "summary": guide.summary,
        "topics": list(guide.topics),
        "checked": guide.checked,
    }
    if guide.address is not None:
        data["address"] = guide.address
    data["steps"] = [
        {name: value for name, value in _step_items(step) if value is not None}
        for step in guide.steps
    ]
    return data


def _step_items(step: GuideStep) -> tuple[tuple[str, str | None], ...]:
    return (
        ("text", step.text),
        ("image", step.image),
        ("tip", step.tip),
        ("warning", step.warning),
    )


def _valid_image_name(name: str) -> bool:
    return bool(IMAGE_NAME_PATTERN.fullmatch(name)) and name.lower().endswith(IMAGE_SUFFIXES)


def _check_text(
    add: Callable[..., None], where: str, value: str, limit: int, *, required: bool
) -> None:
    if required and not value.strip():
        add(where, N_("must not be empty"))
    elif len(value) > limit:
        add(
            where,
            N_("too long: {length} characters, at most {limit}"),
            length=str(len(value)),
            limit=str(limit),
        )
    elif any(ord(c) < 32 and c not in "\n\t" for c in value):
        add(where, N_("contains control characters"))


def _dedupe(problems: Sequence[GuideProblem]) -> tuple[GuideProblem, ...]:
    seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    unique = []
    for p in problems:
        key = (p.field, p.message, tuple(sorted(p.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return tuple(unique)


class _Reader:
    """Pulls typed fields out of parsed TOML, noting each missing or mistyped one and
    substituting a placeholder so the remaining fields can still be checked."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[GuideProblem] = []

    def add(self, where: str, message: str, **params: str) -> None:
        self.problems.append(GuideProblem(self.file, where, message, params))

    def guide(self, data: dict[str, Any]) -> Guide:
        self._unknown(data, TOP_FIELDS, "")
        fmt = data.get("format")
        if fmt is None:
            self.add(
                "format", N_('missing; the first line must be format = "{format}"'), format=FORMAT
            )
        elif fmt != FORMAT:
            self.add(
                "format",
                N_("unsupported format {found}; expected {format}"),
                found=str(fmt),
                format=FORMAT,
            )
        return Guide(
            slug=self._text(data, "slug", "slug"),
            language=self._text(data, "language", "language"),
            title=self._text(data, "title", "title"),
            summary=self._text(data, "summary", "summary"),
            topics=self._topics(data),
            checked=self._date(data),
            address=self._optional(data, "address", "address"),
            steps=self._steps(data),
        )

    def _unknown(self, table: Mapping[str, Any], allowed: Sequence[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                self.add(
                    f"{prefix}{key}",
                    N_("unknown field; expected one of {fields}"),
                    fields=", ".join(allowed),
                )

    def _text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = self._optional(table, key, where)
        if value is None and key not in table:
            self.add(where, N_("missing"))
        return value or ""

    def _optional(self, table: Mapping[str, Any], key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(where, N_("must be text in quotes"))
            return None
        return value.strip()

    def _topics(self, data: Mapping[str, Any]) -> tuple[str, ...]:
        value = data.get("topics")
        if value is None:
            self.add("topics", N_("missing"))
            return ()
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            self.add("topics", N_('must be a list of topic codes, like ["omakanta"]'))
            return ()
        return tuple(t.strip() for t in value)

    def _date(self, data: Mapping[str, Any]) -> dt.date:
        value = data.get("checked")
        if value is None:
            self.add("checked", N_("missing"))
        elif isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.add("checked", N_("must be a date without quotes, like 2026-11-01"))
        else:
            return value
        return EARLIEST_CHECKED

    def _steps(self, data: Mapping[str, Any]) -> tuple[GuideStep, ...]:
        value = data.get("steps")
        if value is None:
            self.add("steps", N_("missing; add at least one [[steps]] table"))
            return ()
        if not isinstance(value, list) or not all(isinstance(s, dict) for s in value):
            self.add("steps", N_("write each step as a [[steps]] table"))
            return ()
        steps = []
        for number, table in enumerate(value, start=1):
            self._unknown(table, STEP_FIELDS, f"steps[{number}].")
            steps.append(
                GuideStep(
                    text=self._text(table, "text", step_field(number, "text")),
                    image=self._optional(table, "image", step_field(number, "image")),
                    tip=self._optional(table, "tip", step_field(number, "tip")),
                    warning=self._optional(table, "warning", step_field(number, "warning")),
                )
            )
        return tuple(steps)
