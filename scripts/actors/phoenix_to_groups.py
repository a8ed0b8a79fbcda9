#!/usr/bin/env python3
"""Build data/lexicon/groups.tsv: named national organisations and non-state groups.

Political parties, armed groups, militias and cartels, national agencies, armed forces,
media, companies and NGOs, one surface form per line with its CAMEO actor code. Facts
(names, synonyms, codes) are read from the PETRARCH2 Phoenix actor dictionaries
(openeventdata/petrarch2, MIT licence) and written in wirecode's own format; the
hand-written scripts/actors/groups-updates.tsv adds groups and names up to 2025/26, sets
codes for well-known groups and removes ambiguous Phoenix surface forms. Only facts are
taken over; Phoenix comments are never copied.

    python3 scripts/actors/phoenix_to_groups.py [PHOENIX_DIR] [-o OUT] [--updates FILE] [-q]
    python3 scripts/actors/phoenix_to_groups.py --check [FILE]

PHOENIX_DIR defaults to ../shared/gold/petrarch/phoenix-dictionaries next to the repository.
The output is deterministic (running twice gives identical bytes). Python 3 stdlib only.

Output (UTF-8, LF, tab-separated): header `surface<TAB>code<TAB>kind`, '#' comment lines,
then one line per surface form, sorted by code, then surface (code point order). kind is
one of party armed agency military media company ngo other.

Which Phoenix entries are used: every entry of the three actor files that
scripts/actors/phoenix_to_people.py does not judge to be a person (its classifier is
imported, so people.tsv and groups.tsv split Phoenix the same way) and that is not in
Phoenix's CountryInfo leader lists, whose current code
(below) is more than a bare country code and does not start with IGO (igos.tsv covers
international organisations). Phoenix's reader conventions are those of
phoenix_to_people.read_phoenix.

Current code: of an entry's code blocks, the open-ended dated one with the latest start,
else the undated default, else the dated one with the latest end (defunct groups keep
their last code). Phoenix's TMP/ROM/ZAR prefixes become TLS/ROU/COD; codes whose first
three letters are neither a country code of data/lexicon/countries.tsv nor IGO NGO IMG MNC
(Phoenix's region codes such as MEAREB or SASREB, former states, bare MED) are dropped.

Surface forms: each Phoenix phrase in readable case ("JABHAT_AL_NUSRA_" -> "Jabhat
al-Nusra", "HEZBOLLAH_" -> "Hezbollah"); a token stays upper case when it is an
abbreviation (given in parentheses in the entry, equal to the initials of another phrase
of the entry, or a single short token such as "FBI"). Parenthesised abbreviations become
surface forms of their own. Dropped: forms of fewer than 3 letters, forms also present
in countries.tsv, seats.tsv or igos.tsv, names or aliases of people.tsv, phrases that
look like a person's name (2-4 words, no group word, first word a given name of
people.tsv or Abu/Sheikh; not applied to companies), forms naming a role ("... spokesman"), lower-case single words and the forms listed with code '-' in the
updates file.

Duplicates (one surface, two codes): the updates file wins, then Phoenix's country file,
then the non-state file, then international NGOs/media, then companies; within one
source the first entry in file order wins. Each conflict is reported on stderr.

--check validates a groups.tsv (default: data/lexicon/groups.tsv): header, 3 columns,
kinds, code prefixes (country code, IGO NGO IMG MNC), code made of A-Z in 3-letter blocks,
no surface with two codes, no line twice, no surface also in countries/seats/igos, sort
order; it also regenerates the file into memory and requires identical bytes when the
Phoenix dictionaries are present. Exit status 1 on any error.
"""

import argparse
import io
import os
import re
import sys
import unicodedata
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import phoenix_to_people as people_script  # noqa: E402  (shared Phoenix reader/classifier)

DEFAULT_PHOENIX = people_script.DEFAULT_PHOENIX
DEFAULT_OUT = os.path.join(ROOT, "data", "lexicon", "groups.tsv")
DEFAULT_UPDATES = os.path.join(HERE, "groups-updates.tsv")
LEXICON = os.path.join(ROOT, "data", "lexicon")
OTHER_LEXICONS = ["countries.tsv", "seats.tsv", "igos.tsv"]
PEOPLE_TSV = os.path.join(LEXICON, "people.tsv")

