"""`liaison-server`: run the server and manage accounts from a shell.

Every command fails with one clear line on stderr and exit code 2 on bad input (unknown team, role or
user, duplicate names, an unusable database URL), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import ipaddress
import json
import os
import ssl
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from liaison_protocol.error_codes import RevocationKind
from liaison_protocol.records import ROLES
from liaison_protocol.server_audit import SERVER_AUDIT_ACTIONS, ServerAuditAction
from liaison_server import accounts, erasure, migrations, retention, server_audit
from liaison_server.core.config import (
    DB_ENV,
    WEAK_ARGON2_FOR_TESTS_ENV,
    Settings,
    SettingsError,
    argon2_from_env,
)
from liaison_server.core.security import password_hasher
from liaison_server.db import make_engine, session_factory

EXIT_BAD_INPUT = 2


class CliError(Exception):
    """Bad input: printed as one line, exit code 2."""


def _settings(args: argparse.Namespace) -> Settings:
    try:
        return Settings.from_env(args.db)
    except SettingsError as exc:
        raise CliError(str(exc)) from None


@contextmanager
def _database(args: argparse.Namespace, *, migrate: bool = True) -> Iterator[tuple[Engine, Settings]]:
    settings = _settings(args)
    engine = make_engine(settings.db_url)
    try:
        if migrate:
            migrations.upgrade(engine)
        yield engine, settings
    except OperationalError as exc:
        raise CliError(f"cannot use the database: {str(exc.orig or exc).strip().splitlines()[0]}") from None
    finally:
        engine.dispose()


@contextmanager
def _session(args: argparse.Namespace) -> Iterator[Session]:
    with _database(args) as (engine, _settings_):
        with session_factory(engine)() as session:
            try:
                yield session
                session.commit()
            except accounts.AccountError as exc:
                session.rollback()
                raise CliError(str(exc)) from None


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if password.endswith("\r"):
            password = password[:-1]
        if not password:
            raise CliError("no password on standard input")
        return password
    first = getpass.getpass("Password: ")
    second = getpass.getpass("Password (again): ")
    if first != second:
        raise CliError("the two passwords differ")
    return first


def _hasher():  # noqa: ANN202 - argon2's PasswordHasher
    try:
        return password_hasher(argon2_from_env())
    except SettingsError as exc:
        raise CliError(str(exc)) from None


def cmd_migrate(args: argparse.Namespace) -> int:
    with _database(args) as (engine, _):
        print(f"database at revision {migrations.current_revision(engine)}")
    return 0


# Tests, benchmarks and the desktop app's demo start servers as child processes; should the parent be
# killed outright, the server must not outlive it. Only honoured when set: a production server never sets it.
EXIT_WITH_PID_ENV = "LIAISON_SERVER_EXIT_WITH_PID"


def _exit_with_watched_process() -> None:
    """Stop the whole server (its process group: master and workers) once the watched process is gone."""
    raw = os.environ.get(EXIT_WITH_PID_ENV)
    if not raw:
        return
    watched = int(raw)

    def watch() -> None:
        import signal
        import time

        while True:
            try:
                os.kill(watched, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(1)
        # Only a group leader (started in a session of its own) takes its workers down with it; anything
        # else stops just itself rather than signal a group it does not own.
        stop = os.killpg if os.getpgrp() == os.getpid() else os.kill
        target = os.getpid()
        stop(target, signal.SIGTERM)
        time.sleep(5)
        stop(target, signal.SIGKILL)

    import threading

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


# TLS 1.2 suites: forward secret (ECDHE) and authenticated encryption (AES-GCM, ChaCha20-Poly1305) only.
# uvicorn's default ("TLSv1") let OpenSSL offer a CBC suite first. TLS 1.3 suites are all AEAD and are not
# affected by this string. Mozilla's "intermediate" profile, minus its DHE suites.
TLS12_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from liaison_server.worker import GRACEFUL_SHUTDOWN_S, SUPERVISOR_PID_ENV  # FastAPI: serve only

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        raise CliError("--ssl-certfile and --ssl-keyfile go together")
    for path in (args.ssl_certfile, args.ssl_keyfile):
        if path and not os.path.isfile(path):
            raise CliError(f"no such file: {path}")
    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    with _database(args) as (_engine, settings):
        pass
    if settings.argon2.weak_for_tests and not _is_loopback(args.host):
        raise CliError(
            f"{WEAK_ARGON2_FOR_TESTS_ENV} is for tests on this computer only: serve on 127.0.0.1, or unset it"
        )
    # Workers are separate processes built from the import string: the environment is how they learn
    # the database (and every other setting).
    os.environ[DB_ENV] = settings.db_url
    os.environ[SUPERVISOR_PID_ENV] = str(os.getpid())  # workers stop by themselves once it is gone
    _exit_with_watched_process()
    scheme = "https" if args.ssl_certfile else "http"
    print(f"liaison-server listening on {scheme}://{args.host}:{args.port}", file=sys.stderr, flush=True)
    uvicorn.run(
        "liaison_server.worker:create_worker_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
        ssl_version=ssl.PROTOCOL_TLS_SERVER,  # TLS 1.2 and 1.3 (Python's minimum is TLS 1.2)
        ssl_ciphers=TLS12_CIPHERS,
        access_log=False,
        log_level="info",
        server_header=False,  # no "server: uvicorn": what runs behind the port helps only an attacker
        timeout_keep_alive=settings.keep_alive_s,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )
    return 0


def cmd_create_team(args: argparse.Namespace) -> int:
    with _session(args) as session:
        team = accounts.create_team(session, args.name)
        print(team.id)
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    password = _read_password(args)
    hasher = _hasher()
    with _session(args) as session:
        user = accounts.create_user(
            session,
            hasher,
            username=args.username,
            role=args.role,
            team_names=args.team,
            password=password,
            display_name=args.display_name or "",
        )
        print(user.id)
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    password = _read_password(args)
    hasher = _hasher()
    with _session(args) as session:
        accounts.reset_password(session, hasher, args.username, password)  # audited there
        print(f"password reset for {args.username}; its devices must sign in again", file=sys.stderr)
    return 0


def _seed_document(text: str) -> tuple[list[str], list[dict[str, object]]]:
    """The teams and users of a `seed` document, checked for shape (the account rules come later)."""
    try:
        document = json.loads(text)
    except ValueError:
        raise CliError("the seed document on standard input is not JSON") from None
    teams = document.get("teams", []) if isinstance(document, dict) else None
    users = document.get("users", []) if isinstance(document, dict) else None
    if not isinstance(teams, list) or not all(isinstance(name, str) for name in teams):
        raise CliError('the seed document needs "teams": a list of team names')
    if not isinstance(users, list) or not all(isinstance(user, dict) for user in users):
        raise CliError('the seed document needs "users": a list of objects')
    for user in users:
        missing = [key for key in ("username", "role", "password") if not isinstance(user.get(key), str)]
        if missing or not isinstance(user.get("teams"), list):
            raise CliError('each seed user needs "username", "role", "password" and "teams"')
    return teams, users


def cmd_seed(args: argparse.Namespace) -> int:
    """Teams and users from a JSON document on stdin, made only where missing, so it can run again."""
    teams, users = _seed_document(sys.stdin.read())
    hasher = _hasher()
    made: dict[str, dict[str, str]] = {"teams": {}, "users": {}}
    with _session(args) as session:
        for name in teams:
            try:
                team = accounts.team_by_name(session, name)
            except accounts.AccountError:
                team = accounts.create_team(session, name)
            made["teams"][team.name] = team.id
        for spec in users:
            username = str(spec["username"])
            try:
                user = accounts.user_by_name(session, username)
            except accounts.AccountError:
                user = accounts.create_user(
                    session,
                    hasher,
                    username=username,
                    role=str(spec["role"]),
                    team_names=[str(name) for name in spec["teams"]],
                    password=str(spec["password"]),
                    display_name=str(spec.get("display_name") or ""),
                )
            made["users"][user.username] = user.id
    print(json.dumps(made, sort_keys=True))
    return 0


def _when(ms: int | None) -> str:
    if ms is None:
        return "-"
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def cmd_list_devices(args: argparse.Namespace) -> int:
    with _session(args) as session:
        rows = accounts.list_devices(session, username=args.user)
        print("\t".join(("device_id", "user", "name", "status", "issued", "last_seen")))
        for row in rows:
            d = row.device
            print(
                "\t".join(
                    (d.id, row.username, d.name or "-", row.status, _when(d.issued_ms), _when(d.last_seen_ms))
                )
            )
    return 0


def cmd_revoke_device(args: argparse.Namespace) -> int:
    with _session(args) as session:
        device = accounts.revoke_device(session, args.device_id, args.kind)
        first = "it pushes its unsent changes, then " if args.kind == RevocationKind.OFFBOARDING else ""
        print(f"revoked {device.id}; on its next contact {first}it erases its data", file=sys.stderr)
    return 0


def cmd_disable_user(args: argparse.Namespace) -> int:
    with _session(args) as session:
        accounts.set_disabled(session, args.username, True)
        print(f"disabled {args.username}: its devices are refused from now on", file=sys.stderr)
    return 0


def cmd_enable_user(args: argparse.Namespace) -> int:
    with _session(args) as session:
        accounts.set_disabled(session, args.username, False)
        print(f"enabled {args.username}: it may sign in again", file=sys.stderr)
    return 0


def _moment(text: str | None, option: str) -> int | None:
    """An ISO 8601 date or time (UTC unless it says otherwise) as epoch milliseconds."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option}: not an ISO 8601 date or time: {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


