from homesupport.domain.topic_search import NO_MATCH, best_topic, match_level, remember_topics

TOPICS = [
    ("updates_apps", "Päivitykset ja sovellukset", ("Updates and apps",)),
    ("bank_ids", "Pankkitunnukset ja verkkopankki", ("Bank IDs and online banking",)),
    ("omavero", "OmaVero", ("MyTax", "MinSkatt")),
    ("omakanta", "OmaKanta", ("My Kanta", "MittKanta")),
    ("shopping_payments", "Verkkokauppa ja maksaminen", ("Online shopping and payments",)),
]


def test_a_name_that_starts_with_the_letters_comes_before_one_that_contains_them():
    assert match_level("pa", ["Pankkitunnukset"]) == 0
    assert match_level("kanta", ["OmaKanta"]) == 1  # a capital starts a word
    assert match_level("verkko", ["Pankkitunnukset ja verkkopankki"]) == 1
    assert match_level("kauppa", ["Verkkokauppa"]) == 2
    assert match_level("zz", ["OmaKanta"]) == NO_MATCH
    assert best_topic("pa", TOPICS) == "bank_ids"  # not "Verkkokauppa" higher up


def test_the_shown_name_comes_before_other_languages_and_recent_topics_first():
    assert best_topic("o", TOPICS) == "omavero"  # the code list's order
    assert best_topic("o", TOPICS, recent=("email", "omakanta")) == "omakanta"
    assert best_topic("my", TOPICS) == "omavero"  # only other languages match: first one
    assert best_topic("ma", TOPICS) == "shopping_payments"  # "maksaminen", shown
    assert best_topic("", TOPICS) is None and best_topic("xyz", TOPICS) is None


def test_the_latest_topics_go_first_once_each():
    assert remember_topics(["a", "b", "c"], ["c", "d"]) == ["c", "d", "a", "b"]
    assert len(remember_topics([str(n) for n in range(60)], ["x"])) == 40
