"""The columns of a contacts spreadsheet, in the app's five languages: which field a header names, and
how a cell is read into a field and written from one.

Import and export share this one vocabulary, so a file the app exported is understood when imported
again, in whichever of the five languages it was written. A header is compared after folding (case,
accents, Arabic vowel marks and letter variants, punctuation and spaces), first exactly against every
synonym, then by similarity (rapidfuzz) and by containment ("Mobile phone" holds "phone"); each field
takes at most one column, the best.

Headers that name immigration status or anything like it are never offered for import, not even into
the notes: the app does not hold such data, by design (see `services/contacts.py`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from babel import Locale
from babel.core import get_global
from rapidfuzz import fuzz

from liaison_protocol.records import COMMUNITY_ROLES, FieldProblem

from . import languages

LANGUAGES = ("en", "es", "fr", "ar", "zh")
FULL_NAME = "full_name"  # not a field: split into given and family name at the first space

# The fields an import fills and an export writes, in the order an export writes them.
FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "preferred_name",
    "phone",
    "email",
    "languages",
    "neighborhood",
    "address",
    "organization",
    "community_role",
    "interpreter_needed",
    "tags",
    "notes",
    "notes_language",
)
TARGETS: tuple[str, ...] = (*FIELDS, FULL_NAME)

# field -> language -> words people head the column with; the first is what an export writes.
HEADER_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "given_name": {
        "en": ("Given name", "First name", "Forename", "Given names", "First names"),
        "es": ("Nombre", "Nombres", "Nombre de pila", "Primer nombre"),
        "fr": ("Prénom", "Prénoms"),
        "ar": ("الاسم الأول", "اسم"),
        "zh": ("名", "名字"),
    },
    "family_name": {
        "en": ("Family name", "Last name", "Surname"),
        "es": ("Apellidos", "Apellido", "Primer apellido"),
        "fr": ("Nom de famille", "Nom"),
        "ar": ("اسم العائلة", "العائلة", "اسم الأسرة", "الكنية"),
        "zh": ("姓", "姓氏"),
    },
    "preferred_name": {
        "en": ("Preferred name", "Known as", "Nickname"),
        "es": ("Nombre preferido", "Apodo", "Conocido como"),
        "fr": ("Nom d'usage", "Nom préféré", "Surnom"),
        "ar": ("الاسم المفضل", "اللقب"),
        "zh": ("常用名", "昵称", "偏好名称"),
    },
    "phone": {
        "en": ("Phone", "Telephone", "Phone number", "Mobile", "Cell", "Cell phone", "Tel"),
        "es": ("Teléfono", "Número de teléfono", "Móvil", "Celular"),
        "fr": ("Téléphone", "Numéro de téléphone", "Portable", "Tél"),
        "ar": ("الهاتف", "رقم الهاتف", "هاتف", "الجوال", "الموبايل"),
        "zh": ("电话", "电话号码", "手机", "手机号", "手机号码"),
    },
    "email": {
        "en": ("Email", "E-mail", "Email address", "Mail"),
        "es": ("Correo electrónico", "Correo"),
        "fr": ("Courriel", "Adresse e-mail", "Adresse électronique", "Mél"),
        "ar": ("البريد الإلكتروني", "الإيميل", "البريد"),
        "zh": ("电子邮件", "邮箱", "电子邮箱"),
    },
    "languages": {
        "en": ("Languages", "Language", "Spoken languages"),
        "es": ("Idiomas", "Idioma", "Lenguas"),
        "fr": ("Langues", "Langue", "Langues parlées"),
        "ar": ("اللغات", "اللغة"),
        "zh": ("语言", "使用语言"),
    },
    "neighborhood": {
        "en": ("Neighborhood", "Neighbourhood", "District", "Area"),
        "es": ("Barrio", "Colonia", "Vecindario", "Zona"),
        "fr": ("Quartier", "Secteur"),
        "ar": ("الحي", "المنطقة"),
        "zh": ("街区", "社区", "小区"),
    },
    "address": {
        "en": ("Address", "Street address", "Home address"),
        "es": ("Dirección", "Domicilio"),
        "fr": ("Adresse", "Adresse postale"),
        "ar": ("العنوان",),
        "zh": ("地址", "住址"),
    },
    "organization": {
        "en": ("Organization", "Organisation", "Group"),
        "es": ("Organización", "Entidad"),
        "fr": ("Organisation", "Association"),
        "ar": ("المنظمة", "الجهة", "المؤسسة"),
        "zh": ("组织", "机构", "单位"),
    },
    "community_role": {
        "en": ("Community role", "Role"),
        "es": ("Rol en la comunidad", "Rol", "Función"),
        "fr": ("Rôle dans la communauté", "Rôle"),
        "ar": ("الدور في المجتمع", "الدور"),
        "zh": ("社区角色", "角色"),
    },
    "interpreter_needed": {
        "en": ("Interpreter needed", "Needs interpreter", "Interpreter"),
        "es": ("Necesita intérprete", "Intérprete"),
        "fr": ("Besoin d'un interprète", "Interprète"),
        "ar": ("يحتاج إلى مترجم", "مترجم"),
        "zh": ("需要口译", "需要翻译", "口译"),
    },
    "tags": {
        "en": ("Tags", "Tag", "Labels"),
        "es": ("Etiquetas",),
        "fr": ("Étiquettes", "Mots-clés"),
        "ar": ("الوسوم", "وسوم"),
        "zh": ("标签",),
    },
    "notes": {
        "en": ("Notes", "Note", "Comments"),
        "es": ("Notas", "Comentarios", "Observaciones"),
        "fr": ("Remarques", "Commentaires"),
        "ar": ("ملاحظات", "الملاحظات"),
        "zh": ("备注", "说明", "注释"),
    },
    "notes_language": {
        "en": ("Notes language", "Language of notes"),
        "es": ("Idioma de las notas",),
        "fr": ("Langue des notes",),
        "ar": ("لغة الملاحظات",),
        "zh": ("备注语言",),
    },
    FULL_NAME: {
        "en": ("Full name", "Name"),
        "es": ("Nombre completo",),
        "fr": ("Nom complet",),
        "ar": ("الاسم الكامل", "الاسم"),
        "zh": ("姓名", "全名"),
    },
}

# Words that mark a column as immigration status or the like: never imported (see the module doc).
PROTECTED_HEADER_WORDS: tuple[str, ...] = (
    "immigration",
    "visa",
    "legal status",
    "citizenship",
    "residency status",
    "undocumented",
    "asylum",
    "refugee status",
    "alien number",
    "green card",
    "migratorio",
    "migratoria",
    "ciudadania",
    "indocumentado",
    "asilo",
    "migratoire",
    "titre de sejour",
    "sans papiers",
    "citoyennete",
    "asile",
    "الهجرة",
    "الوضع القانوني",
    "التأشيرة",
    "الجنسية",
    "اللجوء",
    "移民",
    "签证",
    "身份状态",
    "国籍",
    "庇护",
)

YES_WORDS = (
    "yes",
    "y",
    "true",
    "1",
    "x",
    "si",
    "s",
    "oui",
    "o",
    "vrai",
    "نعم",
    "اجل",
    "是",
    "是的",
    "需要",
    "有",
)
NO_WORDS = ("no", "n", "false", "0", "non", "faux", "لا", "否", "不", "不需要", "无", "没有")
# What an export writes for yes and no, per language.
YES_NO: dict[str, tuple[str, str]] = {
    "en": ("yes", "no"),
    "es": ("sí", "no"),
    "fr": ("oui", "non"),
    "ar": ("نعم", "لا"),
    "zh": ("是", "否"),
}

# community role -> language -> words; the first is what an export writes.
ROLE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "resident": {
        "en": ("resident",),
        "es": ("residente", "vecino", "vecina"),
        "fr": ("habitant", "habitante", "résident", "résidente"),
        "ar": ("مقيم", "ساكن"),
        "zh": ("居民",),
    },
    "faith_leader": {
        "en": ("faith leader", "religious leader", "imam", "pastor", "priest", "rabbi"),
        "es": ("líder religioso", "líder religiosa"),
        "fr": ("responsable religieux", "chef religieux", "responsable religieuse"),
        "ar": ("قائد ديني", "زعيم ديني", "إمام"),
        "zh": ("宗教领袖",),
    },
    "business_owner": {
        "en": ("business owner", "shop owner"),
        "es": ("comerciante", "dueño de negocio", "dueña de negocio"),
        "fr": ("commerçant", "commerçante", "chef d'entreprise"),
        "ar": ("صاحب عمل", "تاجر"),
        "zh": ("企业主", "商户", "店主"),
    },
    "school_staff": {
        "en": ("school staff", "teacher"),
        "es": ("personal escolar", "docente", "maestro", "maestra"),
        "fr": ("personnel scolaire", "enseignant", "enseignante"),
        "ar": ("موظف مدرسة", "معلم", "معلمة"),
        "zh": ("学校职员", "教师", "老师"),
    },
    "community_organizer": {
        "en": ("community organizer", "community organiser"),
        "es": ("organizador comunitario", "organizadora comunitaria"),
        "fr": ("organisateur communautaire", "organisatrice communautaire"),
        "ar": ("منظم مجتمعي", "منظمة مجتمعية"),
        "zh": ("社区组织者",),
    },
    "youth_leader": {
        "en": ("youth leader",),
        "es": ("líder juvenil",),
        "fr": ("animateur jeunesse", "animatrice jeunesse", "responsable jeunesse"),
        "ar": ("قائد شبابي", "قائدة شبابية"),
        "zh": ("青年领袖",),
    },
    "health_worker": {
        "en": ("health worker", "nurse", "doctor"),
        "es": ("promotor de salud", "promotora de salud", "trabajador de salud", "trabajadora de salud"),
        "fr": ("agent de santé", "infirmier", "infirmière", "médecin"),
        "ar": ("عامل صحي", "عاملة صحية", "ممرض", "ممرضة", "طبيب"),
        "zh": ("医务人员", "卫生工作者"),
    },
    "elder": {
        "en": ("elder",),
        "es": ("persona mayor", "anciano", "anciana"),
        "fr": ("aîné", "aînée", "ancien", "ancienne"),
        "ar": ("مسن", "مسنة", "شيخ"),
        "zh": ("长者", "老人"),
    },
    "other": {
        "en": ("other",),
        "es": ("otro", "otra"),
        "fr": ("autre",),
        "ar": ("آخر", "أخرى"),
        "zh": ("其他",),
    },
}
assert set(ROLE_WORDS) == set(COMMUNITY_ROLES)

_LIST_SEPARATORS = re.compile(r"[,;|\n\r、，；،؛]+")
_LANGUAGE_SEPARATORS = re.compile(r"[,;|/\n\r、，；،؛]+")
_NOT_WORD = re.compile(r"[^\w]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Scripts written without spaces between words: a header there is compared by substring.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")

EXACT, SIMILAR, CONTAINED = 100, 90, 80


def fold(text: str) -> str:
    """A header or a word as compared: lower case, no accents or Arabic vowel marks, one spelling of
    the Arabic letters that vary (أ إ آ → ا, ى → ي), words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    kept = kept.replace("ى", "ي")
    return " ".join(_NOT_WORD.sub(" ", kept).split())


