"""The kit every page shares: labelled widgets, message and file dialogs (answered by
tests), the theme and icons, a table model fed with rows (``RowsModel``), background tasks with a
default error path, notices with undo, size fitting for small screens, and the few dialogs used
by more than one page (unlocking, PIN, recovery sheet, connecting to the coordinator). Pages
other than Sessions log a session through an opener the shell hands them (``session_opening``),
so no page imports another. It imports no feature folder and not the shell."""
