"""Development helpers shared by the test suite (`tests/`) and the benchmarks (`bench/`): starting a real
`liaison-server serve` process (`server_process`) and throwaway PostgreSQL databases (`pg_databases`).

Both import from here and never from each other (tests/architecture/test_shared_helpers.py). Not part of
the shipped packages: like `tests/` and `bench/`, it is found from the repository root.
"""
