#!/usr/bin/env python3
"""wirecode's Python API against spaCy + textacy, in one process, on the same
articles: words/s of `wirecode.code_many` and of `nlp.pipe` plus textacy's
`direct_quotations` (the timed part of quotes_textacy.py).

Both sides get the same Python strings, read before any timing (every *.txt
under --corpus, sorted, UTF-8 with a Latin-1 fallback; quotes_textacy.py's
reader). wirecode's time covers coding and building the result dicts the
caller gets; the baseline's covers nlp.pipe and quote extraction. Model and
pipeline loading are timed separately, after one warm-up article each.
Words are whitespace-separated words, as in `wirecode bench` and bench.sh.

Run by scripts/baseline/bench_python.sh, which builds the wheel and runs this
with the baseline venv's Python and the wheel on PYTHONPATH:

  scripts/baseline/bench_python.sh ../shared/corpora/bbc

Prints `name<TAB>value` lines, then a Markdown row for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quotes_textacy import extract_quotes, load_model, read_corpus  # noqa: E402


def bench_wirecode(texts: list[str], threads: int | None) -> tuple[float, int, int]:
    import wirecode

    n_events = n_quotes = 0
    t = time.perf_counter()
    for r in wirecode.code_many(texts, threads=threads):
        n_events += len(r["events"])
        n_quotes += len(r["quotes"])
    return time.perf_counter() - t, n_events, n_quotes


def bench_baseline(nlp, texts: list[str], n_process: int, batch_size: int) -> tuple[float, int, int]:
    n_quotes = bailed = 0
    t = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        quotes, unbalanced = extract_quotes(doc, False, False)
        n_quotes += len(quotes)
        bailed += unbalanced
    return time.perf_counter() - t, n_quotes, bailed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="directory of *.txt")
    ap.add_argument("--limit", type=int, help="only the first N articles (after sorting)")
    ap.add_argument("--threads", type=int, default=None, help="wirecode threads (default: all cores)")
    ap.add_argument("--n-process", type=int, default=1, help="spaCy nlp.pipe processes (default 1)")
    ap.add_argument("--batch-size", type=int, default=32, help="spaCy nlp.pipe batch size")
    ap.add_argument("--skip-baseline", action="store_true", help="time wirecode only")
    args = ap.parse_args(argv)

    articles = read_corpus(args.corpus)
    if args.limit is not None:
        articles = articles[: args.limit]
    texts = [t for _, t in articles]
    words = sum(len(t.split()) for t in texts)
    ncpu = os.cpu_count()
    print(f"articles\t{len(texts)}")
    print(f"words\t{words}")

    import wirecode

    t = time.perf_counter()
    wirecode.code("Warm up: the pipeline loads once.")
    print(f"wirecode_load_s\t{time.perf_counter() - t:.2f}")
    w_s, w_events, w_quotes = bench_wirecode(texts, args.threads)
    w_wps = words / w_s
    print(f"wirecode_threads\t{args.threads or ncpu}")
    print(f"wirecode_seconds\t{w_s:.3f}")
    print(f"wirecode_words_per_s\t{w_wps:.0f}")
    print(f"wirecode_articles_per_s\t{len(texts) / w_s:.1f}")
    print(f"wirecode_events\t{w_events}")
    print(f"wirecode_quotes\t{w_quotes}")
    w1_s, _, _ = bench_wirecode(texts, 1)
    w1_wps = words / w1_s
    print(f"wirecode_1thread_words_per_s\t{w1_wps:.0f}")

    b_wps = None
    if not args.skip_baseline:
        t = time.perf_counter()
        nlp, model = load_model(None, [])
        longest = max((len(x) for x in texts), default=0)
        nlp.max_length = max(nlp.max_length, longest + 1)
        extract_quotes(nlp("Warm up, he said."), False, False)
        print(f"baseline_model\t{model} ({','.join(nlp.pipe_names)})")
        print(f"baseline_load_s\t{time.perf_counter() - t:.2f}")
        b_s, b_quotes, bailed = bench_baseline(nlp, texts, args.n_process, args.batch_size)
        b_wps = words / b_s
        print(f"baseline_n_process\t{args.n_process}")
        print(f"baseline_seconds\t{b_s:.3f}")
        print(f"baseline_words_per_s\t{b_wps:.0f}")
        print(f"baseline_articles_per_s\t{len(texts) / b_s:.1f}")
        print(f"baseline_quotes\t{b_quotes}")
        print(f"baseline_unbalanced_articles\t{bailed}")
        print(f"ratio_words_per_s\t{w_wps / b_wps:.1f}")
        print(f"ratio_1thread_words_per_s\t{w1_wps / b_wps:.1f}")

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine\tnproc={ncpu}, {cpu}, load average {load:.1f}")
    print()
    print("| date | articles | words | wirecode.code_many words/s (threads) | 1 thread | spaCy + textacy words/s | ratio |")
    print("|---|---|---|---|---|---|---|")
    b = f"{b_wps:,.0f} ({args.n_process} process)" if b_wps else "n/a"
    ratio = f"{w_wps / b_wps:.1f}x" if b_wps else "n/a"
    print(
        f"| {time.strftime('%Y-%m-%d')} | {len(texts):,} | {words:,} | {w_wps:,.0f} ({args.threads or ncpu}) "
        f"| {w1_wps:,.0f} | {b} | {ratio} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