def _compact(text: str) -> str:
    return fold(text).replace(" ", "")


@functools.cache
def _synonyms() -> dict[str, list[tuple[str, str]]]:
    """field -> [(folded word, compact word)], every language together, and the field's own name
    (`given_name`), which other programs export."""
    found: dict[str, list[tuple[str, str]]] = {}
    for target, by_language in HEADER_WORDS.items():
        words = [word for words in by_language.values() for word in words] + [target]
        found[target] = [(fold(word), _compact(word)) for word in words]
    return found


def header_score(header: str, target: str) -> int:
    """How surely `header` names `target` (0-100): exactly a synonym, like one (a typo, an inflection),
    or containing one as whole words (as characters in Chinese)."""
    folded, compact = fold(header), _compact(header)
    if not compact:
        return 0
    best = 0
    words = f" {folded} "
    for synonym, synonym_compact in _synonyms()[target]:
        if compact == synonym_compact:
            return EXACT
        if len(compact) >= 5 and fuzz.ratio(compact, synonym_compact) >= SIMILAR:
            best = max(best, SIMILAR)
        elif f" {synonym} " in words or (_CJK.search(synonym) and synonym_compact in compact):
            # Longer synonyms contained say more: "Language of notes" is about notes' language.
            best = max(best, min(CONTAINED + len(synonym_compact), SIMILAR - 1))
    return best


