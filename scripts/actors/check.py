#!/usr/bin/env python3
"""Validate data/lexicon/people.tsv and data/lexicon/agents.tsv; print a spot check.

    python3 scripts/actors/check.py [--regen] [--date YYYY-MM-DD] [--quiet]

Checks (errors make the exit status 1):
  people.tsv
    * header line, 6 tab-separated columns, ids normalised (A-Z 0-9 _), one name and one
      alias list per id, rows sorted by id then start;
    * every code starts with a 3-letter country code from data/lexicon/countries.tsv, an
      international prefix (IGO NGO IMG MNC NGM) or a former state's CAMEO code (USR SUN YUG
      SCG CSK DDR VDR YMD);
    * dates are YYYY-MM-DD and start < end (end is exclusive);
    * rows of one id with different codes overlap only where both come from Phoenix
      (counted and reported); any overlap inside the hand-written updates is an error;
  agents.tsv
    * header, 3 columns, sector made of known CAMEO/Phoenix 3-letter sector blocks, kind in
      singular/plural/collective, no surface listed twice;
  --regen: run phoenix_to_people.py into a temporary file and require byte-identical output
    (skipped with a message when the Phoenix dictionaries are not there).
Then the roles of 30 well-known people are printed, with the code each has on --date
(default: today) and on a few reference dates.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEOPLE = os.path.join(ROOT, "data", "lexicon", "people.tsv")
AGENTS = os.path.join(ROOT, "data", "lexicon", "agents.tsv")
COUNTRIES = os.path.join(ROOT, "data", "lexicon", "countries.tsv")
UPDATES = os.path.join(HERE, "people-updates.tsv")
GENERATOR = os.path.join(HERE, "phoenix_to_people.py")
PHOENIX = os.path.join(ROOT, "..", "shared", "gold", "petrarch", "phoenix-dictionaries")

INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "NGM"}
HISTORICAL = {"USR", "SUN", "YUG", "SCG", "CSK", "DDR", "VDR", "YMD"}
SECTORS = set("""GOV MIL REB UAF OPP PTY COP SPY LEG JUD CVL REF MED EDU HLH NGO HRI LAB BUS
AGR ENV CRM RAD REL MUS JEW CHR BUD HIN ELI DEV MOD SEP INS""".split())
KINDS = {"singular", "plural", "collective"}

SPOT = [
    ("JOHN_KERRY", "Kerry"), ("SERGEY_LAVROV", "Lavrov"), ("VLADIMIR_PUTIN", "Putin"),
    ("BASHAR_AL_ASSAD", "Assad"), ("BARACK_OBAMA", "Obama"), ("DONALD_TRUMP", "Trump"),
    ("JOE_BIDEN", "Biden"), ("XI_JINPING", "Xi Jinping"), ("RECEP_TAYYIP_ERDOGAN", "Erdogan"),
    ("VOLODYMYR_ZELENSKY", "Zelensky"), ("BENJAMIN_NETANYAHU", "Netanyahu"),
    ("ANGELA_MERKEL", "Merkel"), ("EMMANUEL_MACRON", "Macron"), ("ANTONIO_GUTERRES", "Guterres"),
    ("JENS_STOLTENBERG", "Stoltenberg"), ("MARK_RUTTE", "Rutte"), ("NARENDRA_MODI", "Modi"),
    ("ANTONY_BLINKEN", "Blinken"), ("MARCO_RUBIO", "Rubio"), ("WANG_YI", "Wang Yi"),
    ("SERGEY_SHOYGU", "Shoigu"), ("ANDREI_BELOUSOV", "Belousov"), ("KIM_JONG_UN", "Kim Jong Un"),
    ("ALI_KHAMENEI", "Khamenei"), ("EBRAHIM_RAISI", "Raisi"), ("MASOUD_PEZESHKIAN", "Pezeshkian"),
    ("AHMED_AL_SHARAA", "al-Sharaa / Jolani"), ("ABDEL_FATTAH_AL_BURHAN", "Burhan"),
    ("MOHAMED_HAMDAN_DAGALO", "Hemedti"), ("MIN_AUNG_HLAING", "Min Aung Hlaing"),
]
REF_DATES = ["2010-01-01", "2016-01-01", "2020-01-01", "2024-01-01"]


def parse_date(s):
    if s == "":
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise ValueError(s)
    return datetime.date.fromisoformat(s)


def country_codes():
    codes = set()
    with open(COUNTRIES, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i == 0 or line.startswith("#") or not line.strip():
                continue
            codes.add(line.rstrip("\n").split("\t")[1])
    return codes


def read_tsv(path, ncols):
    header, rows, errors = None, [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if n == 1:
                header = line.split("\t")
                continue
            if line.startswith("#"):
                continue
            if not line.strip():
                errors.append("%s:%d: blank line" % (os.path.basename(path), n))
                continue
            cols = line.split("\t")
            if len(cols) != ncols:
                errors.append("%s:%d: %d columns" % (os.path.basename(path), n, len(cols)))
                continue
            rows.append((n, cols))
    return header, rows, errors


def update_cuts():
    """id -> earliest start in people-updates.tsv (MIN when open)."""
    cuts = {}
    _, rows, _ = read_tsv(UPDATES, 6)
    for _, c in rows:
        s = parse_date(c[4]) or datetime.date.min
        cuts[c[0]] = min(cuts.get(c[0], datetime.date.max), s)
    return cuts


def check_people(errors, report):
    codes = country_codes()
    header, rows, errs = read_tsv(PEOPLE, 6)
    errors += errs
    if header != ["id", "name", "aliases", "code", "start", "end"]:
        errors.append("people.tsv: bad header %r" % header)
    cuts = update_cuts()
    by_id = OrderedDict()
    prefix_class = Counter()
    n_open = 0
    last_key = None
    for n, (pid, name, aliases, code, start, end) in rows:
        where = "people.tsv:%d" % n
        if not re.fullmatch(r"[A-Z0-9]+(_[A-Z0-9]+)*", pid):
            errors.append("%s: id %r not normalised" % (where, pid))
        if not name:
            errors.append("%s: empty name" % where)
        als = aliases.split("|") if aliases else []
        if len(set(a.casefold() for a in als)) != len(als) or name.casefold() in (a.casefold() for a in als):
            errors.append("%s: repeated alias" % where)
        if not re.fullmatch(r"[A-Z]+", code):
            errors.append("%s: code %r" % (where, code))
        pre = code[:3]
        if pre in codes:
            prefix_class["country (countries.tsv)"] += 1
        elif pre in INTERNATIONAL:
            prefix_class["international (%s)" % pre] += 1
        elif pre in HISTORICAL:
            prefix_class["former state (%s)" % pre] += 1
        else:
            errors.append("%s: code %s has no valid prefix" % (where, code))
        try:
            s, t = parse_date(start), parse_date(end)
        except ValueError as e:
            errors.append("%s: bad date %s" % (where, e))
            continue
        if s and t and not s < t:
            errors.append("%s: start %s not before end %s" % (where, s, t))
        if t is None:
            n_open += 1
        key = (pid, s or datetime.date.min)
        if last_key and key < last_key:
            errors.append("%s: not sorted by id, start" % where)
        last_key = key
        p = by_id.setdefault(pid, {"name": name, "aliases": aliases, "rows": []})
        if (p["name"], p["aliases"]) != (name, aliases):
            errors.append("%s: name/aliases differ from the first row of %s" % (where, pid))
        p["rows"].append((code, s or datetime.date.min, t or datetime.date.max))

    overlaps_phoenix = Counter()
    n_pairs_phoenix = 0
    for pid, p in by_id.items():
        cut = cuts.get(pid)
        rs = p["rows"]
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                a, b = rs[i], rs[j]
                if a[0] == b[0] or not (a[1] < b[2] and b[1] < a[2]):
                    continue
                in_upd = cut is not None and a[2] > cut and b[2] > cut
                if in_upd:
                    errors.append("people.tsv: %s: overlapping roles %s %s..%s and %s %s..%s in the updates"
                                  % (pid, a[0], a[1], a[2], b[0], b[1], b[2]))
                else:
                    n_pairs_phoenix += 1
                    overlaps_phoenix[pid] += 1
    size = os.path.getsize(PEOPLE)
    report.append("people.tsv: %d persons, %d rows, %.2f MB; %d open-ended rows"
                  % (len(by_id), len(rows), size / 1e6, n_open))
    report.append("  persons with hand-written updates: %d (of them new, not in Phoenix: see generator output)"
                  % sum(1 for pid in by_id if pid in cuts))
    for k, v in sorted(prefix_class.items()):
        report.append("  code prefix %-28s %6d rows" % (k, v))
    report.append("  overlapping roles with different codes, as given by Phoenix: %d pairs in %d persons"
                  % (n_pairs_phoenix, len(overlaps_phoenix)))
    report.append("  overlapping roles inside the hand-written updates: %d"
                  % sum(1 for e in errors if "in the updates" in e))
    return by_id


def check_agents(errors, report):
    header, rows, errs = read_tsv(AGENTS, 3)
    errors += errs
    if header != ["surface", "sector", "kind"]:
        errors.append("agents.tsv: bad header %r" % header)
    seen = set()
    by_sector = Counter()
    for n, (surface, sector, kind) in rows:
        where = "agents.tsv:%d" % n
        if not surface or surface != surface.strip():
            errors.append("%s: surface %r" % (where, surface))
        if surface.casefold() in seen:
            errors.append("%s: %r listed twice" % (where, surface))
        seen.add(surface.casefold())
        blocks = re.findall(r"...", sector)
        if len(sector) % 3 or not blocks or any(b not in SECTORS for b in blocks):
            errors.append("%s: sector %r" % (where, sector))
        if kind not in KINDS:
            errors.append("%s: kind %r" % (where, kind))
        by_sector[sector] += 1
    report.append("agents.tsv: %d surfaces; by sector: %s"
                  % (len(rows), ", ".join("%s %d" % kv for kv in by_sector.most_common())))


def regen(errors, report):
    if not os.path.isdir(PHOENIX):
        report.append("regeneration check skipped: %s not found" % PHOENIX)
        return
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "people.tsv")
        subprocess.run([sys.executable, GENERATOR, PHOENIX, "-o", out, "-q"], check=True)
        with open(out, "rb") as a, open(PEOPLE, "rb") as b:
            same = a.read() == b.read()
    if same:
        report.append("regeneration: phoenix_to_people.py reproduces people.tsv byte for byte")
    else:
        errors.append("regeneration: phoenix_to_people.py output differs from people.tsv")


def code_on(rows, day):
    """Code on a day: the role covering it; if several, the one that started last."""
    best = None
    for code, s, t in rows:
        if s <= day < t and (best is None or s > best[1]):
            best = (code, s)
    return best[0] if best else "-"


def spot_check(by_id, day):
    print("\nSpot check (code on %s, and on %s):" % (day, ", ".join(REF_DATES)))
    for pid, label in SPOT:
        p = by_id.get(pid)
        if p is None:
            print("\n%s (%s): MISSING" % (label, pid))
            continue
        now = code_on(p["rows"], day)
        refs = " ".join("%s=%s" % (d[:4], code_on(p["rows"], datetime.date.fromisoformat(d)))
                        for d in REF_DATES)
        print("\n%s [%s] %s -- now: %s; %s" % (p["name"], pid, label, now, refs))
        for code, s, t in p["rows"]:
            print("    %-12s %s .. %s" % (code, "" if s == datetime.date.min else s,
                                         "" if t == datetime.date.max else t))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--regen", action="store_true")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    ap.add_argument("--quiet", action="store_true", help="no spot check")
    args = ap.parse_args()
    errors, report = [], []
    by_id = check_people(errors, report)
    check_agents(errors, report)
    if args.regen:
        regen(errors, report)
    print("\n".join(report))
    if not args.quiet:
        spot_check(by_id, datetime.date.fromisoformat(args.date))
    if errors:
        print("\n%d error(s):" % len(errors))
        for e in errors[:200]:
            print("  " + e)
        sys.exit(1)
    print("\nOK")


if __name__ == "__main__":
    main()
