"""Benchmarks of the data core (`make bench`, `python -m bench`): see `bench/README.md`.

One module per figure (`fig_*`), a seeded data generator, and helpers that start real servers and
client processes. Every number is measured in the run that reports it.
"""
