"""The C allocator's settings for a process that runs the pipeline.

The NER model's activations are arrays of some megabytes per batch (about 20,000 tokens of
288 floats). With glibc's defaults the memory freed after a batch goes back to the system
(the heap's top is trimmed, the largest arrays are unmapped) and is taken again for the next
one, each page a fault: about 470,000 minor faults and 1.5 s of system time over 1,000
abstracts in ``--mode triples`` (3 s in ``--mode full``), 8 % of the run. A fixed mmap
threshold of 32 MB (above any one array of a batch) and a trim threshold of 512 MB keep
freed memory in the process for the next batch: 70,000 faults, 0.4 s, the same peak memory
(what is kept is what the process held at its peak).
"""

from __future__ import annotations

import ctypes

# mallopt's parameters (glibc's malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
TRIM_THRESHOLD_BYTES = 512 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Set the two thresholds; whether the C library took both (only glibc's has ``mallopt``
    with these parameters: elsewhere nothing changes)."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, TypeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))


__all__ = ["keep_freed_memory"]
