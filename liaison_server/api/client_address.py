"""The address a request came from, for sign-in throttling and the audit trail.

The connection's peer (uvicorn's `request.client`) is the truth. `X-Forwarded-For` is written by whoever
sent the request, so it is believed only when the peer is one of the configured reverse proxies
(`LIAISON_SERVER_TRUSTED_PROXIES`), and then only as far as the chain of trusted proxies goes: the
right-most address that is not itself a trusted proxy is the client (anything left of it may be forged).
"""

from __future__ import annotations

import ipaddress

from fastapi import Request

from liaison_server.core.config import Settings

UNKNOWN = "unknown"
MAX_LENGTH = 64  # the audit column; an IPv6 address with a zone fits


def _parse(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().split("%", 1)[0])
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, settings: Settings) -> bool:
    return address is not None and any(address in network for network in settings.trusted_proxies)


def client_address(request: Request, settings: Settings) -> str:
    peer_text = request.client.host if request.client else ""
    peer = _parse(peer_text)
    if not _trusted(peer, settings):
        return (str(peer) if peer is not None else peer_text or UNKNOWN)[:MAX_LENGTH]
    chain = [hop for header in request.headers.getlist("x-forwarded-for") for hop in header.split(",")]
    for hop in reversed(chain):
        address = _parse(hop)
        if address is None:
            break  # a malformed hop: nothing left of it can be trusted; the proxy is the best we know
        if not _trusted(address, settings):
            return str(address)[:MAX_LENGTH]
    return str(peer)[:MAX_LENGTH]
