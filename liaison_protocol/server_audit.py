"""The kinds of audit event only the server writes (its own table, `server_audit_event`).

Spelled in the protocol because both sides need them: the server writes them and refuses a device's
`audit_event` record that claims one of them (a laptop must not be able to forge "the server saw a
sign-in"), and an administrator's tool filters on them. None of them is one of the devices' own
`records.AUDIT_ACTIONS`, so the two trails never share a word.
"""

from __future__ import annotations

from enum import StrEnum


class ServerAuditAction(StrEnum):
    SIGN_IN_SUCCEEDED = "sign_in_succeeded"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_THROTTLED = "sign_in_throttled"
    SIGNED_OUT = "signed_out"
    PASSWORD_RESET = "password_reset"  # by an administrator (CLI)
    PASSWORD_CHANGED = "password_changed"  # by the user, old password given
    PASSWORD_CHANGE_FAILED = "password_change_failed"  # wrong old password
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    DEVICE_REVOKED = "device_revoked"
    WIPE_CONFIRMED = "wipe_confirmed"
    ADMIN_READ = "admin_read"  # an administrator or supervisor read devices or audit events
    AUDIT_EXPORTED = "audit_exported"  # the audit trail printed by `liaison-server audit`
    # A device's pushed audit event did not fit its hash chain (`audit_chain.ChainProblem`): the event is
    # stored and flagged, and this names the device, the event, its sequence and the problem.
    CLIENT_AUDIT_FINDING = "client_audit_finding"
    # Retention and erasure: counts, record types and ids only, never a record's contents.
    RETENTION_SET = "retention_set"  # a record type's retention period set or cleared
    LEGAL_HOLD_ADDED = "legal_hold_added"
    LEGAL_HOLD_REMOVED = "legal_hold_removed"
    RECORDS_PURGED = "records_purged"  # a purge run removed expired records
    CONTACT_EXPORTED = "contact_exported"  # a resident's request: everything held about them, printed
    CONTACT_ERASED = "contact_erased"  # a resident's request: everything about them removed


SERVER_AUDIT_ACTIONS = frozenset(action.value for action in ServerAuditAction)
