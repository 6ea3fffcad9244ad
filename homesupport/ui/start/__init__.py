"""Before the window can show data for the first time: the setup wizard of the first start
(language, profile, PIN, recovery sheet, an optional coordinator). Unlocking the store at each
later start uses the unlock dialog of ``common``, which Settings shares for a backup's secret."""
