"""One gettext catalogue for every layer: complete in fi, sv and en, and compiled."""

import io
from pathlib import Path

import pytest

babel_messages = pytest.importorskip("babel.messages")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import read_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
LANGUAGES = ("fi", "sv", "en")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    method_map = [("**.py", "python"), ("coordinator/**.html", "jinja2")]
    options = {"coordinator/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "homesupport"), method_map, options, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "homesupport.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    missing = sorted(m for m in source_messages() if m not in po or not po[m].string)
    fuzzy = sorted(str(m.id) for m in po if m.id and m.fuzzy)
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:20]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    field = re.compile(r"\{[a-z_]+\}")
    for message in catalogue(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(field.findall(ids[-1]))
        for text in strings:
            assert set(field.findall(text)) <= wanted | set(field.findall(ids[0])), (
                f"{language}: {message.id!r} -> {text!r}"
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    po = catalogue(language)
    with (LOCALE / language / "LC_MESSAGES" / "homesupport.mo").open("rb") as handle:
        mo = read_mo(io.BytesIO(handle.read()))

    def key(value):  # plural ids and strings come back as lists or tuples
        return tuple(value) if isinstance(value, list | tuple) else value

    expected = {key(m.id): key(m.string) for m in po if m.id and m.string and not m.fuzzy}
    actual = {key(m.id): key(m.string) for m in mo if m.id}
    assert actual == expected, "run packaging/i18n.sh compile"
