"""The Dask engine on a cluster started the way a user starts one: ``dask scheduler`` and
``dask worker ADDRESS --nworkers 2`` as separate commands, talking TCP, with
``arabic-news ... --engine dask --scheduler ADDRESS``. Every corpus subcommand must give the records
of the local engine on the same input (sorted: the order of batches may differ), with small
batches, so that several batches go to each worker.

tests/test_scale.py runs the engine on a LocalCluster that the command starts and closes itself,
on 15 documents. That leaves out what a user's cluster does:

* the ``--scheduler`` path: a client of an address, the number of workers read from the scheduler;
* workers that are other programs, started before the command and kept after it: they import the
  package themselves (not with the test process's ``sys.path``), receive every function and batch
  pickled over TCP, and run them in daemonic processes under the nannies of ``dask worker``;
  one failed command must not spoil the next on the same workers;
* the two passes of the cleaned analyses (``stance``, ``duplicates``): template lines counted across
  the corpus on the workers, then every batch cleaned and analysed there. Before issue 19 the
  default ``stance`` sent the whole corpus as one batch and cleaned it with a process pool of its
  own, which a daemonic worker process may not start ("daemonic processes are not allowed to have
  children", on 2,000 documents or more); it now streams like every other subcommand, and no
  worker starts processes.

The corpus is the articles the package ships (the validation set, the seeds and the examples),
each copied with one word changed, so that near-duplicates exist: 513 documents in batches of 50.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from repo_paths import EXAMPLES, PACKS, RAW_DIR

#: the dask command of the Python running the tests (a virtual environment's bin/)
DASK = Path(sys.executable).with_name("dask")
#: seconds the scheduler and its two workers may take to start (three Python processes on a busy machine)
STARTUP_TIMEOUT = 60
#: documents per batch: the small corpus goes to the workers in 11 batches
BATCH_SIZE = "50"
#: the reference: the local engine in this process (no process pool forked from a process that runs
#: a Dask client's threads; test_scale checks that more workers give the same records)
LOCAL = ["--batch-size", BATCH_SIZE, "--workers", "1"]
#: two workers said explicitly: the default (the processors available) may be one on a CI machine, and
#: the work on a Dask worker then starts no process pool of its own
DASK_ENGINE = ["--batch-size", BATCH_SIZE, "--workers", "2", "--engine", "dask", "--scheduler"]


@dataclass
class Cluster:
    """A scheduler and a worker command with two worker processes, and a client of the scheduler."""

    address: str
    scheduler: subprocess.Popen
    worker: subprocess.Popen
    client: Any

    def executed(self) -> dict[str, int]:
        """Return the number of tasks each worker has run so far, by worker address."""
        return self.client.run(lambda dask_worker: dask_worker.state.executed_count)


def _free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], log: Path, cwd: Path) -> subprocess.Popen:
    """Start ``dask ARGS`` in its own process group (session), its output in ``log``."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            [str(DASK), *args], stdout=out, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True
        )


def _exit_status(p: subprocess.Popen) -> int | None:
    """Return the exit status of ``p`` (None while it runs) without reaping it: until it is reaped,
    its pid, which is its process group's id, cannot be given to another process."""
    info = os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    return None if info is None else info.si_status


