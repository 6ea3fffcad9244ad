"""Where the shipped resources (codes, guides, fonts, translations, icons) live.

In a source checkout or editable install they are the top-level ``resources/`` folder; in a
wheel or a PyInstaller bundle they are copied to ``homesupport/_resources``.
"""

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    package = Path(__file__).resolve().parent
    candidates = [package / "_resources", package.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "homesupport" / "_resources")
    for candidate in candidates:
        if (candidate / "data" / "codes.csv").is_file():
            return candidate
    raise FileNotFoundError("HomeSupport resources not found next to the package")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
