"""Adding a profile by signing in: every refusal is said in words next to what it is about, nothing typed is
lost, and nothing is sent before the address, the name and the passphrase are right. Then signing in
again when the server asks for it.

Against a real server process (one per module), a stub server for answers a real server never gives (a
web page, another protocol version) and a TLS server whose certificate comes from a private CA.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import trustme
from PySide6.QtCore import Qt

from devkit.server_process import DEFAULT_PASSWORD, RunningServer, free_port, sqlite_url, start_server
from liaison_desktop.ui.sync.sign_in_dialog import SignInDialog
from liaison_protocol import OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION
from tests.sync.stub_server import StubResponse, StubServer, liaison_health

from .conftest import PASSPHRASE, ExistingProfile
from .sign_in_steps import (
    add_profile_by_signing_in,
    fill_add_profile,
    leave_field,
    module_server,
    open_add_profile,
    submit,
    type_into,
    wait_for_answer,
)

__all__ = ["module_server"]  # a fixture, shared from sign_in_steps

WRONG_CREDENTIALS = (
    "The user name or password is wrong. Check Caps Lock and the keyboard language, then try again."
)


def fill(
    qtbot, dialog, server_url: str, username: str = "olivia", password: str = DEFAULT_PASSWORD, **more
) -> None:  # noqa: ANN001, ANN003, E501
    fill_add_profile(
        qtbot,
        dialog,
        server_url=server_url,
        username=username,
        password=password,
        profile_name=more.pop("profile_name", "Field laptop"),
        **more,
    )


def typed(dialog) -> list[str]:  # noqa: ANN001
    return [
        field.text()
        for field in (
            dialog.server_field,
            dialog.username_field,
            dialog.password_field,
            dialog.name_field,
            dialog.passphrase_field,
            dialog.repeat_field,
        )
    ]


# -- the address ------------------------------------------------------------------------------------------


def test_plain_http_to_another_computer_is_refused_next_to_the_address(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    type_into(qtbot, dialog.server_field, "http://liaison.example.org")
    leave_field(qtbot, dialog.server_field)  # leaving the field checks it
    assert dialog.server_error.isVisible()
    assert dialog.server_error.text().startswith("Use an address that starts with https://.")
    assert "password" in dialog.server_error.text()

    fill(qtbot, dialog, "http://liaison.example.org")
    submit(qtbot, dialog)
    assert dialog.create_button.isEnabled(), "nothing was sent"
    assert dialog.server_error.text().startswith("Use an address that starts with https://.")
    assert window.directory.summaries() == []


def test_text_that_is_not_an_address_is_explained_next_to_it(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    type_into(qtbot, dialog.server_field, "liaison office")
    leave_field(qtbot, dialog.server_field)
    assert dialog.server_error.text().startswith("The address holds spaces")
    type_into(qtbot, dialog.server_field, "liaison.example.org")
    assert dialog.server_error.isHidden(), "typing again clears the old message"
    leave_field(qtbot, dialog.server_field)
    assert dialog.server_error.text().startswith("This is not a server address: it must start with https://")


def test_http_to_this_computer_is_accepted(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    type_into(qtbot, dialog.server_field, "http://127.0.0.1:8000")
    leave_field(qtbot, dialog.server_field)
    assert dialog.server_error.isHidden()


# -- the server's answers ---------------------------------------------------------------------------------


def test_a_wrong_password_is_said_under_the_password_and_nothing_typed_is_lost(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    module_server: RunningServer,
) -> None:
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    fill(qtbot, dialog, module_server.url, password="not the password")
    before = typed(dialog)
    submit(qtbot, dialog)
    wait_for_answer(qtbot, dialog)

    assert dialog.password_error.text() == WRONG_CREDENTIALS
    assert dialog.general_error.isHidden() and dialog.server_error.isHidden()
    assert typed(dialog) == before
    assert dialog.isVisible() and window.directory.summaries() == []


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server of the test's own: failed sign-ins throttle the address they come from (127.0.0.1 here),
    which would hold back the module server's other sign-ins."""
    running = start_server(sqlite_url(tmp_path), tmp_path)
    try:
        yield running
    finally:
        running.stop()


def test_a_locked_out_user_is_told_when_they_can_try_again(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    own_server: RunningServer,
) -> None:
    module_server = own_server
    for _attempt in range(5):  # the server's threshold: then this address waits, 15 s at first
        requests.post(
            f"{module_server.api}/auth/sign-in",
            json={"username": "amara", "password": "guess", "device_name": "elsewhere"},
            timeout=10,
        )
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    fill(qtbot, dialog, module_server.url, username="amara")
    submit(qtbot, dialog)
    wait_for_answer(qtbot, dialog)

    message = dialog.password_error.text()
    assert message.startswith(
        "Too many failed sign-ins for this user. You can try again in less than a minute (at "
    )
    assert window.directory.summaries() == []


