"""The kit every page shares: labelled widgets, message and file dialogs (answered by
tests), the theme and icons, a table model fed with rows (``RowsModel``), background tasks with a
default error path, notices with undo, size fitting for small screens, and the few dialogs used
by more than one page (PIN, recovery sheet, connecting to the coordinator). It imports no
feature folder and not the shell."""
