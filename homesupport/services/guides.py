"""The guide library: the bundled guides (read-only) and the user's own, in the same format
(``resources/guides/FORMAT.md``).

- A user guide with a bundled guide's slug *overrides* it in that language: editing a bundled
  guide saves the user's copy there, and deleting that copy brings the bundled one back.
  Duplicating makes a new slug (``<slug>-copy``, ``-copy-2`` …) in every language.
- Invalid files never stop the library: they are left out and listed in :attr:`problems`.
- A guide travels between supporters as one ``.zip`` holding its folder exactly as on disk
  (``<slug>/fi.toml``, ``sv.toml``, ``en.toml`` and images), so it can also be unpacked by
  hand into ``resources/guides/``. Imports are checked like the library's own files.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import tomli_w

from homesupport.domain.codes import CodeList
from homesupport.domain.guide_archive import (
    MAX_ARCHIVE_BYTES,
    MAX_GUIDE_FILE_BYTES,
    not_a_guide,
    read_guide_archive,
)
from homesupport.domain.guides import (
    GUIDE_LANGUAGES,
    IMAGE_SUFFIXES,
    MAX_TITLE,
    SLUG_PATTERN,
    Guide,
    GuideError,
    GuideProblem,
    guide_to_data,
    parse_guide,
    step_field,
    validate_guide,
)
from homesupport.files import SHARED_FILE_MODE, atomic_write, replacing
from homesupport.i18n import N_, translation
from homesupport.resources import resource
from homesupport.services.destinations import check_destination

EXPORT_SUFFIX = ".zip"
COORDINATOR_GUIDES = "coordinator-guides"  # folder in the data dir


@dataclass(frozen=True)
class LibraryGuide:
    """A guide in one language and where it lives (its images are in ``folder``)."""

    guide: Guide
    folder: Path
    bundled: bool  # read-only: shipped with the app, or received from the coordinator
    overrides_bundled: bool = False  # a user copy hiding the read-only guide of this slug
    from_coordinator: bool = False  # published by the coordinator; takes the bundled one's place

    @property
    def slug(self) -> str:
        return self.guide.slug

    @property
    def language(self) -> str:
        return self.guide.language

    @property
    def title(self) -> str:
        return self.guide.title

    @property
    def path(self) -> Path:
        return self.folder / f"{self.guide.language}.toml"

    @property
    def editable(self) -> bool:
        return not self.bundled


class DeletedGuide:
    """A deleted guide with the way back: its text, and a copy of its pictures (deleting may
    remove them from the library). :meth:`GuideLibrary.restore` brings it back; ``forget``
    drops the copy when the undo is no longer offered."""

    def __init__(self, entry: LibraryGuide) -> None:
        self.entry = entry
        self._kept = tempfile.TemporaryDirectory(prefix="homesupport-guide-")
        for name in entry.guide.images:
            shutil.copy2(entry.folder / name, Path(self._kept.name) / name)

    def images(self) -> dict[str, Path]:
        return {name: Path(self._kept.name) / name for name in self.entry.guide.images}

    def forget(self) -> None:
        self._kept.cleanup()


class UnknownGuideError(LookupError):
    def __init__(self, slug: str, language: str | None = None) -> None:
        super().__init__(f"no guide {slug}" + (f" in {language}" if language else ""))
        self.slug = slug
        self.language = language


class GuideLibrary:
    """Bundled guides, overridden by the coordinator's published ones, overridden by the
    supporter's own copies (per slug and language)."""

    def __init__(
        self,
        bundled_dir: Path,
        user_dir: Path,
        codes: CodeList,
        coordinator_dir: Path | None = None,
    ) -> None:
        self.bundled_dir = bundled_dir
        self.user_dir = user_dir
        self.coordinator_dir = coordinator_dir
        self.data_dir = user_dir.parent  # whose own files no PDF or export may replace
        self._codes = codes
        self._topics = frozenset(codes.codes_of("topic"))
        self._entries: dict[tuple[str, str], LibraryGuide] = {}
        self._problems: tuple[GuideProblem, ...] = ()
        self._skipped: dict[str, tuple[GuideProblem, ...]] = {}
        self.reload()

    @classmethod
    def open(cls, data_dir: Path, codes: CodeList, bundled_dir: Path | None = None) -> GuideLibrary:
        """The library of a data directory: user guides in ``<data_dir>/guides``, the
        coordinator's in ``<data_dir>/coordinator-guides``."""
        return cls(
            bundled_dir or resource("guides"),
            data_dir / "guides",
            codes,
            coordinator_dir=data_dir / COORDINATOR_GUIDES,
        )

    @property
    def topics(self) -> frozenset[str]:
        """The topic codes a guide may name."""
        return self._topics

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        problems: list[GuideProblem] = []
        skipped: dict[str, list[GuideProblem]] = {}
        bundled = _load_root(self.bundled_dir, self._topics, problems, skipped, bundled=True)
        if self.coordinator_dir is not None:
            received = _load_root(
                self.coordinator_dir, self._topics, problems, skipped, bundled=True
            )
            bundled.update({k: replace(e, from_coordinator=True) for k, e in received.items()})
        user = _load_root(self.user_dir, self._topics, problems, skipped, bundled=False)
        entries = dict(bundled)
        for key, entry in user.items():
            entries[key] = replace(entry, overrides_bundled=key in bundled)
        self._entries = entries
        self._problems = tuple(problems)
        self._skipped = {slug: tuple(found) for slug, found in skipped.items()}

    @property
    def problems(self) -> tuple[GuideProblem, ...]:
        """Files left out because they are invalid, each problem naming file and field."""
        return self._problems

    def skipped(self, slug: str) -> tuple[GuideProblem, ...]:
        """The problems of this slug's files that were left out."""
        return self._skipped.get(slug, ())

    def guides(self, language: str | None = None) -> list[LibraryGuide]:
        """Every guide (in one language, or all), by title."""
        found = [e for e in self._entries.values() if language in (None, e.language)]
        return sorted(found, key=lambda e: (e.title.casefold(), e.language, e.slug))

    def stale(self, today: dt.date, language: str | None = None) -> list[LibraryGuide]:
        """The guides (in one language, or all) whose "checked" date is over a year before
        ``today``: their steps may no longer match the service, so they are due a check."""
        return [e for e in self.guides(language) if e.guide.is_stale(today)]

    def slugs(self) -> list[str]:
        return sorted({slug for slug, _ in self._entries})

    def languages(self, slug: str) -> tuple[str, ...]:
        return tuple(lang for lang in GUIDE_LANGUAGES if (slug, lang) in self._entries)

    def get(self, slug: str, language: str) -> LibraryGuide | None:
        return self._entries.get((slug, language))

    def require(self, slug: str, language: str | None = None) -> LibraryGuide:
        """The guide in ``language``; with None, the first of Finnish, Swedish, English."""
        for lang in (language,) if language else GUIDE_LANGUAGES:
            entry = self._entries.get((slug, lang))
            if entry:
                return entry
        raise UnknownGuideError(slug, language)

    def bundled(self, slug: str, language: str) -> LibraryGuide | None:
        """The read-only guide (the coordinator's, else the bundled one) even when a user copy
        overrides it."""
        if self.coordinator_dir is not None:
            folder = self.coordinator_dir / slug
            received = _load_root(folder, self._topics, [], {}, bundled=True, one=True)
            if (slug, language) in received:
                return replace(received[(slug, language)], from_coordinator=True)
        entries = _load_root(self.bundled_dir / slug, self._topics, [], {}, bundled=True, one=True)
        return entries.get((slug, language))

    def search(
        self, text: str = "", *, language: str | None = None, topic: str | None = None
    ) -> list[LibraryGuide]:
        """Guides whose title, summary or topic names hold every word of ``text``."""
        words = text.casefold().split()
        found = []
        for entry in self.guides(language):
            if topic and topic not in entry.guide.topics:
                continue
            haystack = self._haystack(entry)
            if all(word in haystack for word in words):
                found.append(entry)
        return found

    def suggest(self, topics: Iterable[str], language: str, limit: int = 5) -> list[LibraryGuide]:
        """Guides for the topics ticked in a session: most shared topics first, one entry per
        slug, in ``language`` when it exists (else Finnish, Swedish, English)."""
        wanted = set(topics)
        if not wanted:
            return []
        scored = []
        for slug in self.slugs():
            entry = self.require(slug, None)
            entry = self.get(slug, language) or entry
            score = len(wanted & set(entry.guide.topics))
            if score:
                scored.append((-score, entry.title.casefold(), entry))
        return [entry for *_, entry in sorted(scored, key=lambda item: item[:2])][:limit]

    def _haystack(self, entry: LibraryGuide) -> str:
        g = entry.guide
        labels = [self._codes.label("topic", t, lang) for t in g.topics for lang in GUIDE_LANGUAGES]
        return " ".join([g.title, g.summary, g.slug, *g.topics, *labels]).casefold()

    # -- writing ---------------------------------------------------------------------------

    def save(self, guide: Guide, images: Mapping[str, Path] | None = None) -> LibraryGuide:
        """Saves ``guide`` as the user's own (a bundled slug becomes the user's override).
        ``images`` maps image names used by the steps to files to copy in; names not given
        are taken from this slug's existing folders."""
        folder = self.user_dir / guide.slug
        file = str(folder / f"{guide.language}.toml")
        problems = list(validate_guide(guide, file=file, known_topics=self._topics))
        sources = self._image_sources(guide, images or {}, file, problems)
        if problems:
            raise GuideError(problems)
        folder.mkdir(parents=True, exist_ok=True)
        for name, source in sources.items():
            target = folder / name
            if source.resolve() != target.resolve():
                atomic_write(target, source.read_bytes())
        atomic_write(folder / f"{guide.language}.toml", guide_text(guide).encode("utf-8"))
        self.reload()
        return self.require(guide.slug, guide.language)

    def _image_sources(
        self,
        guide: Guide,
        given: Mapping[str, Path],
        file: str,
        problems: list[GuideProblem],
    ) -> dict[str, Path]:
        folders = [self.user_dir / guide.slug, self.bundled_dir / guide.slug]
        sources = {}
        for number, step in enumerate(guide.steps, start=1):
            if not step.image or step.image in sources:
                continue
            candidates = [given[step.image]] if step.image in given else []
            candidates += [folder / step.image for folder in folders]
            source = next((c for c in candidates if c.is_file()), None)
            where = step_field(number, "image")
            if source is None:
                problems.append(
                    GuideProblem(
                        file, where, N_("image file {name} not found"), {"name": step.image}
                    )
                )
                continue
            from homesupport.pdf.images import ImageProblem, inspect_image, prepare_image

            try:
                inspect_image(source)
                prepare_image(source)  # decodes it all: a broken file is refused now
            except ImageProblem as problem:
                problems.append(GuideProblem(file, where, problem.message, problem.params))
                continue
            sources[step.image] = source
        return sources

    def new_slug(self, base: str) -> str:
        """A slug not yet used by any guide: ``base``, else ``base-2``, ``base-3`` …"""
        taken = set(self.slugs()) | _folder_names(self.user_dir)
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    def duplicate(self, slug: str) -> str:
        """Copies every language of a guide to a new slug of the user's; returns it."""
        entries = [self.require(slug, lang) for lang in self.languages(slug)]
        if not entries:
            raise UnknownGuideError(slug)
        new = self.new_slug(f"{slug[:50]}-copy")
        for entry in entries:
            gettext = translation(entry.language).gettext
            title = gettext("{title} (copy)").format(title=entry.title)
            copy = replace(entry.guide, slug=new, title=title[:MAX_TITLE])
            images = {name: entry.folder / name for name in entry.guide.images}
            self.save(copy, images)
        return new

    def delete(self, slug: str, language: str | None = None) -> None:
        """Deletes the user's guide (one language or all). A bundled guide it overrode comes
        back; bundled guides themselves are read-only."""
        folder = self.user_dir / slug
        languages = [language] if language else list(GUIDE_LANGUAGES)
        files = [
            folder / f"{lang}.toml" for lang in languages if (folder / f"{lang}.toml").exists()
        ]
        if not files:
            if any((slug, lang) in self._entries for lang in languages):
                raise GuideError(
                    [GuideProblem(slug, "", N_("bundled guides are read-only; duplicate it"))]
                )
            raise UnknownGuideError(slug, language)
        for file in files:
            file.unlink()
        remaining = [f for f in folder.glob("*.toml")]
        if not remaining:
            shutil.rmtree(folder)
        else:
            self._remove_unused_images(folder)
        self.reload()

    def delete_undoably(self, entry: LibraryGuide) -> DeletedGuide:
        """Deletes one language of the user's guide, keeping what :meth:`restore` needs."""
        deleted = DeletedGuide(entry)
        try:
            self.delete(entry.slug, entry.language)
        except BaseException:
            deleted.forget()
            raise
        return deleted

    def restore(self, deleted: DeletedGuide) -> LibraryGuide:
        try:
            return self.save(deleted.entry.guide, deleted.images())
        finally:
            deleted.forget()

    def delete_leftovers(self, slug: str) -> None:
        """After a guide file of the user's was moved away: its folder goes when no guide is
        left in it, else the pictures no remaining language uses."""
        folder = self.user_dir / slug
        if not folder.is_dir():
            return
        if not any(folder.glob("*.toml")):
            shutil.rmtree(folder)
            return
        self.reload()
        self._remove_unused_images(folder)

    def _remove_unused_images(self, folder: Path) -> None:
        used: set[str] = set()
        for file in folder.glob("*.toml"):
            entry = self._entries.get((folder.name, file.stem))
            if entry and entry.folder == folder:
                used |= set(entry.guide.images)
        for image in folder.iterdir():
            if image.suffix.lower() in IMAGE_SUFFIXES and image.name not in used:
                image.unlink()

    # -- exchange --------------------------------------------------------------------------

    def export(self, slug: str, target: Path) -> Path:
        """Writes every language of the guide, with its images, to one ``.zip`` file."""
        check_destination(self.data_dir, target)
        entries = [self.require(slug, lang) for lang in self.languages(slug)]
        if not entries:
            raise UnknownGuideError(slug)
        members: dict[str, Path] = {}
        for entry in entries:
            members[f"{slug}/{entry.language}.toml"] = entry.path
            for name in entry.guide.images:
                members.setdefault(f"{slug}/{name}", entry.folder / name)
        with (
            replacing(target, mode=SHARED_FILE_MODE) as buffer_path,
            zipfile.ZipFile(buffer_path, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for name, source in sorted(members.items()):
                archive.write(source, name)
        return target

    def write_pdf(self, target: Path, data: bytes) -> Path:
        """Saves a printed guide or booklet; never over the data dir's own files."""
        check_destination(self.data_dir, target)
        atomic_write(target, data)
        return target

    def import_file(self, path: Path, *, replace_existing: bool = False) -> list[LibraryGuide]:
        """Imports a guide exported by :meth:`export` (from a colleague). All or nothing.
        A slug already in the library is imported under a new slug unless
        ``replace_existing``, which overwrites the user's copy (or overrides a bundled guide).
        """
        self.user_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.user_dir, prefix=".import-") as tmp:
            slug = _unpack(path, Path(tmp))
            folder = Path(tmp) / slug
            problems: list[GuideProblem] = []
            entries = _load_folder(folder, self._topics, problems, bundled=False, label=path.name)
            if problems:
                raise GuideError(problems)
            if not entries:
                raise GuideError([not_a_guide(path.name)])
            new_slug = slug
            if slug in self.slugs() and not replace_existing:
                new_slug = self.new_slug(slug)
            saved = []
            for entry in entries.values():
                guide = replace(entry.guide, slug=new_slug)
                images = {name: folder / name for name in guide.images}
                saved.append(self.save(guide, images))
        return saved

    def import_files(self, paths: Iterable[Path]) -> tuple[list[LibraryGuide], list[GuideProblem]]:
        """Imports file by file: a bad file is left out whole and does not stop the others.
        Returns what was added and the problems of the files left out."""
        added: list[LibraryGuide] = []
        problems: list[GuideProblem] = []
        for path in paths:
            try:
                added += self.import_file(path)
            except GuideError as error:
                problems += error.problems
            except OSError as error:
                problems.append(
                    GuideProblem(
                        path.name, "", N_("cannot read the file: {error}"), {"error": str(error)}
                    )
                )
        return added, problems

    def sources(self, slugs: Sequence[str], language: str | None) -> list[LibraryGuide]:
        """The guides to print, in order; :class:`UnknownGuideError` for the first missing."""
        return [self.require(slug, language) for slug in slugs]


def guide_text(guide: Guide) -> str:
    """The guide as a TOML file in the documented format."""
    return tomli_w.dumps(guide_to_data(guide))


def _folder_names(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_dir()} if root.is_dir() else set()


def _load_root(
    root: Path,
    topics: Collection[str],
    problems: list[GuideProblem],
    skipped: dict[str, list[GuideProblem]],
    *,
    bundled: bool,
    one: bool = False,
) -> dict[tuple[str, str], LibraryGuide]:
    """Every valid guide under ``root`` (or, with ``one``, in the folder ``root`` itself)."""
    if not root.is_dir():
        return {}
    folders = [root] if one else sorted(p for p in root.iterdir() if p.is_dir())
    entries: dict[tuple[str, str], LibraryGuide] = {}
    for folder in folders:
        if folder.name.startswith("."):
            continue  # an import in progress, or editor droppings
        if not SLUG_PATTERN.fullmatch(folder.name):
            problems.append(
                GuideProblem(str(folder), "", N_("folder names use only a-z, 0-9 and hyphens"))
            )
            continue
        before = len(problems)
        entries.update(_load_folder(folder, topics, problems, bundled=bundled))
        if len(problems) > before:
            skipped.setdefault(folder.name, []).extend(problems[before:])
    return entries


def _load_folder(
    folder: Path,
    topics: Collection[str],
    problems: list[GuideProblem],
    *,
    bundled: bool,
    label: str | None = None,
) -> dict[tuple[str, str], LibraryGuide]:
    entries = {}
    for file in sorted(folder.glob("*.toml")):
        shown = f"{label}: {folder.name}/{file.name}" if label else str(file)
        if file.stem not in GUIDE_LANGUAGES:
            problems.append(
                GuideProblem(
                    shown,
                    "",
                    N_("guide files are named fi.toml, sv.toml or en.toml"),
                )
            )
            continue
        guide = _read_guide(file, shown, topics, problems)
        if guide is not None and _images_ok(guide, folder, shown, problems):
            entries[(guide.slug, guide.language)] = LibraryGuide(guide, folder, bundled)
    return entries


def _read_guide(
    file: Path, shown: str, topics: Collection[str], problems: list[GuideProblem]
) -> Guide | None:
    try:
        if file.stat().st_size > MAX_GUIDE_FILE_BYTES:
            problems.append(GuideProblem(shown, "", N_("the file is too large to be a guide")))
            return None
        text = file.read_text(encoding="utf-8")
        return parse_guide(
            text,
            file=shown,
            known_topics=topics,
            expected_slug=file.parent.name,
            expected_language=file.stem,
        )
    except UnicodeDecodeError:
        problems.append(GuideProblem(shown, "", N_("save the file as UTF-8 text")))
    except OSError as error:
        problems.append(
            GuideProblem(shown, "", N_("cannot read the file: {error}"), {"error": str(error)})
        )
    except GuideError as error:
        problems.extend(error.problems)
    return None


def _images_ok(guide: Guide, folder: Path, shown: str, problems: list[GuideProblem]) -> bool:
    # Imported on use: the image and PDF libraries are slow to load, and most guides (all the
    # bundled ones) have no pictures, so the app starts without them.
    from homesupport.pdf.images import ImageProblem, inspect_image

    ok = True
    for number, step in enumerate(guide.steps, start=1):
        if step.image:
            try:
                inspect_image(folder / step.image)
            except ImageProblem as problem:
                where = step_field(number, "image")
                problems.append(GuideProblem(shown, where, problem.message, problem.params))
                ok = False
    return ok


def _unpack(path: Path, target: Path) -> str:
    """Checks the archive (names and sizes before anything is read) and writes its files to
    ``target/<slug>/``; returns the guide's slug."""
    try:
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            raise GuideError([GuideProblem(path.name, "", N_("the file is too large"))])
        data = path.read_bytes()
    except OSError:
        raise GuideError([not_a_guide(path.name)]) from None
    archive = read_guide_archive(data, path.name)
    (target / archive.slug).mkdir()
    for name, content in archive.files.items():
        (target / archive.slug / name).write_bytes(content)
    return archive.slug
