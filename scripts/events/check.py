#!/usr/bin/env python3
"""Sanity checks for data/events/{cameo,verbs,nouns}.tsv; prints coverage per CAMEO root.

Checks:
  * cameo.tsv: header, 8 fields per row, code format, unique codes, root = first two
    digits and present as a row, quad_class follows the root, Goldstein parses as a number.
    With the shared gold directory available (argument --gold, default ../shared/gold
    relative to the repository root), the file must equal the output of
    scripts/events/build_cameo.py byte for byte; without it this check is skipped.
  * verbs.tsv: header, 4 fields, lower-case lemma, pattern syntax (starts with '*', one
    '*', words [a-z'-], at most one '@' or '<' word and only on a function word), code in
    cameo.tsv or '-' (the documented non-event marker), a note, no (lemma, pattern) twice, and no two patterns of a lemma that
    require the same words in the same order (differing only in '@'/'<').
  * nouns.tsv: header, 3 fields, lower-case noun or phrase, code in cameo.tsv, a note,
    no noun twice.
  * key codes: the leaf codes news coding relies on (KEY_CODES) each have a verb line.

Usage: python3 scripts/events/check.py [--gold DIR] [--events DIR] [--quiet]
Exit status 1 if any check fails. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EVENTS = REPO / "data" / "events"  # --events overrides

FUNCTION_WORDS = set(
    "about across against aside as at away back behind between by down for from in into of "
    "off on out over that to up with".split()
)
WORD_RE = re.compile(r"^[a-z][a-z'-]*$")
CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")

# Leaf codes the dictionary must cover (frequent in news coding).
KEY_CODES = (
    "010 011 012 013 014 015 016 017 018 019 "
    "020 0233 0253 0256 026 "
    "030 033 036 037 039 "
    "040 041 042 043 044 045 046 "
    "050 051 052 053 054 055 056 057 "
    "060 061 062 063 064 "
    "070 071 072 073 074 075 "
    "080 081 082 083 0831 0841 085 0863 087 0871 0873 0874 "
    "090 091 093 094 "
    "100 1041 1053 1056 106 "
    "110 111 112 1121 1122 1123 1124 113 114 115 116 "
    "120 124 125 127 128 129 "
    "130 1312 133 137 138 1383 1384 139 "
    "141 142 143 144 145 "
    "150 152 153 154 "
    "160 161 162 163 164 165 166 "
    "170 171 1711 1712 172 1721 1723 1724 173 174 175 "
    "180 181 182 1821 1822 1823 183 1831 1832 1833 184 185 186 "
    "190 191 192 193 194 195 196 "
    "200 201 202 203 204 2041 2042"
).split()


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)


def rows(path: Path, header: list[str], rep: Report) -> list[tuple[int, list[str]]]:
    text = path.read_text(encoding="utf-8")
    if "\r" in text:
        rep.err(f"{path.name}: CR characters (use LF line endings)")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        rep.err(f"{path.name}: no final newline")
    if not lines or lines[0].split("\t") != header:
        rep.err(f"{path.name}: first line must be the header {'<TAB>'.join(header)}")
    out = []
    for n, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            continue
        if not line.strip():
            rep.err(f"{path.name}:{n}: blank line")
            continue
        f = line.split("\t")
        if len(f) != len(header):
            rep.err(f"{path.name}:{n}: {len(f)} fields, expected {len(header)}")
            continue
        if any(x != x.strip() for x in f):
            rep.err(f"{path.name}:{n}: leading or trailing space in a field")
        out.append((n, f))
    return out


def check_cameo(rep: Report, gold: Path | None) -> dict[str, dict]:
    path = EVENTS / "cameo.tsv"
    header = ["code", "name", "goldstein", "root", "quad_class", "plover", "plover_mode", "plover_context"]
    cameo: dict[str, dict] = {}
    for n, f in rows(path, header, rep):
        code, name, g, root, qc, plover, mode, ctx = f
        where = f"cameo.tsv:{n}"
        if not CODE_RE.match(code):
            rep.err(f"{where}: bad code {code!r}")
            continue
        if code in cameo:
            rep.err(f"{where}: duplicate code {code}")
        if root != code[:2]:
            rep.err(f"{where}: root {root!r} is not the first two digits of {code}")
        try:
            float(g)
        except ValueError:
            rep.err(f"{where}: Goldstein {g!r} is not a number")
        r = int(code[:2])
        want = 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4
        if qc != str(want):
            rep.err(f"{where}: quad_class {qc!r}, expected {want}")
        if not name:
            rep.err(f"{where}: empty name")
        if plover and not re.fullmatch(r"[A-Z]+", plover):
            rep.err(f"{where}: bad PLOVER event {plover!r}")
        cameo[code] = {"name": name, "root": root, "plover": plover}
    for code, c in cameo.items():
        if c["root"] not in cameo:
            rep.err(f"cameo.tsv: root {c['root']} of {code} has no row")
    if gold is not None:
        spec = importlib.util.spec_from_file_location("build_cameo", Path(__file__).with_name("build_cameo.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        text, _ = mod.build(gold)
        if text != path.read_text(encoding="utf-8"):
            rep.err("cameo.tsv differs from the output of scripts/events/build_cameo.py (rebuild it)")
    return cameo


def check_verbs(rep: Report, cameo: dict[str, dict]) -> list[tuple[str, str, str]]:
    out = []
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    bare: dict[tuple[str, tuple[str, ...]], tuple[int, str]] = {}
    for n, (lemma, pattern, code, note) in rows(EVENTS / "verbs.tsv", ["lemma", "pattern", "code", "note"], rep):
        where = f"verbs.tsv:{n}"
        if not WORD_RE.match(lemma):
            rep.err(f"{where}: bad lemma {lemma!r}")
        toks = pattern.split(" ")
        if toks[0] != "*" or "*" in toks[1:] or "" in toks:
            rep.err(f"{where}: pattern {pattern!r} must start with a single '*' and use single spaces")
        marked = [t for t in toks[1:] if t[:1] in "@<"]
        if len(marked) > 1:
            rep.err(f"{where}: more than one '@'/'<' word in {pattern!r}")
        for t in toks[1:]:
            if t in ("+obj", "+both", "+place", "+literal"):  # flags documented in verbs.tsv
                continue
            w = t.lstrip("@<")
            if len(t) - len(w) > 1 or not WORD_RE.match(w):
                rep.err(f"{where}: bad pattern word {t!r}")
            elif t[:1] in "@<" and w not in FUNCTION_WORDS:
                rep.err(f"{where}: '{t[0]}' must mark a preposition (function word), not {w!r}")
        if code == "-":
            pass  # documented non-event marker
        elif code not in cameo:
            rep.err(f"{where}: code {code!r} not in cameo.tsv")
        elif len(code) == 2:
            rep.err(f"{where}: root code {code} used; use its x0 code ({code}0)")
        if not note:
            rep.err(f"{where}: empty note")
        key = (lemma, pattern)
        if key in seen:
            pn, pc = seen[key]
            kind = "with a different code" if pc != code else "repeated"
            rep.err(f"{where}: ({lemma}, {pattern}) {kind} (line {pn}: {pc})")
        else:
            seen[key] = (n, code)
        words = tuple(t.lstrip("@<") for t in toks[1:])
        bkey = (lemma, words)
        if bkey in bare and seen[key][0] == n:  # a new pattern, but with the same words
            pn, pc = bare[bkey]
            rep.err(f"{where}: ({lemma}, {pattern}) requires the same words as line {pn}")
        bare.setdefault(bkey, (n, code))
        out.append((lemma, pattern, code))
    return out


def check_nouns(rep: Report, cameo: dict[str, dict]) -> list[tuple[str, str]]:
    out = []
    seen: dict[str, int] = {}
    for n, (noun, code, note) in rows(EVENTS / "nouns.tsv", ["noun", "code", "note"], rep):
        where = f"nouns.tsv:{n}"
        if not all(WORD_RE.match(w) for w in noun.split(" ")):
            rep.err(f"{where}: bad noun {noun!r}")
        if code not in cameo:
            rep.err(f"{where}: code {code!r} not in cameo.tsv")
        if not note:
            rep.err(f"{where}: empty note")
        if noun in seen:
            rep.err(f"{where}: noun {noun!r} repeated (line {seen[noun]})")
        seen[noun] = n
        out.append((noun, code))
    return out


def main() -> None:
    global EVENTS
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "gold"),
                    help="shared gold directory for the rebuild comparison (default ../shared/gold)")
    ap.add_argument("--events", default=str(EVENTS), help="directory with the three files (default data/events)")
    ap.add_argument("--quiet", action="store_true", help="print errors only")
    args = ap.parse_args()
    EVENTS = Path(args.events)
    rep = Report()
    gold = Path(args.gold)
    have_gold = (gold / "cameo" / "cameo-codes.csv").exists() and (gold / "plover" / "CAMEO2PLOVER-2021.txt").exists()
    cameo = check_cameo(rep, gold if have_gold else None)
    verbs = check_verbs(rep, cameo)
    nouns = check_nouns(rep, cameo)
    n_blocked = sum(1 for _, _, c in verbs if c == "-")
    verbs = [v for v in verbs if v[2] != "-"]
    verb_codes = {c for _, _, c in verbs}
    for code in KEY_CODES:
        if code not in cameo:
            rep.err(f"KEY_CODES: {code} not in cameo.tsv")
        elif code not in verb_codes:
            rep.err(f"key code {code} ({cameo[code]['name']}) has no verb line")

    if not args.quiet:
        n_codes = collections.Counter(c["root"] for c in cameo.values())
        v_lines = collections.Counter(c[:2] for _, _, c in verbs)
        v_codes = collections.defaultdict(set)
        for _, _, c in verbs:
            v_codes[c[:2]].add(c)
        n_lines = collections.Counter(c[:2] for _, c in nouns)
        lemmas = collections.defaultdict(set)
        for l, _, c in verbs:
            lemmas[c[:2]].add(l)
        print(f"cameo.tsv: {len(cameo)} codes"
              + ("" if have_gold else " (gold not found: rebuild comparison skipped)")
              + (", equals build_cameo.py output" if have_gold and not any("differs" in e for e in rep.errors) else ""))
        print(f"verbs.tsv: {len(verbs) + n_blocked} patterns ({n_blocked} non-event '-'), "
              f"{len({l for l, _, _ in verbs})} lemmas with events, {len(verb_codes)} codes")
        print(f"nouns.tsv: {len(nouns)} nouns, {len({c for _, c in nouns})} codes")
        print()
        print("root  name                                 verb-lines  lemmas  codes-used/codes  noun-lines")
        for root in sorted(r for r in cameo if len(r) == 2):
            used = len(v_codes[root] | {c for _, c in nouns if c[:2] == root})
            print(f"{root}    {cameo[root]['name'][:36]:<36} {v_lines[root]:>10}  {len(lemmas[root]):>6}"
                  f"  {used:>6}/{n_codes[root] - 1:<9}  {n_lines[root]:>10}")
        print(f"{'all':<5} {'':<36} {len(verbs):>10}  {len({l for l, _, _ in verbs}):>6}"
              f"  {len(verb_codes | {c for _, c in nouns}):>6}/{len(cameo) - 20:<9}  {len(nouns):>10}")
        print("(codes-used: leaf codes with a verb or noun line / leaf codes under the root)")
    for e in rep.errors:
        print("ERROR", e, file=sys.stderr)
    if rep.errors:
        print(f"{len(rep.errors)} error(s)", file=sys.stderr)
        sys.exit(1)
    if not args.quiet:
        print("OK")


if __name__ == "__main__":
    main()
