import datetime as dt
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from homesupport.domain.privacy import (
    REASONS,
    Kind,
    check_text,
    hetu_check_character,
    iban_is_valid,
    is_valid_hetu,
    luhn_is_valid,
)

SIGNS = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}


def kinds(text: str) -> list[Kind]:
    return [w.kind for w in check_text(text)]


@st.composite
def hetus(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))
    century = born.year // 100 * 100
    sign = draw(st.sampled_from(SIGNS[century]))
    individual = draw(st.integers(2, 999))
    digits = f"{born:%d%m}{born.year % 100:02d}{individual:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{hetu_check_character(digits)}"


@given(hetus(), st.sampled_from(["", "Hetu ", "tunnus: ", "("]), st.sampled_from(["", " ok", ")."]))
def test_every_valid_identity_code_is_found(hetu, before, after):
    text = before + hetu + after
    warnings = check_text(text)
    assert [w.kind for w in warnings] == [Kind.IDENTITY_CODE]
    assert text[warnings[0].start : warnings[0].end] == hetu


@given(hetus(), st.sampled_from("0123456789ABCDEFHJKLMNPRSTUVWXY"))
def test_a_wrong_check_character_is_not_an_identity_code(hetu, other):
    assume(other != hetu[-1])
    assert not is_valid_hetu(hetu[:-1] + other)
    assert Kind.IDENTITY_CODE not in kinds(hetu[:-1] + other)


def test_identity_code_examples_with_old_and_2023_century_signs():
    assert is_valid_hetu("131052-308T")  # the Digital and Population Data Services example
    assert is_valid_hetu("131052X308T")
    assert is_valid_hetu("010594Y9032")
    assert is_valid_hetu("010594Y9021")
    assert is_valid_hetu("020502E902X")
    assert not is_valid_hetu("131052-308U")
    assert not is_valid_hetu("311152-308T")  # no 31 November
    assert not is_valid_hetu("131052G308T")  # G is no century sign
    assert kinds("asiakkaan hetu 131052a308t") == [Kind.IDENTITY_CODE]  # typed lower case


def fi_iban(bban: str) -> str:
    check = 98 - int("".join(str(int(c, 36)) for c in bban + "FI00")) % 97
    return f"FI{check:02d}{bban}"


@given(st.text("0123456789", min_size=14, max_size=14), st.booleans())
def test_every_valid_finnish_iban_is_found_written_compact_or_grouped(bban, grouped):
    iban = fi_iban(bban)
    written = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if grouped else iban
    warnings = check_text(f"tili {written} kiitos")
    assert [w.kind for w in warnings] == [Kind.BANK_ACCOUNT]


@given(st.text("0123456789", min_size=14, max_size=14), st.integers(4, 17), st.integers(1, 9))
def test_a_single_wrong_digit_breaks_the_iban_checksum(bban, position, delta):
    iban = fi_iban(bban)
    digit = (int(iban[position]) + delta) % 10
    broken = iban[:position] + str(digit) + iban[position + 1 :]
    assert not iban_is_valid(broken)
    assert Kind.BANK_ACCOUNT not in kinds(broken)


def luhn_complete(body: str) -> str:
    for last in "0123456789":
        if luhn_is_valid(body + last):
            return body + last
    raise AssertionError


@given(st.sampled_from("3456"), st.text("0123456789", min_size=14, max_size=14))
def test_card_numbers_passing_luhn_are_found(first, rest):
    card = luhn_complete(first + rest)
    grouped = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    assert kinds(f"kortti {grouped}") == [Kind.CARD_NUMBER]
    assert kinds(card) == [Kind.CARD_NUMBER]


@given(st.sampled_from("3456"), st.text("0123456789", min_size=14, max_size=14), st.integers(0, 15))
def test_a_card_number_with_one_wrong_digit_is_not_a_card(first, rest, position):
    card = luhn_complete(first + rest)
    wrong = card[:position] + str((int(card[position]) + 1) % 10) + card[position + 1 :]
    assume(wrong[0] in "23456")
    assert Kind.CARD_NUMBER not in kinds(wrong)


