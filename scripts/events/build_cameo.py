#!/usr/bin/env python3
"""Build data/events/cameo.tsv: the CAMEO event ontology as data.

Inputs (under GOLD, default ../shared/gold relative to the repository root):
  * cameo/cameo-codes.csv (andybega/icews, MIT; Mac-Roman encoded): the CAMEO codes.
    Only facts are taken: code, short name, Goldstein score, root code. The
    description, usage-notes and example columns (codebook text) are never read into
    the output.
  * plover/CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0): the CAMEO ->
    PLOVER conversion table. Line format, as read here:
        CODE: EVENT, MODE, CONTEXT   # CAMEO name (comment, ignored)
    MODE and CONTEXT may be blank; CONTEXT may list several contexts separated by
    ';'. Two-digit lines ("03: AGREE") are section headings and map the root code.
    Lines starting with '#' and the closing '~~~~~' line are ignored.

Output (UTF-8, LF, tab-separated, no quoting; header line, then two '#' comment
lines, then one row per CAMEO code in codebook order):

    code  name  goldstein  root  quad_class  plover  plover_mode  plover_context

  code           string with leading zeros: "01", "010", "0211", "129"
  name           the codebook's short name; all-caps root names are put in sentence
                 case ("MAKE PUBLIC STATEMENT" -> "Make public statement") and a
                 lower-case first letter is capitalised ("fight with ..." -> "Fight with ...")
  goldstein      Goldstein score as given in the csv (e.g. "-0.1", "7", "-10")
  root           two-digit root code
  quad_class     GDELT QuadClass by root: 01-05 -> 1 (verbal cooperation),
                 06-08 -> 2 (material cooperation), 09-13 -> 3 (verbal conflict),
                 14-20 -> 4 (material conflict)
  plover         PLOVER event type, empty where the table has no line for the code
                 (root 01, which PLOVER drops); root 02 (appeals), which the table
                 leaves out, is REQUEST, as the PLOVER manual defines it; 191 and
                 192 (blockade, occupation) are ASSAULT, not the table's COERCE
  plover_mode    PLOVER mode, empty where none is given
  plover_context PLOVER context(s), ';'-separated without spaces, empty where none

Conflicts in the PLOVER table: root 08 has two section headings (CONCEDE, RETREAT);
a root whose headings disagree takes the mapping of its "x0" code (080 -> CONCEDE).
Any other code mapped twice must be mapped identically (175 is listed twice, the
same), otherwise the script fails. PLOVER lines for codes the csv does not have are
reported on stderr and dropped.

Usage:

    python3 scripts/events/build_cameo.py [GOLD] [-o OUT]     # OUT '-' = stdout

OUT defaults to data/events/cameo.tsv in the repository. Deterministic: running it
twice gives byte-identical output. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = REPO.parent / "shared" / "gold"
DEFAULT_OUT = REPO / "data" / "events" / "cameo.tsv"

HEADER = ["code", "name", "goldstein", "root", "quad_class", "plover", "plover_mode", "plover_context"]

CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")
PLOVER_LINE_RE = re.compile(r"^([0-9]{2,4})\s*:\s*(.*)$")


def quad_class(root: str) -> int:
    r = int(root)
    if 1 <= r <= 5:
        return 1
    if 6 <= r <= 8:
        return 2
    if 9 <= r <= 13:
        return 3
    if 14 <= r <= 20:
        return 4
    raise ValueError(f"root code out of range: {root}")


def normalise_name(name: str) -> str:
    name = " ".join(name.split())
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        name = name.lower()
    return name[:1].upper() + name[1:]


def read_cameo(path: Path) -> list[dict]:
    text = path.read_bytes().decode("mac_roman")
    rows = []
    seen = set()
    for r in csv.DictReader(io.StringIO(text, newline="")):
        code = r["code"].strip()
        root = r["root_code"].strip()
        if not CODE_RE.match(code):
            raise SystemExit(f"{path}: bad code {code!r}")
        if root != code[:2]:
            raise SystemExit(f"{path}: code {code} has root {root!r}")
        if code in seen:
            raise SystemExit(f"{path}: duplicate code {code}")
        seen.add(code)
        g = r["goldstein"].strip()
        float(g)  # must parse
        rows.append({
            "code": code,
            "name": normalise_name(r["name"]),
            "goldstein": g,
            "root": root,
            "order": int(r["order"]),
        })
    rows.sort(key=lambda x: x["order"])
    return rows


def read_plover(path: Path) -> tuple[dict[str, list[tuple[str, str, str]]], int]:
    """Returns code -> list of (event, mode, context) as listed, and the line count."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    n = 0
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("~"):
            continue
        body = line.split("#", 1)[0]
        m = PLOVER_LINE_RE.match(body.strip())
        if not m:
            raise SystemExit(f"{path}: cannot read line {raw!r}")
        code, rest = m.group(1), m.group(2)
        fields = [f.strip() for f in rest.split(",")]
        fields += [""] * (3 - len(fields))
        if len(fields) > 3:
            raise SystemExit(f"{path}: too many fields in {raw!r}")
        event, mode, context = fields
        if not re.fullmatch(r"[A-Z]+", event):
            raise SystemExit(f"{path}: bad PLOVER event in {raw!r}")
        context = ";".join(c.strip() for c in context.split(";") if c.strip())
        out.setdefault(code, []).append((event, mode, context))
        n += 1
    return out, n


