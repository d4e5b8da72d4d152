"""Near-duplicate detection at scale: MinHash + LSH (then exact confirmation) against exact baselines.

Data: ``../shared/data/saudinewsnet.jsonl.gz`` next to the repository when present (31,030 real
articles with syndicated wire copies), else a generated corpus with planted near-duplicates
(:func:`arabic_news.duplicates.generate_corpus`, deterministic) of the same size.

For each corpus size (1k, 5k, 10k, all) every method runs in a fresh subprocess, from normalized
text to the list of pairs, so wall time and peak memory (ru_maxrss of the process and of its
worker processes) are its own:

* ``lsh``: shingle hashing + MinHash signatures (2 worker processes), datasketch MinHashLSH
  (threshold 0.5, 128 permutations, seed 1), exact Jaccard of every candidate;
* ``index``: the exact baseline, an inverted index (shingle -> documents) counting the shared
  shingles of every pair (shingle hashing with the same 2 workers);
* ``sparse``: the same exact count as a scipy sparse matrix product (a vectorised inverted index).

Recall and precision of ``lsh`` are measured against the exact pairs of the same run for pairs
with Jaccard >= 0.6. Finally the command line (``arabic-news duplicates PATH --format json``) is
timed on the full corpus, with the split between loading, cleaning and near-duplicate detection.
Results are printed and written to the section "Near-duplicate detection" of benchmarks/README.md.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "lib"))
sys.path.insert(0, str(REPO / "benchmarks"))

from _readme import machine, run_worker, write_section  # noqa: E402

SECTION = "## Near-duplicate detection"
REAL = REPO.parent / "shared" / "data" / "saudinewsnet.jsonl.gz"
SIZES = (1000, 5000, 10000)
THRESHOLD = 0.5  # pairs reported
EVAL = 0.6  # recall/precision measured on pairs with Jaccard >= this
WORKERS = 2


def _worker(method: str, size: int, data: str) -> dict:
    """Run one method on the first ``size`` texts of the pickled corpus; return its results."""
    import resource

    from arabic_news import exact_pairs, near_duplicates, shingle_corpus

    with open(data, "rb") as fh:
        texts = pickle.load(fh)[:size]
    start = time.perf_counter()
    if method == "lsh":
        found = near_duplicates(texts, THRESHOLD, workers=WORKERS)
        pairs, extra = found.pairs, {"candidates": found.candidates, "bands": found.bands, "rows": found.rows}
    else:
        pairs = exact_pairs(shingle_corpus(texts, workers=WORKERS), THRESHOLD, method=method)
        extra = {}
    seconds = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": seconds, "pairs": pairs, "rss_mb": me, "worker_rss_mb": kids, **extra}


def _pipeline(path: str) -> dict:
    """Time the command line's three stages in one process: load, clean, near-duplicates."""
    import warnings

    from arabic_news import clean_corpus, load_corpus, near_duplicates

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load_corpus(path, on_error="skip")
    t1 = time.perf_counter()
    cleaned = clean_corpus(df, workers=WORKERS)
    t2 = time.perf_counter()
    found = near_duplicates(list(cleaned["clean_text"]), THRESHOLD, workers=WORKERS)
    t3 = time.perf_counter()
    removed = sum(len(r) for r in cleaned["removed"])
    return {
        "documents": len(df),
        "load": t1 - t0,
        "clean": t2 - t1,
        "near": t3 - t2,
        "removed_paragraphs": removed,
        "near_pairs": len(found.pairs),
    }


def _corpus() -> tuple[list[str], str]:
    """Return the normalized texts to benchmark and a description of where they come from."""
    import warnings

    if REAL.exists():
        from arabic_news import load_corpus

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            df = load_corpus(REAL, on_error="skip")
        return list(df["text"]), (
            f"`../shared/data/saudinewsnet.jsonl.gz`: {len(df):,} articles "
            f"loaded ({len(df.attrs['skipped'])} empty rows skipped)"
        )
    from arabic_news import generate_corpus

    df = generate_corpus(31030, dup_share=0.2, seed=0)
    return list(df["text"]), "generated corpus (31,030 documents, 20 % planted near-duplicates)"


