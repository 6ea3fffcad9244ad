"""The guides shipped in resources/guides: all valid, all three languages, all printable."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from homesupport.domain.codes import CodeList
from homesupport.domain.guides import GUIDE_LANGUAGES
from homesupport.pdf.render import GuideRenderer, PrintOptions
from homesupport.resources import resource
from homesupport.services.guides import GuideLibrary


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> GuideLibrary:
    codes = CodeList.from_csv(resource("data", "codes.csv"))
    return GuideLibrary.open(tmp_path_factory.mktemp("data"), codes)


def test_every_bundled_file_is_valid(library):
    assert [p.describe() for p in library.problems] == []


def test_at_least_fifteen_guides_each_in_finnish_swedish_and_english(library):
    slugs = library.slugs()
    assert len(slugs) >= 15
    for slug in slugs:
        assert library.languages(slug) == GUIDE_LANGUAGES, slug
        guides = [library.require(slug, lang).guide for lang in GUIDE_LANGUAGES]
        assert len({g.topics for g in guides}) == 1, f"{slug}: topics differ between languages"
        # each language may point to the service's page in that language, on the same site
        sites = {
            urlsplit(g.address).hostname.removeprefix("www.") if g.address else None for g in guides
        }
        assert len(sites) == 1, f"{slug}: the languages point to different sites: {sites}"


@pytest.mark.parametrize("language", GUIDE_LANGUAGES)
def test_every_bundled_guide_prints_in_large_type_as_one_booklet(library, language):
    entries = library.guides(language)
    data = GuideRenderer().render_booklet(
        [(e.guide, e.folder) for e in entries], language, PrintOptions(size="large")
    )
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.outline) == len(entries)
