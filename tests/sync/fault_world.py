"""Randomized fault rounds: several devices edit offline, sync through a misbehaving network while client
processes are SIGKILLed and the server restarts, then sync to quiescence and are checked.

Some in-process syncs pull in small pages while the person edits a contact after the first page, and
sometimes another device then edits the same field and pushes at once: the first device pulls the newer
value while its own edit is still unpushed, which is what the kept-aside server value in `replica` is for.

Used by `test_fault_rounds.py` (a few rounds) and by `soak.py` (`make soak`, a thousand). Processes are
reused across rounds (one server, one proxy, the devices' databases); only the client processes that are
killed on purpose are started per round, so a round costs about a second.

What is checked after each round (see `check`):
- lost: a mutation written on a device that the server never recorded as applied; a created record
  missing from the server; a field whose newest written value is neither the server's value nor kept in
  a conflict record; a deletion neither applied nor kept as a conflict; anything left in an outbox;
- duplicated: a mutation whose effect shows twice (a contact whose version exceeds the number of
  mutations sent for it, two identical conflict records, a referral timeline longer than what was sent);
- replicas equal: every device holds exactly the server's records (fields, versions, tombstones).
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from devkit.server_process import RunningServer, start_server
from liaison_desktop.sync.engine import SyncProgress
from liaison_desktop.sync.errors import SyncError
from liaison_protocol.records import RECORD_TYPES, REFERRAL_TRANSITIONS
from tests.sync.client_process import KEY_ENV
from tests.sync.devices import Device, create_device
from tests.sync.fault_proxy import FaultPlan, FaultProxy

REPO = Path(__file__).resolve().parents[2]
CHECKED_TYPES = ["contact", "service", "referral", "referral_event", "conflict"]
DEVICE_ROLES = ("officer", "officer2", "supervisor")
EDITABLE_FIELDS = ("given_name", "family_name", "phone", "notes", "tags", "interpreter_needed")
FAULT_TIMEOUT = (1.0, 2.0)  # seconds; the proxy's `late` fault waits just past it
QUIESCE_PASSES = 8


@dataclass
class RoundResult:
    lost: int = 0
    duplicated: int = 0
    equal: bool = True
    problems: list[str] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)


@dataclass
class _Ledger:
    """Every mutation any device wrote, taken from the outboxes before they could be pushed."""

    mutations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def record(self, device: Device) -> None:
        for row in device.outbox_rows():
            self.mutations.setdefault(row["mutation_id"], {**row, "device": device.name})


class FaultWorld:
    """One server (SQLite or PostgreSQL), a fault proxy and three devices, reused across rounds."""

    def __init__(
        self,
        directory: Path,
        db_url: str,
        seed: int,
        *,
        fault_rate: float = 0.35,
        restart_chance: float = 0.15,
        kill_chance: float = 0.4,
    ) -> None:
        self.directory = directory
        self.db_url = db_url
        self.rng = random.Random(seed)
        self.fault_rate = fault_rate
        self.restart_chance = restart_chance
        self.kill_chance = kill_chance
        self.server: RunningServer | None = None
        self.proxy: FaultProxy | None = None
        self.devices: list[Device] = []
        self.ledger = _Ledger()
        self.service_id = ""
        self._server_db = None
        self._counter = 0

    # -- set-up and tear-down ------------------------------------------------------------------------

    def start(self) -> FaultWorld:
        self._start_servers()
        assert self.server is not None and self.proxy is not None
        for role in DEVICE_ROLES:
            device = create_device(self.directory, role, self.server.url, *self.server.credentials(role))
            device.point_at(self.proxy.url)
            device.client.timeout = FAULT_TIMEOUT
            self.devices.append(device)
        with self.devices[-1].store.write() as txn:
            self.service_id = txn.insert("service", {"name": "Legal aid clinic", "category": "legal_aid"})
        self.ledger.record(self.devices[-1])
        self._server_db = create_engine(self.db_url)
        self.quiesce()
        return self

    def _start_servers(self) -> None:
        """The server and the fault proxy the devices reach it through (`test_two_instances` puts two
        servers behind one proxy)."""
        self.server = start_server(self.db_url, self.directory)
        plan = FaultPlan(rate=0.0, late_s=FAULT_TIMEOUT[1] + 0.5)
        self.proxy = FaultProxy(self.server.port, random.Random(self.rng.random()), plan).start()

    def close(self) -> None:
        for device in self.devices:
            device.close()
        if self.proxy is not None:
            self.proxy.stop()
        if self.server is not None:
            self.server.stop()
        if self._server_db is not None:
            self._server_db.dispose()

    # -- one round -----------------------------------------------------------------------------------

    def run_round(self) -> RoundResult:
        result = RoundResult()
        for device in self.devices:
            self._edit_offline(device, self.rng.randint(1, 6))
            self.ledger.record(device)
        self._faulty_phase(result)
        self.quiesce()
        self.check(result)
        return result

    def _value(self, device: Device) -> str:
        self._counter += 1
        return f"{device.name[:2]}{self._counter}"

    def _edit_offline(self, device: Device, operations: int) -> None:
        for _ in range(operations):
            contacts = [cid for cid, row in device.rows("contact").items() if not row["deleted"]]
            referrals = list(device.rows("referral").values())
            action = self.rng.choices(
                ["create", "edit", "delete", "referral", "event"], weights=[3, 5, 1, 1, 1.5]
            )[0]
            with device.store.write() as txn:
                if action == "create" or not contacts:
                    txn.insert("contact", {"given_name": self._value(device), "tags": [self._value(device)]})
                elif action == "edit":
                    self._edit_contact(device, txn, contacts)
                elif action == "delete":
                    txn.delete("contact", self.rng.choice(contacts))
                elif action == "referral":
                    txn.insert(
                        "referral",
                        {
                            "contact_id": self.rng.choice(contacts),
                            "service_id": self.service_id,
                            "reason": self._value(device),
                        },
                    )
                else:
                    self._append_event(device, txn, referrals)

    def _edit_contact(
        self,
        device: Device,
        txn: Any,
        contacts: list[str],
        name: str | None = None,
        contact_id: str | None = None,
    ) -> tuple[str, str]:
        name = name or self.rng.choice(EDITABLE_FIELDS)
        contact_id = contact_id or self.rng.choice(contacts)
        value: Any = self._value(device)
        if name == "tags":
            value = [value]
        elif name == "interpreter_needed":
            value = self.rng.random() < 0.5
        elif name == "phone":
            value = "+1555" + value[-7:].rjust(7, "0")
        txn.update("contact", contact_id, {name: value})
        return contact_id, name

    def _sync_with_an_edit_midway(self, device: Device, result: RoundResult) -> None:
        """Sync in small pages, and (sometimes) let the person edit a contact after the first page: the
        later pages then meet a record with an unpushed edit, which must win locally and must not be
        lost once it is pushed (the shadow in `replica`)."""
        edit_midway = self.rng.random() < 0.5

        def progress(step: SyncProgress) -> None:
            nonlocal edit_midway
            if not edit_midway or step.phase != "pull":
                return
            edit_midway = False
            contacts = [cid for cid, row in device.rows("contact").items() if not row["deleted"]]
            if not contacts:
                return
            with device.store.write() as txn:
                contact_id, name = self._edit_contact(device, txn, contacts)
            self.ledger.record(device)
            result.actions["edit_during_pull"] += 1
            if self.rng.random() < 0.5:
                self._overtake(device, contact_id, name, result)

        device.sync_engine(page_size=3).run_once(progress=progress)

    def _overtake(self, device: Device, contact_id: str, name: str, result: RoundResult) -> None:
        """Another device edits the same field later and pushes at once, while `device` is still
        pulling: `device` pulls the newer value while its own edit is unpushed, and its own edit then
        loses on the server without changing the record. Only the kept-aside server value can bring the
        winner to `device`."""
        other = self.rng.choice([d for d in self.devices if d is not device])
        row = other.rows("contact").get(contact_id)
        if row is None or row["deleted"]:
            return
        with other.store.write() as txn:
            self._edit_contact(other, txn, [], name=name, contact_id=contact_id)
        self.ledger.record(other)
        result.actions["overtaken_during_pull"] += 1
        try:
            other.sync()
        except SyncError:
            result.actions["sync_error"] += 1

    def _append_event(self, device: Device, txn: Any, referrals: list[dict[str, Any]]) -> None:
        """Only a referral's author appends to its timeline here, so every event is a valid transition
        (concurrent transitions are the server's merge tests' business)."""
        mine = [
            row for row in referrals if row["author_id"] == device.store.actor.user_id and not row["deleted"]
        ]
        for row in self.rng.sample(mine, len(mine)):
            status = row["status"] or "draft"
            nexts = sorted(REFERRAL_TRANSITIONS[status])
            if nexts:
                to_status = self.rng.choice(nexts)
                txn.insert(
                    "referral_event",
                    {
                        "referral_id": row["id"],
                        "from_status": status,
                        "to_status": to_status,
                        "note": self._value(device),
                    },
                )
                txn.set_derived("referral", row["id"], {"status": to_status})
                return

    def _faulty_phase(self, result: RoundResult) -> None:
        assert self.proxy is not None and self.server is not None
        self.proxy.set_rate(self.fault_rate)
        restarter = None
        if self.rng.random() < self.restart_chance:
            restarter = threading.Thread(
                target=self._restart_server, args=(self.rng.uniform(0, 0.5), self.rng.random() < 0.5)
            )
            restarter.start()
            result.actions["server_restart"] += 1
        try:
            for device in self.rng.sample(self.devices, len(self.devices)):
                roll = self.rng.random()
                if roll < self.kill_chance / 2:
                    self._killed_client(device, "pushing", result)
                elif roll < self.kill_chance:
                    self._killed_client(device, "applying", result)
                else:
                    result.actions["sync_in_process"] += 1
                    for _ in range(2):
                        try:
                            self._sync_with_an_edit_midway(device, result)
                            break
                        except SyncError:
                            result.actions["sync_error"] += 1
        finally:
            if restarter is not None:
                restarter.join()
            self.proxy.set_rate(0.0)
        for name, count in self.proxy.counts.items():
            result.actions[f"proxy_{name}"] += count
        self.proxy.counts.clear()

    def _restart_server(self, after_s: float, crash: bool) -> None:
        assert self.server is not None
        time.sleep(after_s)
        if crash:
            self.server.kill()
            self.server.start()
        else:
            self.server.restart()

    def _killed_client(self, device: Device, marker: str, result: RoundResult) -> None:
        """Run the device's sync in a child process, SIGKILL it at `marker`, then restart the client:
        here, by opening the same database again in this process (what the app does after a crash),
        which costs no second interpreter start."""
        killed = self._run_child(device, kill_at=marker, pause_apply_s=0.3 if marker == "applying" else 0.0)
        result.actions[f"client_killed_{marker}" if killed else f"client_not_killed_{marker}"] += 1
        device.reopen()
        try:
            device.sync()
        except SyncError:
            result.actions["sync_error"] += 1

    def _run_child(self, device: Device, *, kill_at: str | None, pause_apply_s: float) -> bool:
        assert self.proxy is not None
        env = dict(os.environ, **{KEY_ENV: device.key.hex(), "PYTHONPATH": str(REPO)})
        command = [
            sys.executable,
            "-m",
            "tests.sync.client_process",
            "--db",
            str(device.path),
            "--url",
            self.proxy.url,
            "--pause-apply-s",
            str(pause_apply_s),
        ]
        child = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                lines.put(line.strip())
            lines.put(None)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        killed = False
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                try:
                    line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if line is None:
                    break
                if kill_at is not None and line == kill_at:
                    time.sleep(self.rng.uniform(0, 0.05 if kill_at == "pushing" else 0.25))
                    child.send_signal(signal.SIGKILL)
                    killed = True
                    break
        finally:
            if child.poll() is None and not killed:
                child.send_signal(signal.SIGKILL)
            child.wait(10)
            reader.join(5)
            if child.stdout is not None:
                child.stdout.close()
        return killed

    # -- quiescence and checks -----------------------------------------------------------------------

    def quiesce(self) -> None:
        """Sync every device, without faults, until a whole pass moves nothing."""
        for _ in range(QUIESCE_PASSES):
            moved = 0
            for device in self.devices:
                for attempt in range(20):
                    try:
                        report = device.sync()
                        break
                    except SyncError:
                        if attempt == 19:
                            raise
                        time.sleep(0.1)
                moved += report.pushed + report.pulled
            if moved == 0:
                return
        raise AssertionError("devices did not reach quiescence")

    def server_records(self) -> dict[str, dict[str, dict[str, Any]]]:
        assert self._server_db is not None
        records: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        with self._server_db.connect() as connection:
            for row in connection.execute(
                text(
                    "SELECT record_type, record_id, version, deleted, fields, team_id, author_id, owner_id, "
                    "created_hlc, updated_hlc FROM record"
                )
            ).mappings():
                fields = row["fields"]
                records[row["record_type"]][row["record_id"]] = {
                    **dict(row),
                    "fields": json.loads(fields) if isinstance(fields, str) else fields,
                }
        return records

    def applied_mutation_ids(self) -> set[str]:
        assert self._server_db is not None
        with self._server_db.connect() as connection:
            return set(connection.execute(text("SELECT mutation_id FROM applied_mutation")).scalars())

    def check(self, result: RoundResult) -> None:
        server = self.server_records()
        applied = self.applied_mutation_ids()
        self._check_lost(result, server, applied)
        unsent = applied - set(self.ledger.mutations)
        if unsent:
            result.equal = False
            result.problems.append(f"the server applied {len(unsent)} mutations no device wrote")
        self._check_duplicates(result, server)
        self._check_replicas(result, server)

    def _check_lost(self, result: RoundResult, server: dict, applied: set[str]) -> None:
        for device in self.devices:
            left = device.outbox_rows()
            if left:
                result.lost += len(left)
                result.problems.append(f"{device.name}: {len(left)} mutations still in the outbox")
        newest: dict[tuple[str, str], dict[str, Any]] = {}
        for mutation_id, m in self.ledger.mutations.items():
            if mutation_id not in applied:
                result.lost += 1
                result.problems.append(f"mutation {mutation_id} never applied")
                continue
            record = server.get(m["record_type"], {}).get(m["record_id"])
            if record is None:
                result.lost += 1
                result.problems.append(f"{m['record_type']} {m['record_id']} missing on the server")
                continue
            for name, value in (m["fields"] or {}).items():
                key = (m["record_id"], name)
                if key not in newest or m["hlc"] > newest[key]["hlc"]:
                    newest[key] = {"hlc": m["hlc"], "value": value, "type": m["record_type"]}
            if (
                m["op"] == "delete"
                and not record["deleted"]
                and not self._delete_conflict(server, m["record_id"])
            ):
                result.lost += 1
                result.problems.append(f"delete of {m['record_id']} neither applied nor kept as a conflict")
        for (record_id, name), intent in newest.items():
            record = server[intent["type"]][record_id]
            if record["deleted"] or RECORD_TYPES[intent["type"]].fields[name].server_only:
                continue
            if record["fields"].get(name) == intent["value"]:
                continue
            if not self._in_conflict(server, record_id, name, intent["value"]):
                result.lost += 1
                result.problems.append(f"newest value of {intent['type']}.{name} on {record_id} lost")

    @staticmethod
    def _delete_conflict(server: dict, record_id: str) -> bool:
        return any(
            c["fields"].get("subject_id") == record_id and c["fields"].get("kind") == "delete_edit"
            for c in server.get("conflict", {}).values()
        )

    @staticmethod
    def _in_conflict(server: dict, record_id: str, name: str, value: Any) -> bool:
        for conflict in server.get("conflict", {}).values():
            fields = conflict["fields"]
            if fields.get("subject_id") != record_id:
                continue
            if fields.get("field") == name and value in (
                fields.get("kept_value"),
                fields.get("set_aside_value"),
            ):
                return True
            if (
                fields.get("kind") == "delete_edit"
                and isinstance(fields.get("kept_value"), dict)
                and fields["kept_value"].get(name) == value
            ):
                return True
        return False

    def _check_duplicates(self, result: RoundResult, server: dict) -> None:
        sent_per_record = Counter(m["record_id"] for m in self.ledger.mutations.values())
        for record_id, record in server.get("contact", {}).items():
            if record["version"] > sent_per_record[record_id]:
                result.duplicated += record["version"] - sent_per_record[record_id]
                result.problems.append(
                    f"contact {record_id} at version {record['version']} after "
                    f"{sent_per_record[record_id]} mutations"
                )
        seen = Counter(
            (
                c["fields"].get("subject_id"),
                c["fields"].get("field"),
                c["fields"].get("kind"),
                c["fields"].get("kept_hlc"),
                c["fields"].get("set_aside_hlc"),
            )
            for c in server.get("conflict", {}).values()
        )
        for key, count in seen.items():
            if count > 1:
                result.duplicated += count - 1
                result.problems.append(f"conflict recorded {count} times: {key[:3]}")
        events_sent = Counter(
            m["fields"]["referral_id"]
            for m in self.ledger.mutations.values()
            if m["record_type"] == "referral_event"
        )
        events_held = Counter(e["fields"]["referral_id"] for e in server.get("referral_event", {}).values())
        for referral_id, count in events_held.items():
            if count > events_sent[referral_id]:
                result.duplicated += count - events_sent[referral_id]
                result.problems.append(
                    f"referral {referral_id} has {count} events, {events_sent[referral_id]} sent"
                )

    def _check_replicas(self, result: RoundResult, server: dict) -> None:
        first = self.devices[0].snapshot(CHECKED_TYPES)
        for device in self.devices[1:]:
            other = device.snapshot(CHECKED_TYPES)
            if other != first:
                result.equal = False
                result.problems.append(
                    f"{device.name} differs from {self.devices[0].name}: " + _first_difference(first, other)
                )
        for record_type in CHECKED_TYPES:
            expected = server.get(record_type, {})
            held = first[record_type]
            if set(expected) != set(held):
                result.equal = False
                result.problems.append(
                    f"{record_type}: {len(held)} on devices, {len(expected)} on the server"
                )
                continue
            for record_id, record in expected.items():
                row = held[record_id]
                same = (
                    row["server_version"] == record["version"]
                    and bool(row["deleted"]) == bool(record["deleted"])
                    and row["updated_hlc"] == record["updated_hlc"]
                )
                if same and not record["deleted"]:
                    same = all(
                        row[name] == record["fields"].get(name) for name in RECORD_TYPES[record_type].fields
                    )
                if not same:
                    result.equal = False
                    result.problems.append(f"{record_type} {record_id} differs from the server")


def _first_difference(a: dict, b: dict) -> str:
    for record_type in a:
        for record_id in set(a[record_type]) | set(b[record_type]):
            left, right = a[record_type].get(record_id), b[record_type].get(record_id)
            if left != right:
                if left is None or right is None:
                    return f"{record_type} {record_id} present on one side only"
                keys = [k for k in left if left[k] != right.get(k)]
                return f"{record_type} {record_id} columns {keys}"
    return "?"
