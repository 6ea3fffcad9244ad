"""HomeSupport: session log, guide sheets and anonymous statistics for digital supporters."""

from functools import cache


@cache
def _version() -> str:
    # Read on first use: importlib.metadata costs tens of milliseconds at start.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("homesupport")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(name)