def test_an_address_where_nothing_answers_says_the_server_cannot_be_reached(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    fill(qtbot, dialog, f"http://127.0.0.1:{free_port()}")
    submit(qtbot, dialog)
    wait_for_answer(qtbot, dialog)
    assert dialog.general_error.text() == (
        "The server cannot be reached. Check that this laptop is connected to the network, then try again."
    )


def test_an_address_where_something_else_answers_says_it_is_not_a_liaison_server(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
) -> None:
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    with StubServer(StubResponse.html("<h1>Welcome to our intranet</h1>")) as stub:
        fill(qtbot, dialog, stub.url)
        submit(qtbot, dialog)
        wait_for_answer(qtbot, dialog)
    assert dialog.server_error.text().startswith(
        "Something answers at this address, but it is not a Liaison server."
    )
    assert all("sign-in" not in path for _method, path in stub.requests), "no password reached it"


@pytest.mark.parametrize(
    ("server_versions", "expected"),
    [
        ((OLDEST_PROTOCOL_VERSION - 1, OLDEST_PROTOCOL_VERSION - 1), "The server is older than this app"),
        ((PROTOCOL_VERSION + 1, PROTOCOL_VERSION + 1), "This app is too old for the server."),
    ],
)
def test_a_server_of_another_protocol_version_says_which_side_must_be_updated(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    server_versions: tuple[int, int],
    expected: str,
) -> None:
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    with StubServer(liaison_health(*server_versions)) as stub:
        fill(qtbot, dialog, stub.url)
        submit(qtbot, dialog)
        wait_for_answer(qtbot, dialog)
    assert dialog.general_error.text().startswith(expected)


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[RunningServer, str, str]]:
    """A server whose certificate comes from a private CA: (server, that CA's file, another CA's file)."""
    private_ca = trustme.CA()
    cert = private_ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile = tmp_path / "server.pem", tmp_path / "server.key"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    ca_file, other_file = tmp_path / "private-ca.pem", tmp_path / "other-ca.pem"
    private_ca.cert_pem.write_to_path(str(ca_file))
    trustme.CA().cert_pem.write_to_path(str(other_file))
    server = start_server(
        sqlite_url(tmp_path),
        tmp_path,
        ssl_certfile=str(certfile),
        ssl_keyfile=str(keyfile),
        verify=str(ca_file),
    )
    try:
        yield server, str(ca_file), str(other_file)
    finally:
        server.stop()


def test_a_certificate_from_an_unknown_authority_is_explained_and_the_private_ca_setting_fixes_it(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    tls_server: tuple[RunningServer, str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, ca_file, other_ca = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", other_ca)  # the profile's own setting must win over this
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    assert dialog.advanced.isHidden(), "the private CA setting waits under Advanced"
    fill(qtbot, dialog, server.url)
    submit(qtbot, dialog)
    wait_for_answer(qtbot, dialog)
    assert dialog.server_error.text().startswith("The server's certificate is not signed by an authority")
    assert dialog.advanced.isVisible(), "the setting that fixes it is shown"

    type_into(qtbot, dialog.ca_bundle_field, ca_file)
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: window.recovery_key_dialog is not None, timeout=20_000)
    [summary] = window.directory.summaries()
    assert summary.server_url == server.url


def test_a_certificate_file_that_holds_no_certificate_is_refused_next_to_it(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    tls_server: tuple[RunningServer, str, str],
    tmp_path: Path,
) -> None:
    server, _ca_file, _other = tls_server
    not_a_certificate = tmp_path / "notes.txt"
    not_a_certificate.write_text("these are not certificates\n")
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    fill(qtbot, dialog, server.url)
    dialog.advanced_button.click()
    type_into(qtbot, dialog.ca_bundle_field, str(not_a_certificate))
    submit(qtbot, dialog)
    wait_for_answer(qtbot, dialog)
    assert dialog.ca_bundle_error.text().startswith("This file holds no certificate this laptop can read.")


# -- this laptop ------------------------------------------------------------------------------------------


def test_a_profile_name_already_on_this_laptop_is_refused_next_to_the_name_before_anything_is_sent(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    existing_profile: ExistingProfile,
) -> None:
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    with StubServer(liaison_health(PROTOCOL_VERSION, PROTOCOL_VERSION)) as stub:
        fill(qtbot, dialog, stub.url, profile_name="amina  HADDAD")
        leave_field(qtbot, dialog.name_field)
        assert dialog.name_error.text().startswith(
            "There is already a profile called amina HADDAD on this laptop."
        )
        submit(qtbot, dialog)
    assert dialog.name_error.isVisible()
    assert stub.requests == [], "the server never heard of this attempt"


def test_a_weak_passphrase_shows_why_while_typing_and_is_refused(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    with StubServer(liaison_health(PROTOCOL_VERSION, PROTOCOL_VERSION)) as stub:
        fill(qtbot, dialog, stub.url, passphrase="password123")
        assert dialog.strength_label.text().startswith(
            "Strength: very weak. This is one of the most used passwords."
        )
        submit(qtbot, dialog)
    assert dialog.passphrase_error.text().startswith("This is one of the most used passwords.")
    assert stub.requests == []

    type_into(qtbot, dialog.passphrase_field, PASSPHRASE)
    assert dialog.strength_label.text() == "Strength: strong."


# -- signing in again ---------------------------------------------------------------------------------------


def test_signing_in_again_asks_only_the_password_and_says_a_wrong_one_under_it(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    module_server: RunningServer,
) -> None:
    window = make_window()
    add_profile_by_signing_in(
        qtbot, window, module_server.url, "sofia", DEFAULT_PASSWORD, profile_name="Sofia"
    )
    module_server.reset_password("sofia", "a fresh password from the front desk")
    session = window.session
    assert session is not None
    dialog = SignInDialog(session, window.runner, window, error_key="sync.reauth_required", pending=2)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.username_label.text() == "sofia"
    assert module_server.url in dialog.server_label.text()
    assert "your password may have been changed or reset" in dialog.reason_label.text()
    assert dialog.kept_label.text().startswith("Your 2 changes waiting to sync are kept")

    type_into(qtbot, dialog.password_field, DEFAULT_PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=20_000)
    assert dialog.password_error.text() == WRONG_CREDENTIALS
    assert dialog.isVisible()

    type_into(qtbot, dialog.password_field, "a fresh password from the front desk")
    with qtbot.waitSignal(dialog.signed_in, timeout=20_000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
