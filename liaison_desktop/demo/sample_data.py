"""The demo's sample records: fictional multilingual contacts, encounters, referrals, meetings and
an ambassador's feedback, written through the services.

Everything here is invented: names, 555-01xx phone numbers (reserved for fiction in North America),
neighborhoods. The passphrase is public on purpose (it is shown on the start screen) and recovery keys
are thrown away, so nobody should keep real records in a demo profile. Writing through the services (not
raw inserts) means the demo exercises the same rules, outbox and search index as real use, and the
records sync like any others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from liaison_desktop.services.errors import ServiceError

if TYPE_CHECKING:  # imported where records are written: the start screen only needs DEMO_PASSPHRASE
    from liaison_desktop.services.workspace import Workspace
    from liaison_desktop.store.record_store import RecordStore

log = logging.getLogger(__name__)

DEMO_PASSPHRASE = "liaison-demo"
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


# Contacts (indexes into _PEOPLE) who agreed to have their details shared with a service: (days ago, how).
_CONSENT_TO_SHARE: dict[int, tuple[int, str]] = {10: (9, "through_interpreter"), 14: (20, "verbal")}

# (contact index, sample service key, reason, reason language, sent to the service)
_REFERRALS: list[tuple[int, str, str, str, bool]] = [
    (
        14,
        "housing-rental-search",
        "Family of five looking for a larger flat; the landlord does not answer repair requests.",
        "en",
        True,
    ),
    (10, "elder-day-centre", "王女士希望参加老年活动中心的中文活动。", "zh-Hans", True),
    (
        7,
        "lang-english-evenings",
        "Pregunta por clases de inglés por la tarde, después del trabajo.",
        "es",
        False,
    ),
]

# (days ago, kind, title, neighborhood, attendance, languages, concerns, concerns language,
#  commitments: (description, owner, due in days, status))
_MEETINGS: list[tuple[int, str, str, str, int, list[str], str, str, list[tuple[str, str, int, str]]]] = [
    (
        10,
        "listening_session",
        "Listening session at the Riverside Community Center",
        "Riverside",
        34,
        ["so", "ar", "en"],
        "Parents worry about children's safety on the way home from school; several do not know how to "
        "report a theft.",
        "en",
        [
            ("Ask the city for a crossing guard at Fifth and Main", "Daniel Reyes", 14, "open"),
            ("Hold a session in Somali on how to report a crime", "Hana Ali", 30, "in_progress"),
        ],
    ),
    (
        4,
        "town_hall",
        "Old Town town hall on street lighting",
        "Old Town",
        58,
        ["zh-Hans", "en"],
        "老城区夜间照明不足，商户希望增加巡逻。",
        "zh-Hans",
        [("Share the lighting request with public works", "Daniel Reyes", 21, "open")],
    ),
]

# What an ambassador brings back from the neighborhoods (anonymous: no contact named).
_FEEDBACK: list[dict[str, object]] = [
    {
        "topic": "Traffic stops",
        "sentiment": "negative",
        "text": "Young drivers in Cedar Hill say they are stopped often and not told why.",
        "text_language": "en",
        "neighborhood": "Cedar Hill",
    },
    {
        "topic": "Partido de fútbol",
        "sentiment": "positive",
        "text": "Los jóvenes disfrutaron el partido con la policía y quieren repetirlo.",
        "text_language": "es",
        "neighborhood": "Mission Flats",
    },
]


def _contact_fields(
    person: tuple[str, str | None, str | None, list[str], str, str, bool, str | None],
    index: int,
    today: dt.date,
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
    if index in _CONSENT_TO_SHARE:
        days_ago, method = _CONSENT_TO_SHARE[index]
        given_on = today - dt.timedelta(days=days_ago)
        fields["consent_share"] = {
            "granted": True,
            "given_on": given_on.isoformat(),
            "method": method,
            "scope": "referrals",
        }
    return {name: value for name, value in fields.items() if value is not None}


def fill_demo_records(store: RecordStore, *, now: Callable[[], dt.datetime] | None = None) -> int:
    """An officer's sample records, written through the services: the service directory, contacts,
    encounters, referrals and meetings with their commitments. Returns the number of contacts made."""
    from liaison_desktop.services.workspace import Workspace

    workspace = Workspace(store) if now is None else Workspace(store, clock=now)
    directory_loaded = True
    try:
        workspace.directory.load_sample_directory()
    except (ServiceError, OSError) as error:  # the sample directory is optional for the demo
        directory_loaded = False
        log.warning("demo: sample directory not loaded (%s)", type(error).__name__)
    today = workspace.context.today()
    contact_ids = workspace.contacts.import_many(
        [_contact_fields(person, index, today) for index, person in enumerate(_PEOPLE)]
    )
    _fill_encounters(workspace, contact_ids)
    if directory_loaded:
        _fill_referrals(workspace, contact_ids)
    _fill_meetings(workspace)
    return len(contact_ids)


def fill_ambassador_feedback(store: RecordStore, *, now: Callable[[], dt.datetime] | None = None) -> int:
    """An ambassador's sample feedback (their own records, the only ones they write); returns how many."""
    from liaison_desktop.services.workspace import Workspace

    workspace = Workspace(store) if now is None else Workspace(store, clock=now)
    for fields in _FEEDBACK:
        workspace.feedback.record(dict(fields))
    return len(_FEEDBACK)


def _fill_referrals(workspace: Workspace, contact_ids: list[str]) -> None:
    from liaison_desktop.services.directory import sample_id

    for person, service_key, reason, language, sent in _REFERRALS:
        referral_id = workspace.referrals.create(
            contact_ids[person],
            sample_id(service_key),
            reason=reason,
            reason_language=language,
            follow_up_on=workspace.context.today() + dt.timedelta(days=10),
        )
        if sent:
            workspace.referrals.send(referral_id)


def _fill_meetings(workspace: Workspace) -> None:
    today = workspace.context.today()
    for days_ago, kind, title, neighborhood, attendance, languages, concerns, language, promises in _MEETINGS:
        meeting_id = workspace.meetings.create(
            {
                "kind": kind,
                "title": title,
                "held_on": today - dt.timedelta(days=days_ago),
                "neighborhood": neighborhood,
                "attendance_count": attendance,
                "languages": languages,
                "concerns": concerns,
                "concerns_language": language,
            }
        )
        for description, owner, due_in_days, status in promises:
            workspace.meetings.add_commitment(
                meeting_id,
                description,
                owner=owner,
                due_on=today + dt.timedelta(days=due_in_days),
                status=status,
            )


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
