"""What counts as a server address, and which addresses may carry a password.

A person types the address once, when adding a profile; a mistake there (a plain `http://` to the
office server, a pasted link with a query string) must be caught before a password is sent. So the rule
lives here, in one function the session layer and the sync client share:

- a scheme and a host are required (`https://liaison.example.org`), an optional port and path prefix
  (a server behind a reverse proxy under `/liaison`) are kept, a trailing slash is dropped;
- user names or passwords in the address, queries and fragments are refused: none of them means
  anything to the API, and a password in a URL ends up in logs;
- `https://` is required for every host except this computer (`127.0.0.1`, `::1`, `localhost`), where
  nothing crosses a network.

The result is canonical (lower-case scheme and host, default port dropped), so two spellings of one
server compare equal.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

from .errors import InsecureServerAddress, InvalidServerAddress

__all__ = [
    "LOOPBACK_HOSTS",
    "InsecureServerAddress",
    "InvalidServerAddress",
    "is_loopback_host",
    "normalize_server_address",
]

# Exactly these, as the rule is stated to people. (All of 127.0.0.0/8 is loopback on Linux, but a
# narrow, explainable list is worth more than completeness here.)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def is_loopback_host(host: str | None) -> bool:
    """Whether `host` (as `urlsplit(...).hostname` gives it: lower-case, no brackets) is this computer."""
    return host is not None and host.lower() in LOOPBACK_HOSTS


def normalize_server_address(text: str) -> str:
    """The canonical form of a typed server address, or `InvalidServerAddress` (`InsecureServerAddress`
    for `http://` to a host that is not this computer) with the reason in `params`."""
    address = text.strip()
    if not address:
        raise InvalidServerAddress("empty")
    if any(ch.isspace() or not ch.isprintable() for ch in address):
        raise InvalidServerAddress("characters")
    if "://" not in address:
        raise InvalidServerAddress("scheme")
    try:
        parts = urlsplit(address)
    except ValueError:  # e.g. an unbalanced "[" in the host
        raise InvalidServerAddress("host") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidServerAddress("scheme")
    if "@" in parts.netloc:
        raise InvalidServerAddress("userinfo")
    if "?" in address:  # an empty query ("…/?") too: nothing may follow the path
        raise InvalidServerAddress("query")
    if "#" in address:
        raise InvalidServerAddress("fragment")
    host = _host(parts)
    port = _port(parts)
    if scheme == "http" and not is_loopback_host(host):
        raise InsecureServerAddress(host)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = parts.path.rstrip("/")
    return f"{scheme}://{netloc}{path}"


def _host(parts: SplitResult) -> str:
    """The host, lower-case, IDNA-encoded when it is a name; an IP literal as Python writes it."""
    raw = parts.hostname  # lower-case, without the brackets of an IPv6 literal
    if not raw:
        raise InvalidServerAddress("host")
    bracketed = parts.netloc.rsplit("@", 1)[-1].startswith("[")
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        ip = None
    if bracketed:
        if not isinstance(ip, ipaddress.IPv6Address):
            raise InvalidServerAddress("host")
        return ip.compressed
    if ip is not None:
        if isinstance(ip, ipaddress.IPv6Address):  # an IPv6 literal must be in brackets in a URL
            raise InvalidServerAddress("host")
        return ip.compressed
    try:
        name = raw.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidServerAddress("host") from None
    labels = name.split(".")
    if name.endswith("."):  # a fully qualified name ("example.org."): the same host
        labels = labels[:-1]
    if not labels or any(
        not label
        or len(label) > 63
        or not set(label) <= _HOST_LABEL_CHARS
        or label[0] == "-"
        or label[-1] == "-"
        for label in labels
    ):
        raise InvalidServerAddress("host")
    if all(label.isdigit() for label in labels):  # "999.1.1.1", "12": not a name, not an address
        raise InvalidServerAddress("host")
    return ".".join(labels)


def _port(parts: SplitResult) -> int | None:
    try:
        port = parts.port  # ValueError when not a number or out of range
    except ValueError:
        raise InvalidServerAddress("port") from None
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        raise InvalidServerAddress("port")
    return port
