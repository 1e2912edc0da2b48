"""Figure 4, search: full-text queries over the run's encounter notes (200,000 at full scale).

Every query of `search_queries` (English, Spanish, French, Arabic, Chinese) goes through the search
service as the app calls it: ranked, scoped to what the officer may read, 50 hits with snippets. Each
query runs several times; its time is the median, and the figure is the median over queries (the slowest
is in the detail). The comparison is a `LIKE '%word%'` scan of the same notes finding every match, which
is what search would cost without the index.
"""

from __future__ import annotations

import time

from liaison_desktop.store.record_store import RecordStore

from .app_services import record_store_importer, searcher
from .context import BenchContext
from .results import Baseline, Figure, FigureSpec, Target, median
from .search_queries import QUERIES
from .stores import BENCH_ACTOR, encrypted_engine

SEARCH = FigureSpec(
    "search_median_ms", "4. Full-text search over encounter notes (median query)", "ms", Target("<=", 20)
)
VERSUS_LIKE = FigureSpec(
    "search_vs_like_ratio", "4. Full-text query time / LIKE scan of the same notes", "x", Target("<", 1.0)
)
FIGURES = (SEARCH, VERSUS_LIKE)


def _timed(action, repeats: int) -> tuple[float, object]:  # noqa: ANN001 - any zero-argument callable
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    return median(times), result


def _like_scan(store: RecordStore, word: str) -> list[object]:
    # A connection per scan: the store begins every transaction IMMEDIATE, so one held open across the
    # search service's own read would block it (see the report on read transactions).
    with store.read() as connection:
        return list(
            connection.exec_driver_sql("SELECT id FROM encounter WHERE summary LIKE ?", (f"%{word}%",)).all()
        )


def run(ctx: BenchContext) -> list[Figure]:
    engine = encrypted_engine(ctx.fresh_dir("search") / "search.db")
    try:
        store = RecordStore(engine, BENCH_ACTOR)
        record_store_importer(store, "encounter").run(ctx.data.encounters())
        search = searcher(store)
        search.run("warm-up")
        repeats = max(ctx.runs, 3)
        fts_ms: dict[str, float] = {}
        like_ms: dict[str, float] = {}
        hits: dict[str, int] = {}
        for query in QUERIES:
            fts_ms[query.text], found = _timed(lambda q=query: search.run(q.text), repeats)
            hits[query.text] = len(found)  # type: ignore[arg-type]
            like_ms[query.text], matches = _timed(lambda q=query: _like_scan(store, q.like), repeats)
            if not matches or not found:
                raise AssertionError(f"query {query.language} found nothing: the data or the index is wrong")
    finally:
        engine.dispose()
    slowest = max(fts_ms, key=fts_ms.__getitem__)
    by_language = {
        lang: median([fts_ms[q.text] for q in QUERIES if q.language == lang])
        for lang in dict.fromkeys(q.language for q in QUERIES)
    }
    languages = ", ".join(f"{lang} {ms:.1f}" for lang, ms in by_language.items())
    return [
        SEARCH.measured(
            list(fts_ms.values()),
            detail=(
                f"{len(QUERIES)} queries x {repeats} runs over {ctx.sizes.encounter} notes via {search.path}; "
                f"median ms by language: {languages}; slowest {fts_ms[slowest]:.1f} ms ({slowest!r}); "
                f"hits per query {min(hits.values())}-{max(hits.values())}"
            ),
        ),
        VERSUS_LIKE.measured(
            [fts_ms[q.text] / like_ms[q.text] for q in QUERIES],
            baseline=Baseline(
                "LIKE '%word%' scan of the same notes (median query)", median(list(like_ms.values())), "ms"
            ),
            detail="per-query ratio, median over queries",
        ),
    ]
