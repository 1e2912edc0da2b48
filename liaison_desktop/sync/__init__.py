"""Client half of sync: push the outbox, pull the change feed, in the background.

- `http_client.SyncClient`: the `/api/v1` calls, errors mapped to `errors` classes, no hidden retries;
- `replica.Replica`: the local side on the store (outbox batches, outcomes, pulled pages), one
  transaction per step;
- `engine.SyncEngine`: one run (push in acknowledged batches, then pull pages), progress and cancel;
- `worker.SyncWorker`: the Qt-free background thread (start-up, timer, on demand, reconnect, backoff,
  revoked-device wipe);
- `account`: sign-in, with the token kept inside the encrypted profile database.
"""
