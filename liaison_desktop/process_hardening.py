"""Keep the app's memory out of crash files: no core dumps, and on Linux not dumpable at all.

An unlocked profile's database key and the records on screen live in this process's memory. A core
dump (written by the kernel when the app crashes, or collected by systemd-coredump, apport or ABRT into
a world-readable or uploaded report) would put them on disk in the clear, outside the encrypted
profile. So the first thing the app does is set its core file size limit to zero, hard as well as soft
(a child process or a later call cannot raise it again), and on Linux mark the process not dumpable
(`PR_SET_DUMPABLE` 0), which also stops crash handlers that pipe cores to a helper and keeps other
processes of the same user from attaching a debugger to read its memory.

Windows has neither call; Windows Error Reporting keeps no full memory dump unless an administrator
turns on its `LocalDumps` registry setting, which managed laptops should leave off.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PR_SET_DUMPABLE = 4  # <linux/prctl.h>


def forbid_core_dumps() -> None:
    """Core file limit 0 (soft and hard) and, on Linux, not dumpable. Never fails the start: a platform
    without these calls gets a warning in the log."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        log.warning("could not turn off core dumps on this platform")
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                log.warning("could not mark the process not dumpable (errno %s)", ctypes.get_errno())
        except (OSError, AttributeError):
            log.warning("could not mark the process not dumpable")