def _stop(processes: list[subprocess.Popen], grace: float = 10) -> None:
    """Terminate the process group of each process, wait, then kill what is left of the groups."""
    for p in processes:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for p in processes:
        while _exit_status(p) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):  # the worker processes too, if their nanny left them behind
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def _output(logs: dict[str, Path], processes: dict[str, subprocess.Popen]) -> str:
    """Return the exit status and the last lines of the output of each command."""
    parts = []
    for name, p in processes.items():
        status = _exit_status(p)
        status = "running" if status is None else f"exited with status {status}"
        tail = logs[name].read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        parts.append(f"--- {' '.join(map(str, p.args))} ({status}); its output:\n" + "\n".join(tail))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Yield a cluster of a ``dask scheduler`` and a ``dask worker --nworkers 2`` command, each a
    process group of its own, once the scheduler sees both workers; stop them after the module."""
    pytest.importorskip("distributed", reason="the Dask engine needs distributed: pip install 'arabic-news[dask]'")
    from distributed import Client

    if not DASK.exists():
        pytest.skip(f"no dask command next to {sys.executable}")
    folder = tmp_path_factory.mktemp("dask-cluster")
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    logs = {name: folder / f"{name}.log" for name in ("scheduler", "worker")}
    processes: dict[str, subprocess.Popen] = {}
    client = None
    try:
        processes["scheduler"] = _start(
            ["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], logs["scheduler"], folder
        )
        processes["worker"] = _start(
            ["worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"], logs["worker"], folder
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while client is None or len(client.scheduler_info()["workers"]) < 2:
            exited = [f"dask {name} exited" for name, p in processes.items() if _exit_status(p) is not None]
            if exited or time.monotonic() > deadline:
                why = ", ".join(exited) or f"not within {STARTUP_TIMEOUT} s"
                pytest.fail(
                    f"the Dask scheduler at {address} did not see 2 workers ({why})\n" + _output(logs, processes)
                )
            if client is None:
                with contextlib.suppress(OSError):  # the scheduler is not listening yet
                    client = Client(address, timeout=2, set_as_default=False)
            time.sleep(0.2)
        yield Cluster(address, processes["scheduler"], processes["worker"], client)
    finally:
        if client is not None:
            client.close()
        _stop(list(processes.values()))


def _articles() -> list[dict]:
    """Return the articles the package ships: its validation set, the five seeds and the examples."""
    validation = PACKS / "libya-2019-2020" / "validation" / "articles.jsonl"
    rows = [json.loads(line) for line in validation.read_text(encoding="utf-8").splitlines()]
    articles = [{"id": r["id"], "outlet": r["outlet"], "text": r["text"]} for r in rows]
    for path in [*sorted(RAW_DIR.glob("*.txt")), *sorted(EXAMPLES.rglob("*.txt"))]:
        articles.append({"id": path.stem, "outlet": path.parent.name, "text": path.read_text(encoding="utf-8")})
    assert len({a["id"] for a in articles}) == len(articles)  # 171 today
    return articles


def _write_copies(path: Path, copies: int) -> Path:
    """Write ``copies`` versions of each shipped article as JSONL: the first unchanged, each of
    the others with one word replaced (at its own place), so that the versions are near-duplicates."""
    articles = _articles()
    rows = []
    for k in range(copies):
        for article in articles:
            words = article["text"].split(" ")
            if k:
                words[7 * k % len(words)] = "تعديل"  # "edit"
            rows.append({**article, "id": f"{article['id']}-{k}", "text": " ".join(words)})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Three versions of each shipped article (513 documents; 11 batches of 50)."""
    return _write_copies(tmp_path_factory.mktemp("dask-corpus") / "corpus.jsonl", 3)


def test_the_cluster_is_a_scheduler_and_two_workers_started_as_separate_commands(cluster):
    client = cluster.client
    assert len(client.scheduler_info()["workers"]) == 2
    pids = client.run(os.getpid)  # by worker address
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    # the workers' parent is the nanny process of the `dask worker` command, not this process
    assert set(client.run(os.getppid).values()) == {cluster.worker.pid}
    assert client.run_on_scheduler(os.getpid) == cluster.scheduler.pid
    assert cluster.worker.pid != os.getpid() and cluster.scheduler.pid != os.getpid()


def _difference(got: str, expected: str) -> str:
    """Return where two JSON outputs (of :meth:`CommandLine.records`) first differ: a table and
    its first differing record (pytest's diff of megabytes of JSON would take minutes)."""
    got, expected = json.loads(got), json.loads(expected)
    if not isinstance(got, dict):
        got, expected = {"records": got}, {"records": expected}
    if list(got) != list(expected):
        return f"tables {list(got)} instead of {list(expected)}"
    for name in got:
        if got[name] != expected[name]:
            pairs = zip(got[name], expected[name])
            first = next(((g, e) for g, e in pairs if g != e), (None, None))
            return (
                f"table {name}: {len(got[name])} records instead of {len(expected[name])}; "
                f"first difference:\n  dask:  {json.dumps(first[0], ensure_ascii=False)[:2000]}"
                f"\n  local: {json.dumps(first[1], ensure_ascii=False)[:2000]}"
            )
    return "the same records, written differently"


CASES = [
    pytest.param(["corpus"], "corpus", id="corpus"),
    pytest.param(["sources"], "corpus", id="sources"),
    pytest.param(["stance"], "corpus", id="stance"),
    pytest.param(["stance", "--raw"], "corpus", id="stance-raw"),
    pytest.param(["duplicates", "--method", "exact"], "corpus", id="duplicates-exact"),
    pytest.param(["duplicates", "--method", "lsh"], "corpus", id="duplicates-lsh"),
    pytest.param(["duplicates", "--passages"], "corpus", id="duplicates-passages"),
]


@pytest.mark.parametrize(("command", "corpus_name"), CASES)
def test_the_cluster_gives_the_records_of_the_local_engine(cli, cluster, request, command, corpus_name):
    path = str(request.getfixturevalue(corpus_name))
    before = cluster.executed()
    dask = cli.records(*command, path, *DASK_ENGINE, cluster.address)
    ran = {worker: n - before[worker] for worker, n in cluster.executed().items()}
    local = cli.records(*command, path, *LOCAL)
    same = dask == local  # not `assert dask == local`: see _difference
    assert same, _difference(dask, local)
    tables = json.loads(local)
    tables = tables if isinstance(tables, dict) else {"records": tables}
    assert all(tables.values()), {name: len(t) for name, t in tables.items()}  # no empty table compared
    if corpus_name == "corpus":  # several batches, so both workers had some
        assert len(ran) == 2 and min(ran.values()) > 0, ran
    else:
        assert sum(ran.values()) > 0, ran
