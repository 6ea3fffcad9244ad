"""The Qt user interface: the only package that imports Qt widgets.

One folder per page of the window, plus the shell that holds them and the kit they share.
``app`` is the shell: it starts the window, unlocks the store, registers the pages and reacts to
what happens beside them (restore, idle lock, retention). ``common`` is the kit every page uses
(widgets, dialogs, background tasks, table models, theme); it knows no page. Each feature folder
(``start``, ``sessions``, ``clients``, ``follow_ups``, ``guides``, ``statistics``, ``settings``)
uses ``common`` and not the others, except where a page embeds another's picker or form; the
import-linter contracts in ``pyproject.toml`` keep it so. Rules live in services and the domain,
never here: a page shows, asks and calls a service."""