@pytest.mark.parametrize(
    "text",
    [
        "salasana on Kissa123",
        "Salasanaksi vaihdettiin Kesä2024!",
        "PIN 1234",
        "pin-koodi: 4321",
        "PUK 12345678",
        "tunnusluvut: 1234",
        "pankkitunnukset 123456 ja 8901",
        "lösenordet är Sommar2024",
        "bankkod 5566",
        "password: hunter22",
        "salasana: kissakala",
        "uusi salasana = 'aurinko'",
    ],
)
def test_passwords_and_pins_followed_by_a_secret_warn(text):
    assert kinds(text) == [Kind.SECRET]


@pytest.mark.parametrize(
    "text",
    [
        "salasana vaihdettu onnistuneesti",
        "PIN-koodi unohtui, pankkiin soitettu",
        "Opeteltiin vaihtamaan salasana.",
        "tunnusluvut tallessa kotona",
        "lösenordet byttes",
        "Kävimme läpi pankkitunnukset ja Suomi.fi",
    ],
)
def test_talking_about_passwords_without_one_does_not_warn(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("tytär 040 123 4567", "040 123 4567"),
        ("soita 0401234567 huomenna", "0401234567"),
        ("+358 40 1234567", "+358 40 1234567"),
        ("+358401234567", "+358401234567"),
        ("050-123 4567", "050-123 4567"),
        ("(09) 123 4567", "(09) 123 4567"),
        ("puh. 09 1234 5678", "09 1234 5678"),
        ("Turku 02 262 3456", "02 262 3456"),
        ("vuonna 2023 044 555 1234", "044 555 1234"),
        ("00358 50 1234567", "00358 50 1234567"),
    ],
)
def test_finnish_phone_numbers_are_found(text, number):
    warnings = check_text(text)
    assert [w.kind for w in warnings] == [Kind.PHONE]
    assert text[warnings[0].start : warnings[0].end] == number


@pytest.mark.parametrize(
    "text",
    [
        "Kela 020 692 206",  # service numbers of organisations
        "Verohallinto 029 497 000",
        "0800 12345",
        "klo 14.30-15.45",
        "15.3.2024 käynti",
        "1234567",  # a local number without area code is left alone
        "Päivitykset asennettiin, 3 sovellusta.",
    ],
)
def test_service_numbers_dates_and_plain_text_do_not_warn(text):
    assert kinds(text) == []


def test_the_supporters_own_number_is_not_warned_about():
    assert check_text("soita minulle 040 123 4567", own_phones=["+358 40 1234567"]) == []
    assert len(check_text("soita 040 765 4321", own_phones=["+358 40 1234567"])) == 1


def test_an_identity_code_is_not_also_reported_as_a_phone_number():
    hetu = "030390-" + "123" + hetu_check_character("030390123")
    assert kinds(hetu) == [Kind.IDENTITY_CODE]


def test_several_findings_in_one_note_come_in_text_order_with_reasons():
    text = "PIN 1234, tytär 040 123 4567, hetu 131052-308T"
    warnings = check_text(text)
    assert [w.kind for w in warnings] == [Kind.SECRET, Kind.PHONE, Kind.IDENTITY_CODE]
    assert all(w.reason == REASONS[w.kind] for w in warnings)
    assert all("1234" not in w.reason for w in warnings)  # the reason never quotes the text


@given(st.text(max_size=300))
def test_any_text_gives_sane_warnings_and_never_raises(text):
    warnings = check_text(text)
    for a, b in itertools.pairwise(warnings):
        assert a.end <= b.start  # no overlaps, in order
    for w in warnings:
        assert 0 <= w.start < w.end <= len(text)


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=200))
def test_text_without_digits_or_password_words_never_warns(text):
    assume("sala" not in text.casefold() and "pin" not in text.casefold())
    assume(not any(w in text.casefold() for w in ("lösen", "pass", "tunnus", "bank", "puk")))
    assert check_text(text) == []
