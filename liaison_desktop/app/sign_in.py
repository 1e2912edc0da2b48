"""Adding a profile is signing in: the server checks who you are before anything is written locally.

Order matters. The address is checked first (`https://` for every host but loopback, so a password never
crosses a network in clear), then the name, then the server (password, device registration), and only
then is the encrypted profile created and the account stored inside it. A wrong password or an
unreachable server therefore leaves no half-made profile behind. The first sync starts when the session
opens; it shows progress and resumes where it stopped after a crash or a closed lid.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from liaison_desktop.sync.server_address import normalize_server_address

from .profile_directory import ProfileDirectory
from .session import Session


@dataclass(frozen=True)
class SignInRequest:
    server_url: str
    username: str
    password: str
    profile_name: str
    passphrase: str
    ca_bundle: str | None = None  # a private CA's certificates (PEM file) for this server


@dataclass(frozen=True)
class NewProfile:
    session: Session
    recovery_key: str  # shown once, never stored


def check_server_address(text: str) -> str:
    """The normalized address, or `InvalidServerAddress` with the reason."""
    return normalize_server_address(text)


def add_profile_by_sign_in(directory: ProfileDirectory, request: SignInRequest) -> NewProfile:
    """Sign in, then create the profile and store the account in it. Network, Argon2: off the UI thread."""
    # Here, not at the top: the start screen's dialog imports this module, and the client is slow to load.
    from liaison_desktop.sync import account as accounts
    from liaison_desktop.sync.http_client import SyncClient

    server_url = normalize_server_address(request.server_url)
    directory.check_name_free(request.profile_name)
    username = request.username.strip()
    # Before the server hears of this device: a passphrase the store would refuse after a successful
    # sign-in would leave a registered device without a profile.
    directory.store.check_new_passphrase(
        request.passphrase, display_name=request.profile_name, username=username, server_url=server_url
    )
    client = SyncClient(server_url, ca_bundle=request.ca_bundle)
    try:
        signed_in = accounts.authenticate(
            client, username, request.password, device_name=directory.device_name
        )
        unlocked, recovery_key = directory.store.create_profile(
            request.profile_name, request.passphrase, server_url=server_url, username=username
        )
        try:
            account = accounts.remember(unlocked.engine, client, username, signed_in)
            directory.store.update_header(
                unlocked.profile_id,
                user_id=account.user_id,
                role=account.role,
                team_id=account.primary_team_id,
                device_id=account.device_id,
            )
        except BaseException:
            unlocked.close()
            shutil.rmtree(unlocked.directory, ignore_errors=True)
            raise
    finally:
        client.close()
    return NewProfile(directory.session_for(unlocked), recovery_key)
