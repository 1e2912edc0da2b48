"""Server addresses: what is accepted, in which canonical form, and why plain http reaches only this
computer (a password must never cross a network in clear)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.sync.server_address import (
    InsecureServerAddress,
    InvalidServerAddress,
    normalize_server_address,
)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("https://liaison.example.org", "https://liaison.example.org"),
        ("  https://Liaison.Example.ORG/  ", "https://liaison.example.org"),
        ("HTTPS://liaison.example.org:443/", "https://liaison.example.org"),
        ("https://liaison.example.org:8443", "https://liaison.example.org:8443"),
        ("https://example.org/liaison/", "https://example.org/liaison"),
        ("https://10.0.0.5:8443/", "https://10.0.0.5:8443"),
        ("https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443"),
        ("https://bücher.example", "https://xn--bcher-kva.example"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://LOCALHOST", "http://localhost"),
        ("http://[::1]:8000", "http://[::1]:8000"),
        ("http://[0:0:0:0:0:0:0:1]", "http://[::1]"),
    ],
)
def test_an_address_is_accepted_in_its_canonical_form(typed: str, canonical: str) -> None:
    assert normalize_server_address(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("not a url", "characters"),
        ("liaison.example.org", "scheme"),
        ("ftp://liaison.example.org", "scheme"),
        ("https://", "host"),
        ("https://-bad-.example.org", "host"),
        ("https://a..b", "host"),
        ("https://999.1.1.1", "host"),
        ("https://::1", "host"),
        ("https://[::1", "host"),
        ("https://example.org:0", "port"),
        ("https://example.org:99999", "port"),
        ("https://example.org:http", "port"),
        ("https://example.org:", "port"),
        ("https://olivia:secret@example.org", "userinfo"),
        ("https://example.org/?server=1", "query"),
        ("https://example.org?", "query"),
        ("https://example.org/#top", "fragment"),
    ],
)
def test_an_unusable_address_is_refused_with_the_reason(typed: str, reason: str) -> None:
    with pytest.raises(InvalidServerAddress) as refused:
        normalize_server_address(typed)
    assert refused.value.key == "sync.address_invalid"
    assert refused.value.params["reason"] == reason


@pytest.mark.parametrize(
    "typed",
    ["http://liaison.example.org", "http://10.0.0.5:8000", "http://127.0.0.2", "http://[2001:db8::1]"],
)
def test_plain_http_to_another_computer_is_refused(typed: str) -> None:
    with pytest.raises(InsecureServerAddress) as refused:
        normalize_server_address(typed)
    assert refused.value.key == "sync.address_needs_https"
    assert refused.value.params["host"] == urlsplit(typed).hostname


_label = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12).filter(
    lambda label: not label.isdigit()
)
_host = st.lists(_label, min_size=1, max_size=4).map(".".join)
_path = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.~", min_size=1, max_size=8), max_size=3).map(
    lambda parts: "".join("/" + p for p in parts)
)
_address = st.builds(
    lambda scheme, host, port, path, slash: f"{scheme}://{host}{port}{path}{slash}",
    st.sampled_from(["https", "HTTPS", "http"]),
    st.one_of(_host, st.sampled_from(["127.0.0.1", "localhost", "[::1]"])),
    st.one_of(st.just(""), st.integers(1, 65535).map(lambda port: f":{port}")),
    _path,
    st.sampled_from(["", "/", "//"]),
)


@given(st.text(max_size=60))
def test_any_text_is_either_refused_with_a_key_or_accepted_in_canonical_form(text: str) -> None:
    try:
        address = normalize_server_address(text)
    except InvalidServerAddress as refused:
        assert refused.key in ("sync.address_invalid", "sync.address_needs_https")
        return
    assert normalize_server_address(address) == address
    assert not address.endswith("/")


@given(_address)
def test_a_well_formed_address_keeps_its_host_port_and_path_and_is_stable(typed: str) -> None:
    try:
        address = normalize_server_address(typed)
    except InsecureServerAddress:
        assert typed.startswith("http://") and urlsplit(typed).hostname not in (
            "127.0.0.1",
            "localhost",
            "::1",
        )
        return
    assert normalize_server_address(address) == address
    typed_parts, parts = urlsplit(typed), urlsplit(address)
    assert parts.hostname == typed_parts.hostname
    assert parts.path == typed_parts.path.rstrip("/")
    assert parts.port in (typed_parts.port, None)


@given(_address)
def test_every_accepted_address_can_carry_a_password(typed: str) -> None:
    """What the address rule lets through is exactly what the client treats as a trustworthy channel."""
    try:
        address = normalize_server_address(typed)
    except InsecureServerAddress:
        return
    with SyncClient(address) as client:
        assert client.trusted_transport


@pytest.mark.parametrize(
    ("url", "trusted"),
    [
        ("https://liaison.example.org", True),
        ("https://10.0.0.5:8443", True),
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://[::1]:8000", True),
        ("http://liaison.example.org", False),
        ("http://10.0.0.5:8000", False),
        ("http://127.0.0.2:8000", False),
    ],
)
def test_a_channel_is_trusted_over_https_or_to_this_computer_only(url: str, trusted: bool) -> None:
    with SyncClient(url) as client:
        assert client.trusted_transport is trusted
