"""HTTP layer: one router module per resource under `routes/`, shared dependencies in `deps`."""