AUDIT_COLUMNS = ("at", "action", "actor", "subject", "device", "address", "details")


def cmd_audit(args: argparse.Namespace) -> int:
    """The server's own audit trail, oldest first; printing it is itself recorded (`audit_exported`)."""
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    where_user = None
    with _session(args) as session:
        if args.user is not None:
            where_user = accounts.user_by_name(session, args.user).id
        where = server_audit.AuditFilter(
            actions=args.action or None,
            user_id=where_user,
            device_id=args.device,
            address=args.address,
            since_ms=_moment(args.since, "--since"),
            until_ms=_moment(args.until, "--until"),
        )
        rows = server_audit.read(session, where, limit=args.limit)
        server_audit.record(
            session, ServerAuditAction.AUDIT_EXPORTED, accounts.now_ms(), events=len(rows), format=args.format
        )
        if args.format == "json":
            for row in rows:
                e = row.event
                print(
                    json.dumps(
                        {
                            "id": e.id,
                            "at_ms": e.at_ms,
                            "action": e.action,
                            "actor_user_id": e.actor_user_id,
                            "actor_username": row.actor_username,
                            "actor_device_id": e.actor_device_id,
                            "subject_user_id": e.subject_user_id,
                            "subject_username": row.subject_username,
                            "subject_device_id": e.subject_device_id,
                            "client_address": e.client_address,
                            "details": e.details or {},
                        },
                        sort_keys=True,
                    )
                )
            return 0
        print("\t".join(AUDIT_COLUMNS))
        for row in rows:
            e = row.event
            details = ",".join(f"{key}={value}" for key, value in sorted((e.details or {}).items()))
            print(
                "\t".join(
                    (
                        _when(e.at_ms),
                        e.action,
                        row.actor_username or "-",
                        row.subject_username or "-",
                        e.subject_device_id or e.actor_device_id or "-",
                        e.client_address or "-",
                        details or "-",
                    )
                )
            )
    return 0


