"""Growth of the four paths that used to be quadratic, and memory per document.

Each case is run at 1x, 2x, 4x and 8x of a base size in a fresh process (so peak memory is its
own); the growth exponent is the least-squares slope of log(time) against log(size): 1 is linear,
2 quadratic. Target: <= 1.15 for each path.

* ``stance``: one document with many quoted framing hits (every hit inside a quotation);
* ``sources``: one document of attributed sentences (verbs of saying, source nouns, actor names);
* ``duplicates``: the ``duplicates`` report on a corpus of identical articles plus as many
  documents emptied by cleaning (only boilerplate);
* ``internal_duplicates``: one document whose paragraphs all open with the same dateline.

Then the memory a one-line document of N MB needs (``stance``, ``sources``, ``corpus`` on a
.txt file of random Arabic words), which sets the default size limit. Results go to the section
"Growth and memory per document" of benchmarks/README.md.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from _readme import run_worker, write_section  # noqa: E402

SECTION = "## Growth and memory per document"
SCALES = (1, 2, 4, 8)
BASE = {"stance": 5000, "sources": 200_000, "duplicates": 2000, "internal_duplicates": 10_000}
#: runs per size; the fastest counts (other jobs share the machine)
REPEATS = 2
ARTICLE = (
    "أعلنت حكومة الوفاق الوطني في طرابلس أن قواتها صدت هجوما جديدا على محور عين زارة جنوب العاصمة.\n\n"
    "وقال المتحدث باسم الحكومة إن قوات حفتر تكبدت خسائر كبيرة في المعارك الأخيرة قرب المطار.\n\n"
    "وأكدت مصادر طبية في المدينة سقوط عدد من الجرحى بين المدنيين خلال القصف المتواصل منذ أيام."
)
BOILERPLATE = "اقرأ أيضا\n\nشارك هذا المقال على فيسبوك\n\nجميع الحقوق محفوظة"


def _words(k: int, seed: int) -> list[str]:
    """Return ``k`` distinct-looking Arabic pseudo-words (deterministic)."""
    import random

    rng = random.Random(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 7))) for _ in range(k)]


def case(name: str, size: int) -> dict:
    """Run one case at ``size`` in this process; return its time."""
    import warnings

    warnings.simplefilter("ignore")
    import pandas as pd

    from arabic_news import Context, StanceScorer, duplicates_report, find_attributions, internal_duplicates

    if name == "stance":
        raw = " ".join('قال المتحدث: "مليشيات حفتر" تقصف طرابلس.' for _ in range(size))
        start = time.perf_counter()
        StanceScorer(Context.of("libya-2019-2020")).score(raw)
    elif name == "sources":
        sentence = "وقال مصدر عسكري في قوات حفتر إن الجيش الوطني الليبي تقدم. "
        raw = sentence * (size // len(sentence.encode("utf-8")) + 1)
        start = time.perf_counter()
        find_attributions(raw, Context.of("libya-2019-2020"))
    elif name == "duplicates":
        texts = [ARTICLE] * size + [BOILERPLATE] * size
        df = pd.DataFrame({"doc_id": [f"d{i:06d}" for i in range(2 * size)], "source": "x", "raw": texts})
        start = time.perf_counter()
        duplicates_report(df, Context.of("libya-2019-2020"), 0.5)
    elif name == "internal_duplicates":
        words = _words(size * 10, 1)
        raw = "\n\n".join("الرياض واس متابعات " + " ".join(words[i * 10 : i * 10 + 10]) for i in range(size))
        start = time.perf_counter()
        internal_duplicates(raw)
    else:
        raise ValueError(name)
    return {"seconds": time.perf_counter() - start}


def memory(command: str, megabytes: int, folder: str) -> dict:
    """Run ``arabic-news COMMAND`` on a one-line document of ``megabytes`` MB; return time and peak memory."""
    path = Path(folder) / f"line_{megabytes}mb.txt"
    if not path.exists():
        words = _words(20000, 2)
        text = "قال حفتر في طرابلس " + " ".join(words[i % len(words)] for i in range(megabytes * 160_000))
        path.write_text(text[: megabytes * 1_000_000 // 2], encoding="utf-8")  # ~2 bytes per character
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "arabic_news", command, str(path), "--format", "json", "--max-bytes", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(proc.pid, 0)
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": usage.ru_maxrss / 1024,
        "status": status,
        "bytes": path.stat().st_size,
    }


def exponent(sizes: list[float], times: list[float]) -> float:
    """Return the least-squares slope of log(time) against log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    """Run every case at every scale, then the memory runs; print and write the results."""
    lines = [
        SECTION,
        "",
        "`python benchmarks/growth.py`. Each case in a fresh process, one run per size; exponent = "
        "least-squares slope of log(time) on log(size) over 1x-8x (1 = linear, 2 = quadratic); target <= 1.15.",
        "",
        "| case | 1x size | 1x s | 2x s | 4x s | 8x s | exponent | target met |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    units = {
        "stance": "quoted hits",
        "sources": "bytes",
        "duplicates": "copies + emptied",
        "internal_duplicates": "paragraphs",
    }
    for name, base in BASE.items():
        sizes = [base * k for k in SCALES]
        times = [min(run_worker(__file__, ["case", name, str(s)])[0]["seconds"] for _ in range(REPEATS)) for s in sizes]
        e = exponent(sizes, times)
        print(name, [round(t, 3) for t in times], round(e, 2), flush=True)
        cells = " | ".join(f"{t:.2f}" for t in times)
        lines.append(f"| {name} | {base:,} {units[name]} | {cells} | {e:.2f} | {'yes' if e <= 1.15 else 'no'} |")
    lines += [
        "",
        "Before (the figures of issue 14, measured on the code of that time): `stance` 4.5 s / 56 s at 10k / 40k "
        "quoted hits (every hit scanned every quotation); `sources` 2.4 / 4.9 / 13.7 s at 100 / 200 / 400 KB "
        "(nested loops over cues); `duplicates` 4.5 / 18 / 144 s at 1k / 2k / 5k identical documents (every "
        "pair of a bucket listed); `internal_duplicates` 2.6 / 7.3 / 28.5 s at 2.5k / 5k / 10k paragraphs "
        "sharing a leading shingle.",
        "",
        "Memory of one document on one line (`arabic-news COMMAND FILE --format json --max-bytes 0`, peak "
        "resident memory of the process):",
        "",
        "| command | 5 MB s | 5 MB peak MB | 10 MB s | 10 MB peak MB | 20 MB s | 20 MB peak MB | MB of memory per MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for command in ("corpus", "sources", "stance"):
            runs = [memory(command, mb, folder) for mb in (5, 10, 20)]
            per = (runs[-1]["peak_mb"] - runs[0]["peak_mb"]) / ((runs[-1]["bytes"] - runs[0]["bytes"]) / 1e6)
            print(command, runs, round(per, 1), flush=True)
            cells = " | ".join(f"{r['seconds']:.1f} | {r['peak_mb']:.0f}" for r in runs)
            lines.append(f"| {command} | {cells} | {per:.0f} |")
    write_section(SECTION, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "case":
        print(json.dumps(case(sys.argv[2], int(sys.argv[3]))))
    else:
        main()
