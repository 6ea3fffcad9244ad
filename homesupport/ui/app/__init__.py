"""The shell: the window, its navigation and status bar, and the start in two steps.

``launch`` shows the window first and unlocks the store after it (the start must feel instant),
then hands each page the services built by the composition root. Around the pages it keeps what
belongs to no one page: one running app per user, the idle screen lock, automatic backups,
retention of old data, the translations, the excepthook's error dialog. Only this folder
imports the feature folders."""
