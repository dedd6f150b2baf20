"""Keep freed memory in the process between large batches (Linux with glibc only).

A batch of a million rows allocates and frees a few hundred megabytes of arrays. By default
glibc gives large blocks back to the kernel as soon as they are freed and maps fresh ones for
the next array, and every fresh page costs a page fault when first written: on the 2-core
virtual machine of our benchmark that was a third of the time of ``assess_frame`` on 1,000,000
rows. :func:`keep_freed_memory` asks glibc (``mallopt``) to serve blocks up to 256 MiB from its
heap and to keep up to 1 GiB of freed memory for reuse, so the next batch finds its pages
ready.

The setting is process-wide (it also changes how a host process such as a Streamlit server
allocates), so the library never applies it by itself: a process that runs large batches opts
in, as ``penalty batch --keep-memory`` (or ``PENALTY_KEEP_MEMORY=1``) and ``bench/run.py`` do.
The process then keeps its peak memory after a large batch instead of returning it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import threading

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's <malloc.h>
SETTINGS = {  # parameter -> bytes
    M_MMAP_THRESHOLD: 256 << 20,  # blocks below this come from the heap, not from mmap
    M_TRIM_THRESHOLD: 1 << 30,  # free memory kept at the top of the heap before trimming
    M_TOP_PAD: 256 << 20,  # extra memory asked for each time the heap grows
}

_lock = threading.Lock()
_state: dict[str, bool] = {}


def keep_freed_memory() -> bool:
    """Apply ``SETTINGS`` once per process; True if glibc accepted them. Does nothing (False)
    off Linux or without glibc."""
    with _lock:
        if "applied" not in _state:
            _state["applied"] = _apply()
        return _state["applied"]


def _apply() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt  # glibc; musl has none
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return all(mallopt(param, value) == 1 for param, value in SETTINGS.items())
