"""Every subcommand end to end at 1x, 2x, 4x and 8x SaudiNewsNet, with the rensa peer of ``duplicates``,
in one run (the targets of issue 19).

Data: ``../shared/data/saudinewsnet.jsonl.gz`` (31,030 articles) at 1x, and enlargements made by
``scaling.enlarge`` with every field of an article kept (each article plus (k - 1) copies with about
10 % of its words replaced, new ids; streamed to a temporary folder that is deleted afterwards).

Each cell, in a fresh process: wall time, CPU time (user + system of the process and every worker) and
the peak memory of the whole process tree (the resident memory of the process and its workers, added
up, sampled every 0.2 s; and the same for their proportional set sizes, PSS, which count the pages a
forked worker shares with its parent once) of

* ``corpus``, ``sources``, ``stance``, ``duplicates``: ``arabic-news COMMAND FILE --format jsonl
  --output FILE.out --workers 2 --quiet`` (every other option at its default, the local engine);
* ``rensa``: ``benchmarks/_rensa_peer.py FILE FILE.out``, the peer of ``duplicates`` that issue 19
  defines (no cleaning; fold, word 5-grams and RMinHash in 2 processes, RMinHashLSH at 0.5, every
  candidate confirmed by exact Jaccard).

Recall (at the sizes of ``--recall-sizes``; the exact join needs about 1 GB per 1x): the pairs of
documents whose word 5-gram Jaccard is >= 0.5 on the loader's normalized texts, found exactly (as
``benchmarks/scaling.py`` finds them, identical copies expanded to every pair); a pair counts as found
when both documents are in one cluster of ``duplicates`` (its ``documents`` table), or in one connected
component of the peer's pairs. The same for the cleaned texts (``clean_corpus``), which ``duplicates``
compares: pairs lost to the cleaning and pairs missed by the pair finding are told apart.

Targets: ``stance`` <= 2.0 x ``corpus`` and ``sources`` <= 3.0 x ``corpus`` (wall time, same file, same
run); peak memory of corpus, sources, stance and duplicates flat (growth exponent, the least-squares
slope of log(memory) on log(size), <= 0.15) and under 1.5 GB at 8x; ``duplicates`` <= 1.0 x the peer;
recall >= 0.99.

Usage::

    python benchmarks/commands.py                       # everything: 1x-8x, every command, the peer
    python benchmarks/commands.py --sizes 1,2 --commands corpus,stance
    python benchmarks/commands.py --render              # the README section again, from commands.json

Raw results go to benchmarks/commands.json (a subset run replaces the cells it measures and keeps the
others, marked as from an earlier run; ``--fresh`` starts from nothing) and the section "Commands end to
end" of benchmarks/README.md, after every size.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _readme import machine, write_section  # noqa: E402
from scaling import REAL, enlarge, measure, slope  # noqa: E402

SECTION = "## Commands end to end"
RESULTS = HERE / "commands.json"
PEER_SCRIPT = HERE / "_rensa_peer.py"
COMMANDS = ("corpus", "sources", "stance", "duplicates")
PEER = "rensa"
COLUMNS = (*COMMANDS, PEER)
SIZES = (1, 2, 4, 8)
THRESHOLD = 0.5
#: targets of issue 19
STANCE_MAX, SOURCES_MAX, PEER_MAX = 2.0, 3.0, 1.0
MEMORY_EXPONENT_MAX, MEMORY_MAX_MB, MEMORY_AT = 0.15, 1500, 8
RECALL_MIN = 0.99


def command_line(column: str, path: Path, out: Path) -> list[str]:
    """Return the command line of one column on ``path``, writing to ``out``."""
    if column == PEER:
        return [sys.executable, str(PEER_SCRIPT), str(path), str(out)]
    return [sys.executable, "-m", "arabic_news", column, str(path)] + [
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--workers",
        "2",
        "--quiet",
    ]


def run(column: str, path: Path, out: Path, timeout: float | None, max_mb: float | None) -> dict:
    """Run one column on ``path``; return its wall and CPU seconds and peak memory (or the error)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        m = measure(command_line(column, path, out), timeout=timeout, max_mb=max_mb, pss=True)
    except (RuntimeError, TimeoutError, MemoryError) as e:
        return {"error": f"{type(e).__name__}: {str(e)[-300:]}"}
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cell = {
        "seconds": m["seconds"],
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_mb": m["peak_mb"],
        "peak_pss_mb": m["peak_pss_mb"],
        "output_mb": out.stat().st_size / 1e6 if out.exists() else 0.0,
    }
    if column == PEER:
        cell.update(json.loads(m["stdout"]))
    return cell


