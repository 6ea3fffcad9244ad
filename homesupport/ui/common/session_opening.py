"""Logging a session from a page other than the sessions page.

The clients page (a session for this client) and the follow-ups page (the follow-up visit)
open the session form too. The shell hands them an opener made by the sessions feature
(``ui.sessions.form.session_form_opener``), so neither page imports that feature."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from PySide6.QtWidgets import QDialog, QWidget

from homesupport.domain.sessions import Session

# (the session to show, the dialog's parent, called with the stored session) -> the open form
OpenSessionForm: TypeAlias = Callable[[Session, QWidget, Callable[[Session], None]], QDialog]
