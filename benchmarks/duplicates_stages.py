"""Where the CPU time of ``duplicates`` goes on SaudiNewsNet (1x), stage by stage, and what the speed
targets of the scaling benchmark would ask of it.

The command's own code (:func:`~arabic_news.duplicates_tables`) runs once in this process, and the CPU
time (``time.process_time``) between its progress calls gives its stages: pass 1 (read, check,
normalize, count template lines), pass 2 (clean, hash, sign) and the pair finding. Each stage is then
broken down by timing the public functions it calls, one at a time, on the same documents (indented
rows). Then the command itself runs twice in a fresh process (``arabic-news duplicates FILE --format
jsonl --output ...``, 2 workers): the faster run's wall time and the CPU time of its whole process
tree (user + system, the workers included). Dividing the CPU time by the wall time gives the cores
the command keeps busy; a target wall time times those cores is the CPU time the command could spend
and still meet it.

Results go to the section "Where the time of duplicates goes" of benchmarks/README.md.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from itertools import chain
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from _readme import machine, write_section  # noqa: E402
from scaling import measure  # noqa: E402

SECTION = "## Where the time of duplicates goes"
DATA = REPO.parent / "shared" / "data" / "saudinewsnet.jsonl.gz"
SCALING = str(REPO / "benchmarks" / "scaling.py")


def stages() -> tuple[list[tuple[str, float]], int]:
    """Return (stage, CPU seconds) for each stage of the command, and the number of documents."""
    import numpy as np

    from arabic_news import Context, CorpusReader
    from arabic_news.analyses.cleaning import boilerplate_cues, clean_document, flag_boilerplate, internal_duplicates
    from arabic_news.analyses.duplicates import duplicates_tables
    from arabic_news.analyses.near_duplicates import recall_banding
    from arabic_news.analyses.templates import line_key, template_lines
    from arabic_news.core.document import Document
    from arabic_news.core.shingles import NUM_PERM, SEED, shingle_hashes_many, signature_matrix
    from arabic_news.core.text import split_paragraphs

    ctx = Context.of("libya-2019-2020")
    out: list[tuple[str, float]] = []

    def timed(name: str, work):
        start = time.process_time()
        result = work()
        out.append((name, time.process_time() - start))
        return result

    # the command's own code in this process: when each pass starts, when the last batch is done
    marks = [("start", time.process_time())]

    def progress(stage: str, total: int | None):
        marks.append((stage, time.process_time()))
        return lambda n: marks.append(("batch", time.process_time()))

    reader = CorpusReader(DATA, on_error="skip")
    duplicates_tables(reader.batches, ctx, 0.5, progress=progress)
    done = time.process_time()
    start, pass2 = marks[0][1], next(t for stage, t in marks if stage == "cleaning and hashing")
    last = marks[-1][1]
    out.append(("pass 1: read, check, normalize, count template lines", pass2 - start))

    def read_only() -> int:
        with gzip.open(DATA, "rt", encoding="utf-8") as fh:
            return sum(1 for line in fh if json.loads(line))

    timed("  decompress, parse JSON", read_only)
    batches = timed("  the reader: the above, checks, normalization", lambda: list(reader.batches()))
    records = [r for b in batches for r in b]
    lines = timed("  the normalized text split into lines", lambda: [split_paragraphs(r["text"]) for r in records])
    out.append(("pass 2: clean, hash, sign (batches read back)", last - pass2))
    spans = [[(line.start, line.end) for line in doc] for doc in lines]  # what pass 1 hands to pass 2

    def documents() -> list:
        options = ctx.options
        docs = [
            Document(r["doc_id"], r["raw"], options, text=r["text"], norm_spans=sp) for r, sp in zip(records, spans)
        ]
        for d in docs:
            d.paragraphs  # noqa: B018  (computed once, kept on the document)
        return docs

    docs = timed("  documents: raw text split into paragraphs, words found", documents)
    timed("    splitting the raw text", lambda: [split_paragraphs(r["raw"]) for r in records])
    keys = template_lines(docs)
    counts = [[keys.get(line_key(p.norm)) for p in d.paragraphs] for d in docs]  # pass 1 hashed the keys
    cues = boilerplate_cues(ctx)
    timed(
        "  cleaning rules 1-6",
        lambda: [clean_document(d, cues, keys, 0.8, c) for d, c in zip(docs, counts)],
    )
    timed("    rules 1-4: cue phrases, comments, labels", lambda: [flag_boilerplate(d, cues) for d in docs])
    timed(
        "      cue phrases (rule 1)",
        lambda: [[cues.matcher.count(p.norm, normalized=p.norm) for p in d.paragraphs] for d in docs],
    )
    timed("    repeated paragraphs (rule 6)", lambda: [internal_duplicates(d, 0.8) for d in docs])
    words = [list(chain.from_iterable(p.words for p in d.kept_paragraphs)) for d in docs]

    def hashes() -> list:
        return [h for start in range(0, len(words), 1000) for h in shingle_hashes_many(words[start : start + 1000])]

    hashed = timed("  shingle hashes of the kept words", hashes)
    bands, rows = recall_banding(0.5, 0.98, NUM_PERM)
    timed(
        "  MinHash signatures",
        lambda: np.vstack(
            [signature_matrix(hashed[s : s + 1000], bands * rows, SEED) for s in range(0, len(hashed), 1000)]
        ),
    )
    out.append(("pair finding (LSH, exact confirmation)", done - last))
    return out, len(docs)


def command() -> tuple[float, float]:
    """Run the command twice; return the faster run's (wall seconds, CPU seconds of its process tree)."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(2):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "arabic_news", "duplicates", str(DATA), "--format", "jsonl", "--quiet"]
                + ["--output", os.path.join(tmp, "out.jsonl")],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            runs.append((wall, cpu))
    return min(runs)


