"""Small phrase banks per language, combined by the generator into notes that read like real ones.

Realistic text matters to the benchmark: FTS5 cost depends on token counts and on how often words repeat,
and Arabic (with and without diacritics) and Chinese (one token per character in our index) exercise
other paths of `search_fold.prepare` than Latin text. A note is an opener + one or two concerns + an
action, all from one language, so each language has a vocabulary of a few hundred words, as a precinct's
notes do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PhraseBank:
    """Sentence parts of one language. `{name}` and `{place}` are filled by the generator."""

    language: str
    openers: tuple[str, ...]
    concerns: tuple[str, ...]
    actions: tuple[str, ...]
    places: tuple[str, ...]
    meeting_titles: tuple[str, ...]
    joiner: str = " "


ENGLISH = PhraseBank(
    "en",
    openers=(
        "Met {name} at the {place}.",
        "Phone call with {name} this morning.",
        "{name} came to the station with a neighbor.",
        "Spoke with {name} after the community dinner at the {place}.",
        "Follow-up visit with {name} and her two children.",
        "{name} stopped our patrol near the {place}.",
        "Walk-in: {name} asked for an officer who speaks their language.",
    ),
    concerns=(
        "The landlord has not fixed the heating since November.",
        "Worried about a group of teenagers drinking in the parking lot at night.",
        "Their son was bullied on the school bus again.",
        "Cars speed on the street in front of the elementary school.",
        "A neighbor's dog bit a child and nobody reported it.",
        "The family received a letter they could not read and fear eviction.",
        "Shop owners report broken windows and graffiti on the storefronts.",
        "Elderly residents are afraid to walk to the pharmacy after dark.",
        "There is confusion about how to report a stolen bicycle.",
        "A scam caller pretended to be from the city and asked for money.",
        "The streetlight at the corner has been out for three weeks.",
        "Parents want more crossing guards near the mosque during Friday prayers.",
    ),
    actions=(
        "Referred to the legal aid clinic for tenants.",
        "Agreed to follow up next week with an interpreter.",
        "Gave the family the housing hotline number.",
        "Will raise the speeding issue at the neighborhood council meeting.",
        "Filed a report and explained what happens next.",
        "Connected them with the school liaison.",
        "No further action needed; they were satisfied with the explanation.",
        "Asked the sergeant to schedule extra patrols on weekends.",
    ),
    places=(
        "community center",
        "mosque",
        "library",
        "corner bakery",
        "laundromat",
        "bus stop",
        "church hall",
    ),
    meeting_titles=(
        "Town hall on street safety",
        "Listening session with parents",
        "Neighborhood council: lighting and traffic",
        "Mediated meeting between shop owners and youth workers",
    ),
)

SPANISH = PhraseBank(
    "es",
    openers=(
        "Reunión con {name} en el {place}.",
        "Llamada telefónica con {name} por la mañana.",
        "{name} vino a la comisaría con su vecina.",
        "Hablé con {name} después de la misa en la {place}.",
        "Visita de seguimiento con {name} y sus hijos.",
        "{name} se acercó a la patrulla cerca del {place}.",
    ),
    concerns=(
        "El dueño del edificio no ha reparado la calefacción desde noviembre.",
        "Preocupación por jóvenes que beben en el estacionamiento por la noche.",
        "Su hija sufre acoso en la escuela y tiene miedo de ir sola.",
        "Los coches van muy rápido delante de la escuela primaria.",
        "La familia recibió una carta que no entiende y teme un desalojo.",
        "Los comerciantes denuncian robos y ventanas rotas.",
        "Las personas mayores tienen miedo de caminar a la farmacia de noche.",
        "Un estafador llamó diciendo ser del ayuntamiento y pidió dinero.",
        "La farola de la esquina lleva tres semanas apagada.",
        "No saben cómo denunciar el robo de una bicicleta.",
    ),
    actions=(
        "Derivado a la clínica de asistencia legal para inquilinos.",
        "Acordamos hacer seguimiento la próxima semana con intérprete.",
        "Le di el número de la línea de vivienda.",
        "Lo plantearé en la reunión del consejo vecinal.",
        "Se presentó una denuncia y expliqué los siguientes pasos.",
        "Los puse en contacto con la mediadora escolar.",
    ),
    places=("centro comunitario", "parroquia", "mercado", "parque", "biblioteca", "iglesia"),
    meeting_titles=(
        "Asamblea vecinal sobre seguridad",
        "Sesión de escucha con familias",
        "Consejo de barrio: alumbrado y tráfico",
    ),
)

FRENCH = PhraseBank(
    "fr",
    openers=(
        "Rencontre avec {name} au {place}.",
        "Appel téléphonique avec {name} ce matin.",
        "{name} est venue au commissariat avec une voisine.",
        "Échange avec {name} après la fête de quartier près du {place}.",
        "Visite de suivi chez {name} et ses enfants.",
        "{name} a interpellé la patrouille près du {place}.",
    ),
    concerns=(
        "Le propriétaire n'a pas réparé le chauffage depuis novembre.",
        "Inquiétude au sujet de jeunes qui boivent sur le parking la nuit.",
        "Leur fils est harcelé à l'école et refuse d'y aller.",
        "Les voitures roulent trop vite devant l'école élémentaire.",
        "La famille a reçu un courrier qu'elle ne comprend pas et craint une expulsion.",
        "Les commerçants signalent des vitrines cassées et des tags.",
        "Les personnes âgées ont peur d'aller à la pharmacie le soir.",
        "Un escroc s'est fait passer pour la mairie et a demandé de l'argent.",
        "Le lampadaire du carrefour est éteint depuis trois semaines.",
    ),
    actions=(
        "Orientée vers la permanence juridique pour les locataires.",
        "Nous ferons un suivi la semaine prochaine avec un interprète.",
        "Je leur ai donné le numéro de la ligne logement.",
        "Le sujet sera abordé au conseil de quartier.",
        "Plainte enregistrée, prochaines étapes expliquées.",
        "Mise en relation avec la médiatrice de l'école.",
    ),
    places=("centre social", "marché", "foyer", "square", "café associatif", "gymnase"),
    meeting_titles=(
        "Réunion publique sur la sécurité routière",
        "Séance d'écoute avec les parents",
        "Conseil de quartier : éclairage et circulation",
    ),
)

ARABIC = PhraseBank(
    "ar",
    openers=(
        "التقيت {name} في {place}.",
        "مكالمة هاتفية مع {name} صباح اليوم.",
        "جاء {name} إلى المركز مع أحد الجيران.",
        "تحدثت مع {name} بعد صلاة الجمعة في {place}.",
        "زيارة متابعة لعائلة {name} في المنزل.",
        "أوقف {name} الدورية قرب {place}.",
    ),
    concerns=(
        "لم يُصلح المالك التدفئة منذ شهر نوفمبر.",
        "قلق بشأن شباب يشربون في موقف السيارات ليلاً.",
        "ابنهم يتعرض للتنمّر في المدرسة ويخاف الذهاب وحده.",
        "السيارات تسير بسرعة كبيرة أمام المدرسة الابتدائية.",
        "تلقت العائلة رسالة لا تفهمها وتخشى الطرد من السكن.",
        "أصحاب المحلات يشتكون من تكسير الواجهات والكتابة على الجدران.",
        "كبار السن يخافون المشي إلى الصيدلية بعد حلول الظلام.",
        "اتصل محتال وادّعى أنه من البلدية وطلب مالاً.",
        "مصباح الشارع في الزاوية مطفأ منذ ثلاثة أسابيع.",
        "يطلب الأهالي حراسة عند معبر المدرسة قرب المسجد.",
    ),
    actions=(
        "أحلته إلى عيادة المساعدة القانونية للمستأجرين.",
        "اتفقنا على المتابعة الأسبوع القادم بحضور مترجم.",
        "أعطيت العائلة رقم خط المساعدة السكنية.",
        "سأطرح الموضوع في اجتماع مجلس الحي.",
        "سُجّل بلاغ وشرحت الخطوات التالية.",
        "وصلتهم بمنسقة المدرسة.",
    ),
    places=("المسجد", "المركز المجتمعي", "السوق", "المكتبة العامة", "الحديقة", "المخبز"),
    meeting_titles=(
        "لقاء عام حول سلامة الشوارع",
        "جلسة استماع مع أولياء الأمور",
        "مجلس الحي: الإنارة وحركة المرور",
    ),
)

CHINESE = PhraseBank(
    "zh",
    openers=(
        "在{place}见到了{name}。",
        "今天上午与{name}通了电话。",
        "{name}和邻居一起来到警察局。",
        "社区晚餐后与{name}交谈，地点在{place}。",
        "到{name}家进行回访。",
        "{name}在{place}附近拦下了巡逻车。",
    ),
    concerns=(
        "房东从十一月起一直没有修理暖气。",
        "担心晚上有青少年在停车场喝酒。",
        "他们的儿子在学校被欺负，不敢一个人上学。",
        "小学门口的车开得太快。",
        "一家人收到一封看不懂的信，担心被驱逐。",
        "店主反映橱窗被砸，墙上有涂鸦。",
        "老人天黑后不敢走路去药店。",
        "有骗子冒充市政府打电话要钱。",
        "街角的路灯已经坏了三个星期。",
        "不知道如何报告自行车被盗。",
    ),
    actions=(
        "已转介到租户法律援助诊所。",
        "约定下周带翻译再跟进。",
        "给了他们住房援助热线的电话。",
        "会在社区委员会会议上提出这个问题。",
        "已经立案，并解释了后续步骤。",
        "帮他们联系了学校联络员。",
    ),
    places=("社区中心", "唐人街", "菜市场", "图书馆", "公园", "中文学校"),
    meeting_titles=("街道安全居民大会", "家长倾听会", "社区委员会：照明和交通"),
    joiner="",
)

BANKS: dict[str, PhraseBank] = {bank.language: bank for bank in (ENGLISH, SPANISH, FRENCH, ARABIC, CHINESE)}
# Share of notes per language in a precinct with large Latin American, North African and Chinese communities.
LANGUAGE_WEIGHTS: dict[str, float] = {"en": 0.40, "es": 0.20, "fr": 0.15, "ar": 0.15, "zh": 0.10}

# Names by script. Arabic names also appear transliterated, which is what duplicate detection must handle.
LATIN_GIVEN = (
    "Maria",
    "José",
    "Lucía",
    "Carlos",
    "Ana",
    "Miguel",
    "Sophie",
    "Jean",
    "Aminata",
    "Moussa",
    "Fatou",
    "Omar",
    "Fatima",
    "Youssef",
    "Amina",
    "Karim",
    "Leila",
    "John",
    "Sarah",
    "David",
    "Grace",
    "Samuel",
    "Nadia",
    "Hassan",
    "Wei",
    "Mei",
    "Chen",
    "Lina",
    "Ibrahim",
    "Aisha",
    "Pierre",
    "Chloé",
    "Élodie",
)
LATIN_FAMILY = (
    "García",
    "Rodríguez",
    "Hernández",
    "López",
    "Martínez",
    "Dubois",
    "Diallo",
    "Traoré",
    "Haddad",
    "Benali",
    "El Amrani",
    "Smith",
    "Johnson",
    "Nguyen",
    "Okafor",
    "Mensah",
    "Lefèvre",
    "Moreau",
    "Ramírez",
    "Torres",
    "Bouzid",
    "Chen",
    "Wang",
    "Kowalski",
    "Silva",
)
ARABIC_GIVEN = (
    "محمد",
    "فاطمة",
    "أحمد",
    "خديجة",
    "يوسف",
    "مريم",
    "عمر",
    "ليلى",
    "حسن",
    "نور",
    "إبراهيم",
    "سلمى",
)
ARABIC_FAMILY = ("الحسن", "بن علي", "حداد", "العمراني", "الشامي", "منصور", "السيد", "خليل", "بوزيد")
CHINESE_FAMILY = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周")
CHINESE_GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "艳")

NEIGHBORHOODS = (
    "Eastside",
    "Riverside",
    "Old Market",
    "Chinatown",
    "Little Maghreb",
    "Las Flores",
    "Hillcrest",
    "Station Square",
    "North Park",
    "Harbor View",
)
ORGANIZATIONS = (
    "Riverside Mosque",
    "Iglesia San José",
    "Eastside Tenants Union",
    "Chinese Benevolent Association",
    "Café Atlas",
    "Hillcrest Elementary",
    "Harbor Food Bank",
    "Centre culturel africain",
    None,
    None,
    None,
)
TAGS = ("food-bank", "tenant", "school", "faith", "business", "youth", "elder", "volunteer", "interpreter")
