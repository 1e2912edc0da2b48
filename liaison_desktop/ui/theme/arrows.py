"""Arrow images for spin boxes and combo boxes, in the theme's colors.

Why files: once the stylesheet gives a spin box or combo box an outline (it must, for contrast and the
focus ring), Qt draws their buttons from the stylesheet too, and a stylesheet can only draw an arrow
from an image given by path: no data URIs, no palette colors. So each arrow is a tiny SVG written once
per color into a private directory of this process, removed when the process ends.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Literal

Direction = Literal["up", "down"]

_POINTS: dict[Direction, str] = {"up": "0,6 5,0 10,6", "down": "0,0 5,6 10,0"}


@cache
def _directory() -> Path:
    path = Path(tempfile.mkdtemp(prefix="liaison-arrows-"))
    atexit.register(shutil.rmtree, path, True)
    return path


@cache
def arrow_image(direction: Direction, color: str) -> str:
    """Path of an arrow pointing `direction` filled with `color` (#rrggbb), in the form a stylesheet's
    `url()` takes (forward slashes on every platform)."""
    path = _directory() / f"arrow-{direction}-{color.lstrip('#').lower()}.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="6" viewBox="0 0 10 6">'
        f'<polygon points="{_POINTS[direction]}" fill="{color}"/></svg>',
        encoding="utf-8",
    )
    return path.as_posix()