HEADER = ["surface", "code", "kind"]
KINDS = ["party", "armed", "agency", "military", "media", "company", "ngo", "other"]
INTERNATIONAL_PREFIXES = {"IGO", "NGO", "IMG", "MNC"}
PREFIX_REMAP = people_script.PREFIX_REMAP

# Source ranks for duplicate resolution (lower wins).
RANK_UPDATES = 0
RANK_FILE = {
    "Phoenix.Countries.actors.txt": 1,
    "Phoenix.MilNonState.actors.txt": 2,
    "Phoenix.International.actors.txt": 3,
}
RANK_COMPANY = 4

# ------------------------------------------------------------------------ kinds

ARMED_SECTORS = {"REB", "INS", "UAF", "SEP", "CRM", "RAD"}
AGENCY_SECTORS = {"GOV", "SPY", "COP", "LEG", "JUD"}
# CAMEO sector/role blocks accepted after a country code (codebook ch. 3 and the Phoenix
# agents dictionary). A country code followed by anything else (Phoenix's USAPRI, DNKGRL,
# PSEGZA, BIHSRP) names a territory or region, which countries.tsv covers.
SECTORS = {"GOV", "MIL", "REB", "UAF", "OPP", "PTY", "COP", "SPY", "LEG", "JUD", "CVL",
           "REF", "MED", "EDU", "HLH", "NGO", "HRI", "LAB", "BUS", "AGR", "ENV", "CRM",
           "RAD", "REL", "MUS", "JEW", "CHR", "ELI", "DEV", "INS", "SEP", "IGO", "MNC",
           "SET", "AMN", "IRC", "ATH", "MOD", "SPP"}
NGO_SECTORS = {"NGO", "HRI", "NGM"}


def blocks3(code):
    return [code[i:i + 3] for i in range(0, len(code), 3)]


def kind_of(code):
    """Kind from a CAMEO code: first matching rule wins."""
    parts = blocks3(code)
    pre, rest = parts[0], parts[1:]
    if pre == "MNC":
        return "media" if "MED" in rest else "company"
    if pre == "IMG" or ARMED_SECTORS & set(rest):
        return "armed"
    if pre == "NGO":
        return "ngo"
    if "PTY" in rest:
        return "party"
    if rest and rest[0] == "MIL":
        return "military"
    if rest and rest[0] in AGENCY_SECTORS:
        return "agency"
    if "MIL" in rest:
        return "military"
    if "MED" in rest:
        return "media"
    if "BUS" in rest:
        return "company"
    if NGO_SECTORS & set(rest):
        return "ngo"
    return "other"


# ----------------------------------------------------------------- surface forms

# Lower-case inside a name (never when first).
LOWER = {"OF", "THE", "AND", "FOR", "IN", "ON", "TO", "AT", "BY", "DE", "DEL", "DA", "DO",
         "DOS", "DAS", "DU", "DES", "LA", "LE", "LES", "Y", "E", "ET", "BIN", "WA", "WAL",
         "FI", "VON", "VAN", "DER", "UND"}
ARABIC_ARTICLES = {"AL", "EL", "AS", "AN", "AR", "ASH", "AT", "AZ", "AD"}
# Words never taken for abbreviations, even when short or when they spell initials.
NOT_ACRONYMS = {"ABU", "AL", "EL", "BIN", "BAN", "NEW", "OIL", "GAS", "AIR", "SEA", "RED",
                "BAY", "WAR", "AID", "ARMY", "FRONT", "UNION", "PARTY", "GROUP", "ISLAMIC",
                "JAYSH", "JAISH", "HAMAS", "FATAH", "AMAL", "ASIA", "FUND", "BANK", "CLUB",
                "CENTER", "CENTRE", "CARE", "HOPE", "LIFE", "PEACE", "FREE", "HOUSE",
                "DAESH", "DAIISH", "DAASH"}
# Last words that make a phrase name a role or a person, not the organisation.
ROLE_WORDS = {"SPOKESMAN", "SPOKESWOMAN", "SPOKESPERSON", "OFFICIAL", "OFFICIALS",
              "OPERATIVE", "OPERATIVES", "SUPPORTERS", "MEMBER", "MEMBERS", "LEADER",
              "LEADERS", "CHIEF", "COMMANDER", "COMMANDERS", "FIGHTER", "FIGHTERS"}
VOWELS = set("AEIOUY")

PAREN_RE = re.compile(r"\(([^()]*)\)")


