"""A desktop client in its own process, for fault tests that kill it with SIGKILL.

    CLIENT_DB_KEY=<hex> python -m tests.sync.client_process --db PATH --url URL [--pause-apply-s S]

Opens the signed-in profile database, then syncs (retrying transient errors) until one run completes.
It prints a marker line before each push request (`pushing`) and inside each page's apply transaction
(`applying`), so the test can kill it at exactly those moments; with `--pause-apply-s` it holds the apply
transaction open that long after the first change of a page, making "killed mid-apply" a sure thing
rather than a race. Exit status 0 after a complete sync, 3 when it gave up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from sqlalchemy import Connection

from liaison_desktop.store.change_hub import ChangeSet
from liaison_desktop.sync.engine import SyncEngine
from liaison_desktop.sync.errors import TransientError
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.sync.replica import Replica
from liaison_protocol.messages import Change, Mutation, PushResponse
from tests.sync.devices import open_device

KEY_ENV = "CLIENT_DB_KEY"


def _say(marker: str) -> None:
    sys.stdout.write(marker + "\n")
    sys.stdout.flush()


class MarkingClient(SyncClient):
    def push(self, mutations: list[Mutation]) -> PushResponse:
        _say("pushing")
        return super().push(mutations)


class MarkingReplica(Replica):
    """Announces (and optionally stretches) the inside of each page's apply transaction."""

    pause_s = 0.0

    def _apply_change(self, connection: Connection, change: Change, changes: ChangeSet) -> None:
        first_of_page = not changes
        super()._apply_change(connection, change, changes)
        if first_of_page:
            _say("applying")
            if self.pause_s:
                time.sleep(self.pause_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--url", required=True)
    parser.add_argument("--pause-apply-s", type=float, default=0.0)
    parser.add_argument("--attempts", type=int, default=20)
    args = parser.parse_args(argv)
    device = open_device(args.db, bytes.fromhex(os.environ[KEY_ENV]), "child", args.url)
    client = MarkingClient(args.url, token=device.client.token, timeout=(1.0, 2.0))
    replica = MarkingReplica(device.store)
    replica.pause_s = args.pause_apply_s
    engine = SyncEngine(device.store, client, replica=replica, max_batch=7, page_size=10)
    _say("ready")
    try:
        for _ in range(args.attempts):
            try:
                engine.run_once()
            except TransientError:
                time.sleep(0.05)
                continue
            _say("done")
            return 0
        return 3
    finally:
        client.close()
        device.close()


if __name__ == "__main__":
    sys.exit(main())
