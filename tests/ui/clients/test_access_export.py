import datetime as dt
import json

from pypdf import PdfReader

from homesupport.i18n import set_language
from tests.ui.clients.pages import clients_page


def test_export_writes_a_pdf_and_json_off_the_gui_thread(
    qtbot, services, kit, answers, tasks, tmp_path
):
    client = services.client("Åsa", language="sv", notes="Tycker om att läsa")
    services.session(dt.date(2026, 11, 2), client_id=client.id, notes="Harjoiteltiin")
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(client.id)
    target = tmp_path / "out" / "client-data.pdf"
    answers.paths.append(target)
    page.history.export_button.click()
    assert not page.history.export_button.isEnabled()  # while it runs
    qtbot.waitUntil(page.notice.isVisible)
    assert page.history.export_button.isEnabled()
    assert "client-data.pdf and client-data.json" in page.notice.text.text()
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Åsa" in text and "Harjoiteltiin" in text and "Data stored about a client" in text
    document = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
    assert document["client"]["nickname"] == "Åsa"
    assert document["sessions"][0]["notes"] == "Harjoiteltiin"


def test_export_speaks_the_interface_language(
    qtbot, services, codes, municipalities, tasks, tmp_path
):
    from tests.ui.fixtures import make_kit

    set_language("fi")
    client = services.client("Aino")
    kit = make_kit(codes, municipalities, "fi")
    page = clients_page(qtbot, services, kit, tasks)
    page.show_client(client.id)
    target = tmp_path / "aino.pdf"
    kit.dialogs.paths.append(target)
    page.history.export_button.click()
    qtbot.waitUntil(page.notice.isVisible)
    document = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
    assert document["language"] == "fi"
    assert document["client"]["age_band"]["label"] == "75–84"
    assert document["client"]["language"]["label"] == "suomi"
