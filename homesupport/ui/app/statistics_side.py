"""Statistics as the window sees it: the Statistics page and the background sender, wired to the
status bar. Made anew with each window, over the window's services (a whole new set after a
restore)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from homesupport.i18n import ngettext
from homesupport.services.sync import SyncResult
from homesupport.ui.app.status import StatusBar
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.sync_runner import SyncRunner

if TYPE_CHECKING:
    from homesupport.services.context import Services
    from homesupport.ui.common.guide_desk import GuideDesk
    from homesupport.ui.statistics.page import StatisticsPage


class StatisticsSide:
    def __init__(
        self,
        services: Services,
        kit: Kit,
        coordinator_url: str,
        status: StatusBar,
        parent: QObject | None = None,
        desk: GuideDesk | None = None,
    ) -> None:
        # The coordinator's guides ride along with each run (services/context.py); the
        # window's library reloads here, on the GUI thread, when told they changed.
        self.reports = services.reports
        self.guides = services.coordinator_guides
        self.sync = services.sync
        self.runner = SyncRunner(self.sync, kit.language, parent)
        self.runner.status_changed.connect(status.set_sync_state)
        self._status = status
        self._desk = desk
        self.runner.finished.connect(self._sync_finished)
        self._page_parts = (kit, coordinator_url)
        self._page: StatisticsPage | None = None
        self.runner.refresh_status()
        QTimer.singleShot(0, self.runner.start)  # the first run waits for the window

    @property
    def page(self) -> StatisticsPage:
        """Made on first view: the sender runs from the start, the charts only when looked at."""
        if self._page is None:
            from homesupport.ui.statistics.page import StatisticsPage  # charts load slowly

            kit, coordinator_url = self._page_parts
            self._page = StatisticsPage(self.reports, self.runner, kit, coordinator_url)
        return self._page

    def _sync_finished(self, result: SyncResult) -> None:
        updates = result.guides
        if updates is None or not (updates.received or updates.withdrawn):
            return
        if self._desk is not None:
            self._desk.reload_library()
        count = len(updates.received) + len(updates.withdrawn)
        told = ngettext(
            "{n} guide updated by your coordinator", "{n} guides updated by your coordinator", count
        ).format(n=count)
        self._status.set_sync_state(f"{self._status.sync.text()} · {told}")

    def stop(self, wait: bool = True) -> None:
        self.runner.stop(wait)
