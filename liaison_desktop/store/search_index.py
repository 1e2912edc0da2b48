"""Full-text search inside the encrypted database (SQLite FTS5).

FTS5's `unicode61` tokenizer folds case and Latin accents, but it keeps Arabic diacritics (so "مُحَمَّد"
would not match "محمد") and treats a run of Chinese characters as one token (so "住房" inside "住房援助"
would not match). Text is therefore prepared before it is indexed and before it is searched: Arabic
harakat, tatweel and alef/yeh variants are folded, and every CJK character becomes a token of its own, so
a Chinese query becomes a phrase of adjacent characters. Snippets come from the prepared text; the spaces
put between CJK characters are taken out again for display.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
_CJK = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul syllables
)
_CJK_CHAR = re.compile(f"([{_CJK}])")
_CJK_SPACED = re.compile(f"(?<=[{_CJK}])([\x01\x02]*) +([\x01\x02]*)(?=[{_CJK}])")
# Every character `prepare` changes after NFKC is in the Arabic block or a CJK range.
_FOLDED_SCRIPTS = re.compile(f"[\u0600-\u06ff{_CJK}]")
_QUERY_TOKEN = re.compile(r"[\w\u0600-\u06ff" + _CJK + "]+", re.UNICODE)

HIT_START, HIT_END = "\x01", "\x02"
# Best first: title matches weigh four times body matches.
_RANKING = "bm25(4.0, 1.0)"

# Which fields make the title (shown as the hit's heading) and which the body, per record type.
TITLE_FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("given_name", "family_name", "preferred_name"),
    "encounter": (),
    "amendment": (),
    "meeting": ("title",),
    "commitment": (),
    "feedback": ("topic",),
}
BODY_FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("organization", "notes"),
    "encounter": ("summary",),
    "amendment": ("text",),
    "meeting": ("concerns",),
    "commitment": ("description",),
    "feedback": ("text",),
}
INDEXED_TYPES = frozenset(TITLE_FIELDS)
# Translations are searchable too: a Spanish note found by its English translation.
TRANSLATED_TYPES = frozenset({"encounter", "meeting", "feedback"})


def prepare(value: str) -> str:
    """Text as it is stored in, and searched against, the index."""
    if value.isascii():  # NFKC, Arabic folding and CJK spacing all leave ASCII as it is: skip them
        return value
    folded = unicodedata.normalize("NFKC", value)
    if not _FOLDED_SCRIPTS.search(folded):  # e.g. Spanish or French: nothing Arabic or CJK to fold
        return folded
    folded = _ARABIC_MARKS.sub("", folded).translate(_ARABIC_FOLD)
    return _CJK_CHAR.sub(r" \1 ", folded)


def _documents(record_type: str, fields: dict[str, Any]) -> tuple[str, str]:
    title = " ".join(str(fields[f]) for f in TITLE_FIELDS[record_type] if fields.get(f))
    parts = [str(fields[f]) for f in BODY_FIELDS[record_type] if fields.get(f)]
    if record_type in TRANSLATED_TYPES and isinstance(fields.get("translations"), dict):
        parts.extend(str(v) for v in fields["translations"].values() if v)
    return prepare(title), prepare("\n".join(parts))


def index_records(
    connection: Connection, record_type: str, rows: Iterable[dict[str, Any]], *, fresh: bool = False
) -> None:
    """(Re)index records of one type; each row holds `id`, `deleted` and the record's fields.

    `fresh` says none of the records can be indexed yet (they were inserted under their primary key in
    this very transaction), which skips looking for old entries to remove.
    """
    if record_type not in INDEXED_TYPES:
        return
    rows = list(rows)
    if not rows:
        return
    if not fresh:
        _remove(connection, [row["id"] for row in rows])
    live = [row for row in rows if not row.get("deleted")]
    if not live:
        return
    # Rowids are assigned here, as SQLite would (largest + 1), rather than read back with a second query:
    # callers hold the write transaction, so nobody else can take them meanwhile.
    first = connection.exec_driver_sql("SELECT coalesce(max(rowid), 0) + 1 FROM search_doc").scalar_one()
    connection.exec_driver_sql(
        "INSERT INTO search_doc (rowid, record_type, record_id) VALUES (?, ?, ?)",
        [(first + n, record_type, row["id"]) for n, row in enumerate(live)],
    )
    connection.exec_driver_sql(
        "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)",
        [(first + n, *_documents(record_type, row)) for n, row in enumerate(live)],
    )


def remove_records(connection: Connection, record_ids: Iterable[str]) -> None:
    _remove(connection, list(record_ids))


def _remove(connection: Connection, ids: list[str]) -> None:
    if not ids:
        return
    params = {"ids": _json_list(ids)}
    connection.execute(
        text(
            "DELETE FROM search_index WHERE rowid IN "
            "(SELECT rowid FROM search_doc WHERE record_id IN (SELECT value FROM json_each(:ids)))"
        ),
        params,
    )
    connection.execute(
        text("DELETE FROM search_doc WHERE record_id IN (SELECT value FROM json_each(:ids))"), params
    )


def _json_list(values: list[str]) -> str:
    import json

    return json.dumps(values)


def build_query(user_text: str) -> str | None:
    """An FTS5 MATCH expression for what a person typed, or None when there is nothing to search.

    Words are ANDed; the last word is a prefix (search as you type); a run of CJK characters is a phrase.
    User input never reaches FTS5 syntax unquoted, so `"`, `*`, `OR`, `NEAR` are plain text.
    """
    tokens = _QUERY_TOKEN.findall(prepare(user_text))
    if not tokens:
        return None
    terms: list[str] = []
    cjk_run: list[str] = []

    def flush() -> None:
        if cjk_run:
            terms.append('"' + " ".join(cjk_run) + '"')
            cjk_run.clear()

    for token in tokens:
        if _CJK_CHAR.fullmatch(token):
            cjk_run.append(token)
        else:
            flush()
            terms.append('"' + token.replace('"', "") + '"')
    flush()
    if terms[-1].startswith('"') and not _CJK_CHAR.search(terms[-1]):
        terms[-1] = terms[-1] + "*"
    return " AND ".join(terms)


@dataclass(frozen=True)
class SearchHit:
    record_type: str
    record_id: str
    title: str
    snippet_html: str  # HTML-escaped text with the matched words in <b>…</b>
    rank: float


def search(
    connection: Connection, user_text: str, *, limit: int = 50, record_types: Iterable[str] | None = None
) -> list[SearchHit]:
    """Best matches first (FTS5 bm25, with the title weighted above the body)."""
    query = build_query(user_text)
    if query is None:
        return []
    kinds = sorted(set(record_types)) if record_types else None
    sql = (
        "SELECT d.record_type, d.record_id, search_index.title, "
        f"snippet(search_index, 1, '{HIT_START}', '{HIT_END}', '…', 12) AS snip, "
        f"snippet(search_index, 0, '{HIT_START}', '{HIT_END}', '…', 12) AS tsnip, "
        "search_index.rank AS rank "
        "FROM search_index JOIN search_doc d ON d.rowid = search_index.rowid "
        # Ranking through FTS5's own `rank` column (the same bm25 weights) lets FTS5 sort the matches
        # itself, so snippets are made only for the rows returned; with `ORDER BY bm25(...)` SQLite made
        # them for every match before sorting (bench figure 4: snippets were most of a query's time).
        f"WHERE search_index MATCH :q AND search_index.rank MATCH '{_RANKING}' "
    )
    params: dict[str, Any] = {"q": query, "limit": limit}
    if kinds:
        sql += "AND d.record_type IN (SELECT value FROM json_each(:kinds)) "
        params["kinds"] = _json_list(kinds)
    sql += "ORDER BY search_index.rank LIMIT :limit"
    hits = []
    for record_type, record_id, title, snip, tsnip, rank in connection.execute(text(sql), params):
        shown = snip if HIT_START in (snip or "") else (tsnip or snip or "")
        hits.append(SearchHit(record_type, record_id, _display(title or ""), _highlight(shown), float(rank)))
    return hits


def _display(prepared: str) -> str:
    joined = _CJK_SPACED.sub(r"\1\2", prepared).replace(HIT_END + HIT_START, "")
    return re.sub(r"\s+", " ", joined).strip()


def _highlight(snippet: str) -> str:
    shown = html.escape(_display(snippet))
    return shown.replace(HIT_START, "<b>").replace(HIT_END, "</b>")


def rebuild(connection: Connection, fetch_rows) -> None:  # noqa: ANN001 - callable(record_type) -> rows
    """Recreate the whole index from the record tables (used by migrations)."""
    connection.execute(text("DELETE FROM search_index"))
    connection.execute(text("DELETE FROM search_doc"))
    for record_type in sorted(INDEXED_TYPES):
        index_records(connection, record_type, fetch_rows(record_type))
