"""Client half of sync: push the outbox, pull the change feed, in the background.

- `server_address`: which typed addresses are servers, and which may carry a password (https, or
  this computer);
- `http_client.SyncClient`: the `/api/v1` calls, errors mapped to `errors` classes, no hidden retries,
  certificates checked against the profile's private CA bundle when it has one;
- `replica.Replica`: the local side on the store (outbox batches, outcomes, pulled pages), one
  transaction per step;
- `engine.SyncEngine`: one run (push in acknowledged batches, then pull pages), progress and cancel;
- `worker.SyncWorker`: the Qt-free background thread (start-up, debounced after edits, timer, on
  demand, network back, backoff, cancel, revoked-device wipe over a trustworthy channel only);
- `account`: sign-in in two steps (`authenticate` with the server, then `remember` in the profile),
  with the token kept inside the encrypted profile database.
"""