@contextmanager
def _retention_session(args: argparse.Namespace) -> Iterator[Session]:
    """A session whose administrator mistakes (unknown type, record or contact) are one clear line."""
    with _session(args) as session:
        try:
            yield session
        except (retention.RetentionError, erasure.ErasureError) as exc:
            session.rollback()
            raise CliError(str(exc)) from None


def cmd_retention(args: argparse.Namespace) -> int:
    """Show, set or clear the retention period of a record type."""
    with _retention_session(args) as session:
        if args.action != "show":
            if args.record_type is None:
                raise CliError(f"retention {args.action}: name a record type")
            if args.action == "set" and args.months is None:
                raise CliError("retention set: --months is required")
            months = args.months if args.action == "set" else None
            retention.set_policy(session, args.record_type, months, accounts.now_ms())
        print("record_type\tmonths")
        for record_type, months in sorted(retention.policies(session).items()):
            print(f"{record_type}\t{months}")
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    """Place, lift or list legal holds."""
    with _retention_session(args) as session:
        if args.action == "list":
            print("record_id\tplaced\treason")
            for hold in retention.holds(session):
                print(f"{hold.record_id}\t{_when(hold.placed_ms)}\t{hold.reason or '-'}")
            return 0
        if args.record_id is None:
            raise CliError(f"hold {args.action}: name a record id")
        if args.action == "add":
            retention.add_hold(session, args.record_id, args.reason or "", accounts.now_ms())
            print(f"{args.record_id} is on legal hold: no retention purge removes it", file=sys.stderr)
        else:
            retention.remove_hold(session, args.record_id, accounts.now_ms())
            print(f"{args.record_id} is no longer on legal hold", file=sys.stderr)
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Remove the records past their retention period (run daily from cron); prints counts by type."""
    now = _moment(args.as_of, "--as-of") if args.as_of else accounts.now_ms()
    assert now is not None
    with _retention_session(args) as session:
        report = retention.purge_expired(session, now)
    print(json.dumps({"purged": report.counts(), "total": report.total}, sort_keys=True))
    return 0


def cmd_contact_export(args: argparse.Namespace) -> int:
    """Everything held about one contact, as readable JSON (to a file with --output)."""
    with _retention_session(args) as session:
        document = erasure.export_contact(session, args.contact_id, accounts.now_ms())
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True)
    if args.output:
        descriptor = os.open(args.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    else:
        print(text)
    return 0


def cmd_contact_erase(args: argparse.Namespace) -> int:
    """Erase one contact and everything about them, on the server and, by sync, on every device."""
    with _retention_session(args) as session:
        actor = accounts.user_by_name(session, args.operator).id if args.operator else None
        session.commit()  # the look-up's transaction ends: the erasure opens a writing one
        report = erasure.erase_contact(session, args.contact_id, accounts.now_ms(), actor_user_id=actor)
    print(json.dumps({"purged": report.purged, "kept_encounters": report.kept_encounters}, sort_keys=True))
    if report.kept_encounters:
        print(
            "notes kept for their other participants (their text may still name this person; have their"
            " authors correct them): " + ", ".join(report.kept_encounters),
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="liaison-server", description="The Liaison sync server.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument(
            "--db", help=f"database URL (default: ${DB_ENV}, else an SQLite file in the data directory)"
        )
        command.set_defaults(handler=handler)
        return command

    serve = add("serve", cmd_serve, "Migrate the database, then serve the API.")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--ssl-certfile")
    serve.add_argument("--ssl-keyfile")

    add("migrate", cmd_migrate, "Bring the database schema up to date.")

    team = add("create-team", cmd_create_team, "Create a team; prints its id.")
    team.add_argument("name")

    user = add("create-user", cmd_create_user, "Create a user; prints its id.")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=ROLES)
    user.add_argument(
        "--team", required=True, action="append", help="team name; repeat for several (first: primary)"
    )
    user.add_argument("--display-name")
    user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    reset = add(
        "reset-password", cmd_reset_password, "Set a new password; the user's devices must sign in again."
    )
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true")

    add(
        "seed",
        cmd_seed,
        "Create teams and users from a JSON document on standard input "
        '({"teams": [...], "users": [{"username", "role", "teams", "password", "display_name"}]}); '
        "those that exist are kept. Prints the ids as JSON.",
    )

    devices = add("list-devices", cmd_list_devices, "List registered devices.")
    devices.add_argument("--user")

    revoke = add(
        "revoke-device", cmd_revoke_device, "Revoke a device; it is told to wipe on its next contact."
    )
    revoke.add_argument("device_id")
    revoke.add_argument(
        "--kind",
        choices=[kind.value for kind in RevocationKind],
        default=RevocationKind.LOST_DEVICE.value,
        help="lost_device (default): erase at once; offboarding: push unsent changes first, then erase",
    )

    disable = add(
        "disable-user", cmd_disable_user, "Disable an account: its tokens stop at once, it cannot sign in."
    )
    disable.add_argument("username")
    enable = add("enable-user", cmd_enable_user, "Enable a disabled account again.")
    enable.add_argument("username")

    audit = add(
        "audit",
        cmd_audit,
        "Print the server's own audit trail (sign-ins, throttling, resets, revocations, wipes, admin "
        "reads), oldest first. Filters combine.",
    )
    audit.add_argument(
        "--action", action="append", choices=sorted(SERVER_AUDIT_ACTIONS), help="repeat for several"
    )
    audit.add_argument("--user", help="events by or about this username")
    audit.add_argument("--device", help="events by or about this device id")
    audit.add_argument("--address", help="events from this client address")
    audit.add_argument("--since", help="from this ISO 8601 date or time (UTC unless given)")
    audit.add_argument("--until", help="before this ISO 8601 date or time")
    audit.add_argument("--limit", type=int, default=10_000)
    audit.add_argument("--format", choices=("table", "json"), default="table", help="json: one object a line")

    kept = add(
        "retention",
        cmd_retention,
        "Show, set or clear how many months records of a type are kept after their last activity "
        "(none set: kept for ever). Children (events, amendments, reviews) follow their parent.",
    )
    kept.add_argument("action", choices=("show", "set", "clear"))
    kept.add_argument("record_type", nargs="?", choices=retention.RETAINABLE_TYPES)
    kept.add_argument("--months", type=int)

    hold = add("hold", cmd_hold, "Place, lift or list legal holds: a held record survives every purge.")
    hold.add_argument("action", choices=("add", "remove", "list"))
    hold.add_argument("record_id", nargs="?")
    hold.add_argument("--reason", help="why (a case number; never a resident's data)")

    purge = add(
        "purge",
        cmd_purge,
        "Remove for good the records past their retention period and not on hold; devices remove them "
        "on their next sync. Run it daily (cron); the server does not run it by itself.",
    )
    purge.add_argument("--as-of", help="purge as if it were this ISO 8601 time (tests, dry planning)")

    export = add(
        "contact-export", cmd_contact_export, "Print everything held about one contact as JSON (audited)."
    )
    export.add_argument("contact_id")
    export.add_argument("--output", help="write to this file (created readable by its owner only)")

    erase = add(
        "contact-erase",
        cmd_contact_erase,
        "Erase one contact and everything about them, on the server and on every device (audited).",
    )
    erase.add_argument("contact_id")
    erase.add_argument("--operator", help="the administrator's username, recorded in the audit trail")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except CliError as exc:
        print(f"liaison-server: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SQLAlchemyError as exc:
        print(f"liaison-server: error: database failure ({type(exc).__name__})", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
