"""Keep glibc from holding on to memory that the crawl and its workers have freed."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

logger = logging.getLogger(__name__)

# mallopt parameters, from glibc's <malloc.h>.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
# Blocks of this size or more get their own mapping, unmapped when freed. glibc's default starts
# at 128 KiB but raises itself (up to 32 MiB) each time such a block is freed, after which page
# buffers and parsed trees of big pages land in the heap, and a heap only shrinks from its top:
# one live object above a freed tree keeps all of it resident. A fixed threshold stops that. It
# is not lower because every allocation of a mapped block faults in fresh zeroed pages from the
# kernel: at a quarter of a MiB, a usual page's buffers were mapped anew for every page.
MMAP_THRESHOLD = 2 * 1024 * 1024
# Give free memory at the top of the heap back to the system once this much of it has gathered:
# enough to hold the next page's buffers, which then need no new pages from the kernel.
TRIM_THRESHOLD = 8 * 1024 * 1024


def release_freed_memory() -> bool:
    """Make glibc return freed page buffers to the system; False where libc is not glibc."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to tune
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    done = mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    if not done:
        logger.debug("mallopt refused the memory settings; glibc's defaults stay")
    return bool(done)
