"""The harness of the change-feed tests: concurrent writers, one puller paging while they write, and the
question "did the puller see every record?". Shared by the real-server test and the naive-feed control
that proves the harness can see gaps at all."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FeedRun:
    written: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    pages: int = 0
    errors: list[BaseException] = field(default_factory=list)

    @property
    def missed(self) -> set[str]:
        return self.written - self.seen


def run_feed(
    writers: list[Callable[[], list[str]]],
    pull: Callable[[int], tuple[list[str], int, bool]],
) -> FeedRun:
    """Run every writer in its own thread while one puller pages from cursor 0; after the writers end,
    the puller drains what is left from where it stopped. A correct feed leaves nothing missed."""
    run = FeedRun()
    lock = threading.Lock()
    done = threading.Event()

    def writer_loop(write: Callable[[], list[str]]) -> None:
        try:
            ids = write()
            with lock:
                run.written.update(ids)
        except BaseException as exc:  # surfaced by the test
            run.errors.append(exc)

    threads = [threading.Thread(target=writer_loop, args=(w,)) for w in writers]
    cursor = 0

    def page_once() -> bool:
        nonlocal cursor
        ids, cursor, has_more = pull(cursor)
        run.seen.update(ids)
        run.pages += 1
        return has_more

    for thread in threads:
        thread.start()
    watcher = threading.Thread(target=lambda: ([t.join() for t in threads], done.set()))
    watcher.start()
    while not done.is_set():
        page_once()
    while page_once():
        pass
    watcher.join()
    return run
