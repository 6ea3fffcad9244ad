"""Words teams use in their own sheets, beyond the labels of ``codes.csv``: headings and cell
values in Finnish, Swedish and English, with common abbreviations. They only *suggest* a
mapping (:mod:`homesupport.domain.import_sheet`); a person sees every suggestion before
anything is imported. Written in lower case; compared after
:func:`homesupport.domain.import_mapping.value_key`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Headings → field of DESIGN.md §8 (in addition to importing.HEADER_ALIASES).
# fmt: off
HEADINGS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "date": (
            "pvm", "pvm.", "päiväys", "päivämäärä", "käyntipäivä", "tukipäivä", "ajankohta",
            "datum", "dag", "besöksdatum", "date of visit", "visit date", "day",
        ),
        "start": (
            "kellonaika", "klo", "klo.", "aloitusaika", "alkamisaika", "kello",
            "klockslag", "kl.", "tidpunkt", "starttid", "time of day", "start time",
        ),
        "minutes": (
            "aika", "kesto", "kesto min", "kesto minuutteina", "käytetty aika", "tukiaika",
            "minuutit", "min", "minuuttia", "käynnin kesto", "ohjauksen kesto",
            "tid", "tidsåtgång", "längd", "varaktighet", "minuter", "tid min",
            "time", "time spent", "duration", "length", "minutes",
        ),
        "travel_minutes": (
            "matka-aika", "matkat", "matka aika", "matkaan käytetty aika",
            "restid", "resor", "travel", "travel time",
        ),
        "mode": (
            "asiointitapa", "tukimuoto", "tuen muoto", "toteutustapa", "tapa", "muoto",
            "palvelumuoto", "kontaktitapa", "yhteydenottotapa", "ohjaustapa",
            "kontaktform", "stödform", "form", "sätt", "kanal",
            "mode", "contact type", "channel", "type of support", "support type",
        ),
        "programme": (
            "ohjelma", "toiminta", "hanke", "projekti",
            "program", "verksamhet", "projekt", "programme", "project",
        ),
        "client": ("asiakas", "lempinimi", "nimimerkki", "klient", "smeknamn", "nickname"),
        "age_band": (
            "ikäryhmä", "ikä", "ikäluokka", "asiakkaan ikä", "asiakkaan ikäryhmä",
            "åldersgrupp", "ålder", "age", "age group", "age band",
        ),
        "language": (
            "kieli", "asiointikieli", "äidinkieli", "språk", "ärendespråk", "language",
        ),
        "municipality": (
            "kunta", "asuinkunta", "kotikunta", "paikkakunta", "asiakkaan kunta",
            "kommun", "hemkommun", "bostadskommun", "ort",
            "municipality", "home municipality", "town", "city",
        ),
        "participants": (
            "osallistujat", "osallistujia", "osallistujamäärä", "osallistujien määrä",
            "henkilöitä", "lkm", "deltagare", "antal deltagare", "antal",
            "participants", "number of participants", "people",
        ),
        "topics": (
            "asia", "asiat", "aihe", "aiheet", "aihealue", "käsitellyt asiat", "tuen aihe",
            "mitä tehtiin", "ohjauksen aihe", "palvelu jossa autettiin", "ämne", "ämnen",
            "ärende", "ärenden", "topic", "topics", "subject", "issue", "matter",
        ),
        "devices": (
            "laite", "laitteet", "käytetty laite", "enhet", "enheter", "apparat",
            "device", "devices",
        ),
        "outcome": (
            "tulos", "lopputulos", "ratkesiko", "onnistuiko", "resultat", "utfall", "löst",
            "outcome", "result", "solved",
        ),
        "follow_up": (
            "jatkokäynti", "seuraava käynti", "seuranta", "uusi käynti", "uppföljning",
            "nästa besök", "follow up", "follow-up", "next visit",
        ),
        "notes": (
            "huom", "huom.", "huomiot", "huomioita", "lisätiedot", "lisätietoja", "muuta",
            "kommentit", "muistiinpanot", "selite", "kuvaus", "anm", "anm.", "anmärkning",
            "anmärkningar", "anteckningar", "övrigt", "kommentar", "tilläggsuppgifter",
            "notes", "note", "remarks", "comments", "comment", "additional information",
        ),
    }
)

# fmt: on

# Heading words that could mean a duration, a date or a time of day: the cells decide.
AMBIGUOUS_HEADINGS = frozenset({"aika", "tid", "time", "ajankohta"})

# Cell words → code, per code list (labels and codes of codes.csv are known already).
# fmt: off
VALUES: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "mode": {
            "home_visit": (
                "kotikäynti", "kotikäynnit", "koti", "kotona", "käynti kotona",
                "hembesök", "hemma", "i hemmet", "home", "at home", "visit",
            ),
            "service_point": (
                "asiointipiste", "palvelupiste", "toimipiste", "vastaanotto", "kirjasto",
                "lähitukipiste", "digitukipiste", "neuvonta", "servicepunkt", "mottagning",
                "bibliotek", "office", "drop-in", "library",
            ),
            "phone": (
                "puhelin", "puhelimitse", "puhelinneuvonta", "puhelinohjaus", "puhelintuki",
                "puh", "puh.", "telefon", "per telefon", "telefonrådgivning", "telefonstöd",
                "phone", "telephone", "by phone", "phone call",
            ),
            "video": (
                "video", "videoyhteys", "videopuhelu", "etätuki", "etäohjaus", "teams",
                "zoom", "videosamtal", "distansstöd", "på distans", "video call", "remote",
            ),
            "chat": ("chat", "chatti", "verkkochat", "chatt", "webbchatt", "online chat"),
            "group": (
                "ryhmä", "ryhmäopastus", "ryhmäohjaus", "ryhmätilaisuus", "kurssi",
                "luento", "työpaja", "grupp", "gruppvägledning", "kurs", "workshop",
                "group", "class",
            ),
        },
        "programme": {
            "home": (
                "kotiin vietävä", "kotiin vietävä tuki", "kotidigituki", "kotituki",
                "digitalt stöd hemma", "hemma", "home support",
            ),
            "youth": (
                "nuoret", "nuorten", "nuorisotyö", "unga", "ungdomar", "youth", "young people",
            ),
            "general": ("yleinen", "yleisneuvonta", "allmän", "allmänt", "general"),
        },
        "age_band": {
            "u18": ("alle 18", "alle 18 v", "0-17", "<18", "under 18", "alaikäinen"),
            "18_29": ("18-29", "nuori aikuinen"),
            "30_64": ("30-64", "työikäinen"),
            "65_74": ("65-74",),
            "75_84": ("75-84",),
            "85plus": (
                "yli 85", "85+", "85 tai yli", "85-", "85 ->", "85 tai vanhempi", "yli 84",
                "över 85", "85 eller äldre", "85 och över", "over 85", "85 or older",
            ),
            "unknown": ("ei tietoa", "ei tiedossa", "?", "-", "okänt", "vet ej", "n/a"),
        },
        "language": {
            "fi": ("suomi", "fi", "suomeksi", "suomenkielinen", "finska", "finnish"),
            "sv": ("ruotsi", "sv", "ruotsiksi", "ruotsinkielinen", "svenska", "swedish"),
            "en": ("englanti", "englanniksi", "engelska", "english"),
            "se": ("saame", "saamen kieli", "pohjoissaame", "samiska", "sámi"),
            "other": ("muu", "muu kieli", "annat", "other", "viro", "venäjä", "arabia"),
        },
        "outcome": {
            "solved": (
                "ratkesi", "ratkaistu", "onnistui", "valmis", "kyllä", "ok", "hoidettu",
                "löst", "klart", "ja", "yes", "done", "solved",
            ),
            "partly": ("osittain", "osin", "delvis", "partly", "partially"),
            "follow_up": (
                "jatkokäynti", "uusi käynti", "jatkuu", "jatkotuki", "kesken",
                "uppföljning", "fortsätter", "follow-up", "to be continued",
            ),
            "referred": (
                "ohjattu eteenpäin", "ohjattiin eteenpäin", "ohjattu muualle",
                "hänvisad", "hänvisades", "referred",
            ),
            "not_solved": (
                "ei", "ei ratkennut", "ei onnistunut", "ei ratkaistu", "nej", "inte löst",
                "no", "not solved", "failed",
            ),
        },
        "topic": {
            "device_settings": ("asetukset", "laitteen asetukset", "inställningar", "settings"),
            "updates_apps": (
                "päivitykset", "sovellukset", "sovellus", "appit", "päivitys", "uppdateringar",
                "appar", "updates", "apps",
            ),
            "internet_wifi": (
                "netti", "nettiyhteys", "wifi", "wlan", "internet", "verkkoyhteys",
            ),
            "tv_home_devices": ("tv", "digiboksi", "televisio", "digibox"),
            "photos_files_printing": (
                "kuvat", "valokuvat", "tulostus", "tiedostot", "bilder", "utskrift",
                "photos", "printing",
            ),
            "bank_ids": (
                "pankki", "pankkitunnukset", "verkkopankki", "pankkiasiat", "nettipankki",
                "bankkoder", "nätbank", "bank", "online banking",
            ),
            "mobile_id": ("mobiilivarmenne", "mobilcertifikat", "mobile id"),
            "suomifi": ("suomi.fi", "suomi.fi-viestit", "suomi fi", "suomifi"),
            "suomifi_authorizations": ("valtuudet", "valtuutus", "fullmakter", "fullmakt"),
            "kela": ("kela", "fpa", "kela-asiat"),
            "omavero": ("vero", "verottaja", "verot", "omavero", "skatt", "minskatt", "tax"),
            "digital_wallet": ("lompakko", "digilompakko", "plånbok"),
            "omakanta": (
                "kanta", "omakanta", "kanta.fi", "reseptit", "resepti", "e-resepti",
                "mittkanta", "recept", "prescriptions",
            ),
            "wellbeing_services": (
                "hyvinvointialue", "terveyspalvelut", "ajanvaraus", "terveyskeskus",
                "välfärdsområde", "hälsocentral", "tidsbokning",
            ),
            "pharmacy_mandate": ("apteekki", "apteekkivaltuutus", "apotek"),
            "email": ("sähköposti", "säpo", "posti", "e-post", "email", "e-mail"),
            "video_messaging": (
                "whatsapp", "videopuhelut", "viestisovellukset", "teams", "zoom", "skype",
                "messenger", "meddelandeappar",
            ),
            "transport_tickets": (
                "liput", "matkaliput", "joukkoliikenne", "hsl", "vr", "junaliput", "biljetter",
                "kollektivtrafik", "tickets",
            ),
            "shopping_payments": (
                "verkkokauppa", "maksaminen", "mobilepay", "laskut", "ostokset", "näthandel",
                "betalning", "shopping", "payments",
            ),
            "media_streaming": (
                "areena", "yle areena", "suoratoisto", "netflix", "spotify", "arenan",
                "streaming",
            ),
            "scams": (
                "huijaus", "huijaukset", "tietojenkalastelu", "kalastelu", "bedrägeri",
                "nätfiske", "scam", "phishing",
            ),
            "passwords_2fa": (
                "salasanat", "salasana", "kaksivaiheinen tunnistautuminen", "lösenord",
                "passwords", "password",
            ),
            "privacy_social": (
                "some", "sosiaalinen media", "facebook", "instagram", "yksityisyys",
                "sociala medier", "social media", "privacy",
            ),
            "wilma": ("wilma",),
            "student_aid": ("opintotuki", "studiestöd", "student aid"),
            "job_search": (
                "työnhaku", "cv", "työpaikat", "te-palvelut", "jobbsökning", "job search",
            ),
            "money_first_bank": ("oma talous", "raha-asiat", "egen ekonomi", "money"),
            "digital_wellbeing": (
                "digihyvinvointi", "nettikiusaaminen", "ruutuaika", "nätmobbning",
                "cyberbullying",
            ),
            "other": ("muu", "muut", "muu asia", "annat", "övrigt", "other"),
        },
        "device": {
            "android": (
                "android", "älypuhelin", "kännykkä", "puhelin", "samsung", "smartphone",
                "mobiili", "mobil", "telefon", "phone",
            ),
            "iphone": ("iphone", "ios"),
            "tablet": ("tabletti", "ipad", "tabletti / ipad", "surfplatta", "platta", "tablet"),
            "computer": (
                "tietokone", "kone", "kannettava", "läppäri", "pc", "mac", "windows",
                "dator", "bärbar", "laptop", "computer",
            ),
            "tv": ("tv", "digiboksi", "televisio", "digibox"),
            "other": ("muu", "muu laite", "annan", "other"),
        },
    }
)

# fmt: on

# A tick in a one-column-per-choice survey export; cells that mean "not ticked" are below.
UNTICKED = frozenset({"0", "ei", "nej", "no", "false", "epätosi", "falskt", "-"})