def resolve(plover: dict[str, list[tuple[str, str, str]]]) -> tuple[dict[str, tuple[str, str, str]], list[str]]:
    notes = []
    resolved: dict[str, tuple[str, str, str]] = {}
    for code in sorted(plover):
        maps = plover[code]
        distinct = sorted(set(maps), key=maps.index)
        if len(distinct) == 1:
            resolved[code] = distinct[0]
            if len(maps) > 1:
                notes.append(f"{code}: listed {len(maps)} times, identical")
            continue
        if len(code) == 2 and (code + "0") in plover and len(set(plover[code + "0"])) == 1:
            resolved[code] = plover[code + "0"][0]
            notes.append(f"{code}: headings {[d[0] for d in distinct]} disagree; "
                         f"took {code}0's mapping {resolved[code][0]}")
            continue
        raise SystemExit(f"conflicting PLOVER mappings for {code}: {distinct}")
    return resolved, notes


def build(gold: Path) -> tuple[str, list[str]]:
    cameo = read_cameo(gold / "cameo" / "cameo-codes.csv")
    plover_raw, nlines = read_plover(gold / "plover" / "CAMEO2PLOVER-2021.txt")
    plover, notes = resolve(plover_raw)
    codes = {r["code"] for r in cameo}
    for code in sorted(set(plover) - codes):
        notes.append(f"{code}: in the PLOVER table but not in cameo-codes.csv; dropped")
    buf = io.StringIO(newline="")
    buf.write("\t".join(HEADER) + "\n")
    buf.write("# CAMEO event codes: facts (code, name, Goldstein score, root) from the CAMEO codebook via\n")
    buf.write("# gold/cameo/cameo-codes.csv, PLOVER columns from CAMEO2PLOVER-2021 (CC BY-SA 4.0). Generated by scripts/events/build_cameo.py; do not edit.\n")
    unmapped = []
    for r in cameo:
        ev, mode, ctx = plover.get(r["code"], ("", "", ""))
        # The table has no line for CAMEO's appeals (root 02): PLOVER drops
        # APPEAL as a category of its own, and its manual defines REQUEST as
        # "all requests, demands, and orders", so an appeal is a REQUEST.
        if not ev and r["root"] == "02":
            ev = "REQUEST"
        # Military blockades and occupation of territory (191, 192): the 2021
        # table says COERCE (restrict, seize), but the PLOVER manual's COERCE
        # is repression "falling short of violence" and its seize mode is
        # "execute search, confiscate property, raid"; armed forces taking a
        # city or cutting it off are ASSAULT, as in the PLV annotations.
        # The mode and context are kept.
        if r["code"] in ("191", "192") and ev == "COERCE":
            ev = "ASSAULT"
        if not ev:
            unmapped.append(r["code"])
        fields = [r["code"], r["name"], r["goldstein"], r["root"], str(quad_class(r["root"])), ev, mode, ctx]
        for f in fields:
            if "\t" in f or "\n" in f:
                raise SystemExit(f"tab or newline in field {f!r}")
        buf.write("\t".join(fields) + "\n")
    per_len = {}
    for r in cameo:
        per_len[len(r["code"])] = per_len.get(len(r["code"]), 0) + 1
    notes.insert(0, f"{len(cameo)} CAMEO codes ({per_len.get(2, 0)} root, {per_len.get(3, 0)} three-digit, "
                    f"{per_len.get(4, 0)} four-digit); {nlines} PLOVER lines for {len(plover_raw)} codes")
    notes.append(f"{len(unmapped)} codes without a PLOVER event: {' '.join(unmapped)}")
    return buf.getvalue(), notes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("gold", nargs="?", default=str(DEFAULT_GOLD), help="shared gold directory (default ../shared/gold)")
    ap.add_argument("-o", "--out", default=str(DEFAULT_OUT), help="output path, '-' for stdout")
    ap.add_argument("-q", "--quiet", action="store_true", help="no notes on stderr")
    args = ap.parse_args()
    text, notes = build(Path(args.gold))
    if not args.quiet:
        for n in notes:
            print(n, file=sys.stderr)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8", newline="")
        if not args.quiet:
            print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
