"""What every guide screen shares: the library, the renderer, the supporter profile for the
footer, the client register for nicknames, and the background runner.

Single sheets render on the GUI thread (a warm render takes tens of milliseconds); booklets
render in a worker with their own renderer, because a renderer keeps caches that are not
meant to be shared between threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from homesupport.domain.sessions import MAX_PRINTED_NICKNAME
from homesupport.ui.common.tasks import Tasks

if TYPE_CHECKING:
    from homesupport.domain.profile import SupporterProfile
    from homesupport.pdf.render import GuideRenderer, PrintOptions
    from homesupport.pdf.styles import PrintSizeName
    from homesupport.services.guide_choices import GuideChoices
    from homesupport.services.guides import GuideLibrary, LibraryGuide

ProfileProvider = Callable[[], "SupporterProfile | None"]
# Clients whose nickname starts with the text typed: (nickname, the register's label), the
# label telling apart clients of the same nickname: "Aino (75–84, Helsinki)".
ClientSearch = Callable[[str], list[tuple[str, str]]]
MAX_NICKNAME = MAX_PRINTED_NICKNAME  # as in the CLI: it has to fit on one printed line


@dataclass(frozen=True)
class PrintChoice:
    """The choices the supporter makes before printing."""

    size: PrintSizeName = "normal"
    client: str = ""


class LibrarySignals(QObject):
    reloaded = Signal()  # the library changed on disk (the coordinator's guides arrived)


@dataclass
class GuideDesk:
    # Read on first use: checking 45 guides and their pictures would slow the app's start.
    open_library: Callable[[], GuideLibrary]
    tasks: Tasks
    profile_provider: ProfileProvider
    client_search: ClientSearch | None = None
    # The supporter's choices about the coordinator's updates, over this desk's library.
    open_choices: Callable[[], GuideChoices] | None = None
    signals: LibrarySignals = field(default_factory=LibrarySignals)
    _library: GuideLibrary | None = None
    _choices: GuideChoices | None = None
    _renderers: dict[str, GuideRenderer] = field(default_factory=dict)
    _background_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def library(self) -> GuideLibrary:
        if self._library is None:
            self._library = self.open_library()
        return self._library

    @property
    def choices(self) -> GuideChoices:
        """The supporter's choices about the coordinator's updates of their own copies."""
        if self._choices is None:
            if self.open_choices is None:
                raise RuntimeError("this guide desk was made without the guide choices")
            self._choices = self.open_choices()
        return self._choices

    def reload_library(self) -> None:
        """After a sync brought or withdrew guides: on the GUI thread, then tells the pages.
        A library not opened yet reads the new guides when it opens."""
        if self._library is not None:
            self._library.reload()
            self.signals.reloaded.emit()

    def _renderer(self, which: str) -> GuideRenderer:
        # Made on first print: the PDF library is slow to load, and a session form that
        # only suggests guides never needs it. One for the GUI thread, one for the worker.
        if which not in self._renderers:
            from homesupport.pdf.render import GuideRenderer

            self._renderers[which] = GuideRenderer()
        return self._renderers[which]

    @property
    def renderer(self) -> GuideRenderer:
        return self._renderer("gui")

    def options(self, choice: PrintChoice) -> PrintOptions:
        from homesupport.pdf.render import PrintOptions

        try:
            supporter = self.profile_provider()
        except Exception:  # a locked or closed store must not stop a guide from printing
            supporter = None
        return PrintOptions(
            size=choice.size, client=choice.client.strip() or None, supporter=supporter
        )

    def render(self, entry: LibraryGuide, choice: PrintChoice) -> bytes:
        """One sheet, on the calling (GUI) thread."""
        return self.renderer.render_guide(entry.guide, entry.folder, self.options(choice))

    def render_set(
        self, entries: Sequence[LibraryGuide], language: str, choice: PrintChoice
    ) -> Callable[[], bytes]:
        """Work for :meth:`Tasks.run`: one sheet, or a booklet with cover and contents.
        The profile is read here, on the GUI thread, never from the worker."""
        options = self.options(choice)
        sources = [(e.guide, e.folder) for e in entries]
        background = self._renderer("worker")  # made here, on the GUI thread

        def work() -> bytes:
            with self._background_lock:
                if len(sources) == 1:
                    return background.render_guide(*sources[0], options)
                return background.render_booklet(sources, language, options)

        return work
