"""The sync wire format shared by the desktop app and the server.

Qt-free and database-free on purpose: both sides import it, so a payload that one side builds the other
side can always read. Depends on pydantic only.
"""

# The newest protocol version this code speaks, and the oldest one it still speaks with a peer. A server
# reports its range in `/health`; a client refuses to sign in when the ranges do not overlap. Raise
# PROTOCOL_VERSION for an incompatible change of the API; raise OLDEST_PROTOCOL_VERSION only when the
# code for older peers is removed.
PROTOCOL_VERSION = 1
OLDEST_PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