def targets() -> dict[str, float]:
    """Return the wall time each speed target of the scaling benchmark allows at 1x, from its lower
    bound and rensa's pair finding, measured as benchmarks/scaling.py measures them (the faster of
    two runs each, as for the command)."""
    import pickle

    from arabic_news import load_corpus

    with tempfile.TemporaryDirectory() as tmp:
        texts = Path(tmp) / "texts.pkl"
        texts.write_bytes(pickle.dumps(list(load_corpus(DATA, on_error="skip")["text"])))
        lower = min(measure([sys.executable, SCALING, "lower", "minimal", str(DATA)])["seconds"] for _ in range(2))
        rensa = min(
            json.loads(measure([sys.executable, SCALING, "pairs", "rensa", str(texts)])["stdout"])["seconds"]
            for _ in range(2)
        )
    return {
        f"4 x the lower bound ({lower:.1f} s)": 4 * lower,
        f"1.5 x rensa's pair finding ({rensa:.1f} s)": 1.5 * rensa,
    }


def render(out: list[tuple[str, float]], n_docs: int, wall: float, cpu: float, goals: dict[str, float]) -> str:
    """Return the README section."""
    top = sum(s for name, s in out if not name.startswith(" "))
    lines = [
        SECTION,
        "",
        f"`python benchmarks/duplicates_stages.py`. {machine()}. SaudiNewsNet, {n_docs:,} documents loaded. "
        "CPU seconds of each stage of `duplicates` in one process (the command's code, timed between its "
        "progress calls); an indented row is a part of the row above it with less indent, timed on its own. "
        "The command itself: the faster of two runs, 2 workers, wall time and CPU time of the whole process tree.",
        "",
        "| stage | CPU s | share |",
        "|---|---:|---:|",
    ]
    for name, seconds in out:
        depth = (len(name) - len(name.lstrip())) // 2
        share = "" if depth else f"{100 * seconds / top:.0f} %"
        lines.append(f"| {'&nbsp;' * 3 * depth}{name.strip()} | {seconds:.2f} | {share} |")
    lines += [
        f"| **sum of the stages** | **{top:.2f}** | |",
        "",
        f"The command: {wall:.1f} s wall, {cpu:.1f} s CPU (user + system, workers included), so it keeps "
        f"{cpu / wall:.2f} of the 2 cores busy; the CPU beyond the sum of the stages is starting the "
        "workers, importing, passing batches between processes and writing the output. The speed of this "
        "machine varies by up to 20 % from one hour to the next (other virtual machines share its host): "
        "compare the rows of one run, and changes of the code by runs taken one after the other.",
        "",
        "| target at 1x | wall | CPU it allows at the same use of the cores | CPU to save |",
        "|---|---:|---:|---:|",
    ]
    for name, target in goals.items():
        allowed = target * cpu / wall
        save = max(0.0, cpu - allowed)
        lines.append(f"| {name} | {target:.1f} s | {allowed:.1f} s | {save:.1f} s ({100 * save / cpu:.0f} %) |")
    return "\n".join(lines) + "\n"


def main() -> None:
    warnings.simplefilter("ignore")
    out, n_docs = stages()
    wall, cpu = command()
    text = render(out, n_docs, wall, cpu, targets())
    print(text)
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