def truth(path: str, out: str) -> None:
    """Write the pairs of documents of ``path`` (doc ids) whose exact Jaccard is >= THRESHOLD to ``out``:
    of the loader's normalized texts ("normalized") and of the cleaned texts ("cleaned": the
    ``clean_text`` of :func:`arabic_news.clean_corpus`, what ``duplicates`` compares)."""
    from arabic_news import Context, clean_corpus, load_corpus
    from scaling import pairs

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = load_corpus(path, on_error="skip")
    ids = list(df["doc_id"])
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "texts.pkl"
        for name in ("normalized", "cleaned"):
            if name == "cleaned":
                df = clean_corpus(df, Context.of("libya-2019-2020"), workers=2)[["clean_text"]]
            texts.write_bytes(pickle.dumps(list(df["text" if name == "normalized" else "clean_text"])))
            found[name] = [[ids[a], ids[b]] for a, b in pairs("exact", str(texts))["pairs"]]
    Path(out).write_text(json.dumps(found), encoding="utf-8")


def clusters_of_command(out: Path) -> dict[str, int]:
    """Return the cluster of every clustered document in the JSONL output of ``duplicates``."""
    found = {}
    with open(out, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith('{"table": "documents"'):
                row = json.loads(line)
                if row["cluster"]:
                    found[row["doc_id"]] = row["cluster"]
    return found


def clusters_of_peer(out: Path) -> dict[str, str]:
    """Return the connected component (named by one member) of every paired document in the peer's output."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(out, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            a, b = root(row["a"]), root(row["b"])
            if a != b:
                parent[a] = b
    return {x: root(x) for x in parent}


def recall(pairs: list[list[str]], clusters: dict) -> float:
    """Return the share of ``pairs`` whose two documents share a cluster."""
    if not pairs:
        return 1.0
    return sum(1 for a, b in pairs if a in clusters and clusters[a] == clusters.get(b)) / len(pairs)


def count_rows(path: Path) -> int:
    """Return the number of lines of the gzipped file ``path``."""
    import gzip

    with gzip.open(path, "rb") as fh:
        return sum(1 for _ in fh)


def load() -> dict:
    """Return the saved results (or empty ones)."""
    if RESULTS.exists():
        return json.loads(RESULTS.read_text(encoding="utf-8"))
    return {"runs": {}, "sizes": {}}


def save(results: dict) -> None:
    """Write the results to benchmarks/commands.json and the README section."""
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    write_section(SECTION, render(results))


def main(args: argparse.Namespace) -> None:
    """Run the chosen columns at the chosen sizes; save after each size."""
    results = {"runs": {}, "sizes": {}} if args.fresh else load()
    run_id = str(max(map(int, results["runs"]), default=0) + 1)
    results["runs"][run_id] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "sizes": args.sizes,
        "columns": args.commands,
    }
    with tempfile.TemporaryDirectory(prefix="arabic-news-bench-") as tmp:
        for k in args.sizes:
            start = time.perf_counter()
            path = REAL if k == 1 else Path(tmp) / f"x{k}.jsonl.gz"
            rows = count_rows(path) if k == 1 else enlarge(REAL, k, path, fields=True)
            print(f"{k}x: {rows:,} rows ({time.perf_counter() - start:.0f} s to write)", flush=True)
            size = results["sizes"].setdefault(str(k), {"cells": {}, "recall": {}})
            size["rows"] = rows
            truth_pairs = None
            if k in args.recall_sizes and {"duplicates", PEER} & set(args.commands):
                t = Path(tmp) / "truth.json"
                m = measure([sys.executable, __file__, "truth", str(path), str(t)])
                truth_pairs = json.loads(t.read_text(encoding="utf-8"))
                t.unlink()
                size["recall"] = {
                    "pairs": len(truth_pairs["normalized"]),
                    "cleaned pairs": len(truth_pairs["cleaned"]),
                    "seconds": m["seconds"],
                    "run": run_id,
                }
            for column in args.commands:
                out = Path(tmp) / f"{column}.out"
                cell = run(column, path, out, args.timeout, args.max_mb)
                cell["run"] = run_id
                if truth_pairs is not None and "error" not in cell and column in ("duplicates", PEER):
                    clusters = clusters_of_command(out) if column == "duplicates" else clusters_of_peer(out)
                    size["recall"][column] = recall(truth_pairs["normalized"], clusters)
                    if column == "duplicates":
                        size["recall"]["duplicates, cleaned"] = recall(truth_pairs["cleaned"], clusters)
                size["cells"][column] = cell
                out.unlink(missing_ok=True)
                print(f"  {column}: {cell_text(cell)}, CPU {cell.get('cpu', float('nan')):.1f} s", flush=True)
            if k != 1:
                path.unlink()
            results["runs"][run_id]["load"] = os.getloadavg()[0]
            save(results)
    print(render(results))


def cell_text(cell: dict | None) -> str:
    """Return "seconds (peak MB)" of a cell."""
    if cell is None:
        return "not run"
    if "error" in cell:
        return "failed" if not cell["error"].startswith(("TimeoutError", "MemoryError")) else "stopped"
    return f"{cell['seconds']:.1f} ({cell['peak_mb']:,.0f})"


def pss_text(cell: dict) -> str:
    """Return the peak PSS of a cell in MB (runs before it was recorded have none)."""
    return f"{cell['peak_pss_mb']:,.0f} MB" if "peak_pss_mb" in cell else "-"


def render(results: dict) -> str:
    """Return the README section of the results."""
    runs = results["runs"]
    latest = max(runs, key=int) if runs else "0"
    sizes = sorted(int(k) for k in results["sizes"])
    cells = {k: results["sizes"][str(k)]["cells"] for k in sizes}

    def ok(k: int, c: str) -> dict | None:
        cell = cells[k].get(c)
        return cell if cell is not None and "error" not in cell else None

    def mark(*cs: dict | None) -> str:
        return "" if all(c is None or c["run"] == latest for c in cs) else " †"

    def ratio(k: int, a: str, b: str) -> str:
        x, y = ok(k, a), ok(k, b)
        if x is None or y is None:
            return "-"
        both = "" if x["run"] == y["run"] else " ‡"
        return f"{x['seconds'] / y['seconds']:.2f}{both}"

    run = runs.get(latest, {})
    lines = [
        SECTION,
        "",
        "`python benchmarks/commands.py` (every size and column; a subset: `--sizes 1,2 --commands "
        "corpus,stance`; `--render` writes this section again from the raw results in "
        "`benchmarks/commands.json`). "
        f"{run.get('machine', machine())}; latest run {run.get('started', '?')}, load average "
        f"{run.get('load', float('nan')):.1f} at its end (its own processes included). "
        "1x is SaudiNewsNet as shipped; kx adds (k - 1) copies of every article with about 10 % of its words "
        "replaced and new ids, every other field kept (generated, deleted after the run). Each command: "
        "`arabic-news COMMAND FILE --format jsonl --output FILE.out --workers 2 --quiet`, every other option "
        "at its default (local engine). `rensa`: `benchmarks/_rensa_peer.py`, the peer of `duplicates` that "
        "issue 19 defines: no cleaning; the JSONL.gz read, texts folded (diacritics, tatweel, alef, ya, "
        "ta marbuta), word 5-grams hashed and rensa `RMinHash` signatures (128 permutations) computed in 2 "
        "processes, `RMinHashLSH` at 0.5 (32 bands of 4 rows) in the parent, every candidate confirmed by "
        "exact Jaccard. Seconds (peak MB of the whole process tree: the resident memory of the process and "
        "its workers added up, sampled every 0.2 s). Each cell is one run: the speed of this machine varies "
        "by 15-20 % from one hour to the next (other virtual machines share its host), so a single cell, "
        "and a ratio of two, can be off by that much.",
        "",
        "| size | rows | " + " | ".join(f"`{c}`" for c in COLUMNS) + " |",
        "|---|---:|" + "---:|" * len(COLUMNS),
    ]
    for k in sizes:
        row = [cell_text(cells[k].get(c)) + mark(cells[k].get(c)) for c in COLUMNS]
        lines.append(f"| {k}x | {results['sizes'][str(k)].get('rows', 0):,} | " + " | ".join(row) + " |")
    lines += [
        "",
        "CPU seconds (user + system, workers included) and the peak proportional memory of the tree (PSS: a "
        "page shared by n processes, such as what a forked worker shares with its parent, counts 1/n in "
        "each; the table above counts it in every process):",
        "",
        "| size | " + " | ".join(f"`{c}`" for c in COLUMNS) + " |",
        "|---|" + "---:|" * len(COLUMNS),
    ]
    for k in sizes:
        cpu = [f"{ok(k, c)['cpu']:.1f} s, {pss_text(ok(k, c))}" if ok(k, c) else "-" for c in COLUMNS]
        lines.append(f"| {k}x | " + " | ".join(cpu) + " |")
    lines += [
        "",
        "Ratios of wall times, same size:",
        "",
        "| size | stance / corpus | sources / corpus | duplicates / rensa |",
        "|---|---:|---:|---:|",
    ]
    for k in sizes:
        ratios = [ratio(k, "stance", "corpus"), ratio(k, "sources", "corpus"), ratio(k, "duplicates", PEER)]
        lines.append(f"| {k}x | " + " | ".join(ratios) + " |")
    recalls = {k: results["sizes"][str(k)].get("recall") or {} for k in sizes}
    measured = [k for k in sizes if recalls[k].get("pairs") is not None]
    if measured:
        lines += [
            "",
            "Recall against the exact pairs (word 5-gram Jaccard >= 0.5 on the loader's normalized texts, "
            "without cleaning, as the peer compares them; identical copies expanded to every pair): a pair "
            "counts when both documents are in one cluster of `duplicates`, or in one connected component of "
            "the peer's pairs. The last two columns: the same for the cleaned texts (`clean_corpus`, what "
            "`duplicates` compares), so that pairs lost to the cleaning (shared boilerplate) and pairs the pair "
            "finding missed can be told apart.",
            "",
            "| size | exact pairs | `duplicates` | `rensa` | exact pairs, cleaned texts | `duplicates` |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for k in measured:
            r = recalls[k]
            got = [f"{r[c]:.4f}" if c in r else "-" for c in ("duplicates", PEER)]
            cleaned = [f"{r['cleaned pairs']:,}" if "cleaned pairs" in r else "-"]
            cleaned.append(f"{r['duplicates, cleaned']:.4f}" if "duplicates, cleaned" in r else "-")
            lines.append(f"| {k}x | {r['pairs']:,} | " + " | ".join(got + cleaned) + " |")
    lines += ["", "| target | met | measured |", "|---|---|---|"]
    lines += [f"| {name} | {met} | {value} |" for name, met, value in targets(results)]
    notes = []
    if any(c.get("run") != latest for k in sizes for c in cells[k].values()):
        earlier = ", ".join(f"run {i}: {r['started']}" for i, r in sorted(runs.items(), key=lambda x: int(x[0])))
        notes.append(f"† a cell of an earlier run ({earlier}); ‡ a ratio of two cells of different runs.")
    if any("error" in c for k in sizes for c in cells[k].values()):
        notes.append("`stopped`: stopped at the time or memory limit of the run; `failed`: the command failed.")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"


def targets(results: dict) -> list[tuple[str, str, str]]:
    """Return (target, met, measured) for every target of issue 19."""
    sizes = sorted(int(k) for k in results["sizes"])
    cells = {k: results["sizes"][str(k)]["cells"] for k in sizes}

    def ok(k: int, c: str) -> dict | None:
        cell = cells[k].get(c)
        return cell if cell is not None and "error" not in cell else None

    def verdict(values: list[bool]) -> str:
        return "not measured" if not values else ("yes" if all(values) else "no")

    out = []
    for a, b, limit in (
        ("stance", "corpus", STANCE_MAX),
        ("sources", "corpus", SOURCES_MAX),
        ("duplicates", PEER, PEER_MAX),
    ):
        pairs = [(k, ok(k, a)["seconds"] / ok(k, b)["seconds"]) for k in sizes if ok(k, a) and ok(k, b)]
        name = f"`{a}` <= {limit:.1f} x `{b}` end to end, every size"
        value = ", ".join(f"{k}x {r:.2f}" + ("" if ok(k, a)["run"] == ok(k, b)["run"] else " ‡") for k, r in pairs)
        out.append((name, verdict([r <= limit for _k, r in pairs]), value))
    for c in COMMANDS:
        have = [k for k in sizes if ok(k, c)]
        name = (
            f"peak memory of `{c}` flat (exponent <= {MEMORY_EXPONENT_MAX}) and under "
            f"{MEMORY_MAX_MB / 1000:.1f} GB at {MEMORY_AT}x"
        )
        if not have:
            out.append((name, "not measured", ""))
            continue
        mb = {k: ok(k, c)["peak_mb"] for k in have}
        rows = [results["sizes"][str(k)]["rows"] for k in have]
        exponent = slope(rows, [mb[k] for k in have]) if len(have) > 1 else None
        value = ", ".join(f"{k}x {mb[k]:,.0f} MB (PSS {pss_text(ok(k, c))})" for k in have)
        if exponent is not None:
            value += f"; exponent {exponent:.2f}"
        if MEMORY_AT not in have or exponent is None:
            met = "not measured"  # at 8x, or with two sizes at least
        else:
            met = "yes" if exponent <= MEMORY_EXPONENT_MAX and mb[MEMORY_AT] < MEMORY_MAX_MB else "no"
        out.append((name, met, value))
    recalls = [
        (k, c, results["sizes"][str(k)]["recall"][c])
        for k in sizes
        for c in ("duplicates",)
        if c in (results["sizes"][str(k)].get("recall") or {})
    ]
    out.append(
        (
            f"recall of `duplicates` >= {RECALL_MIN}",
            verdict([r >= RECALL_MIN for _k, _c, r in recalls]),
            ", ".join(f"{k}x {r:.4f}" for k, _c, r in recalls),
        )
    )
    return out


def parse(argv: list[str]) -> argparse.Namespace:
    """Return the options of the command line."""

    def ints(text: str) -> list[int]:
        return sorted({int(x) for x in text.split(",") if x})

    def columns(text: str) -> list[str]:
        chosen = [c for c in text.split(",") if c]
        unknown = set(chosen) - set(COLUMNS)
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {', '.join(sorted(unknown))}: choose from {', '.join(COLUMNS)}")
        return [c for c in COLUMNS if c in chosen]

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", type=ints, default=list(SIZES), help="sizes to run, e.g. 1,2 (default 1,2,4,8)")
    p.add_argument(
        "--commands", type=columns, default=list(COLUMNS), help=f"columns to run (default {','.join(COLUMNS)})"
    )
    p.add_argument(
        "--recall-sizes",
        type=ints,
        default=[1, 2],
        help="sizes at which the recall is measured (default 1,2; the exact join needs about 1 GB per 1x)",
    )
    p.add_argument("--timeout", type=float, default=None, help="stop a cell after this many seconds")
    p.add_argument("--max-mb", type=float, default=8000, help="stop a cell above this memory (default 8000 MB)")
    p.add_argument("--fresh", action="store_true", help="forget the saved results (default: keep the cells not run)")
    p.add_argument("--render", action="store_true", help="only write the README section from the saved results")
    return p.parse_args(argv)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "truth":
        truth(sys.argv[2], sys.argv[3])
    else:
        options = parse(sys.argv[1:])
        if options.render:
            saved = load()
            write_section(SECTION, render(saved))
            print(render(saved))
        else:
            main(options)