def main() -> None:
    """Run the benchmark and write benchmarks/README.md."""
    texts, source = _corpus()
    sizes = [s for s in SIZES if s < len(texts)] + [len(texts)]
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = str(Path(tmp) / "texts.pkl")
        with open(data, "wb") as fh:
            pickle.dump(texts, fh)
        for size in sizes:
            res = {}
            for method in ("lsh", "index", "sparse"):
                out, rss = run_worker(__file__, ["--worker", method, str(size), data])
                out["rss_mb"] = max(out["rss_mb"], rss)
                res[method] = out
                print(f"{size:>6} {method:>6}: {out['seconds']:7.1f} s, {out['rss_mb']:6.0f} MB", flush=True)
            exact = {(i, j) for i, j, s in res["index"]["pairs"] if s >= EVAL}
            assert exact == {(i, j) for i, j, s in res["sparse"]["pairs"] if s >= EVAL}
            got = {(i, j) for i, j, s in res["lsh"]["pairs"] if s >= EVAL}
            rows.append(
                {
                    "size": size,
                    "res": res,
                    "exact": len(exact),
                    "recall": len(got & exact) / len(exact) if exact else 1.0,
                    "precision": len(got & exact) / len(got) if got else 1.0,
                    "cand_precision": len(res["lsh"]["pairs"]) / max(1, res["lsh"]["candidates"]),
                }
            )
    pipe, pipe_rss = run_worker(__file__, ["--pipeline", str(REAL)]) if REAL.exists() else (None, 0.0)
    cli = None
    if REAL.exists():
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "arabic-news"), "duplicates", str(REAL), "--format", "json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)
        if status != 0:
            raise RuntimeError(f"arabic-news duplicates failed with status {status}")
        cli = {
            "seconds": time.perf_counter() - start,
            "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024,
        }
    _write(rows, source, load_before, os.getloadavg(), pipe, pipe_rss, cli)


def _write(
    rows: list[dict],
    source: str,
    load_before: tuple,
    load_after: tuple,
    pipe: dict | None,
    pipe_rss: float,
    cli: dict | None,
) -> None:
    """Write the results section of benchmarks/README.md."""
    lines = [
        SECTION,
        "",
        f"`python benchmarks/near_duplicates.py` ({time.strftime('%Y-%m-%d')}). Data: {source}. "
        f"Machine: {machine()}; load average {load_before[0]:.1f} before and "
        f"{load_after[0]:.1f} after the run (other jobs were sharing the 2 cores, so absolute "
        "times are pessimistic; the ratios compare methods measured in the same run).",
        "",
        "Each method runs in a fresh process, from normalized text to the list of pairs with "
        f"Jaccard >= {THRESHOLD} (word 5-gram shingles). `lsh`: MinHash (128 permutations, seed 1) "
        f"+ datasketch MinHashLSH (threshold {THRESHOLD}), every candidate confirmed with exact "
        "Jaccard; `index`: exact baseline, inverted index shingle -> documents counting shared "
        "shingles per pair; `sparse`: the same exact count as a scipy sparse product. Shingle "
        f"hashing uses {WORKERS} worker processes in every method. Peak memory: largest "
        "ru_maxrss among the method's process and its workers (forked workers share pages).",
        "",
        "| documents | lsh s | index s | sparse s | lsh / index | lsh / sparse | lsh MB | "
        "index MB | sparse MB | exact pairs J>=0.6 | recall | precision | LSH candidates kept |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        res = r["res"]
        mb = {m: max(res[m]["rss_mb"], res[m]["worker_rss_mb"]) for m in res}
        lines.append(
            f"| {r['size']:,} | {res['lsh']['seconds']:.1f} | {res['index']['seconds']:.1f} | "
            f"{res['sparse']['seconds']:.1f} | "
            f"{res['lsh']['seconds'] / res['index']['seconds']:.2f} | "
            f"{res['lsh']['seconds'] / res['sparse']['seconds']:.2f} | {mb['lsh']:.0f} | "
            f"{mb['index']:.0f} | {mb['sparse']:.0f} | {r['exact']:,} | {r['recall']:.3f} | "
            f"{r['precision']:.3f} | {r['cand_precision']:.2f} |"
        )
    lsh = rows[-1]["res"]["lsh"]
    lines += [
        "",
        f"LSH bands x rows: {lsh['bands']} x {lsh['rows']}. Precision is 1 by "
        "construction (every reported pair is confirmed with exact Jaccard); the last "
        "column is the share of LSH candidates that survive confirmation.",
        "",
    ]
    if pipe is not None:
        total = pipe["load"] + pipe["clean"] + pipe["near"]
        lines += [
            f"Command line on the full corpus: `arabic-news duplicates "
            f"../shared/data/saudinewsnet.jsonl.gz --format json` took {cli['seconds']:.1f} s "
            f"end to end ({cli['cpu']:.1f} s of CPU time over the process and its workers, "
            f"peak {cli['rss_mb']:.0f} MB in the largest process). The same stages timed in one process "
            f"({pipe['documents']:,} documents, "
            f"peak {pipe_rss:.0f} MB): loading and normalizing (`load_corpus`) {pipe['load']:.1f} s, "
            f"boilerplate + internal duplicates {pipe['clean']:.1f} s "
            f"({pipe['removed_paragraphs']:,} paragraphs removed), near-duplicates "
            f"{pipe['near']:.1f} s ({pipe['near_pairs']:,} pairs), total {total:.1f} s.",
            "",
        ]
    write_section(SECTION, "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(_worker(sys.argv[2], int(sys.argv[3]), sys.argv[4])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--pipeline":
        print(json.dumps(_pipeline(sys.argv[2])))
    else:
        main()