def clean_phrase(phrase):
    """Phoenix phrase -> (words, abbreviations given in parentheses)."""
    abbrs = [a.strip("_ ").replace("_", "") for a in PAREN_RE.findall(phrase)]
    abbrs = [a for a in abbrs if re.fullmatch(r"[A-Z][A-Z0-9.&-]{1,9}", a)]
    phrase = PAREN_RE.sub(" ", phrase)
    phrase = phrase.replace("_", " ").replace("+", " ")
    words = [w for w in phrase.split() if w and w != "-"]
    if len(words) > 1 and words[0].upper() == "THE":  # the engine matches without articles
        words = words[1:]
    return words, abbrs


def initials(words):
    up = [w.upper() for w in words]
    full = "".join(w[0] for w in up if w[0].isalpha())
    short = "".join(w[0] for w in up if w[0].isalpha() and w not in LOWER)
    return {full, short}


def entry_acronyms(phrases):
    """Abbreviations an entry spells out: parenthesised ones and initials of its names."""
    acr = set()
    for ph in phrases:
        words, abbrs = clean_phrase(ph)
        acr |= {a.replace(".", "").upper() for a in abbrs}
        if len(words) >= 2:
            acr |= {i for i in initials(words) if len(i) >= 2}
    return acr - NOT_ACRONYMS


def is_acronym(word, acr, single):
    w = word.upper()
    bare = w.replace(".", "").replace("&", "")
    if not bare or w in NOT_ACRONYMS or not re.fullmatch(r"[A-Z0-9]+", bare):
        return False
    if re.fullmatch(r"([A-Z]\.)+[A-Z]?", w):  # U.S. / A.Q.
        return True
    if bare in acr:
        return True
    if not (set(bare) & VOWELS) and len(bare) >= 2 and not bare.isdigit():
        return True  # no vowel: PKK, CNN, SPLM
    return single and len(bare) <= 4 and not bare.isdigit()


# Short Arabic/Persian/Urdu particles written lower-case inside hyphenated names
# (Lashkar-e-Taiba, Hizb-ul-Mujahideen).
HYPHEN_LOWER = {"E", "I", "UL", "AL", "EL", "AS", "AN", "AR", "ASH", "AT", "AZ", "AD", "WA",
                "WAL", "BIN", "FI", "A", "DE", "LA", "Y", "U", "O"}


def cap(word):
    """Readable case for one upper-case word: 'LASHKAR-E-TAIBA' -> 'Lashkar-e-Taiba'."""
    out = []
    for k, part in enumerate(re.split(r"([-/.])", word.upper())):
        if not part or part in "-/.":
            out.append(part)
            continue
        if k and part in HYPHEN_LOWER and out and out[-1] == "-":
            out.append(part.lower())
        elif k and out and out[-1] == "." and len(part) > 1:
            out.append(part.lower())  # Amazon.com
        elif part.startswith("MC") and len(part) > 3:
            out.append("Mc" + part[2] + part[3:].lower())
        else:
            out.append(part[0] + part[1:].lower())
    return "".join(out)


def compound_acronym(word, acr):
    """'FARC-EP', 'DHKP/C', 'FMLN-FDR': short parts, one of them an abbreviation."""
    parts = [p for p in re.split(r"[-/]", word.upper()) if p]
    if len(parts) < 2 or any(len(p) > 4 or not p.isalnum() for p in parts):
        return False
    return any(p in acr or (not set(p) & VOWELS and not p.isdigit()) for p in parts)


def readable(phrase, acr):
    words, _ = clean_phrase(phrase)
    single = len(words) == 1
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        u = w.upper()
        nxt = words[i + 1] if i + 1 < len(words) else None
        if is_acronym(w, acr, single) or compound_acronym(w, acr):
            out.append(u)
        elif u in ARABIC_ARTICLES and nxt is not None and nxt.upper() not in LOWER \
                and (i > 0 or u in ("AL", "EL")):
            art = u.lower() if i > 0 else u[0] + u[1:].lower()
            out.append(art + "-" + cap(nxt))
            i += 1
        elif re.fullmatch(r"(AL|EL)-.+", u):
            art, rest = u.split("-", 1)
            art = art.lower() if i > 0 else art[0] + art[1:].lower()
            out.append(art + "-" + cap(rest))
        elif u in LOWER and i > 0:
            out.append(u.lower())
        else:
            out.append(cap(w))
        i += 1
    s = " ".join(out)
    s = re.sub(r"'S\b", "'s", s)
    return s