def is_protected(header: str) -> bool:
    """Whether a column holds immigration status or the like (never imported)."""
    folded, compact = f" {fold(header)} ", _compact(header)
    for word in PROTECTED_HEADER_WORDS:
        word_folded = fold(word)
        if f" {word_folded} " in folded or (_CJK.search(word) and word_folded.replace(" ", "") in compact):
            return True
    return False


def guess_mapping(headers: Sequence[str]) -> list[str | None]:
    """The field each column most likely holds (None: not imported). Each field goes to one column at
    most, the one whose header names it most surely; ties go to the leftmost column."""
    candidates = []
    for column, header in enumerate(headers):
        if is_protected(header):
            continue
        for target in TARGETS:
            score = header_score(header, target)
            if score:
                candidates.append((score, -column, target))
    candidates.sort(reverse=True)
    mapping: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for _score, negative_column, target in candidates:
        column = -negative_column
        if mapping[column] is None and target not in taken:
            mapping[column] = target
            taken.add(target)
    return mapping


def mapping_problems(mapping: Sequence[str | None]) -> list[str]:
    """What keeps a mapping from being imported, as stable keys (empty: it can be)."""
    chosen = [target for target in mapping if target]
    problems = []
    if "given_name" not in chosen and FULL_NAME not in chosen:
        problems.append("csv_mapping.no_given_name")
    if len(chosen) != len(set(chosen)):
        problems.append("csv_mapping.field_twice")
    return problems


def export_header(field: str, language: str) -> str:
    """The header an export writes for `field` in `language` (English when the language is not one of
    the five)."""
    words = HEADER_WORDS[field]
    return words.get(language, words["en"])[0]


