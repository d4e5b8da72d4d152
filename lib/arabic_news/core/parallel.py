"""One worker pool for the package: a parallel map that works under every start method, and the
engines that map a function over batches of documents (this process, a local pool, a Dask cluster).

Work is split into chunks that are pickled to the workers, so the function must be defined at
module level (a ``functools.partial`` of one is fine) and the chunks must be picklable. This works
with the ``spawn`` start method (the default on Windows and macOS) as well as ``fork``.

Every engine has the same contract: :meth:`Engine.map` takes such a function and an iterable of
batches and yields the results in the order of the batches, keeping only a bounded number of
batches in flight, so memory depends on the batch size, not on the corpus size. The Dask engine
runs on a laptop's LocalCluster, on SLURM through dask-jobqueue or on Kubernetes; Dask is imported
only when it is used.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from .errors import InputError

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
    with PoolEngine(min(workers, len(parts)), context) as pool:
        return list(pool.map(func, parts))


#: batches in flight per worker: enough to keep workers busy, few enough to bound memory
IN_FLIGHT_PER_WORKER = 2


class Done:
    """The result of a task an engine ran at once, in the shape of a future (:meth:`result`)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        """Return the value."""
        return self.value


class Engine:
    """Map a function over batches, in this process.

    Every engine has :meth:`map` (results in order, a bounded number of batches in flight) and the
    primitives a plan that keeps data on the workers is written with: :meth:`submit_map`,
    :meth:`submit` (arguments may be futures of earlier tasks) and :meth:`gather`. Here they run at
    once; on a cluster (``distributed``) the results stay on the workers until gathered.
    """

    name = "local"
    workers = 1
    #: True when results stay on the workers until gathered (a cluster)
    distributed = False

    def map(self, func: Callable[..., Any], batches: Iterable[Any], *args: Any) -> Iterator[Any]:
        """Yield ``func(batch, *args)`` for each batch, in order (``args`` are shared by every call)."""
        for batch in batches:
            yield func(batch, *args)

    def submit_map(self, func: Callable[..., Any], batches: Iterable[Any], *args: Any) -> Iterator[Any]:
        """Yield a finished future of ``func(batch, *args)`` for each batch, in order."""
        for result in self.map(func, batches, *args):
            yield Done(result)

    def submit(self, func: Callable[..., Any], *args: Any) -> Any:
        """Return the future of ``func(*args)`` (futures among ``args`` stand for their results)."""
        return Done(func(*(a.result() if isinstance(a, Done) else a for a in args)))

    def gather(self, futures: Iterable[Any]) -> list:
        """Return the results of ``futures``."""
        return [f.result() for f in futures]

    def close(self) -> None:
        """Release the workers (nothing to do in this process)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quiet_worker() -> None:
    """Make a worker process leave Ctrl-C to its parent: the parent stops the workers and reports the
    interruption once, instead of every worker printing a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


class PoolEngine(Engine):
    """Map a function over batches with a pool of at most ``workers`` processes on this machine.

    The processes start with the first batches: no more than there are processors, nor than there
    are batches to share (five documents in one batch start one process, whatever ``workers``)."""

    def __init__(self, workers: int, context: str | None = None) -> None:
        self.workers = max(1, min(workers, default_workers()))
        self._context = context
        self._pool = None

    def _start(self, workers: int) -> Any:
        """Return the process pool, started with ``workers`` processes when there is none yet."""
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.workers = workers
            self._pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context(self._context), initializer=_quiet_worker
            )
        return self._pool

    def map(self, func: Callable[..., Any], batches: Iterable[Any], *args: Any) -> Iterator[Any]:
        """Yield ``func(batch, *args)`` for each batch, in order, with a bounded number in flight."""
        batches = iter(batches)
        first = []  # the first batches decide how many processes start
        if self._pool is None:
            for batch in batches:
                first.append(batch)
                if len(first) >= self.workers:
                    break
        pending: deque = deque()
        with _sigint_ignored():  # the processes start ignoring Ctrl-C (their parent stops them)
            pool = self._start(max(1, min(self.workers, len(first))) if self._pool is None else self.workers)
            for batch in first:
                pending.append(pool.submit(func, batch, *args))
        for batch in batches:
            pending.append(pool.submit(func, batch, *args))
            if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self, stop: bool = False) -> None:
        """Shut the pool down (``stop``: the batches not started are cancelled; those running finish,
        since a worker ended in the middle of sending its result leaves the pool waiting forever)."""
        if self._pool is None:
            return
        self._pool.shutdown(wait=True, cancel_futures=stop)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        # interrupted (Ctrl-C, SIGTERM) or failed: the workers' batches are of no use any more
        self.close(stop=exc_type is not None)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT in the block (in the main thread), so that processes started in it ignore it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


