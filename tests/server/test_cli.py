"""The `liaison-server` command: each subcommand works, and bad input is one clear line with exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from devkit.server_process import TEST_ENV
from liaison_server.cli import main


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in TEST_ENV.items():
        monkeypatch.setenv(name, value)


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None, monkeypatch=None
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


@pytest.fixture
def db(server_db_url: str, capsys, monkeypatch) -> str:
    assert run(capsys, "create-team", "North", "--db", server_db_url)[0] == 0
    assert run(capsys, "create-team", "South", "--db", server_db_url)[0] == 0
    return server_db_url


def test_migrate_reports_the_revision(server_db_url: str, capsys) -> None:
    assert run(capsys, "migrate", "--db", server_db_url)[:2] == (0, "database at revision 0004")


def test_create_team_prints_its_id_and_refuses_a_duplicate(db: str, capsys) -> None:
    code, out, _ = run(capsys, "create-team", "East", "--db", db)
    assert code == 0 and len(out) == 36
    code, _, err = run(capsys, "create-team", "East", "--db", db)
    assert (code, err) == (2, "liaison-server: error: a team named 'East' already exists")


def test_create_user_with_several_teams_prints_its_id(db: str, capsys, monkeypatch) -> None:
    code, out, _ = run(
        capsys, "create-user", "sofia", "--role", "supervisor", "--team", "North", "--team", "South",
        "--display-name", "Sofia R.", "--password-stdin", "--db", db, stdin="a long password\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0 and len(out) == 36


def test_create_user_asks_for_the_password_twice_without_stdin(db: str, capsys, monkeypatch) -> None:
    answers = iter(["first password", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "create-user", "omar", "--role", "officer", "--team", "North", "--db", db)
    assert (code, err) == (2, "liaison-server: error: the two passwords differ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--role", "officer", "--team", "West"), "no team named 'West' (create it with create-team)"),
        (("--role", "officer", "--team", "North"), None),
    ],
)
def test_create_user_refuses_unknown_teams_and_duplicates(
    db: str, capsys, monkeypatch, args, message
) -> None:
    first = run(
        capsys,
        "create-user",
        "olivia",
        *args,
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
        monkeypatch=monkeypatch,
    )
    if message:
        assert first[0] == 2 and first[2] == f"liaison-server: error: {message}"
        return
    again = run(
        capsys,
        "create-user",
        "olivia",
        *args,
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
        monkeypatch=monkeypatch,
    )
    assert (again[0], again[2]) == (2, "liaison-server: error: the username 'olivia' is taken")


def test_create_user_refuses_a_short_password(db: str, capsys, monkeypatch) -> None:
    code, _, err = run(
        capsys, "create-user", "olivia", "--role", "officer", "--team", "North", "--password-stdin", "--db", db,
        stdin="short\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert (code, err) == (2, "liaison-server: error: a password needs at least 8 characters")


def test_an_unknown_role_is_refused_by_the_parser_with_exit_2(db: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["create-user", "x", "--role", "chief", "--team", "North", "--db", db])
    assert exit_info.value.code == 2
    assert "invalid choice: 'chief'" in capsys.readouterr().err


def test_reset_password_of_an_unknown_user_is_refused(db: str, capsys, monkeypatch) -> None:
    code, _, err = run(
        capsys,
        "reset-password",
        "ghost",
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
        monkeypatch=monkeypatch,
    )
    assert (code, err) == (2, "liaison-server: error: no user named 'ghost'")


def test_list_and_revoke_devices(world, capsys) -> None:
    olivia = world.sign_in("olivia")
    db = world.settings.db_url
    code, out, _ = run(capsys, "list-devices", "--user", "olivia", "--db", db)
    assert code == 0 and olivia.device_id in out and "\tactive\t" in out
    assert run(capsys, "revoke-device", olivia.device_id, "--db", db)[0] == 0
    assert "\trevoked\t" in run(capsys, "list-devices", "--db", db)[1]
    assert world.client.get("/api/v1/me", headers=olivia.headers).json()["error"]["code"] == "device_revoked"
    assert run(capsys, "revoke-device", "no-such-device", "--db", db)[:1] == (2,)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "not a database URL: 'not a url'"),
        ("mysql://localhost/x", "unsupported database 'mysql': use postgresql:// or sqlite:///"),
    ],
)
def test_a_bad_database_url_is_one_clear_line(url: str, message: str, capsys) -> None:
    assert run(capsys, "list-devices", "--db", url)[::2] == (2, f"liaison-server: error: {message}")


def test_an_unreachable_database_is_one_clear_line(capsys) -> None:
    code, _, err = run(capsys, "migrate", "--db", "postgresql://postgres@127.0.0.1:1/none")
    assert code == 2 and err.startswith("liaison-server: error: cannot use the database:")


def test_the_console_command_exits_2_without_a_traceback(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "liaison_server", "create-user", "x", "--role", "officer", "--team", "None",
         "--password-stdin", "--db", f"sqlite:///{tmp_path / 's.db'}"],
        input="a long password\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == "liaison-server: error: no team named 'None' (create it with create-team)"


def test_revoke_device_for_offboarding_says_so_and_tells_the_device(world, capsys) -> None:
    olivia = world.sign_in("olivia")
    code, _, err = run(
        capsys, "revoke-device", olivia.device_id, "--kind", "offboarding", "--db", world.settings.db_url
    )
    assert code == 0 and "pushes its unsent changes" in err
    answer = world.client.get("/api/v1/me", headers=olivia.headers).json()["error"]
    assert answer["details"] == {"kind": "offboarding"}


def test_disable_user_stops_its_tokens_and_enable_user_lets_it_sign_in(world, capsys) -> None:
    olivia = world.sign_in("olivia")
    db = world.settings.db_url
    assert run(capsys, "disable-user", "olivia", "--db", db)[0] == 0
    assert (
        world.client.get("/api/v1/me", headers=olivia.headers).json()["error"]["code"] == "account_disabled"
    )
    assert run(capsys, "enable-user", "olivia", "--db", db)[0] == 0
    assert world.sign_in("olivia").token


def test_disable_user_of_an_unknown_user_is_refused(db: str, capsys) -> None:
    assert run(capsys, "disable-user", "ghost", "--db", db)[::2] == (
        2,
        "liaison-server: error: no user named 'ghost'",
    )


def test_audit_prints_the_servers_events_filtered(world, capsys, monkeypatch) -> None:
    db = world.settings.db_url
    olivia = world.sign_in("olivia")
    world.sign_in("omar")
    run(capsys, "revoke-device", olivia.device_id, "--db", db)
    run(
        capsys,
        "reset-password",
        "omar",
        "--password-stdin",
        "--db",
        db,
        stdin="a long password\n",
        monkeypatch=monkeypatch,
    )
    code, out, _ = run(capsys, "audit", "--user", "olivia", "--db", db)
    lines = out.splitlines()
    assert code == 0 and lines[0].split("\t") == [
        "at",
        "action",
        "actor",
        "subject",
        "device",
        "address",
        "details",
    ]
    assert [line.split("\t")[1] for line in lines[1:]] == ["sign_in_succeeded", "device_revoked"]
    code, out, _ = run(capsys, "audit", "--action", "password_reset", "--format", "json", "--db", db)
    [event] = [json.loads(line) for line in out.splitlines()]
    assert (event["action"], event["subject_username"]) == ("password_reset", "omar")


def test_audit_filters_by_time(world, capsys) -> None:
    db = world.settings.db_url
    world.sign_in("olivia")
    code, out, _ = run(capsys, "audit", "--since", "2999-01-01", "--db", db)
    assert code == 0 and out.splitlines()[1:] == []
    assert run(capsys, "audit", "--until", "yesterday", "--db", db)[::2] == (
        2,
        "liaison-server: error: --until: not an ISO 8601 date or time: 'yesterday'",
    )


def test_printing_the_audit_trail_is_itself_written_to_it(world, capsys) -> None:
    db = world.settings.db_url
    run(capsys, "audit", "--db", db)
    code, out, _ = run(capsys, "audit", "--action", "audit_exported", "--format", "json", "--db", db)
    [event] = [json.loads(line) for line in out.splitlines()]
    assert event["details"] == {"events": 0, "format": "table"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("retention", "set", "encounter"), "--months is required"),
        (("retention", "set", "encounter", "--months", "0"), "--months must be between"),
        (("retention", "set"), "name a record type"),
        (("hold", "add", "00000000-0000-4000-8000-000000000000"), "no record"),
        (("hold", "remove", "00000000-0000-4000-8000-000000000000"), "not on legal hold"),
        (("contact-erase", "not-an-id"), "not a record id"),
        (("contact-export", "00000000-0000-4000-8000-000000000000"), "no contact"),
        (("purge", "--as-of", "next tuesday"), "not an ISO 8601"),
    ],
)
def test_retention_and_erasure_commands_refuse_bad_input_in_one_line(
    server_db_url: str, capsys, argv: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *argv, "--db", server_db_url)
    assert (code, out) == (2, "") and message in err and len(err.splitlines()) == 1


def test_retention_show_lists_the_periods_set(server_db_url: str, capsys) -> None:
    run(capsys, "retention", "set", "encounter", "--months", "24", "--db", server_db_url)
    run(capsys, "retention", "set", "contact", "--months", "60", "--db", server_db_url)
    run(capsys, "retention", "clear", "contact", "--db", server_db_url)
    assert run(capsys, "retention", "show", "--db", server_db_url)[1] == "record_type\tmonths\nencounter\t24"
