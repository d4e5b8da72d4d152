"""One worker pool for the package: a parallel map that works under every start method.

Work is split into chunks that are pickled to the workers, so the function must be defined at
module level (a ``functools.partial`` of one is fine) and the chunks must be picklable. This works
with the ``spawn`` start method (the default on Windows and macOS) as well as ``fork``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """Return the number of processors this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows
        return max(1, os.cpu_count() or 1)


def chunks(items: Sequence[T], workers: int, per_worker: int = 4) -> list[Sequence[T]]:
    """Return ``items`` cut into consecutive slices, ``per_worker`` slices per worker."""
    if not items:
        return []
    size = -(-len(items) // max(1, workers * per_worker))
    return [items[i : i + size] for i in range(0, len(items), size)]


def parallel_map(
    func: Callable[[Sequence[T]], R],
    items: Sequence[T],
    workers: int = 1,
    *,
    per_worker: int = 4,
    context: str | None = None,
) -> list[R]:
    """Return ``[func(chunk) for chunk in chunks(items)]``, computed by ``workers`` processes.

    With ``workers`` <= 1 (or a single chunk) everything runs in this process. ``context`` names a
    multiprocessing start method (``"spawn"``, ``"fork"``, ``"forkserver"``; default: the
    platform's).
    """
    parts = chunks(items, workers, per_worker if workers > 1 else 1)
    if workers <= 1 or len(parts) < 2:
        return [func(p) for p in parts]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context(context)
    with ProcessPoolExecutor(min(workers, len(parts)), mp_context=ctx) as pool:
        return list(pool.map(func, parts))
