"""Importing contacts from a spreadsheet: a preview of every row, a decision per likely duplicate, then
one all-or-nothing write.

1. `read_csv_file` (`csv_reading`) gives the table; `guess_mapping` (`contact_csv_columns`) which field
   each column holds, for the person to correct.
2. `ContactCsvImporter.preview` reads every row under the mapping: the fields it would store (cleaned as
   a form's would be), its problems (a missing given name, a phone or e-mail that is not one, a language
   nobody knows...), the existing contacts it may be (`DuplicateFinder`, as the form asks) and the
   earlier row of the same file it may repeat (same phone, same e-mail or a similar name, compared
   within blocks of names that start alike, so a file of thousands of rows is not compared pair by
   pair).
3. An `ImportPlan` holds a decision per row. A row without problems or duplicates is created; a likely
   duplicate waits for the person: merge it into the existing contact or the earlier row (its values
   fill what that one lacks; nothing already there is overwritten), skip it, or create it anyway. Rows
   with problems are never imported, and are listed.
4. `ContactCsvImporter.run` writes the plan in ONE transaction, in chunks, reporting progress and
   checking a cancel flag between them. A cancel, or any error, raises inside the transaction, which
   rolls everything back: nothing of a cancelled or failed import is stored, queued for sync or logged.
   One transaction holds the database's write lock for the import's length (about a second for 5,000
   rows, see the tests); sync waits that long, which is better than a half-imported file.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import WriteTxn
from liaison_protocol.records import FieldProblem, check_fields

from . import name_keys
from .audit import AuditLog
from .contact_csv_columns import is_protected, mapping_problems, read_cells
from .contact_fields import prepare_contact
from .context import ServiceContext
from .csv_reading import CsvTable
from .duplicates import NAME_THRESHOLD, SAME_EMAIL, SAME_PHONE, SIMILAR_NAME, DuplicateFinder, name_similarity
from .errors import ServiceError, ValidationFailed
from .permissions import Access, require_type

if TYPE_CHECKING:
    from .workspace import Workspace

RECORD = "contact"
CHUNK_ROWS = 200
_LIST_FIELDS = ("languages", "tags")
_SHOWN_FIELDS = ("given_name", "family_name", "preferred_name", "phone", "email")

Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]


class ImportCancelled(ServiceError):
    """The person cancelled; nothing was stored."""

    key = "csv_import.cancelled"


class UndecidedDuplicates(ServiceError):
    """Likely duplicates still wait for a decision. params: count."""

    key = "csv_import.undecided"


class MergeTargetGone(ServiceError):
    """A contact chosen to merge rows into was deleted meanwhile (by a sync); nothing was stored."""

    key = "csv_import.merge_target_gone"


class Action(enum.StrEnum):
    CREATE = "create"
    SKIP = "skip"
    MERGE = "merge"


@dataclass(frozen=True)
class Decision:
    action: Action
    into_contact: str | None = None  # MERGE into this existing contact
    into_row: int | None = None  # MERGE into this earlier row of the file (its index)


CREATE = Decision(Action.CREATE)
SKIP = Decision(Action.SKIP)


@dataclass(frozen=True)
class ExistingMatch:
    """An existing contact a row may be: the finder's match and what to show of that contact."""

    contact_id: str
    score: int
    reasons: tuple[str, ...]
    contact: Mapping[str, Any]  # given_name, family_name, preferred_name, phone, email


@dataclass(frozen=True)
class RowMatch:
    """An earlier row of the same file this row may repeat."""

    index: int
    line: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PreviewRow:
    index: int  # among the file's rows, from 0
    line: int  # the spreadsheet's row number (the header is row 1)
    fields: dict[str, Any]  # cleaned, as they would be stored
    problems: tuple[FieldProblem, ...] = ()
    existing: tuple[ExistingMatch, ...] = ()
    repeats: RowMatch | None = None
    typed: dict[str, Any] = field(default_factory=dict)  # as the file has them (a refused phone shows)

    @property
    def importable(self) -> bool:
        return not self.problems

    @property
    def is_duplicate(self) -> bool:
        return self.importable and bool(self.existing or self.repeats)

    def choices(self) -> list[Decision]:
        """What may be done with this row: merge into each possible match (the closest first), skip, or
        create. A row without problems or duplicates is simply created; a row with problems, nothing."""
        if not self.importable:
            return []
        if not self.is_duplicate:
            return [CREATE]
        merges = [Decision(Action.MERGE, into_contact=match.contact_id) for match in self.existing]
        if self.repeats is not None:
            merges.append(Decision(Action.MERGE, into_row=self.repeats.index))
        return [*merges, SKIP, CREATE]


