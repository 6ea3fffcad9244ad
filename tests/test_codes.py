from homesupport.domain.codes import CodeList, Municipalities, duration_band
from homesupport.resources import resource


def codes() -> CodeList:
    return CodeList.from_csv(resource("data", "codes.csv"))


def test_codes_resolve_labels_in_any_language_and_codes_win():
    c = codes()
    assert c.resolve("topic", "OmaKanta") == "omakanta"
    assert c.resolve("topic", "mittkanta") == "omakanta"
    assert c.resolve("mode", "Kotikäynti") == "home_visit"
    assert c.resolve("mode", "  home   visit ") == "home_visit"
    assert c.resolve("device", "other") == "other"
    assert c.resolve("topic", "no such thing") is None
    assert c.is_valid("topic", "omakanta") and not c.is_valid("topic", "OmaKanta")


def test_topics_are_grouped_in_file_order_with_loose_topics_last():
    groups = codes().topics_by_group()
    assert [g.code for g, _ in groups[:-1]] == [
        "device",
        "identity",
        "health",
        "everyday",
        "safety",
        "youth",
    ]
    assert groups[-1][0] is None and [t.code for t in groups[-1][1]] == ["other"]
    assert sum(len(ts) for _, ts in groups) == len(codes().of("topic")) == 29


def test_municipalities_resolve_codes_and_both_names():
    m = Municipalities.from_csv(resource("data", "municipalities_fi.csv"))
    assert len(m.items) == 308
    assert m.resolve("91") == m.resolve("091") == m.resolve("Helsinki") == "091"
    assert m.resolve("helsingfors") == "091"
    assert m.resolve("999") is None
    assert m.label("091", "sv") == "Helsingfors" and m.label("091", "fi") == "Helsinki"
    assert [x.code for x in m.search("hels", "fi")][:1] == ["091"]
    assert m.search("", "fi") == []


def test_duration_bands_follow_the_design_limits():
    assert [duration_band(n) for n in (1, 29, 30, 60, 61, 600)] == [
        "lt30",
        "lt30",
        "30to60",
        "30to60",
        "gt60",
        "gt60",
    ]