# -- cells ---------------------------------------------------------------------------------------------


def clean_cell(value: str) -> str | None:
    """A cell as typed: surrounding spaces removed, None when empty, and without the apostrophe an
    export puts before a value a spreadsheet would otherwise run as a formula (`escape_formula`)."""
    value = value.strip()
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        value = value[1:]
    return value or None


def escape_formula(value: str) -> str:
    """A value as written into a CSV cell: a leading = + - @ would make Excel or LibreOffice run it as a
    formula (a name typed as `=HYPERLINK(...)` by someone else), so it gets an apostrophe first."""
    return "'" + value if value.startswith(_FORMULA_START) else value


@functools.cache
def _language_names() -> dict[str, str]:
    """A language's name in any of the five languages (folded) -> its code: "Arabic", "árabe",
    "العربية", "阿拉伯语" -> `ar`."""
    names: dict[str, str] = {}
    # The code records use for a language CLDR names only as a regional variant: Dari is `fa_AF` in
    # CLDR, `prs` in the app (see `languages`).
    preferred = {target: code for code, target in get_global("language_aliases").items() if "_" in target}
    # Plain languages first, then CLDR's names of regional variants.
    for regional in (False, True):
        for locale in ("en", "es", "fr", "ar", "zh_Hans"):
            for code, name in Locale.parse(locale).languages.items():
                if ("_" in code) != regional:
                    continue
                try:
                    canonical = languages.normalize(preferred.get(code, code))
                except languages.InvalidLanguage:
                    continue
                names.setdefault(fold(name), canonical)
    return names


def read_language(field: str, text: str) -> tuple[str | None, FieldProblem | None]:
    """A language written as a code (`ar`, `zh-Hans`) or a name in one of the five languages."""
    if languages.is_valid(text):
        return languages.normalize(text), None
    code = _language_names().get(fold(text))
    if code:
        return code, None
    return None, FieldProblem(field, "language.unknown", {"code": text[:40]})


def read_languages(field: str, text: str) -> tuple[list[str], FieldProblem | None]:
    codes: list[str] = []
    for part in _LANGUAGE_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        code, problem = read_language(field, part)
        if problem:
            return [], problem
        if code not in codes:
            codes.append(code)  # type: ignore[arg-type]
    return codes, None


def read_list(text: str) -> list[str]:
    items: list[str] = []
    for part in _LIST_SEPARATORS.split(text):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    return items


@functools.cache
def _yes_no() -> dict[str, bool]:
    words = {fold(word): True for word in YES_WORDS}
    words.update({fold(word): False for word in NO_WORDS})
    return words


def read_yes_no(field: str, text: str) -> tuple[bool | None, FieldProblem | None]:
    answer = True if text.strip() in ("✓", "✔") else _yes_no().get(fold(text))
    if answer is None:
        return None, FieldProblem(field, "csv.not_yes_no")
    return answer, None


@functools.cache
def _role_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for role, by_language in ROLE_WORDS.items():
        words[fold(role)] = role
        for names in by_language.values():
            for name in names:
                words.setdefault(fold(name), role)
    return words


def read_role(field: str, text: str) -> tuple[str | None, FieldProblem | None]:
    role = _role_words().get(fold(text))
    if role is None:
        return None, FieldProblem(field, "csv.unknown_role", {"choices": list(COMMUNITY_ROLES)})
    return role, None


def split_full_name(text: str) -> tuple[str, str | None]:
    """Given name and family name from one cell, split at the first space ("María González López" →
    María / González López); a name without a space (王小明) is all given name."""
    parts = text.split(None, 1)
    return parts[0], (parts[1] if len(parts) > 1 else None)


def read_cells(
    cells: Sequence[str], mapping: Sequence[str | None]
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The contact fields a row's cells hold under `mapping`, and what could not be read. Values are as
    typed (phones and e-mails are normalised by `contact_fields.prepare_contact` afterwards)."""
    fields: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    full_name = None
    for target, raw in zip(mapping, cells, strict=False):
        if target is None:
            continue
        text = clean_cell(raw)
        if text is None:
            continue
        problem = None
        if target == FULL_NAME:
            full_name = text
        elif target == "languages":
            fields[target], problem = read_languages(target, text)
        elif target == "notes_language":
            fields[target], problem = read_language(target, text)
        elif target == "tags":
            fields[target] = read_list(text)
        elif target == "interpreter_needed":
            fields[target], problem = read_yes_no(target, text)
        elif target == "community_role":
            fields[target], problem = read_role(target, text)
        else:
            fields[target] = text
        if problem:
            problems.append(problem)
            fields.pop(target, None)
    if full_name:
        given, family = split_full_name(full_name)
        fields.setdefault("given_name", given)
        if family:
            fields.setdefault("family_name", family)
    return fields, problems
