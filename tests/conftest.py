"""Shared test set-up. Qt runs offscreen; Qt warnings fail tests (pytest-qt's qt_log_level_fail)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
