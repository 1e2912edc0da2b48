"""What the code asks to translate: every `_()`, `ngettext()` and `N_()` string in `liaison_desktop/`.

The same extraction feeds `make catalogs` (which writes `translations/liaison.pot`) and the catalog tests
(which compare each language's catalog against the code as it is now, not against a template someone
may have forgotten to regenerate). A `# Translators: ...` comment on the line before a call reaches the
translator as a note.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from liaison_desktop.i18n.catalogs import DOMAIN, TRANSLATIONS_DIR

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE_PACKAGE = "liaison_desktop"
TEMPLATE_FILE = TRANSLATIONS_DIR / f"{DOMAIN}.pot"
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "ngettext": (1, 2), "N_": None}
COMMENT_TAGS = ("Translators:",)
PROJECT, VERSION = "Liaison", "0.1"


def extract_template(root: Path = REPO_ROOT, package: str = SOURCE_PACKAGE) -> Catalog:
    """A template catalog (no translations) of every marked string under `root/package`.

    Locations are kept relative to `root` (`liaison_desktop/ui/app.py`) so translators see where a
    string is shown.
    """
    template = Catalog(domain=DOMAIN, project=PROJECT, version=VERSION, fuzzy=False)
    source = root / package
    for filename, lineno, message, comments, context in extract_from_dir(
        source, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=COMMENT_TAGS
    ):
        location = (Path(package, filename).as_posix(), lineno)
        template.add(message, None, [location], auto_comments=comments, context=context)
    return template


def message_ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    """The msgids of a catalog (a plural message as its (singular, plural) pair), header left out."""
    return {message.id for message in catalog if message.id}
