"""What makes the app's window show sooner, set up once by ``app.py`` before the app's Qt
modules load."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from types import ModuleType

# Where PySide keeps its ``__feature__`` machinery (the name differs between versions).
_FEATURE_MODULES = ("shibokensupport.feature", "PySide6.support.feature")


def pause_collector() -> Callable[[], None]:
    """Pauses Python's cyclic garbage collector; returns what starts it again.

    Starting allocates many objects (modules, classes, widgets) and frees almost none, so
    the collector's passes find nothing to free and only slow the start down. The GUI calls
    the returned function when the first window or dialog is about to show."""
    was_enabled = gc.isenabled()
    gc.disable()

    def resume() -> None:
        if was_enabled:
            gc.enable()

    return resume


def skip_feature_scan() -> bool:
    """Stops PySide from reading the source of every module imported after it.

    PySide looks in each new module for ``from __feature__ import snake_case`` (or
    ``true_property``), which switches that module to another spelling of the Qt API. This app
    never does: every module keeps the default spelling, the one a module gets when it is not
    scanned. The scan reads and splits each module's file, a tenth of the app's start and more
    while the data layer loads. True if the scan is off (False: a PySide without it)."""
    import PySide6.QtCore  # noqa: F401  (sets up the scan)

    for name in _FEATURE_MODULES:
        feature = sys.modules.get(name)
        if feature is not None and callable(getattr(feature, "feature_imported", None)):
            vars(feature)["feature_imported"] = _not_scanned  # a module attribute mypy cannot see
            return True
    return False


def _not_scanned(module: ModuleType) -> None:
    """Leaves ``module`` on PySide's default feature set."""
