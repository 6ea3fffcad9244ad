"""Exit codes of DESIGN.md §7 and the error that carries one."""

EXIT_OK = 0
EXIT_USAGE = 2  # bad usage or invalid input; nothing changed
EXIT_PENDING = 3  # nothing lost, but work is still pending (e.g. offline during sync)
EXIT_ERROR = 1


class CliError(Exception):
    """An expected failure: its message is shown as is (already translated), no traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
