"""The settings page: the supporter's profile, language and text size, privacy and
retention, backups and restore, the coordinator connection, and the about dialog with the
licences."""
