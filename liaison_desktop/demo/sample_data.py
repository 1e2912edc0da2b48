"""The demo profile: fictional multilingual contacts and encounters, written through the services.

Everything here is invented: names, 555-01xx phone numbers (reserved for fiction in North America),
neighborhoods. The passphrase is public on purpose (it is shown on the start screen) and the recovery key
is thrown away, so nobody should keep real records in this profile; its display name says "demo".
Writing through the services (not raw inserts) means the demo exercises the same rules, outbox and search
index as real use.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from liaison_desktop.services.errors import ServiceError
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.profiles import ProfileStore, UnlockedProfile
from liaison_desktop.store.record_writer import Actor, Store

log = logging.getLogger(__name__)

DEMO_DISPLAY_NAME = "Demo – sample data"
DEMO_PASSPHRASE = "liaison-demo"
DEMO_USER_ID = "00000000-0000-4000-8000-00000000d3e0"
DEMO_TEAM_ID = "00000000-0000-4000-8000-00000000d7ea"
DEMO_TAG = "demo"

# (given, family, preferred, languages, neighborhood, role, interpreter needed, organization)
_PEOPLE: list[tuple[str, str | None, str | None, list[str], str, str, bool, str | None]] = [
    ("Amina", "Haddad", None, ["ar", "en"], "Elm Park", "faith_leader", False, "Elm Park Mosque"),
    ("محمد", "الخطيب", "Mohammed", ["ar"], "Elm Park", "business_owner", True, "Al-Noor Bakery"),
    (
        "Fatima",
        "Yusuf",
        None,
        ["so", "en"],
        "Riverside",
        "community_organizer",
        False,
        "Somali Parents Circle",
    ),
    ("Abdirahman", "Warsame", None, ["so"], "Riverside", "elder", True, None),
    ("Nguyễn", "Thị Lan", "Lan", ["vi", "en"], "Harbor Point", "business_owner", False, "Pho Harbor"),
    ("Trần", "Văn Minh", None, ["vi"], "Harbor Point", "resident", True, None),
    (
        "María José",
        "Gutiérrez",
        None,
        ["es", "en"],
        "Mission Flats",
        "school_staff",
        False,
        "Lincoln Elementary",
    ),
    ("José", "Ramírez", "Pepe", ["es"], "Mission Flats", "resident", True, None),
    ("Lucía", "Fernández", None, ["es", "pt"], "Mission Flats", "health_worker", False, "Westside Clinic"),
    ("李", "伟", "Wei", ["zh-Hans", "en"], "Old Town", "business_owner", False, "Golden Lotus Grocery"),
    ("王", "芳", None, ["zh-Hans"], "Old Town", "elder", True, None),
    ("陈", "静", "Jing", ["zh-Hans", "en"], "Old Town", "youth_leader", False, "Old Town Youth Club"),
    ("Jean-Baptiste", "Pierre", None, ["ht", "fr"], "Northgate", "faith_leader", False, "Église de l'Espoir"),
    (
        "Marie-Claire",
        "Dubois",
        None,
        ["fr", "en"],
        "Northgate",
        "school_staff",
        False,
        "Northgate Middle School",
    ),
    (
        "Ahmad",
        "Rahimi",
        None,
        ["prs", "en"],
        "Cedar Hill",
        "community_organizer",
        False,
        "Afghan Families Network",
    ),
    ("Zahra", "Karimi", None, ["prs"], "Cedar Hill", "resident", True, None),
    ("Oksana", "Kovalenko", None, ["uk", "ru"], "Cedar Hill", "health_worker", False, None),
    ("Dmytro", "Shevchenko", None, ["uk"], "Cedar Hill", "resident", True, None),
    ("Tigist", "Bekele", None, ["am", "en"], "Riverside", "business_owner", False, "Lalibela Café"),
    ("Yonas", "Tesfaye", None, ["ti", "am"], "Riverside", "youth_leader", False, None),
    ("Rajesh", "Thapa", None, ["ne", "hi"], "Harbor Point", "resident", False, None),
    ("Sabina", "Gurung", None, ["ne"], "Harbor Point", "elder", True, None),
    ("Layla", "Mansour", None, ["ar", "fr"], "Northgate", "school_staff", False, "Northgate Middle School"),
    ("Omar", "Saleh", None, ["ar", "en"], "Elm Park", "youth_leader", False, "Elm Park Youth Football"),
    ("Khadija", "Benali", None, ["ar", "fr"], "Elm Park", "resident", False, None),
    ("Rosa", "Mendoza", None, ["es"], "Mission Flats", "elder", True, None),
    ("Carlos", "Hernández", None, ["es", "en"], "Mission Flats", "business_owner", False, "Taller Hernández"),
    ("Hana", "Ali", None, ["so", "ar"], "Riverside", "faith_leader", False, "Riverside Community Center"),
    ("Linh", "Phạm", None, ["vi", "en"], "Harbor Point", "school_staff", False, "Harbor Point High School"),
    (
        "张",
        "明",
        "Ming",
        ["zh-Hans"],
        "Old Town",
        "community_organizer",
        False,
        "Chinese Benevolent Association",
    ),
    ("Samuel", "Okafor", None, ["en", "ig"], "Northgate", "faith_leader", False, "New Hope Fellowship"),
    ("Grace", "Mensah", None, ["en", "tw"], "Northgate", "health_worker", False, "Northgate Health Center"),
    ("Ivan", "Petrov", None, ["ru"], "Cedar Hill", "business_owner", False, "Cedar Hill Market"),
    ("Nadia", "Hussaini", None, ["prs", "fa"], "Cedar Hill", "youth_leader", False, None),
    ("Mariam", "Diallo", None, ["fr", "ff"], "Northgate", "resident", True, None),
    ("Abebe", "Girma", None, ["am"], "Riverside", "resident", True, None),
]

# (days ago, neighborhood, kind, participant indexes into _PEOPLE, language, summary, submitted)
_ENCOUNTERS: list[tuple[int, str, str, list[int], str, str, bool]] = [
    (
        2,
        "Elm Park",
        "faith_center",
        [0, 23],
        "en",
        "Friday prayer visit. Imam Haddad asked for a Ramadan traffic plan near the mosque.",
        True,
    ),
    (
        3,
        "Elm Park",
        "business",
        [1],
        "ar",
        "زيارة المخبز. صاحب المحل قلق من السرقات الليلية ويطلب دوريات أكثر.",
        False,
    ),
    (
        5,
        "Riverside",
        "community_event",
        [2, 3, 27],
        "so",
        "Kulan bulshada: waalidiintu waxay ka walaacsan yihiin badbaadada carruurta marka ay dugsiga ka soo baxaan.",
        True,
    ),
    (
        6,
        "Harbor Point",
        "walk_in",
        [5],
        "vi",
        "Ông Minh đến hỏi về cách báo cáo trộm xe đạp. Cần thông dịch viên lần sau.",
        False,
    ),
    (
        8,
        "Mission Flats",
        "school",
        [6, 7],
        "es",
        "Reunión en la escuela: los padres piden más información sobre el programa de cruce seguro.",
        True,
    ),
    (
        9,
        "Old Town",
        "field_visit",
        [9, 10],
        "zh-Hans",
        "走访老城区商店。店主反映夜间照明不足，建议增加路灯。",
        True,
    ),
    (
        12,
        "Northgate",
        "faith_center",
        [12],
        "fr",
        "Visite à l'église. Le pasteur propose d'accueillir une séance d'écoute en créole.",
        False,
    ),
    (
        14,
        "Cedar Hill",
        "home_visit",
        [14, 15],
        "prs",
        "Follow-up with the Rahimi family about the housing referral; interpreter used.",
        True,
    ),
    (
        15,
        "Cedar Hill",
        "phone",
        [16],
        "uk",
        "Телефонна розмова: пані Коваленко пропонує допомогу з перекладом для нових сімей.",
        False,
    ),
    (
        18,
        "Riverside",
        "business",
        [18, 19],
        "am",
        "Café visit. Owners want to host a youth and police football afternoon.",
        True,
    ),
]


def is_demo_profile(display_name: str) -> bool:
    return display_name == DEMO_DISPLAY_NAME


def _contact_fields(
    person: tuple[str, str | None, str | None, list[str], str, str, bool, str | None], index: int
) -> dict[str, object]:
    given, family, preferred, languages, neighborhood, role, interpreter, organization = person
    fields: dict[str, object] = {
        "given_name": given,
        "family_name": family,
        "languages": languages,
        "neighborhood": neighborhood,
        "community_role": role,
        "interpreter_needed": interpreter,
        "phone": f"+1 202-555-{100 + index % 100:04d}",
        "tags": [DEMO_TAG],
    }
    if preferred:
        fields["preferred_name"] = preferred
    if organization:
        fields["organization"] = organization
    return {name: value for name, value in fields.items() if value is not None}


def fill_demo_records(store: Store, *, now: Callable[[], dt.datetime] | None = None) -> int:
    """Write the sample directory, contacts and encounters through the services; returns contacts made."""
    workspace = Workspace(store) if now is None else Workspace(store, clock=now)
    try:
        workspace.directory.load_sample_directory()
    except (ServiceError, OSError) as error:  # the sample directory is optional for the demo
        log.warning("demo: sample directory not loaded (%s)", type(error).__name__)
    contact_ids = workspace.contacts.import_many(
        [_contact_fields(person, index) for index, person in enumerate(_PEOPLE)]
    )
    _fill_encounters(workspace, contact_ids)
    return len(contact_ids)


def _fill_encounters(workspace: Workspace, contact_ids: list[str]) -> None:
    encounters = workspace.encounters
    today = workspace.context.now().replace(hour=10, minute=30, second=0, microsecond=0)
    for days_ago, neighborhood, kind, people, language, summary, submitted in _ENCOUNTERS:
        try:
            encounter_id = encounters.create_draft(
                {
                    "occurred_at": today - dt.timedelta(days=days_ago),
                    "neighborhood": neighborhood,
                    "kind": kind,
                    "participant_ids": [contact_ids[i] for i in people],
                    "language": language,
                    "summary": summary,
                    "summary_language": language,
                    "follow_up_needed": not submitted,
                }
            )
            if submitted:
                encounters.submit(encounter_id)
        except ServiceError as error:
            log.warning("demo: encounter skipped (%s)", getattr(error, "key", type(error).__name__))


def create_demo_profile(profiles: ProfileStore) -> UnlockedProfile:
    """A new demo profile, unlocked and filled. Its recovery key is discarded: the data is fictional."""
    unlocked, _recovery_key = profiles.create_profile(DEMO_DISPLAY_NAME, DEMO_PASSPHRASE)
    try:
        profiles.update_header(
            unlocked.profile_id, user_id=DEMO_USER_ID, role="officer", team_id=DEMO_TEAM_ID
        )
        fill_demo_records(Store(unlocked.engine, Actor(DEMO_USER_ID, "officer", DEMO_TEAM_ID)))
    except BaseException:
        unlocked.close()
        raise
    return unlocked


def demo_profile_id(profiles: ProfileStore) -> str | None:
    for header in profiles.list_profiles():
        if is_demo_profile(header.display_name):
            return header.profile_id
    return None