@dataclass(frozen=True)
class ImportPreview:
    rows: tuple[PreviewRow, ...]
    mapping: tuple[str | None, ...]

    @property
    def ready(self) -> int:
        return sum(1 for row in self.rows if row.importable and not row.is_duplicate)

    @property
    def with_problems(self) -> int:
        return sum(1 for row in self.rows if not row.importable)

    @property
    def duplicates(self) -> int:
        return sum(1 for row in self.rows if row.is_duplicate)


@dataclass(frozen=True)
class NotImported:
    index: int
    line: int
    reason: str  # "problems", "skipped" (a duplicate the person skipped), "merge_target_not_imported"
    fields: dict[str, Any]
    problems: tuple[FieldProblem, ...] = ()


@dataclass(frozen=True)
class ImportSummary:
    created_ids: tuple[str, ...]
    updated_ids: tuple[str, ...]  # existing contacts that took rows' details
    rows_merged: int  # rows merged into existing contacts
    rows_combined: int  # rows merged into an earlier row of the file (one contact for both)
    not_imported: tuple[NotImported, ...]

    @property
    def created(self) -> int:
        return len(self.created_ids)

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.not_imported if row.reason != "problems")

    @property
    def with_problems(self) -> int:
        return sum(1 for row in self.not_imported if row.reason == "problems")


