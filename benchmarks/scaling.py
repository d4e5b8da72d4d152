"""Scaling of ``duplicates`` at 1x, 2x, 4x and 8x SaudiNewsNet, with its peers, in one run.

Data: ``../shared/data/saudinewsnet.jsonl.gz`` (31,030 articles) and synthetic enlargements made
here, never committed: each article plus (k - 1) copies with about 10 % of its words replaced by
words drawn from the corpus vocabulary, new ids (written to a temporary folder, deleted afterwards).

For each size, each in a fresh process, with wall time and the peak memory of the whole process
tree (the process and every worker, sampled every 0.2 s with psutil):

* ``lower bound``: read and decompress the file, parse the JSON lines, split every text at
  whitespace and hash its word 5-grams with Python's ``hash`` (the minimal shingle hash: no
  normalization, no cleaning, hashes that differ from process to process);
* ``read + hash``: the same with the package's ``shingle_hashes`` (word regex, hashes that are the
  same in every process, as the pair finding needs them);
* ``cli local``: ``arabic-news duplicates FILE --format jsonl --output ...`` (method auto);
* ``cli dask``: the same with ``--engine dask`` (a LocalCluster of 2 workers);
* pair finding only, from the normalized texts (loading not counted), threshold 0.5:
  ``exact`` (the package's prefix-filtered join), ``lsh`` (the package's LSH, banding for recall
  0.98, signatures by rensa when installed), ``sparse`` (the previous exact baseline: a full sparse
  product), ``rensa`` (rensa's own RMinHashLSH, then exact confirmation) and ``datasketch``
  (MinHash updated shingle by shingle and MinHashLSH, as documented, then exact confirmation).

Recall and precision of the approximate methods are measured against ``exact`` of the same size.
Growth exponents are least-squares slopes of log(time) and log(memory) against log(size).
Results are printed and written to the section "Scaling" of benchmarks/README.md.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from _readme import machine, write_section  # noqa: E402

SECTION = os.environ.get("SECTION", "## Scaling")
REAL = REPO.parent / "shared" / "data" / "saudinewsnet.jsonl.gz"
SCALES = tuple(int(s) for s in os.environ.get("SCALES", "1,2,4,8").split(","))
THRESHOLD = 0.5
PEERS = ("exact", "lsh", "sparse", "rensa", "datasketch")
#: datasketch used the documented way (one update per shingle) is the slowest peer by far: it runs up
#: to this size only, so that the whole run fits in an hour on two cores
DATASKETCH_MAX = 2


def enlarge(src: Path, k: int, out: Path, fields: bool = False) -> int:
    """Write ``src`` plus (k - 1) edited copies of every article to ``out``: ids and texts, and with
    ``fields`` every other field of the article too; return the row count. Streams: ``src`` is read
    once per copy, so that only the vocabulary of its first 3,000 articles is held in memory."""
    import random
    from itertools import islice

    rng = random.Random(k)
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        vocab = [w for line in islice(fh, 3000) for w in str(json.loads(line).get("text") or "").split()]
    n = 0
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as fh:
        for copy in range(k):
            with gzip.open(src, "rt", encoding="utf-8") as rows:
                for i, line in enumerate(rows):
                    r = json.loads(line)
                    text = str(r.get("text") or "")
                    if copy:
                        words = text.split(" ")
                        for _ in range(max(1, len(words) // 10)):
                            words[rng.randrange(len(words))] = rng.choice(vocab)
                        text = " ".join(words)
                    row = {**r, "id": f"{copy}-{i}", "text": text} if fields else {"id": f"{copy}-{i}", "text": text}
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n += 1
    return n


def measure(cmd: list[str], timeout: float | None = None, max_mb: float | None = None, pss: bool = False) -> dict:
    """Run ``cmd``; return wall seconds, peak memory of its process tree (MB: the resident memory of its
    processes added up) and its stdout. With ``pss``, also ``peak_pss_mb``: the peak of their
    proportional set sizes added up (a page shared by n processes, such as the pages a forked worker
    shares with its parent, counts 1/n in each; Linux only). With ``timeout`` (seconds) or ``max_mb``,
    the process tree is killed when it runs longer or its memory grows larger, and TimeoutError or
    MemoryError is raised."""
    import psutil

    start = time.perf_counter()
    out_file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115  (a pipe would fill up and block the child)
    proc = subprocess.Popen(cmd, stdout=out_file, stderr=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak = peak_pss = 0
    stop: BaseException | None = None
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            if pss:
                peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        if timeout is not None and time.perf_counter() - start > timeout:
            stop = TimeoutError(f"{cmd} stopped after {timeout:.0f} s")
        elif max_mb is not None and peak / 1e6 > max_mb:
            stop = MemoryError(f"{cmd} stopped at {peak / 1e6:,.0f} MB")
        if stop is not None:
            for p in [*parent.children(recursive=True), parent]:
                with contextlib.suppress(psutil.Error):
                    p.kill()
            proc.communicate()
            out_file.close()
            raise stop
        time.sleep(0.2)
    _out, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{cmd} failed: {err[-2000:]}")
    out_file.seek(0)
    out = out_file.read()
    out_file.close()
    result = {"seconds": seconds, "peak_mb": peak / 1e6, "stdout": out}
    if pss:
        result["peak_pss_mb"] = peak_pss / 1e6
    return result


def lower_bound(path: str, kind: str) -> dict:
    """Read, decompress, parse and hash the word 5-grams of every text (``kind`` "minimal":
    whitespace words and Python's hash; "package": :func:`arabic_news.shingle_hashes`); return the
    numbers of documents and shingles."""
    from arabic_news.core.shingles import shingle_hashes

    cache: dict = {}
    n = shingles = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if kind == "minimal":
                ws = text.split()
                shingles += len({hash(g) for g in zip(ws, ws[1:], ws[2:], ws[3:], ws[4:])})
            else:
                if n % 1000 == 0:
                    cache = {}  # a word cache per batch of 1,000, as the duplicates command has
                shingles += len(shingle_hashes(text, 5, cache))
            n += 1
    return {"documents": n, "shingles": shingles}


def pairs(method: str, texts_path: str) -> dict:
    """Find the pairs with Jaccard >= THRESHOLD among the pickled normalized texts with ``method``."""
    import numpy as np

    from arabic_news import exact_pairs, near_duplicates
    from arabic_news.analyses.near_duplicates import confirm_pairs, shingle_corpus

    with open(texts_path, "rb") as fh:
        texts = pickle.load(fh)
    start = time.perf_counter()
    if method in ("exact", "lsh"):
        found = near_duplicates(texts, THRESHOLD, method=method, recall=0.98, workers=2)
        # every pair counts, as for the peers: inside groups of identical copies, and between every
        # member of two groups whose first documents are paired
        group = {first: [first, *others] for first, others in found.copies.items()}
        copy_of = {c for others in found.copies.values() for c in others}
        result = []
        for members in group.values():
            result += [(a, b) for x, a in enumerate(members) for b in members[x + 1 :]]
        for i, j, _s in found.pairs:
            if j not in copy_of or i not in group or j not in group[i]:
                result += [(min(a, b), max(a, b)) for a in group.get(i, [i]) for b in group.get(j, [j])]
        extra = {"bands": found.bands, "rows": found.rows, "candidates": found.candidates}
    elif method == "sparse":
        result = [(i, j) for i, j, _s in exact_pairs(shingle_corpus(texts, workers=2), THRESHOLD, method="sparse")]
        extra = {}
    else:
        hashes = shingle_corpus(texts, workers=2)
        keep = [i for i, h in enumerate(hashes) if len(h)]
        n = len(hashes)
        if method == "rensa":
            from rensa import RMinHash, RMinHashLSH

            lsh = RMinHashLSH(THRESHOLD, 128, 32)  # 32 bands of 4 rows: P(candidate | J = 0.5) = 0.87
            mins = []
            for i in keep:
                m = RMinHash(128, 1)
                m.update([str(h) for h in hashes[i].tolist()])
                mins.append(m)
                lsh.insert(i, m)
            cand = {(min(i, j), max(i, j)) for i, m in zip(keep, mins) for j in lsh.query(m) if j != i}
        else:
            from datasketch import MinHash, MinHashLSH

            lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
            mins = {}
            for i in keep:
                m = MinHash(num_perm=128)
                for h in hashes[i].tolist():
                    m.update(str(h).encode())
                mins[i] = m
                lsh.insert(i, m)
            cand = {(min(i, j), max(i, j)) for i in keep for j in lsh.query(mins[i]) if j != i}
        codes = np.array(sorted(a * n + b for a, b in cand), dtype=np.int64)
        result = [(i, j) for i, j, _s in confirm_pairs(hashes, codes, THRESHOLD)]
        extra = {"candidates": len(cand)}
    return {"seconds": time.perf_counter() - start, "pairs": result, **extra}


def slope(xs: list[float], ys: list[float]) -> float:
    """Return the least-squares slope of log(y) against log(x)."""
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main() -> None:
    """Run every size; write the table."""
    import warnings

    from arabic_news import load_corpus

    cli = [sys.executable, "-m", "arabic_news", "duplicates"]
    results: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in SCALES:
            path = REAL if k == 1 else Path(tmp) / f"x{k}.jsonl.gz"
            if k > 1:
                enlarge(REAL, k, path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                texts = list(load_corpus(path, on_error="skip")["text"])
            texts_path = Path(tmp) / f"x{k}.pkl"
            texts_path.write_bytes(pickle.dumps(texts))
            row: dict = {"documents": len(texts)}
            row["lower bound"] = measure([sys.executable, __file__, "lower", "minimal", str(path)])
            row["read + hash"] = measure([sys.executable, __file__, "lower", "package", str(path)])
            out = str(Path(tmp) / "out.jsonl")
            row["cli local"] = measure([*cli, str(path), "--format", "jsonl", "--output", out, "--quiet"])
            row["cli dask"] = measure(
                [*cli, str(path), "--format", "jsonl", "--output", out, "--quiet", "--engine", "dask", "--workers", "2"]
            )
            for method in PEERS:
                if method == "datasketch" and k > DATASKETCH_MAX:
                    continue
                m = measure([sys.executable, __file__, "pairs", method, str(texts_path)])
                found = json.loads(m["stdout"])
                row[method] = {**m, **found, "stdout": None}
            truth = {tuple(p) for p in row["exact"]["pairs"]}
            for method in [m for m in PEERS if m in row]:
                got = {tuple(p) for p in row[method]["pairs"]}
                row[method]["recall"] = len(got & truth) / len(truth) if truth else 1.0
                row[method]["precision"] = len(got & truth) / len(got) if got else 1.0
                row[method]["n_pairs"] = len(got)
                row[method]["pairs"] = None
            for key in ("lower bound", "read + hash", "cli local", "cli dask"):
                row[key]["stdout"] = None
            row["load"] = os.getloadavg()[0]
            results[k] = row
            texts_path.unlink()
            write_section(SECTION, render(results))  # after each size: a partial run keeps what it measured
            print(
                k,
                json.dumps(
                    {
                        m: {"s": round(v["seconds"], 1), "mb": round(v.get("peak_mb", 0))}
                        for m, v in row.items()
                        if isinstance(v, dict)
                    }
                ),
                flush=True,
            )
    (Path(tempfile.gettempdir()) / "arabic_news_scaling.json").write_text(json.dumps(results), encoding="utf-8")
    write_section(SECTION, render(results))
    print(render(results))


def accuracy(v: dict) -> str:
    """Return the recall / precision cell of a method's results (and its candidates)."""
    candidates = f"{v['candidates']:,}" if "candidates" in v else "-"
    return f"{v['recall']:.3f} / {v['precision']:.3f} ({candidates})"


def render(results: dict) -> str:
    """Return the README section of the results."""
    sizes = sorted(results)
    cols = ["lower bound", "read + hash", "cli local", "cli dask", *PEERS]

    def cell(r: dict, c: str, text) -> str:
        return text(r[c]) if c in r else "not run"

    lines = [
        SECTION,
        "",
        f"`python benchmarks/scaling.py` (`make bench`), one run of every size. {machine()}; load average "
        f"{results[sizes[-1]].get('load', float('nan')):.1f} at the end (the benchmark's own processes included). "
        "Synthetic enlargements: each article plus (k - 1) copies with about 10 % of its words replaced, new ids "
        "(generated, deleted after the run). Threshold 0.5. Seconds (peak MB of the whole process tree, sampled "
        "every 0.2 s). "
        "`cli local` / `cli dask` = `arabic-news duplicates FILE --format jsonl --output ...` end to end "
        "(loading, template lines, cleaning, pairs, writing; 2 workers; method auto: LSH from 20,000 documents, "
        "so the Dask engine finds the pairs on its workers); the pair finding columns start from normalized "
        "texts (loading not counted): `exact` (prefix-filtered join), `lsh` (the package's LSH, banding for "
        "recall 0.98, rensa signatures), `sparse` (a full sparse product), `rensa` (RMinHashLSH, 32 bands of 4, "
        "then exact confirmation), `datasketch` (MinHash updated shingle by shingle, MinHashLSH, as documented; "
        f"up to {DATASKETCH_MAX}x). `lower bound` = read + decompress + parse + the minimal hash of every text's "
        "word 5-grams (whitespace words, Python's `hash`); `read + hash` = the same with the package's "
        "`shingle_hashes` (word regex, hashes equal in every process). Each cell is one run: the speed of "
        "this machine varies by up to 20 % from one hour to the next (other virtual machines share its host), "
        "so a single cell can be off by that much (compare a method's cells across sizes).",
        "",
        "| size | documents | " + " | ".join(cols) + " |",
        "|---|---:|" + "---:|" * len(cols),
    ]
    for k in sizes:
        r = results[k]
        cells = [cell(r, c, lambda v: f"{v['seconds']:.1f} ({v['peak_mb']:.0f})") for c in cols]
        lines.append(f"| {k}x | {r['documents']:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Recall / precision against `exact` (pairs with J >= 0.5; identical copies expanded to every pair), and "
        "the number of candidate pairs:",
        "",
    ]
    lines += ["| size | " + " | ".join(PEERS[1:]) + " |", "|---|" + "---|" * len(PEERS[1:])]
    for k in sizes:
        r = results[k]
        cells = [cell(r, m, accuracy) for m in PEERS[1:]]
        lines.append(f"| {k}x | " + " | ".join(cells) + " |")
    if len(sizes) > 1:
        xs = [results[k]["documents"] for k in sizes]
        g = {
            c: slope(xs, [results[k][c]["seconds"] for k in sizes]) for c in cols if all(c in results[k] for k in sizes)
        }
        gm = {c: slope(xs, [results[k][c]["peak_mb"] for k in sizes]) for c in ("cli local", "cli dask")}
        lines += ["", "Growth exponents of time: " + ", ".join(f"{c} {v:.2f}" for c, v in g.items()) + "."]
        lines.append("Growth exponents of memory: " + ", ".join(f"{c} {gm[c]:.2f}" for c in gm) + ".")
        lines += [
            "",
            "The memory of `cli dask` includes the LocalCluster's scheduler and workers, which hold the shingle "
            "hashes and signatures of the whole corpus between the passes (on a cluster, spread over its "
            "machines); on these 2 cores the engine only adds scheduling and serialization to the same work.",
        ]
        first, last = results[sizes[0]], results[sizes[-1]]
        peer = min((m for m in ("sparse", "rensa", "datasketch") if m in first), key=lambda m: first[m]["seconds"])
        fastest_peer = first[peer]["seconds"]
        recalls = [results[k]["lsh"]["recall"] for k in sizes]
        targets = [
            ("time growth of cli local <= 1.1", g["cli local"] <= 1.1, f"{g['cli local']:.2f}"),
            (
                f"memory of cli local flat (growth exponent < 0.2) and under 2 GB at {sizes[-1]}x",
                last["cli local"]["peak_mb"] < 2000 and gm["cli local"] < 0.2,
                f"{last['cli local']['peak_mb']:,.0f} MB at {sizes[-1]}x ({first['cli local']['peak_mb']:,.0f} MB at "
                f"{sizes[0]}x), exponent {gm['cli local']:.2f}",
            ),
            (
                "1x end to end within 1.5x of the fastest peer's pair finding",
                first["cli local"]["seconds"] <= 1.5 * fastest_peer,
                f"{first['cli local']['seconds']:.1f} s against {peer}'s {fastest_peer:.1f} s: "
                f"{first['cli local']['seconds'] / fastest_peer:.1f}x",
            ),
            (
                "1x end to end within 4x of the lower bound",
                first["cli local"]["seconds"] <= 4 * first["lower bound"]["seconds"],
                f"{first['cli local']['seconds']:.1f} s against {first['lower bound']['seconds']:.1f} s: "
                f"{first['cli local']['seconds'] / first['lower bound']['seconds']:.1f}x",
            ),
            (
                "from 2x up, lsh faster than exact",
                all(results[k]["lsh"]["seconds"] < results[k]["exact"]["seconds"] for k in sizes if k >= 2),
                ", ".join(
                    f"{k}x {results[k]['lsh']['seconds']:.1f} vs {results[k]['exact']['seconds']:.1f} s"
                    for k in sizes
                    if k >= 2
                ),
            ),
            ("lsh recall >= 0.98", min(recalls) >= 0.98, f"{min(recalls):.3f}-{max(recalls):.3f}"),
        ]
        lines += ["", "| target | met | measured |", "|---|---|---|"]
        lines += [f"| {name} | {'yes' if ok else 'no'} | {value} |" for name, ok, value in targets]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "lower":
        print(json.dumps(lower_bound(sys.argv[3], sys.argv[2])))
    elif len(sys.argv) > 1 and sys.argv[1] == "pairs":
        print(json.dumps(pairs(sys.argv[2], sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "render":  # the section again, from the last run's results
        saved = json.loads((Path(tempfile.gettempdir()) / "arabic_news_scaling.json").read_text(encoding="utf-8"))
        write_section(SECTION, render({int(k): v for k, v in saved.items()}))
    else:
        main()
