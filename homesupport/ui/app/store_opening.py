"""Opening the data for the GUI, in the start's two steps (``launch.py`` says why):

1. :meth:`StoreOpening.unlock` finds the key (asking for a secret when needed) and glances at
   the first screen with plain SQL, before the window shows;
2. the store (SQLAlchemy) and the services over it (:class:`Services`) open on first need:
   right after the first frame, or earlier when a page or a job needs them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from homesupport.services.context import ServiceContext, Services
from homesupport.services.unlock import KeyNeeded, Unlocked, unlock

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QWidget

    from homesupport.services.store import Store
    from homesupport.services.unlock import FoundKey, Glance

log = logging.getLogger(__name__)
# Sessions read for the first screen: more than a tall window shows, so the table does not
# ask for more before the data layer has loaded (scrolling further loads the rest).
FIRST_SCREEN_ROWS = 60
Tell = Callable[["QWidget | None", str], None]


class StoreOpening:
    def __init__(
        self,
        context: ServiceContext,
        *,
        language: Callable[[], str],
        backups_to_keep: Callable[[], int],
        describe: Callable[[Exception], str],
        before_dialog: Callable[[], None],
        app_icon: Callable[[], QIcon],
        tell: Tell,
        key_ahead: Callable[[], FoundKey | None] | None = None,
    ) -> None:
        """``before_dialog``: readies the look for a dialog shown before the window;
        ``tell``: a problem the person must read; ``key_ahead``: the key a second process
        found while Qt loaded, if one looked."""
        self.context = context
        self._language = language
        self._backups_to_keep = backups_to_keep
        self._describe = describe
        self._before_dialog = before_dialog
        self._app_icon = app_icon
        self._tell = tell
        self._key_ahead = key_ahead
        self._unlocked: Unlocked | None = None
        self._glance: Glance | None = None  # the first screen, while the store is not open
        self._store: Store | None = None
        self._services: Services | None = None
        # An import job may be the first to need the store and its services (reentrant: the
        # services are made over the store, under the same lock).
        self._lock = threading.RLock()

    # --- step 1 -----------------------------------------------------------------------------
    def unlock(self) -> bool:
        """Finds the key, asking for a secret when needed, and glances at the first screen;
        False if the person gave up or the store cannot be opened (they were told why)."""
        ahead, self._key_ahead = self._key_ahead, None  # for the first unlock only
        try:
            self._unlocked = unlock(self.context.paths, found=ahead() if ahead else None)
        except KeyNeeded as needed:
            from homesupport.ui.common.unlock_dialog import UnlockDialog

            self._before_dialog()
            dialog = UnlockDialog(needed.new, self._unlock_explained, self._app_icon())
            if not dialog.exec():
                return False
            unlocked = dialog.result_value  # what _unlock_explained returned: it was accepted
            assert isinstance(unlocked, Unlocked)
            self._unlocked = unlocked
        except Exception as error:
            return self._cannot_open(error)
        try:
            self._glance = self._unlocked.glance(FIRST_SCREEN_ROWS)
            if self._glance is None or not self._glance.current:
                self._glance = None
                self.store  # noqa: B018  (a new or older store is created or migrated now)
        except Exception as error:
            return self._cannot_open(error)
        return True

    def _cannot_open(self, error: Exception) -> bool:
        log.exception("opening the store failed")
        self._before_dialog()
        self._tell(None, self._describe(error))
        return False

    def _unlock_explained(self, secret: str) -> Unlocked:
        try:
            return unlock(self.context.paths, secret=secret)
        except Exception as error:
            raise RuntimeError(self._describe(error)) from error

    @property
    def unlocked(self) -> bool:
        return self._unlocked is not None

    def take_glance(self) -> Glance | None:
        """The first screen read in step 1, once, and only while the store is not open (an
        open store reads it itself)."""
        glance, self._glance = self._glance if self._store is None else None, None
        return glance

    def needs_setup(self) -> bool:
        if self._store is None and self._glance is not None:
            return not self._glance.has_profile
        return self.store.created or self.store.profile() is None

    # --- step 2 -----------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> Store:
        """The open store. Opening it loads SQLAlchemy, which the first frame does without."""
        with self._lock:
            if self._store is None:
                from homesupport.services.store import open_unlocked

                if self._unlocked is None:
                    raise RuntimeError("the store is opened after unlocking")
                self._store = open_unlocked(
                    self._unlocked, self.context.clock, self._backups_to_keep()
                )
            return self._store

    @property
    def services(self) -> Services:
        """Every service over the open store; made with it."""
        with self._lock:
            if self._services is None:
                self._services = Services.build(self.context, self.store, self._language())
            return self._services

    def renew(self) -> None:
        """A whole new set of services (after a restore, in another language), once there is
        one; until then the first is made when needed."""
        with self._lock:
            if self._services is not None:
                self._services = self._services.renewed(self._language())

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            self._services = None
