"""Figure 9, the UI: what a person waits for in the app's own windows, on a profile of 100,000 contacts and
200,000 encounter notes (Qt offscreen, real widgets, each run a new app process: `ui_client`).

- `ui_unlock_to_list_ms`: the passphrase typed and Enter, to the contact list's first rows painted
  (Argon2id with the product's default parameters included);
- `ui_jump_to_row_ms`: the list scrolled to row 90,000 (and four rows near it, each on a page not read
  yet), to those rows painted with their contacts;
- `ui_search_keystroke_p95_ms`: "heating" typed into the search field a key at a time; keystroke to the
  results painted, less the field's deliberate 150 ms pause; the 95th percentile of a run;
- `ui_open_contact_ms`: a contact with 50 timeline entries opened, to its page painted;
- `ui_peak_rss_mb`: the app process's peak resident memory through all of the above.

Start-up to the first window is figure 3's `first_window_ms`. Each figure is the median over runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore

from .app_services import record_store_importer
from .context import BenchContext
from .data_generator import GeneratedRecord, record_id
from .results import Figure, FigureSpec, Target, median, percentile
from .stores import BENCH_ACTOR

UNLOCK = FigureSpec("ui_unlock_to_list_ms", "9. UI: unlock -> contact list painted", "ms", Target("<=", 1000))
JUMP = FigureSpec("ui_jump_to_row_ms", "9. UI: jump to row 90,000 -> painted", "ms", Target("<=", 50))
KEYSTROKE = FigureSpec(
    "ui_search_keystroke_p95_ms", "9. UI: search keystroke -> results painted (p95)", "ms", Target("<=", 100)
)
CONTACT = FigureSpec(
    "ui_open_contact_ms", "9. UI: open a contact with 50 timeline entries", "ms", Target("<=", 100)
)
MEMORY = FigureSpec("ui_peak_rss_mb", "9. UI: peak resident memory of the app", "MB", Target("<=", 300))
FIGURES = (UNLOCK, JUMP, KEYSTROKE, CONTACT, MEMORY)

PASSPHRASE = "correct horse battery staple 7"
QUERY = "heating"
TIMELINE_ENTRIES = 50
CLIENT_TIMEOUT_S = 300


def _busy_contact_notes(busy_contact: str, seed: int, count: int) -> list[GeneratedRecord]:
    """`count` encounter notes with one participant, the busy contact: a resident the officer has met
    every week for a year."""
    return [
        GeneratedRecord(
            "encounter",
            record_id(seed, "busy-encounter", index),
            {
                "occurred_at": f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}T10:00:00+00:00",
                "kind": "home_visit",
                "participant_ids": [busy_contact],
                "summary": f"Weekly visit {index + 1}: heating repaired, children back at school.",
                "summary_language": "en",
                "status": "submitted",
            },
        )
        for index in range(count)
    ]


def _profile(ctx: BenchContext) -> tuple[Path, str, str]:
    """A laptop profile (default Argon2id) holding the run's contacts and notes, written by the bench
    officer; returns (data directory, profile id, the busy contact's id)."""
    data_dir = ctx.fresh_dir("ui")
    profiles = LaptopProfiles(data_dir)
    unlocked, _recovery = profiles.create_profile("Bench Officer", PASSPHRASE)
    profile_id = unlocked.profile_id
    contacts = ctx.data.contacts()
    busy = contacts[0].record_id
    try:
        store = RecordStore(unlocked.engine, BENCH_ACTOR)
        record_store_importer(store, "contact").run(contacts)
        record_store_importer(store, "encounter").run(
            ctx.data.encounters() + _busy_contact_notes(busy, ctx.data.seed, TIMELINE_ENTRIES)
        )
    finally:
        unlocked.close()
    # The session writes and reads as the officer who wrote these records.
    profiles.update_header(
        profile_id, user_id=BENCH_ACTOR.user_id, role=BENCH_ACTOR.role, team_id=BENCH_ACTOR.team_id
    )
    return data_dir, profile_id, busy


def _client_run(data_dir: Path, profile_id: str, busy: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.ui_client", str(data_dir), profile_id, PASSPHRASE, busy, QUERY],
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT_S,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    if result.returncode != 0:
        # Qt's offscreen platform notes what it cannot do on every window; they are not the error.
        errors = "\n".join(line for line in result.stderr.splitlines() if "propagateSizeHints" not in line)
        raise RuntimeError(f"UI client failed ({result.returncode}): {errors[-1500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(ctx: BenchContext) -> list[Figure]:
    data_dir, profile_id, busy = _profile(ctx)
    runs = [_client_run(data_dir, profile_id, busy) for _ in range(ctx.runs)]
    rows = runs[0]["rows"]
    entries = runs[0]["timeline_entries"]
    if entries < TIMELINE_ENTRIES:
        raise AssertionError(f"the busy contact's page showed {entries} entries, not {TIMELINE_ENTRIES}")
    jumps = [ms for run in runs for ms in run["jump_ms"]]  # type: ignore[union-attr]
    keystrokes = [percentile(run["keystroke_ms"], 0.95) for run in runs]  # type: ignore[arg-type]
    return [
        UNLOCK.measured(
            [run["unlock_ms"] for run in runs],  # type: ignore[misc]
            detail=(
                f"{rows} contacts; Argon2id with the default parameters; the profile open (its first "
                f"section shown) after {median([run['opened_ms'] for run in runs]):.0f} ms, then the "
                "contacts section opened at once"  # type: ignore[misc]
            ),
        ),
        JUMP.measured(
            jumps, detail=f"rows 90,000-94,000 of {rows}, each on a page not read yet; median of {len(jumps)}"
        ),
        KEYSTROKE.measured(
            keystrokes,
            detail=(
                f"{QUERY!r} typed a key at a time over {ctx.sizes.encounter} notes; 150 ms debounce "
                f"subtracted; median keystroke {median([ms for r in runs for ms in r['keystroke_ms']]):.0f} ms"  # type: ignore[union-attr]
            ),
        ),
        CONTACT.measured(
            [ms for run in runs for ms in run["contact_ms"]],  # type: ignore[union-attr]
            detail=f"{entries} timeline entries among {ctx.sizes.encounter} notes",
        ),
        MEMORY.measured(
            [run["peak_rss_mb"] for run in runs],  # type: ignore[misc]
            detail="VmHWM of the app process after unlock, jumps, search and contact pages",
        ),
    ]