def surfaces_of(phrase, acr):
    """Surface forms for one Phoenix phrase (name plus parenthesised abbreviations)."""
    words, abbrs = clean_phrase(phrase)
    out = []
    if words and words[-1].upper() not in ROLE_WORDS:
        r = readable(phrase, acr)
        out.append(r)
        if re.match(r"(Al|El)-", r):  # mid-sentence spelling: 'al-Qaeda'
            out.append(r[0].lower() + r[1:])
    out += abbrs
    return out


def surface_ok(s):
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 3:
        return False
    if any(c in s for c in "\t|\ufffd\"") or not s[0].isalnum():
        return False
    if " " not in s and s.islower():
        return False
    return True


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", s.casefold()).strip()


# ----------------------------------------------------------------------- codes


def current_code(entry, stats):
    roles = [r for r in (people_script.parse_block(b, stats) for b in entry.blocks) if r]
    if not roles:
        return None
    open_ended = [r for r in roles if not r[3] and r[1] is not None and r[2] is None]
    if open_ended:
        return max(open_ended, key=lambda r: r[1])[0]
    defaults = [r for r in roles if r[3]]
    if defaults:
        return defaults[0][0]
    ended = [r for r in roles if r[2] is not None]
    if ended:
        return max(ended, key=lambda r: r[2])[0]
    return roles[-1][0]


def fix_code(code, codes):
    """Remap Phoenix country prefixes; None when the code has no usable prefix."""
    if not re.fullmatch(r"[A-Z]+", code) or len(code) % 3:
        return None
    pre = code[:3]
    if pre in PREFIX_REMAP:
        code = PREFIX_REMAP[pre] + code[3:]
        pre = code[:3]
    if pre in codes or pre in INTERNATIONAL_PREFIXES:
        return code
    return None


# ------------------------------------------------------------------------ input


