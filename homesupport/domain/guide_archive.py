"""A guide as one ``.zip``: its folder exactly as on disk (``<slug>/fi.toml``, ``sv.toml``,
``en.toml`` and images). Supporters pass guides to each other this way, and the coordinator
publishes them this way; both sides check an archive with these rules before using any of it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from homesupport.domain.guide_images import HEADER_BYTES, ImageProblem, check_image
from homesupport.domain.guides import (
    GUIDE_LANGUAGES,
    IMAGE_NAME_PATTERN,
    IMAGE_SUFFIXES,
    SLUG_PATTERN,
    Guide,
    GuideError,
    GuideProblem,
    parse_guide,
    step_field,
)
from homesupport.i18n import N_

MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_GUIDE_FILE_BYTES = 256 * 1024
# Every member of a canonical archive carries this time, so the same guide gives the same bytes.
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class GuideArchive:
    """An archive whose names and sizes passed the checks: ``files`` maps each file name in
    the guide's folder to its bytes."""

    slug: str
    files: Mapping[str, bytes]

    def guides(self, label: str, known_topics: Collection[str]) -> dict[str, Guide]:
        """Each language's guide, its images checked; :class:`GuideError` lists every problem
        of every file."""
        problems: list[GuideProblem] = []
        guides = {}
        for language in GUIDE_LANGUAGES:
            data = self.files.get(f"{language}.toml")
            if data is None:
                continue
            shown = f"{label}: {self.slug}/{language}.toml"
            try:
                if len(data) > MAX_GUIDE_FILE_BYTES:
                    raise GuideError(
                        [GuideProblem(shown, "", N_("the file is too large to be a guide"))]
                    )
                guide = parse_guide(
                    data.decode("utf-8"),
                    file=shown,
                    known_topics=known_topics,
                    expected_slug=self.slug,
                    expected_language=language,
                )
            except UnicodeDecodeError:
                problems.append(GuideProblem(shown, "", N_("save the file as UTF-8 text")))
                continue
            except GuideError as error:
                problems += error.problems
                continue
            problems += self._image_problems(guide, shown)
            guides[language] = guide
        if not guides and not problems:
            problems.append(not_a_guide(label))
        if problems:
            raise GuideError(problems)
        return guides

    def _image_problems(self, guide: Guide, shown: str) -> list[GuideProblem]:
        problems = []
        for number, step in enumerate(guide.steps, start=1):
            if not step.image:
                continue
            data = self.files.get(step.image)
            try:
                if data is None:
                    raise ImageProblem(N_("image file {name} not found"), name=step.image)
                check_image(len(data), data[:HEADER_BYTES])
            except ImageProblem as problem:
                where = step_field(number, "image")
                problems.append(GuideProblem(shown, where, problem.message, problem.params))
        return problems

    def canonical_bytes(self) -> bytes:
        """The archive rebuilt from the checked files only, in name order with fixed times:
        the same guide always gives the same bytes (and so the same SHA-256)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(f"{self.slug}/{name}", date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[name])
        return buffer.getvalue()


def not_a_guide(label: str) -> GuideProblem:
    return GuideProblem(
        label, "", N_("not a guide file: expected a .zip exported from HomeSupport")
    )


def read_guide_archive(data: bytes, label: str) -> GuideArchive:
    """Checks the archive's names and sizes before reading any member; :class:`GuideError`
    names each problem. ``label`` names the file in problems."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise GuideError([GuideProblem(label, "", N_("the file is too large"))])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise GuideError([not_a_guide(label)]) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        slugs = {PurePosixPath(m.filename).parts[0] for m in members if m.filename}
        if len(slugs) != 1:
            raise GuideError([not_a_guide(label)])
        slug = slugs.pop()
        problems = []
        total = 0
        seen: set[str] = set()
        for member in members:
            parts = PurePosixPath(member.filename).parts
            name = parts[-1]
            allowed = name in {f"{lang}.toml" for lang in GUIDE_LANGUAGES} or (
                IMAGE_NAME_PATTERN.fullmatch(name) and name.lower().endswith(IMAGE_SUFFIXES)
            )
            total += member.file_size
            repeated = name in seen
            seen.add(name)
            if len(parts) != 2 or "\\" in member.filename or not allowed or repeated:
                problems.append(
                    GuideProblem(label, member.filename, N_("unexpected file in a guide archive"))
                )
        if not SLUG_PATTERN.fullmatch(slug):
            problems.append(
                GuideProblem(label, slug, N_("folder names use only a-z, 0-9 and hyphens"))
            )
        if total > MAX_ARCHIVE_BYTES:
            problems.append(GuideProblem(label, "", N_("the file is too large")))
        if problems:
            raise GuideError(problems)
        try:
            # read() stops at the declared size and checks the CRC.
            files = {PurePosixPath(m.filename).name: archive.read(m) for m in members}
        except (zipfile.BadZipFile, OSError, EOFError):
            raise GuideError([not_a_guide(label)]) from None
    return GuideArchive(slug, files)
