"""Exponential backoff with "full jitter" (AWS Architecture Blog, 2015): a random delay between zero and
an exponentially growing, capped ceiling. Spreading retries at random keeps a hundred laptops that lost
the station's Wi-Fi at the same moment from hammering the server in lockstep when it returns."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    base_s: float = 2.0
    cap_s: float = 300.0
    rng: random.Random = field(default_factory=random.Random)

    def ceiling(self, failures: int) -> float:
        """The largest delay after `failures` consecutive failures (1 for the first)."""
        return min(self.cap_s, self.base_s * 2 ** max(0, failures - 1))

    def delay(self, failures: int) -> float:
        return self.rng.uniform(0, self.ceiling(failures))
