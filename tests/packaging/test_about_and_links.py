"""The About dialog (version and every licence) reached from Settings, and homesupport:// links
handed from the command line to the app (issue 7)."""

from __future__ import annotations

import argparse

from PySide6.QtWidgets import QApplication

from homesupport import __version__
from homesupport.cli.main import run
from homesupport.domain.profile import SupporterProfile
from homesupport.paths import Paths
from homesupport.services.context import ServiceContext
from homesupport.ui.app.launch import Gui
from homesupport.ui.settings.about_dialog import AboutDialog, bundled_components

LINK = "homesupport://enrol?server=https%3A%2F%2Fdigituki.example.fi&code=AB12-CD34"


def test_every_runtime_dependency_is_listed_with_a_licence() -> None:
    components = {c.name.lower().replace("_", "-"): c for c in bundled_components()}
    for needed in ("pyside6-essentials", "sqlalchemy", "sqlcipher3", "reportlab", "keyring"):
        assert needed in components
    assert components["sqlcipher3"].licence == "Zlib"  # metadata without a licence field
    assert "LGPL-3.0" in components["pyside6-essentials"].licence
    assert not {"fastapi", "uvicorn", "pytest", "homesupport"} & set(components)
    assert all(c.licence and c.version for c in components.values())


def test_about_is_reached_from_settings_and_shows_version_and_licences(
    qtbot, qapp: QApplication, data_dir, clock, memory_keyring
) -> None:
    gui = Gui(qapp, ServiceContext.load(Paths.resolve(data_dir), clock), language="en", dark=False)
    try:
        assert gui.unlock()
        gui.store.save_profile(SupporterProfile(name="Aino"))
        window = gui.build_window()
        qtbot.addWidget(window)
        window.show_page("settings")
        window.page("settings").about_button.click()
        dialog = next(w for w in qapp.topLevelWidgets() if isinstance(w, AboutDialog))
        qtbot.waitExposed(dialog)
        text = dialog.licences.toPlainText()
        assert dialog.title.text() == f"<b>HomeSupport</b> {__version__}"
        for notice in ("LGPL-3.0", "OFL-1.1", "CC BY 4.0", "Statistics Finland", "sqlcipher3"):
            assert notice in text
        dialog.close()
    finally:
        if gui.window is not None:
            gui.window.close()
        gui.close()


def test_a_link_as_first_argument_opens_the_app_with_it() -> None:
    opened: list[argparse.Namespace] = []
    assert run([LINK], open_app=lambda args: opened.append(args) or 0) == 0
    assert opened[0].enrol_link == LINK and opened[0].command is None


def test_without_a_link_the_app_gets_none() -> None:
    opened: list[argparse.Namespace] = []
    assert run(["--lang", "en"], open_app=lambda args: opened.append(args) or 0) == 0
    assert opened[0].enrol_link is None