def fill_changes(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """What `extra` adds to `base`: the fields `base` lacks, and list entries it does not have (the
    rule `ContactMerger` follows). Nothing `base` holds is overwritten."""
    changes: dict[str, Any] = {}
    for name, value in extra.items():
        if value in (None, "", [], {}):
            continue
        if name in _LIST_FIELDS:
            joined = list(base.get(name) or [])
            joined += [item for item in value if item not in joined]
            if joined != list(base.get(name) or []):
                changes[name] = joined
        elif base.get(name) in (None, "", [], {}):
            changes[name] = value
    return changes


@dataclass
class _NewContact:
    fields: dict[str, Any]
    rows: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedWrites:
    """What a plan writes: new contacts (each from one row or several combined) and, per existing
    contact, the rows' fields to fill it with, in file order."""

    new: list[dict[str, Any]]
    fills: dict[str, list[dict[str, Any]]]
    rows_merged: int
    rows_combined: int
    not_imported: list[NotImported]


class ImportPlan:
    """A preview and a decision per importable row. Duplicates start undecided."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._decisions: dict[int, Decision] = {
            row.index: CREATE for row in preview.rows if row.importable and not row.is_duplicate
        }

    def decision(self, index: int) -> Decision | None:
        return self._decisions.get(index)

    def decide(self, index: int, decision: Decision) -> None:
        if decision not in self.preview.rows[index].choices():
            raise ValueError(f"row {index} cannot be decided {decision}")
        self._decisions[index] = decision

    def decide_undecided(self, action: Action) -> int:
        """Give every undecided duplicate the same action (merge: into its closest match); how many."""
        count = 0
        for index in self.undecided():
            choices = self.preview.rows[index].choices()
            self._decisions[index] = next(choice for choice in choices if choice.action is action)
            count += 1
        return count

    def undecided(self) -> list[int]:
        return [
            row.index for row in self.preview.rows if row.is_duplicate and row.index not in self._decisions
        ]

    def rows_to_write(self) -> int:
        """How many rows the plan writes (new or merged), for the Import button."""
        return sum(1 for decision in self._decisions.values() if decision.action is not Action.SKIP)

    def writes(self) -> PlannedWrites:
        rows = self.preview.rows
        new: list[_NewContact] = []
        fills: dict[str, list[dict[str, Any]]] = {}
        lands_in: dict[int, tuple[str, Any]] = {}  # row index -> ("new", _NewContact) or ("contact", id)
        not_imported: list[NotImported] = []
        merged = combined = 0
        for row in rows:
            if not row.importable:
                not_imported.append(NotImported(row.index, row.line, "problems", row.fields, row.problems))
                continue
            decision = self._decisions.get(row.index)
            if decision is None:
                raise UndecidedDuplicates(count=len(self.undecided()))
            if decision.action is Action.SKIP:
                not_imported.append(NotImported(row.index, row.line, "skipped", row.fields))
            elif decision.action is Action.CREATE:
                contact = _NewContact(dict(row.fields), [row.index])
                new.append(contact)
                lands_in[row.index] = ("new", contact)
            elif decision.into_contact is not None:
                fills.setdefault(decision.into_contact, []).append(row.fields)
                lands_in[row.index] = ("contact", decision.into_contact)
                merged += 1
            else:
                target = lands_in.get(decision.into_row)  # type: ignore[arg-type]
                if target is None:
                    not_imported.append(
                        NotImported(row.index, row.line, "merge_target_not_imported", row.fields)
                    )
                    continue
                kind, where = target
                if kind == "new":
                    where.fields.update(fill_changes(where.fields, row.fields))
                    where.rows.append(row.index)
                    combined += 1
                else:
                    fills.setdefault(where, []).append(row.fields)
                    merged += 1
                lands_in[row.index] = target
        return PlannedWrites([c.fields for c in new], fills, merged, combined, not_imported)


class ContactCsvImporter:
    def __init__(self, context: ServiceContext, audit: AuditLog, duplicates: DuplicateFinder) -> None:
        self._context = context
        self._audit = audit
        self._duplicates = duplicates

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> ContactCsvImporter:
        return cls(workspace.context, workspace.audit, workspace.duplicates)

    # -- preview -----------------------------------------------------------------------------------------

    def preview(
        self,
        table: CsvTable,
        mapping: Sequence[str | None],
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportPreview:
        """Every row of `table` read under `mapping`, with its problems and likely duplicates."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        mapping = tuple(mapping)
        if len(mapping) != len(table.headers):
            raise ValueError("one mapping entry per column")
        for column, target in enumerate(mapping):
            if target is not None and is_protected(table.headers[column]):
                raise ValueError("a protected column is never imported")
        problems = mapping_problems(mapping)
        if problems:
            raise ValueError(f"the mapping cannot be imported: {problems}")
        region = self._context.settings.default_phone_region
        total = len(table.rows)
        read: list[tuple[int, int, dict[str, Any], tuple[FieldProblem, ...]]] = []
        typed: list[dict[str, Any]] = []
        for index, row in enumerate(table.rows):
            raw, found = read_cells(row.cells, mapping)
            cleaned, more = prepare_contact(raw, region)
            found += more
            seen = {problem.field for problem in found}
            found += [p for p in check_fields(RECORD, cleaned, creating=True) if p.field not in seen]
            read.append((index, row.line, cleaned, tuple(found)))
            typed.append(raw)
        repeats = _repeated_rows([(index, line, fields) for index, line, fields, found in read if not found])
        matches: dict[int, list[Any]] = {}
        find_duplicates = self._duplicates.matcher(sum(1 for *_rest, found in read if not found))
        for done, (index, _line, fields, found) in enumerate(read, start=1):
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if not found:
                matches[index] = find_duplicates(fields)
            if progress is not None and (done % 50 == 0 or done == total):
                progress(done, total)
        shown = self._contacts_shown({match.contact_id for found in matches.values() for match in found})
        rows = tuple(
            PreviewRow(
                index,
                line,
                fields,
                found,
                tuple(
                    ExistingMatch(m.contact_id, m.score, m.reasons, shown.get(m.contact_id, {}))
                    for m in matches.get(index, [])
                ),
                repeats.get(index),
                typed[index],
            )
            for index, line, fields, found in read
        )
        return ImportPreview(rows, mapping)

    def _contacts_shown(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        contact = record_tables[RECORD]
        wanted = sorted(ids)
        shown: dict[str, dict[str, Any]] = {}
        with self._context.store.read() as connection:
            for start in range(0, len(wanted), 500):
                statement = select(contact.c.id, *(contact.c[name] for name in _SHOWN_FIELDS)).where(
                    contact.c.id.in_(wanted[start : start + 500])
                )
                for row in connection.execute(statement).mappings():
                    shown[row["id"]] = {name: row[name] for name in _SHOWN_FIELDS}
        return shown

    # -- import ------------------------------------------------------------------------------------------

    def run(
        self,
        plan: ImportPlan,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportSummary:
        """Write the plan in one transaction; `ImportCancelled` (or any error) leaves nothing stored."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        writes = plan.writes()
        for fields in writes.new:
            problems = check_fields(RECORD, fields, creating=True)
            if problems:  # rows combined into one can exceed a list's limit
                raise ValidationFailed(RECORD, problems)
        total = len(writes.new) + len(writes.fills)
        done = 0

        def step(count: int) -> None:
            nonlocal done
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            done += count
            if progress is not None:
                progress(done, total)

        created: list[str] = []
        updated: list[str] = []
        step(0)
        with self._context.store.write() as txn:
            for start in range(0, len(writes.new), CHUNK_ROWS):
                chunk = writes.new[start : start + CHUNK_ROWS]
                created += txn.insert_many(RECORD, chunk, checked=True)  # checked above and in preview
                step(len(chunk))
            for number, (contact_id, extras) in enumerate(writes.fills.items(), start=1):
                kept_id = self._fill(txn, contact_id, extras)
                if kept_id is not None and kept_id not in updated:
                    updated.append(kept_id)
                if number % CHUNK_ROWS == 0 or number == len(writes.fills):
                    step(number % CHUNK_ROWS or CHUNK_ROWS)
            if cancelled is not None and cancelled():
                raise ImportCancelled()  # a cancel during the last chunk still wins
            if created:
                self._audit.record(txn, "created", RECORD, None, reason=f"import of {len(created)} contacts")
        return ImportSummary(
            tuple(created),
            tuple(updated),
            writes.rows_merged,
            writes.rows_combined,
            tuple(writes.not_imported),
        )

    def _fill(self, txn: WriteTxn, contact_id: str, extras: list[dict[str, Any]]) -> str | None:
        """Fill an existing contact (or the one it was merged into since) from rows; its id if changed."""
        current = txn.get(RECORD, contact_id)
        seen: set[str] = set()
        while current is not None and current.get("merged_into") and current["id"] not in seen:
            seen.add(current["id"])
            current = txn.get(RECORD, current["merged_into"])
        if current is None or current["deleted"]:
            raise MergeTargetGone()
        changes: dict[str, Any] = {}
        for extra in extras:
            changes.update(fill_changes({**current, **changes}, extra))
        if not changes:
            return None
        txn.update(RECORD, current["id"], changes)
        self._audit.record(txn, "changed", RECORD, current["id"])
        return current["id"]


def _initial(value: Any) -> str | None:
    return name_keys.initial_class(value) if isinstance(value, str) and value.strip() else None


def _repeated_rows(rows: list[tuple[int, int, dict[str, Any]]]) -> dict[int, RowMatch]:
    """Rows that repeat an earlier row of the file: same phone, same e-mail, or names the duplicate
    finder calls similar. Names are compared only within blocks of the same initial sounds (given and
    family name, in either order; a row without a family name against every row sharing its given
    name's), so a large file costs about a comparison per row, not one per pair."""
    by_phone: dict[str, int] = {}
    by_email: dict[str, int] = {}
    by_pair: dict[tuple[str, ...], list[int]] = {}
    by_initial: dict[str, list[int]] = {}  # every row, under each of its names' initials
    without_family: dict[str, list[int]] = {}
    fields_of: dict[int, dict[str, Any]] = {}
    line_of: dict[int, int] = {}
    found: dict[int, RowMatch] = {}
    for index, line, fields in rows:
        reasons: dict[int, set[str]] = {}
        for value, seen, reason in (
            (fields.get("phone"), by_phone, SAME_PHONE),
            (fields.get("email"), by_email, SAME_EMAIL),
        ):
            if value and value in seen:
                reasons.setdefault(seen[value], set()).add(reason)
        given, family = _initial(fields.get("given_name")), _initial(fields.get("family_name"))
        pair = tuple(sorted(initial for initial in (given, family) if initial))
        if given is not None and family is not None:
            candidates = set(by_pair.get(pair, [])) | set(without_family.get(given, []))
            candidates |= set(without_family.get(family, []))
        elif given is not None:
            candidates = set(by_initial.get(given, []))
        else:
            candidates = set()
        for other in candidates:
            if name_similarity(fields, fields_of[other]) >= NAME_THRESHOLD:
                reasons.setdefault(other, set()).add(SIMILAR_NAME)
        if reasons:
            first = min(reasons)
            found[index] = RowMatch(first, line_of[first], tuple(sorted(reasons[first])))
        fields_of[index], line_of[index] = fields, line
        for value, seen in ((fields.get("phone"), by_phone), (fields.get("email"), by_email)):
            if value:
                seen.setdefault(value, index)
        if pair:
            by_pair.setdefault(pair, []).append(index)
        for initial in set(pair):
            by_initial.setdefault(initial, []).append(index)
        if given is not None and family is None:
            without_family.setdefault(given, []).append(index)
    return found
