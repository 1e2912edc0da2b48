"""Full-text search inside the encrypted database (SQLite FTS5).

The index holds each record's title and body folded for searching (`search_fold`); what a hit shows, its
title and snippet, is cut from the record's text as it was written (`search_snippets`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, literal_column, select, text

from .models import record_tables
from .search_fold import CJK_CHAR, CJK_RANGES, prepare
from .search_snippets import QueryWords, opening_html, snippet_html

_QUERY_TOKEN = re.compile(r"[\w\u0600-\u06ff" + CJK_RANGES + "]+", re.UNICODE)

# Best first: title matches weigh four times body matches.
_RANKING = "bm25(4.0, 1.0)"

# Which fields make the title (shown as the hit's heading) and which the body, per record type.
TITLE_FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("given_name", "family_name", "preferred_name"),
    "encounter": (),
    "amendment": (),
    "meeting": ("title",),
    "commitment": (),
    "after_action_review": ("title",),
    "after_action_commitment": (),
    "feedback": ("topic",),
}
BODY_FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("organization", "notes"),
    "encounter": ("summary",),
    "amendment": ("text",),
    "meeting": ("concerns",),
    "commitment": ("description",),
    "after_action_review": ("what_happened", "lessons"),
    "after_action_commitment": ("description",),
    "feedback": ("text",),
}
INDEXED_TYPES = frozenset(TITLE_FIELDS)
# Translations are searchable too: a Spanish note found by its English translation.
TRANSLATED_TYPES = frozenset({"encounter", "meeting", "feedback", "after_action_review"})


def _texts(record_type: str, fields: dict[str, Any]) -> tuple[str, str]:
    """A record's title and body as written (the body followed by its translations)."""
    title = " ".join(str(fields[f]) for f in TITLE_FIELDS[record_type] if fields.get(f))
    parts = [str(fields[f]) for f in BODY_FIELDS[record_type] if fields.get(f)]
    if record_type in TRANSLATED_TYPES and isinstance(fields.get("translations"), dict):
        parts.extend(str(v) for v in fields["translations"].values() if v)
    return title, "\n".join(parts)


def _documents(record_type: str, fields: dict[str, Any]) -> tuple[str, str]:
    title, body = _texts(record_type, fields)
    return prepare(title), prepare(body)


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


def _too_short_to_rank(query: str) -> bool:
    """One typed letter (`"h"*`): it matches most of the notes, and scoring them all took 300 ms per
    keystroke over 200,000 notes (bench figure 9) for an order that means little. Such a query lists the
    newest matches instead; from the second letter on, hits are ranked."""
    return query.endswith('"*') and query.count('"') == 2 and len(query) == 4


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
        if CJK_CHAR.fullmatch(token):
            cjk_run.append(token)
        else:
            flush()
            terms.append('"' + token.replace('"', "") + '"')
    flush()
    if terms[-1].startswith('"') and not CJK_CHAR.search(terms[-1]):
        terms[-1] = terms[-1] + "*"
    return " AND ".join(terms)


@dataclass(frozen=True)
class SearchHit:
    record_type: str
    record_id: str
    title: str
    snippet_html: str  # HTML-escaped text with the matched words in <b>…</b>
    rank: float
    on: str = ""  # the record's own date, ISO (a note's day, a meeting's, an incident's); "" if none
    people: tuple[str, ...] = ()  # who was there (a note's participants), by the names lists show


def search(
    connection: Connection, user_text: str, *, limit: int = 50, record_types: Iterable[str] | None = None
) -> list[SearchHit]:
    """Best matches first (FTS5 bm25, with the title weighted above the body)."""
    query = build_query(user_text)
    if query is None:
        return []
    kinds = sorted(set(record_types)) if record_types else None
    ranked = not _too_short_to_rank(query)
    sql = (
        f"SELECT d.record_type, d.record_id, {'search_index.rank' if ranked else '0.0'} AS rank "
        "FROM search_index JOIN search_doc d ON d.rowid = search_index.rowid "
        # Ranking through FTS5's own `rank` column (the same bm25 weights) lets FTS5 sort the matches
        # itself and stop at the limit; with `ORDER BY bm25(...)` SQLite scored every match first.
        f"WHERE search_index MATCH :q AND search_index.rank MATCH '{_RANKING}' "
    )
    params: dict[str, Any] = {"q": query, "limit": limit}
    if kinds:
        sql += "AND d.record_type IN (SELECT value FROM json_each(:kinds)) "
        params["kinds"] = _json_list(kinds)
    sql += f"ORDER BY {'search_index.rank' if ranked else 'search_index.rowid DESC'} LIMIT :limit"
    found = connection.execute(text(sql), params).all()
    originals = _originals(connection, [(record_type, record_id) for record_type, record_id, _rank in found])
    words = QueryWords.of(user_text)
    hits = []
    for record_type, record_id, rank in found:
        title, body = _texts(record_type, originals.get(record_id, {}))
        shown = snippet_html(body, words) or snippet_html(title, words) or opening_html(body or title)
        hits.append(SearchHit(record_type, record_id, " ".join(title.split()), shown, float(rank)))
    return hits


def _originals(connection: Connection, keys: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """The indexed fields of these records as stored, by id (one query per record type)."""
    ids_by_type: dict[str, list[str]] = {}
    for record_type, record_id in keys:
        ids_by_type.setdefault(record_type, []).append(record_id)
    originals: dict[str, dict[str, Any]] = {}
    for record_type, ids in ids_by_type.items():
        table = record_tables[record_type]
        names = TITLE_FIELDS[record_type] + BODY_FIELDS[record_type]
        names += ("translations",) if record_type in TRANSLATED_TYPES else ()
        rows = connection.execute(
            select(table.c.id, *(table.c[name] for name in names)).where(
                table.c.id.in_(select(literal_column("value")).select_from(func.json_each(_json_list(ids))))
            )
        ).mappings()
        originals.update({row["id"]: dict(row) for row in rows})
    return originals


def rebuild(connection: Connection, fetch_rows) -> None:  # noqa: ANN001 - callable(record_type) -> rows
    """Recreate the whole index from the record tables (used by migrations)."""
    connection.execute(text("DELETE FROM search_index"))
    connection.execute(text("DELETE FROM search_doc"))
    for record_type in sorted(INDEXED_TYPES):
        index_records(connection, record_type, fetch_rows(record_type))