class DaskEngine(Engine):
    """Map a function over batches on a Dask cluster.

    ``scheduler``: the address of a running scheduler (``tcp://host:8786``, as printed by
    ``dask scheduler`` or a dask-jobqueue/Kubernetes cluster's ``scheduler_address``); None starts a
    LocalCluster of ``workers`` single-threaded worker processes on this machine.
    """

    name = "dask"
    distributed = True

    def __init__(self, scheduler: str | None = None, workers: int = 1) -> None:
        import logging

        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ImportError("the Dask engine needs dask and distributed: pip install 'arabic-news[dask]'") from None
        self._cluster = None
        if scheduler is None:
            with _sigint_ignored():  # the worker processes inherit it: Ctrl-C is the client's to handle
                self._cluster = LocalCluster(
                    n_workers=max(1, min(workers, default_workers())),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,  # not the workers' warnings about tasks cancelled by Ctrl-C
                )
            self.client = Client(self._cluster)
        else:
            try:
                self.client = Client(scheduler)
            except Exception as exc:  # distributed raises ValueError, OSError or TimeoutError, by the problem
                raise InputError(
                    "--scheduler",
                    f"cannot connect to the Dask scheduler {scheduler!r} ({type(exc).__name__}: {exc})",
                    "Pass the address the scheduler prints, e.g. tcp://10.0.0.5:8786, and check that it is running "
                    "and reachable from this machine",
                ) from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def map(self, func: Callable[..., Any], batches: Iterable[Any], *args: Any) -> Iterator[Any]:
        """Yield ``func(batch, *args)`` for each batch, in order, computed on the cluster's workers;
        ``args`` are sent to every worker once."""
        for future in self.submit_map(func, batches, *args):
            yield future.result()

    def submit_map(self, func: Callable[..., Any], batches: Iterable[Any], *args: Any) -> Iterator[Any]:
        """Yield a finished future of ``func(batch, *args)`` for each batch, in order: the results
        stay on the workers (for further tasks) while at most a bounded number of batches is sent;
        ``args`` are sent to every worker once. Each batch is scattered first, so that the task
        refers to it instead of holding it: the batch is released once its task has run, while
        the result is kept."""
        from distributed import wait

        shared = [self.client.scatter(a, broadcast=True) for a in args]
        pending: deque = deque()
        for batch in batches:
            # a batch in a list is scattered whole (a dict would be scattered value by value,
            # under its keys), under a random key (not a hash of its contents, which costs a pass)
            (scattered,) = self.client.scatter([batch], hash=False)
            pending.append(self.client.submit(func, scattered, *shared, pure=False))
            if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                wait(pending[0])
                yield pending.popleft()
        while pending:
            wait(pending[0])
            yield pending.popleft()

    def submit(self, func: Callable[..., Any], *args: Any) -> Any:
        """Return the future of ``func(*args)`` on the cluster (futures among ``args`` stand for
        their results, which stay on the workers)."""
        return self.client.submit(func, *args, pure=False)

    def gather(self, futures: Iterable[Any]) -> list:
        """Return the results of ``futures``, brought to this process."""
        return self.client.gather(list(futures))

    def close(self) -> None:
        """Close the client (and the LocalCluster it started)."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(name: str = "local", workers: int = 1, scheduler: str | None = None) -> Engine:
    """Return the engine ``name`` ("local" or "dask") with ``workers`` workers."""
    if name == "dask":
        return DaskEngine(scheduler, workers)
    if name != "local":
        raise ValueError(f"engine must be 'local' or 'dask', not {name!r}")
    return PoolEngine(workers) if workers > 1 else Engine()
