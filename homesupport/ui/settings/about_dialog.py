"""About HomeSupport: the version, and the licences of everything the app ships: Qt (LGPL-3.0),
the Atkinson Hyperlegible and Lexend fonts (OFL), Statistics Finland's municipality list
(CC BY 4.0), and every Python package the app depends on, read from the installed packages'
metadata."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from homesupport import __version__
from homesupport.i18n import _
from homesupport.ui.common.fit import fit_to_screen

APP_DISTRIBUTION = "homesupport"


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def bundled_components(root: str = APP_DISTRIBUTION) -> list[Component]:
    """Every package the app needs at run time (its dependencies, recursively, no extras)."""
    seen: dict[str, Component] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a dependency for another platform or Python version
        key = _normalise(dist.metadata["Name"])
        if key in seen:
            continue
        seen[key] = Component(dist.metadata["Name"], dist.version, _licence(dist))
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                pending.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    seen.pop(_normalise(root), None)
    return sorted(seen.values(), key=lambda c: c.name.lower())


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, name: str) -> str | None:
    """The field's value, None when absent (the typed protocol has no ``get``)."""
    if name not in meta:
        return None
    return meta[name]


def _licence(dist: metadata.Distribution) -> str:
    """License-Expression (PEP 639), else a short License field, else the classifiers."""
    meta = dist.metadata
    expression = _field(meta, "License-Expression")
    if expression:
        return str(expression)
    text = (_field(meta, "License") or "").strip()
    if text and "\n" not in text and len(text) <= 60 and text.upper() != "UNKNOWN":
        return text
    classifiers = [
        c.rsplit(" :: ", 1)[-1]
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    return ", ".join(classifiers) or _licence_from_file(dist) or _("see the package")


# Phrases that identify a licence text, for packages whose metadata only ships the file.
LICENCE_PHRASES = {
    "provided 'as-is', without any express or implied warranty": "Zlib",
    "Permission is hereby granted, free of charge": "MIT",
    "Redistribution and use in source and binary forms": "BSD",
}


def _licence_from_file(dist: metadata.Distribution) -> str | None:
    for name in dist.metadata.get_all("License-File") or []:
        text = dist.read_text(f"licenses/{name}") or dist.read_text(name) or ""
        text = " ".join(text.split())
        for phrase, licence in LICENCE_PHRASES.items():
            if phrase in text:
                return licence
    return None


class AboutDialog(QDialog):
    def __init__(self, app_icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About HomeSupport"))
        fit_to_screen(self, 640, 560)
        icon = QLabel()
        icon.setPixmap(app_icon.pixmap(64, 64))
        self.title = title = QLabel(f"<b>HomeSupport</b> {html.escape(__version__)}")
        title.setAccessibleName(_("Version"))
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel(
            _("Session log, guide sheets and monthly statistics for digital supporters.")
        )
        summary.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(summary)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.licences = QTextBrowser()
        self.licences.setAccessibleName(_("Licences"))
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(licences_html(bundled_components()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)


def licences_html(components: list[Component]) -> str:
    notices = [
        (
            "HomeSupport",
            _("MIT licence. HomeSupport developers."),
        ),
        (
            "Qt, Qt for Python (PySide6)",
            _(
                "GNU Lesser General Public License v3 (LGPL-3.0). Qt is linked dynamically: "
                "the Qt libraries in the installation folder may be replaced with compatible "
                "versions. Source code: https://download.qt.io"
            ),
        ),
        (
            "Atkinson Hyperlegible",
            _(
                "The font of guide sheets, by the Braille Institute of America. SIL Open Font "
                "License 1.1 (OFL-1.1); the licence text is in fonts/OFL.txt."
            ),
        ),
        (
            "Lexend",
            _(
                "The unslashed zero of guide sheets, by the Lexend Project Authors. SIL Open "
                "Font License 1.1 (OFL-1.1); the licence text is in fonts/OFL-Lexend.txt."
            ),
        ),
        (
            _("Municipalities of Finland"),
            _(
                "Municipality codes and names: Statistics Finland, classification of "
                "municipalities. Creative Commons Attribution 4.0 (CC BY 4.0)."
            ),
        ),
    ]
    parts = [f"<h3>{html.escape(name)}</h3><p>{html.escape(text)}</p>" for name, text in notices]
    rows = "".join(
        f"<tr><td>{html.escape(c.name)}</td><td>{html.escape(c.version)}</td>"
        f"<td>{html.escape(c.licence)}</td></tr>"
        for c in components
    )
    parts.append(
        f"<h3>{html.escape(_('Included software'))}</h3>"
        f"<table cellpadding='3'><tr><th align='left'>{html.escape(_('Package'))}</th>"
        f"<th align='left'>{html.escape(_('Version'))}</th>"
        f"<th align='left'>{html.escape(_('Licence'))}</th></tr>{rows}</table>"
    )
    return "".join(parts)