def read_tsv3(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if n == 1 or not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            rows.append((n, cols))
    return rows


def read_countries():
    return {cols[1] for _, cols in read_tsv3(os.path.join(LEXICON, "countries.tsv"))}


def read_taken():
    """Surfaces of countries/seats/igos (folded) -> file name."""
    taken = {}
    for fn in OTHER_LEXICONS:
        for _, cols in read_tsv3(os.path.join(LEXICON, fn)):
            taken.setdefault(fold(cols[0]), fn)
    return taken


def read_people_names():
    """Folded names and aliases of people.tsv, and given names (first words seen twice)."""
    names, firsts = set(), defaultdict(int)
    if not os.path.exists(PEOPLE_TSV):
        return names, set()
    for _, cols in read_tsv3(PEOPLE_TSV):
        if fold(cols[1]) not in names:
            first = fold(cols[1]).split(" ")[0]
            firsts[first] += 1
        names.add(fold(cols[1]))
        names |= {fold(a) for a in cols[2].split("|") if a}
    given = {g for g, c in firsts.items() if c >= 2 and len(g) >= 3}
    given |= {"abu", "umm", "sheikh", "shaikh", "mullah"}
    return names, given


def person_like(phrase, given):
    """A phrase of 2-4 words, none naming a group, starting with a given name.

    Not applied to companies ('Morgan Stanley', 'Eli Lilly')."""
    words, _ = clean_phrase(phrase)
    if not 2 <= len(words) <= 4:
        return False
    if not people_script.looks_like_name(words):
        return False
    return fold(words[0]) in given


def read_updates(path, codes):
    """Rows (surface, code, kind); code '-' removes a surface. Exits on malformed rows."""
    ups, drops = OrderedDict(), set()
    with open(path, encoding="utf-8") as f:
        header = None
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                if cols != HEADER:
                    sys.exit("%s: bad header %r" % (path, cols))
                continue
            if len(cols) != 3:
                sys.exit("%s:%d: expected 3 columns, got %d" % (path, n, len(cols)))
            surface, code, kind = cols
            if surface != surface.strip() or not surface:
                sys.exit("%s:%d: bad surface %r" % (path, n, surface))
            if code == "-":
                drops.add(surface)
                continue
            if fix_code(code, codes) != code:
                sys.exit("%s:%d: bad code %r" % (path, n, code))
            if kind not in KINDS:
                sys.exit("%s:%d: bad kind %r" % (path, n, kind))
            if surface in ups and ups[surface][0] != code:
                sys.exit("%s:%d: %r given two codes" % (path, n, surface))
            ups[surface] = (code, kind)
    return ups, drops


# ------------------------------------------------------------------------ build


def build(phoenix_dir, updates_path, log):
    stats = defaultdict(int)
    codes = read_countries()
    _, adjectives, places = people_script.read_countries(people_script.COUNTRIES_TSV)
    taken = read_taken()
    person_names, given = read_people_names()
    ups, drops = read_updates(updates_path, codes)

    entries = []
    for fn in people_script.ACTOR_FILES:
        entries += people_script.read_phoenix(os.path.join(phoenix_dir, fn))
    stats["Phoenix entries read"] = len(entries)
    pstats = defaultdict(int)
    persons = people_script.classify(entries, (codes, adjectives, places, pstats))
    person_ids = {id(e) for e, _ in persons}

    # candidates: surface -> list of (rank, order, code, kind, origin)
    cands = defaultdict(list)
    used_drops = set()
    order = 0
    for e in entries:
        if id(e) in person_ids or e.countryinfo:
            # CountryInfo leader/cabinet lists hold persons only, even where the people
            # classifier rejects a name ('Stephenson King', 'Maryan Street')
            stats["Phoenix entries skipped: persons"] += 1
            continue
        raw = current_code(e, pstats)
        if raw is None:
            stats["Phoenix entries skipped: no usable code"] += 1
            continue
        code = fix_code(raw.upper(), codes)
        if code is None:
            stats["Phoenix entries skipped: code without country/international prefix"] += 1
            continue
        if len(code) == 3 and code not in INTERNATIONAL_PREFIXES:
            stats["Phoenix entries skipped: bare country code"] += 1
            continue
        if code.startswith("IGO"):
            stats["Phoenix entries skipped: IGO (igos.tsv)"] += 1
            continue
        if code[:3] not in INTERNATIONAL_PREFIXES and code[3:6] not in SECTORS:
            stats["Phoenix entries skipped: territory or region code"] += 1
            continue
        if code in ("MNC", "NGO", "IMG"):
            stats["Phoenix entries skipped: bare MNC/NGO/IMG code"] += 1
            continue
        kind = kind_of(code)
        rank = RANK_FILE[e.fname]
        if kind == "company":
            rank = RANK_COMPANY
        stats["Phoenix entries used"] += 1
        acr = entry_acronyms(e.phrases)
        origin = "%s:%d" % (e.fname, e.line)
        for ph in e.phrases:
            if kind != "company" and person_like(ph, given):
                stats["Phoenix phrases dropped: look like a person's name"] += 1
                log("person-like phrase dropped: %s (%s)" % (ph, origin))
                continue
            for s in surfaces_of(ph, acr):
                if not surface_ok(s):
                    stats["surfaces dropped: too short or malformed"] += 1
                    continue
                f = fold(s)
                if f in taken:
                    stats["surfaces dropped: in countries/seats/igos"] += 1
                    continue
                if f in person_names:
                    stats["surfaces dropped: name of a person in people.tsv"] += 1
                    continue
                if s in drops:
                    stats["surfaces dropped: listed in updates"] += 1
                    used_drops.add(s)
                    continue
                order += 1
                cands[s].append((rank, order, code, kind, origin))

    for s in sorted(drops - used_drops):
        log("updates: removal of %r matches no Phoenix surface" % s)
    for s, (code, kind) in ups.items():
        if fold(s) in taken:
            log("updates: %r is already in %s (kept out)" % (s, taken[fold(s)]))
            stats["update surfaces in countries/seats/igos (kept out)"] += 1
            continue
        old = {c[2] for c in cands.get(s, [])}
        if old and old != {code}:
            stats["Phoenix codes replaced by updates"] += 1
        elif old:
            stats["update rows confirming Phoenix"] += 1
        else:
            stats["update rows adding a surface"] += 1
        cands[s] = [(RANK_UPDATES, 0, code, kind, "updates")]

    rows = []
    for s in sorted(cands):
        cs = sorted(cands[s])
        best = cs[0]
        losers = sorted({(c[2], c[4]) for c in cs if c[2] != best[2]})
        if losers:
            stats["surfaces with two codes (first kept)"] += 1
            log("duplicate %r: kept %s (%s); dropped %s" % (
                s, best[2], best[4], ", ".join("%s (%s)" % l for l in losers)))
        rows.append((s, best[2], best[3]))
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows, stats


def render(rows):
    head = [
        "\t".join(HEADER),
        "# wirecode groups lexicon: named national organisations and non-state groups, one",
        "# surface form per line. Columns: surface (case-sensitive), code (CAMEO actor code),",
        "# kind (party armed agency military media company ngo other).",
        "# Generated by scripts/actors/phoenix_to_groups.py from facts in the PETRARCH2 Phoenix",
        "# actor dictionaries and scripts/actors/groups-updates.tsv. Do not edit by hand; see",
        "# data/SOURCES.md. Sorted by code, then surface.",
    ]
    return "\n".join(head + ["\t".join(r) for r in rows]) + "\n"


# ------------------------------------------------------------------------ check


def check(path, phoenix_dir, updates_path):
    errors = []
    codes = read_countries()
    taken = read_taken()
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if "\r" in text:
        errors.append("CR characters found")
    lines = text.split("\n")
    if lines[-1] != "":
        errors.append("no final newline")
    lines = lines[:-1]
    if not lines or lines[0].split("\t") != HEADER:
        errors.append("bad header")
    seen = {}
    pairs = set()
    data = []
    counts = defaultdict(int)
    for n, line in enumerate(lines[1:], 2):
        if line.startswith("#"):
            if data:
                errors.append("line %d: comment after data" % n)
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            errors.append("line %d: %d columns" % (n, len(cols)))
            continue
        s, code, kind = cols
        if not s or s != s.strip() or s != unicodedata.normalize("NFC", s):
            errors.append("line %d: bad surface %r" % (n, s))
        if kind not in KINDS:
            errors.append("line %d: bad kind %r" % (n, kind))
        if fix_code(code, codes) != code or len(code) < 6:
            errors.append("line %d: bad code %r" % (n, code))
        if (s, code) in pairs:
            errors.append("line %d: %r listed twice" % (n, s))
        elif s in seen and seen[s] != code:
            errors.append("line %d: %r has two codes (%s, %s)" % (n, s, seen[s], code))
        pairs.add((s, code))
        seen.setdefault(s, code)
        if fold(s) in taken:
            errors.append("line %d: %r is also in %s" % (n, s, taken[fold(s)]))
        counts[kind] += 1
        data.append((s, code, kind))
    if data != sorted(data, key=lambda r: (r[1], r[0])):
        errors.append("rows not sorted by code, surface")
    if os.path.isdir(phoenix_dir):
        rows, _ = build(phoenix_dir, updates_path, lambda m: None)
        if render(rows) != text:
            errors.append("file differs from a fresh build (run phoenix_to_groups.py)")
    else:
        print("note: %s not found, regeneration check skipped" % phoenix_dir, file=sys.stderr)
    for k in KINDS:
        print("%-10s %6d" % (k, counts[k]))
    print("%-10s %6d  (%d distinct codes)" % ("total", len(data), len({r[1] for r in data})))
    for e in errors[:50]:
        print("ERROR: " + e, file=sys.stderr)
    if len(errors) > 50:
        print("... %d more errors" % (len(errors) - 50), file=sys.stderr)
    return 1 if errors else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("phoenix_dir", nargs="?", default=DEFAULT_PHOENIX)
    ap.add_argument("-o", "--out", default=DEFAULT_OUT)
    ap.add_argument("--updates", default=DEFAULT_UPDATES)
    ap.add_argument("--check", nargs="?", const=DEFAULT_OUT, metavar="FILE",
                    help="validate FILE (default data/lexicon/groups.tsv) and exit")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()

    if args.check:
        sys.exit(check(args.check, args.phoenix_dir, args.updates))

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr)

    rows, stats = build(args.phoenix_dir, args.updates, log)
    text = render(rows)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    if not args.quiet:
        for k in sorted(stats):
            print("%-64s %d" % (k, stats[k]), file=sys.stderr)
        kinds = defaultdict(int)
        for r in rows:
            kinds[r[2]] += 1
        print("rows written: %d (%s)" % (len(rows), ", ".join(
            "%s %d" % (k, kinds[k]) for k in KINDS)), file=sys.stderr)


if __name__ == "__main__":
    main()
