"""Guide folders made on the fly: a valid 8-step guide with three images, and helpers to
write broken variants of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from homesupport.domain.guides import Guide, GuideStep
from homesupport.services.guides import guide_text

TITLES = {
    "fi": "Tekstin suurentaminen puhelimessa",
    "sv": "Gör texten större på telefonen",
    "en": "Make the text bigger on a phone",
}


def make_guide(language: str = "fi", slug: str = "text-size-phone", **changes: object) -> Guide:
    steps = tuple(
        GuideStep(
            text=f"Vaihe {n}: Avaa Asetukset ja valitse Näyttö. Åbo äöå ÄÖÅ.",
            image={1: "icon.png", 3: "phone.png", 6: "screen.jpg"}.get(n),
            tip="Kirjoita hakuun sana fontti." if n == 2 else None,
            warning="Älä anna muiden muuttaa asetuksia." if n == 5 else None,
        )
        for n in range(1, 9)
    )
    guide = Guide(
        slug=slug,
        language=language,
        title=TITLES[language],
        summary="Näin saat tekstit isommiksi. Muutos koskee kaikkia sovelluksia.",
        topics=("device_settings",),
        checked=dt.date(2026, 11, 1),
        steps=steps,
        address="https://www.suomi.fi",
    )
    return replace(guide, **changes)  # type: ignore[arg-type]


def write_images(folder: Path) -> None:
    icon = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    ImageDraw.Draw(icon).ellipse([20, 20, 280, 180], fill=(20, 80, 200, 255))
    icon.save(folder / "icon.png")
    phone = Image.new("RGB", (1080, 2000), "white")
    draw = ImageDraw.Draw(phone)
    for row in range(8):
        draw.rectangle([40, 100 + row * 220, 1040, 280 + row * 220], outline="black", width=6)
    phone.save(folder / "phone.png")
    Image.new("RGB", (1600, 900), "#ccd").save(folder / "screen.jpg", quality=85)


def write_guide_folder(root: Path, slug: str = "text-size-phone", languages=("fi", "sv", "en")):
    folder = root / slug
    folder.mkdir(parents=True, exist_ok=True)
    write_images(folder)
    for language in languages:
        (folder / f"{language}.toml").write_text(
            guide_text(make_guide(language, slug)), encoding="utf-8"
        )
    return folder


@pytest.fixture
def guide_folder(tmp_path: Path) -> Path:
    return write_guide_folder(tmp_path / "bundled")
