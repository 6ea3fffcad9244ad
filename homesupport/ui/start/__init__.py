"""Before the window can show data: the first-run setup wizard (language, profile,
PIN, recovery sheet, an optional coordinator) and the dialog that unlocks the store with the PIN,
recovery key or passphrase."""
