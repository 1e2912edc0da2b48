"""Summarize a py-spy profile recorded with `--format raw` (collapsed stacks): the share of samples each
function is on the stack for (inclusive) and at the top of it (self), for the closing notes of
performance work (`bench/profiles/`).

    python -m bench.profile_summary PROFILE.raw [--focus NAME] [--top N]

`--focus` keeps only the stacks that pass through a function whose name contains NAME (for example
`run_once`, or `push` for a server's push handler), so start-up imports and idle threads do not dilute
the shares.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

_LOCATION = re.compile(r" \((?:.*/(?:site-packages|main)/)?(?P<file>[^:()]*)(?::\d+)?\)$")


def _frame(raw: str) -> str:
    return _LOCATION.sub(lambda m: f" ({m['file']})", raw)


def summarize(path: Path, focus: str | None, top: int) -> str:
    inclusive: collections.Counter[str] = collections.Counter()
    on_top: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_frame(frame) for frame in stack.split(";")]
        if focus and not any(focus in frame for frame in frames):
            continue
        samples = int(count)
        total += samples
        inclusive.update({frame: samples for frame in set(frames)})
        on_top[frames[-1]] += samples
    if not total:
        return "no samples" + (f" through {focus!r}" if focus else "")
    lines = [f"{total} samples" + (f" through {focus!r}" if focus else ""), "", "inclusive:"]
    lines += [f"{100 * n / total:5.1f}%  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["", "self:"]
    lines += [f"{100 * n / total:5.1f}%  {frame}" for frame, n in on_top.most_common(top // 2)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--focus")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    print(summarize(args.profile, args.focus, args.top))


if __name__ == "__main__":
    main()
