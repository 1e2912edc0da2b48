"""Liaison desktop: the officers' and ambassadors' offline-first app.

Layers, each importing only the ones below it: `ui` (Qt) -> `services` (application rules, Qt-free)
-> `store` (encrypted SQLCipher database); `sync` uses `services` and `store` like the UI does.
"""
