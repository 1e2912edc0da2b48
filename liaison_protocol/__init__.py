"""The sync wire format shared by the desktop app and the server.

Qt-free and database-free on purpose: both sides import it, so a payload that one side builds the other
side can always read. Depends on pydantic only.
"""

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"
