"""Nothing a person typed is readable on disk: not in the database, its WAL, its shared memory or any
journal, and not in the full-text index that lives inside the same encrypted file."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liaison_desktop.store import search_index
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.store.schema import upgrade_to_head
from liaison_protocol.records import RECORD_TYPES, FieldKind, FieldSpec

LATIN = "ZebraQuokka7319"
ARABIC = "ثعلبالصحراء"
CHINESE = "斑马袋鼠七三"
MARKERS = [LATIN, ARABIC, CHINESE]


def _value(spec: FieldSpec, index: int) -> Any:
    """A valid value for a field, carrying the markers wherever the field holds text."""
    marker = MARKERS[index % len(MARKERS)]
    kind = spec.kind
    if kind is FieldKind.TEXT:
        return f"{LATIN} {marker}"[: spec.max_length or 200]
    if kind is FieldKind.LONG_TEXT:
        return f"Note {LATIN} with {ARABIC} and {CHINESE} inside"
    if kind is FieldKind.TEXT_LIST:
        return [LATIN, ARABIC, CHINESE]
    if kind is FieldKind.TRANSLATIONS:
        return {"ar": ARABIC, "zh-Hans": CHINESE, "en": LATIN}
    if kind is FieldKind.CONSENT:
        return {"granted": True, "scope": LATIN, "method": "verbal", "given_on": "2026-01-01"}
    if kind is FieldKind.CHOICE:
        return spec.choices[0]
    if kind is FieldKind.DATE:
        return "2026-03-01"
    if kind is FieldKind.DATETIME:
        return "2026-03-01T10:00:00+00:00"
    if kind is FieldKind.UUID:
        return str(uuid.uuid4())
    if kind is FieldKind.UUID_LIST:
        return [str(uuid.uuid4())]
    if kind is FieldKind.BOOL:
        return True
    if kind is FieldKind.INT:
        return 12
    if kind is FieldKind.JSON:
        return {"text": f"{LATIN} {ARABIC} {CHINESE}"}
    raise AssertionError(f"no sample value for {kind}")


def _client_fields(record_type: str) -> dict[str, Any]:
    specs = RECORD_TYPES[record_type].fields
    fields = {name: _value(spec, i) for i, (name, spec) in enumerate(specs.items()) if not spec.server_only}
    for name in [n for n in fields if n.endswith("_language")]:
        fields[name] = "ar"
    return fields


def _server_fields(record_type: str) -> dict[str, Any]:
    specs = RECORD_TYPES[record_type].fields
    return {
        name: _value(spec, i)
        for i, (name, spec) in enumerate(specs.items())
        if spec.server_only and spec.kind is not FieldKind.CHOICE and name != "effective"
    }


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()}


def _assert_no_marker(directory: Path) -> None:
    files = _files(directory)
    assert files, "nothing was written"
    for name, content in files.items():
        for marker in MARKERS:
            for encoding in ("utf-8", "utf-16-le"):
                assert marker.encode(encoding) not in content, f"{marker!r} readable in {name} ({encoding})"


@pytest.fixture
def profile(tmp_path):
    directory = tmp_path / "profiles" / "p1"
    directory.mkdir(parents=True)
    engine = open_encrypted_engine(directory / "liaison.db", os.urandom(32))
    upgrade_to_head(engine)
    store = RecordStore(engine, Actor(str(uuid.uuid4()), "officer", str(uuid.uuid4())))
    with store.write() as txn:
        for record_type in RECORD_TYPES:
            record_id = txn.insert(record_type, _client_fields(record_type))
            derived = _server_fields(record_type)
            if derived:
                txn.set_derived(record_type, record_id, derived)
    yield directory, engine
    engine.dispose()


def test_every_record_type_was_written_with_the_markers(profile):
    _, engine = profile
    with engine.connect() as connection:
        for record_type in RECORD_TYPES:
            assert connection.execute(text(f'SELECT count(*) FROM "{record_type}"')).scalar_one() == 1
        assert search_index.search(connection, LATIN), "the markers are in the full-text index"
        assert search_index.search(connection, CHINESE)


def test_markers_are_unreadable_with_the_wal_not_checkpointed(profile):
    directory, engine = profile
    with engine.connect() as connection:
        search_index.search(connection, ARABIC)
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        _assert_no_marker(directory)  # read while the connection is open and the WAL holds the pages


def test_markers_are_unreadable_after_a_checkpoint(profile):
    directory, engine = profile
    with engine.connect() as connection:
        search_index.search(connection, LATIN)
    raw = engine.raw_connection()  # outside SQLAlchemy's transaction: a checkpoint cannot run inside one
    try:
        busy, _, _ = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0
    finally:
        raw.close()
    assert (directory / "liaison.db-wal").stat().st_size == 0
    _assert_no_marker(directory)


def test_markers_are_unreadable_after_the_profile_is_closed(profile):
    directory, engine = profile
    engine.dispose()
    _assert_no_marker(directory)


def test_temporary_data_stays_in_memory(profile):
    _, engine = profile
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA temp_store")).scalar_one() == 2
