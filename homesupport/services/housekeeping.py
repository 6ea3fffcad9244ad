"""What every start does before the store opens: private folders, and no unfinished file of
a run that was killed left behind."""

from __future__ import annotations

import datetime as dt
import logging

from homesupport.paths import Paths
from homesupport.storage.backup import remove_unfinished
from homesupport.storage.partial_files import PartialFiles

log = logging.getLogger(__name__)


def tidy_at_start(paths: Paths, now: dt.datetime) -> None:
    paths.make_private()
    removed = PartialFiles(paths.partial).remove_leftovers()
    removed += remove_unfinished(paths.backups, now)
    if removed:
        log.info("removed %d unfinished files of an interrupted export or backup", removed)
