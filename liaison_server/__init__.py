"""The Liaison sync server: accounts, devices, scoping, merge rules and the change feed.

It imports the shared wire format (`liaison_protocol`) and never the desktop package.
"""
