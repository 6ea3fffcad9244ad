"""HomeSupport: session log, guide sheets and anonymous statistics for digital supporters."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("homesupport")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
