"""Realistic demo data for trying the app and for benchmarks: a year or more of a home-visit
and youth supporter's sessions, reproducible from a seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from homesupport.domain.clients import Client
from homesupport.domain.codes import CodeList
from homesupport.domain.sessions import Session

# (weight, programme, mode, age bands, topic groups)
_PROFILES = (
    (
        50,
        "home",
        "home_visit",
        ("65_74", "75_84", "85plus"),
        ("device", "identity", "health", "everyday", "safety"),
    ),
    (15, "home", "phone", ("65_74", "75_84", "85plus"), ("device", "identity", "safety")),
    (12, "general", "service_point", ("30_64", "65_74", "75_84"), ("identity", "everyday")),
    (8, "youth", "service_point", ("u18", "18_29"), ("youth", "identity", "safety")),
    (5, "youth", "group", ("u18", "18_29"), ("youth", "safety")),
    (5, "general", "video", ("30_64", "65_74"), ("device", "everyday")),
    (5, "home", "group", ("65_74", "75_84"), ("device", "safety", "everyday")),
)
_MUNICIPALITIES = ("091", "049", "092", "837", "853", "564", "179", "398", "297", "245")
_LANGUAGES = (("fi", 84), ("sv", 11), ("en", 3), ("other", 2))
_OUTCOMES = (("solved", 60), ("partly", 18), ("follow_up", 14), ("referred", 5), ("not_solved", 3))
_DEVICES = (("android", 45), ("iphone", 25), ("tablet", 10), ("computer", 17), ("tv", 3))
_MINUTES = (15, 20, 30, 30, 45, 45, 45, 60, 60, 75, 90, 120)
_NOTES = (
    "",
    "",
    "",
    "Harjoiteltiin yhdessä.",
    "Asiakas haluaa kertauksen ensi kerralla.",
    "Päivitykset asennettiin.",
    "Övade tillsammans.",
)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


_NICKNAMES = (
    "Aino",
    "Eino",
    "Helmi",
    "Toivo",
    "Lempi",
    "Veikko",
    "Aili",
    "Tauno",
    "Siiri",
    "Onni",
    "Elma",
    "Arvo",
    "Saimi",
    "Väinö",
    "Impi",
    "Greta",
    "Ragnar",
    "Ebba",
    "Sten",
    "Maj-Lis",
    "Anni",
    "Jussi",
    "Kerttu",
    "Pentti",
    "Raili",
    "Oiva",
    "Hilkka",
    "Erkki",
    "Sylvi",
    "Mauno",
)
# Recent data only carries what retention would keep (default 12 months), so a fresh demo
# store looks like one that has been in use, and the first retention pass has nothing to do.
_PERSONAL_DAYS = 330
_OPEN_FOLLOW_UP_DAYS = 30


def demo_clients(count: int, seed: int, today: dt.date) -> list[Client]:
    """Pseudonymous clients: nicknames repeat, as in real registers, told apart by age band
    and municipality."""
    rng = random.Random(seed)
    return [
        Client(
            nickname=rng.choice(_NICKNAMES),
            age_band=rng.choice(("65_74", "75_84", "75_84", "85plus")),
            language=_weighted(rng, _LANGUAGES),
            municipality=rng.choice(_MUNICIPALITIES),
            consent_date=today - dt.timedelta(days=rng.randrange(300)),
            consent_scope=("sessions", "follow_up_contact"),
        )
        for _ in range(count)
    ]


def link_demo_clients(
    sessions: list[Session], clients: Sequence[Client], seed: int, today: dt.date
) -> list[Session]:
    """Links about half of the recent one-to-one home visits and calls to stored clients,
    copying their attributes as a saved session does."""
    rng = random.Random(seed)
    recent = today - dt.timedelta(days=_PERSONAL_DAYS)
    linked = []
    for session in sessions:
        if (
            clients
            and session.date >= recent
            and session.mode in ("home_visit", "phone")
            and rng.random() < 0.5
        ):
            client = rng.choice(clients)
            session = replace(
                session,
                client_id=client.id,
                age_band=client.age_band,
                language=client.language,
                municipality=client.municipality,
            )
        linked.append(session)
    return linked


def demo_sessions(
    codes: CodeList,
    count: int,
    seed: int,
    today: dt.date,
    guides_by_topic: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[Session]:
    """``count`` sessions spread over the weekdays before ``today``: two a day, reaching back
    at most five years (bigger counts make busier days, as for a whole team). With
    ``guides_by_topic`` (guide slugs per topic code) about a quarter of the one-to-one
    sessions record a guide given for one of their topics."""
    rng = random.Random(seed)
    guides_by_topic = guides_by_topic or {}
    topics_by_group = {
        group.code if group else "other": [t.code for t in topics]
        for group, topics in codes.topics_by_group()
    }
    span_days = min(max(30, count // 2), 5 * 365)
    weights = [p[0] for p in _PROFILES]
    for _ in range(count):
        _, programme, mode, ages, groups = rng.choices(_PROFILES, weights=weights)[0]
        day = today - dt.timedelta(days=rng.randrange(span_days))
        if day.weekday() >= 5:
            day -= dt.timedelta(days=day.weekday() - 4)
        group_topics = [t for g in groups for t in topics_by_group[g]]
        topics = tuple(sorted(set(rng.sample(group_topics, k=rng.choice((1, 1, 2, 2, 3))))))
        minutes = rng.choice(_MINUTES)
        outcome = _weighted(rng, _OUTCOMES)
        group = mode == "group"
        age_days = (today - day).days
        offered = sorted({slug for topic in topics for slug in guides_by_topic.get(topic, ())})
        guides = (rng.choice(offered),) if offered and not group and rng.random() < 0.25 else ()
        yield Session(
            date=day,
            start=dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))),
            minutes=minutes,
            travel_minutes=rng.choice((10, 15, 20, 30, 40)) if mode == "home_visit" else 0,
            mode=mode,
            programme=programme,
            age_band=None if group else rng.choice(ages),
            language=None if group else _weighted(rng, _LANGUAGES),
            municipality=None if group else rng.choice(_MUNICIPALITIES),
            participants=rng.randint(3, 14) if group else None,
            topics=topics,
            devices=() if group else (_weighted(rng, _DEVICES),),
            outcome=outcome,
            follow_up=day + dt.timedelta(days=rng.choice((7, 14, 21)))
            if outcome == "follow_up" and age_days <= _OPEN_FOLLOW_UP_DAYS
            else None,
            notes=rng.choice(_NOTES) if age_days <= _PERSONAL_DAYS else "",
            guides=guides,
        )
