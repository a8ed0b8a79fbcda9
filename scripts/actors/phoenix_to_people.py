#!/usr/bin/env python3
"""Build data/lexicon/people.tsv: people with date-bounded CAMEO actor codes.

Facts about persons (names, spellings, which CAMEO code applied when) are read from the
PETRARCH2 Phoenix actor dictionaries (openeventdata/petrarch2, MIT licence) and written in
wirecode's own format. Two hand-written files in this directory are merged in:
people-merges.tsv (Phoenix entries that are the same person) and people-updates.tsv (roles
up to 2025/26). Only facts are taken over; Phoenix comments are never copied.

    python3 scripts/actors/phoenix_to_people.py [PHOENIX_DIR] [-o OUT] [--updates FILE] [-q]

PHOENIX_DIR defaults to ../shared/gold/petrarch/phoenix-dictionaries next to the repository.
The output is deterministic (running twice gives identical bytes). Python 3 stdlib only.

Output (UTF-8, tab-separated, header line first, then '#' comments, then data):

    id  name  aliases  code  start  end

One row per role, sorted by id then start. start = first day the code applies; end = first
day it no longer applies (the day a successor took over, or the day of death); YYYY-MM-DD,
empty = open. Aliases are '|'-separated. Rows of one id overlap only where Phoenix itself
gives overlapping roles with different codes (check.py counts them).

Reading the Phoenix format (as PETRARCH2's reader does):
  * a line not starting with '+', tab or space starts an entry; `[CODE ...]` blocks may
    follow on the same line; '+' lines are synonyms; indented lines hold `[CODE]` (default
    code), `[CODE >DATE]` (from DATE on), `[CODE <DATE]` (up to DATE), `[CODE DATE-DATE]`;
  * an entry line with no code, directly followed by another entry line, shares the codes
    that follow (PETRARCH semantics; in practice a synonym written without '+');
  * everything after '#' is a comment.
Dates are YYMMDD or YYYYMMDD; two-digit years >= 30 are 19xx, else 20xx (the files use 00-14
and 31-99 only, so this agrees with PETRARCH's rule YY <= 30 -> 20YY). A few typos are
corrected (DATE_FIXES); a bare date is read as a start; one-day ranges become one day long.
A person's default code applies when no dated role does; it is written out as rows covering
the gaps between dated roles (before the first hand-written update).

Which entries are persons (classify): entries of Phoenix's CountryInfo leader and cabinet
lists; other entries with dated roles whose name looks like a person's name (no words
such as party, army, council, no country names); undated entries only if they look like a
name and, outside the country file, start with a given name seen in the CountryInfo lists,
a kunya (Abu ...), a title such as Sheikh, or initials. Companies (MNC-only codes) and a
few listed non-persons are skipped.

Names: the entry phrase without leading titles ("Russian President ..."), in readable case
("BASHAR_AL_ASSAD" -> "Bashar al-Assad"); all Phoenix phrases become aliases except those
naming an office or group ("Assad regime"). Codes are kept whole as Phoenix gives them
(USAGOVLEG stays USAGOVLEG); Phoenix's TMP/ROM/ZAR become TLS/ROU/COD as in countries.tsv;
codes without a country, international (IGO NGO IMG MNC NGM) or former-state prefix are
dropped. Entries are merged when one's name is another's synonym (same country), or when
people-merges.tsv says so.

Updates: for an id in people-updates.tsv, its rows replace all Phoenix roles from the
earliest update start on (earlier Phoenix roles are kept, cut at that date); names given
there replace Phoenix's, aliases are added.
"""

import argparse
import datetime
import os
import re
import sys
import unicodedata
from collections import OrderedDict, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_PHOENIX = os.path.join(ROOT, "..", "shared", "gold", "petrarch", "phoenix-dictionaries")
DEFAULT_OUT = os.path.join(ROOT, "data", "lexicon", "people.tsv")
DEFAULT_UPDATES = os.path.join(HERE, "people-updates.tsv")
MERGES_TSV = os.path.join(HERE, "people-merges.tsv")
COUNTRIES_TSV = os.path.join(ROOT, "data", "lexicon", "countries.tsv")

ACTOR_FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
]

HEADER = ["id", "name", "aliases", "code", "start", "end"]

# --------------------------------------------------------------------------- codes

# Code prefixes accepted besides the country codes of data/lexicon/countries.tsv.
# International actors (CAMEO codebook ch. 3): intergovernmental and non-governmental
# organisations, international militarised groups, multinational corporations,
# non-governmental movements.
INTERNATIONAL_PREFIXES = {"IGO", "NGO", "IMG", "MNC", "NGM"}
# Former states that CAMEO/Phoenix code with their own 3-letter code (historical
# roles of Phoenix persons): Soviet Union (Phoenix uses both USR and SUN), Yugoslavia,
# Serbia and Montenegro, Czechoslovakia, East Germany, South Vietnam, South Yemen.
HISTORICAL_PREFIXES = {"USR", "SUN", "YUG", "SCG", "CSK", "DDR", "VDR", "YMD"}
# Phoenix codes that differ from the ones chosen in countries.tsv (see data/SOURCES.md).
PREFIX_REMAP = {"TMP": "TLS", "ROM": "ROU", "ZAR": "COD"}

# Phoenix date strings that are typos; corrected value (YYYYMMDD) after checking the
# role they belong to. Anything else that is not 6 or 8 digits is rejected.
DATE_FIXES = {
    "9008223": "19900823",  # Armenian SSR sovereignty, 23 Aug 1990 (one digit doubled)
    "201005011": "20100511",  # David Cameron PM from 11 May 2010 (one digit doubled)
    "1920030320": "20030320",  # start of the 2003 Iraq war ("19" prefixed twice)
    "1920050709": "20050709",  # South Sudan autonomy, 9 Jul 2005 (same typo)
    "2004017": "20040117",  # Ban Ki-moon foreign minister from 17 Jan 2004 (digit lost)
}

# ------------------------------------------------------------------ name handling

# Words that make a phrase a group, institution, place or office rather than a person.
ORG_WORDS = set("""
ACADEMY ADMINISTRATION AGENCY AGENCIES AIRLINES AIRWAYS ALLIANCE ARMY ARMIES ASSEMBLY
ASSOCIATION AUTHORITY AUTHORITIES BANK BATTALION BATTALIONS BOARD BRIGADE BRIGADES
BUREAU CABINET CAMP CAMPAIGN CELL CELLS CENTER CENTRE CHAMBER CHURCH CITY CLAN CLUB
COALITION COLLEGE COMMAND COMMANDOS COMMISSION COMMITTEE COMMUNITY COMPANY CONFEDERATION
CONFERENCE CONGRESS CONSULATE CORP CORPORATION CORPS COUNCIL COURT DELEGATION
DEPARTMENT DIRECTORATE DIVISION EMBASSY EMIRATE EMPIRE FACTION FEDERATION FIGHTERS
FOUNDATION FORCE FORCES FORUM FRONT FUND GOVERNMENT GOVERNMENTS GROUP GROUPS GUARD
GUARDS GUERRILLAS HOLDINGS HOSPITAL INC INSTITUTE INSTITUTION INTERNATIONAL ISLANDS
JUNTA KINGDOM LEAGUE LTD MILITANTS MILITIA MILITIAS MINISTRY MISSION MOVEMENT NATIONS
NETWORK NEWS NEWSPAPER OFFICE ORGANIZATION ORGANISATION PARLIAMENT PARTY PEOPLES
POLICE PRESS PROGRAM PROGRAMME PROJECT PROVINCE REBELS REGIME REGIMENT REPUBLIC
SECRETARIAT SECURITY SENATE SERVICE SERVICES SOCIETY SQUAD STATE STATES TALIBAN
TELEVISION TIMES TRIBE TRIBES TRIBUNAL TROOPS UNION UNIT UNITS UNIVERSITY WING
QAEDA QAIDA JIHAD HAMAS HEZBOLLAH HIZBALLAH JAISH JAYSH LIWA LIWAA KATAIB KATAEB
KATIBAT HARAKAT JABHAT TANZIM TANZEEM ANSAR MUJAHIDEEN MUJAHEDIN
SPOKESMAN SPOKESWOMAN SPOKESPERSON OFFICIAL OFFICIALS SUPPORTERS FOLLOWERS LOYALISTS
FAMILY DYNASTY ADMINISTRATIONS FELLOWSHIP WORLDWIDE ASSOCATION SOLIDARITY RELIEF
CATHOLIC MONITOR MONITORS PEACEKEEPER PEACEKEEPERS COMMANDO COMMANDOS LIBERATION
OBSERVATORY RESERVE SFSR NATIONALITIES KURDISTAN SRPSKA THEN TANK RIFLES PALACE
DECLARATION STREET HEADQUARTERS AFFAIRS YARD SABHA ANTILLES INTELLIGENCE TEAM HOUSE
SAINT SHAM RIOT ATTORNEY TRADE DIRECTOR
""".split())

# Leading words dropped when choosing a person's display name (titles, offices).
TITLE_WORDS = set("""
PRESIDENT PRESIDENT-ELECT VICE-PRESIDENT VICE PRIME MINISTER MINISTERS PREMIER SECRETARY
SECRETARY-GENERAL GENERAL SEC SECY SEC. GEN. GEN LEADER CHIEF FORMER EX EX-SOVIET EX-PRESIDENT
AMBASSADOR ENVOY SENATOR SEN. REP. REPRESENTATIVE CONGRESSMAN CONGRESSWOMAN GOVERNOR
CHANCELLOR KING QUEEN PRINCE PRINCESS EMIR AMIR SULTAN SIR DAME LORD LADY BARON
MR MR. MRS MRS. MS MS. DR DR. PROF PROF. MAJOR COLONEL COL. CAPTAIN LIEUTENANT ADMIRAL
MARSHAL FIELD COMMANDER JONKHEER DATUK LYONPO HOJATOLISLAM HOJJATOLESLAM AYATOLLAH GRAND FOREIGN DEFENSE DEFENCE INTERIOR FINANCE DEPUTY ACTING
SOVIET COMMUNIST PARTY MOSCOW OF THE
""".split())

# Lower-case particles inside names (never lower-cased when first).
PARTICLES = {"AL", "EL", "BIN", "IBN", "BINT", "DE", "DA", "DO", "DOS", "DAS", "DEL",
             "DELLA", "DER", "DEN", "VAN", "VON", "DU", "Y", "OF", "THE", "AND", "UL",
             "WA", "WAL", "ZU", "TER", "TEN"}
ARABIC_ARTICLES = {"AL", "EL"}
ROMAN = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"}
# Kept upper-case when not the last word of a name ('US President ...').
ACRONYMS = {"UN", "U.N.", "US", "U.S.", "UK", "U.K.", "EU", "NATO", "USA", "UAE", "PLO",
            "ISIS", "ISIL", "FBI", "CIA", "IAEA", "UNHCR", "UNICEF", "WHO", "OPEC", "AU"}

# Single-word or otherwise person-looking Phoenix entries that are not persons.
NOT_PERSONS = {
    "VOLKSKAMMER", "LEIPZIG", "CZECHOSLOVAKIA", "KOSOVO_ASSEMBLY", "HUMAN_RIGHTS_INTERNET",
    "ABU_SAYYAF", "ABU_NIDAL_ORGANIZATION", "SHIN_BET", "SERBIA_AND_MONTENEGRO",
    # fictional test entries
    "HONG_KIL_DONG", "ERNST_STAVRO_BLOFELD",
    # two people run together in one entry
    "JACK_STRAW_DOUGLAS_ALEXANDER",
}


def tokens(phrase):
    """Split a Phoenix phrase into upper-case words."""
    phrase = re.sub(r"\(.*?(\)|$)", " ", phrase)  # '(1ST_TIME_' and similar notes
    phrase = phrase.replace("_", " ").strip()
    phrase = re.sub(r"[(),;:]", " ", phrase)
    return [t for t in phrase.split() if t and t != "-"]


def norm_id(phrase):
    """Stable identifier from a phrase: upper-case ASCII letters/digits joined by '_'."""
    s = unicodedata.normalize("NFKD", phrase)
    s = "".join(c for c in s if not unicodedata.combining(c)).upper()
    s = re.sub(r"[^A-Z0-9]+", "_", s)
    return s.strip("_")


def cap_word(w, pos=0, last=True):
    """Readable case for one upper-case name word (no spaces) at position pos."""
    if re.fullmatch(r"([A-Z]\.)+", w):  # initials: B. / R.K.
        return w
    if w in ROMAN and pos >= 2 and last:
        return w
    if w in ACRONYMS and not last:
        return w
    if w in ("JR", "JR."):
        return "Jr."
    if w in ("SR", "SR."):
        return "Sr."
    parts = re.split(r"([-'\u2019.])", w)
    out = []
    for p in parts:
        if not p or p in "-'\u2019.":
            out.append(p)
            continue
        q = p[0].upper() + p[1:].lower()
        if len(p) > 2 and p.startswith("MC"):
            q = "Mc" + p[2].upper() + p[3:].lower()
        out.append(q)
    s = "".join(out)
    # d'Escoto, d'Estaing: lower-case elided article
    s = re.sub(r"^D'(?=[A-Z])", "d'", s)
    return s


def readable(phrase):
    """'BASHAR_AL_ASSAD_' -> 'Bashar al-Assad'; 'JOHN_KERRY' -> 'John Kerry'."""
    toks = tokens(phrase)
    out = []
    i = 0
    while i < len(toks):
        t = toks[i].upper()
        nxt = toks[i + 1].upper() if i + 1 < len(toks) else None
        if t in ARABIC_ARTICLES and i > 0 and nxt and nxt not in PARTICLES:
            out.append(t.lower() + "-" + cap_word(nxt))
            i += 2
            continue
        m = re.fullmatch(r"(AL|EL)-(.+)", t)
        if m and i > 0:
            out.append(m.group(1).lower() + "-" + cap_word(m.group(2)))
            i += 1
            continue
        if t in PARTICLES and i > 0:
            out.append(t.lower())
        elif t == "LA" and i > 0 and toks[i - 1].upper() == "DE":
            out.append("la")
        else:
            out.append(cap_word(t, i, i == len(toks) - 1))
        i += 1
    return " ".join(out)


def strip_titles(toks, adjectives):
    """Drop leading titles / country adjectives ('RUSSIAN PRESIDENT VLADIMIR PUTIN')."""
    i = 0
    while i < len(toks) - 1:
        t = toks[i].upper()
        if t in TITLE_WORDS or t in adjectives or t.rstrip("'S") in adjectives:
            i += 1
            continue
        break
    return toks[i:]


# ---------------------------------------------------------------------- dates


def parse_date(s):
    """Phoenix date string -> datetime.date, or raise ValueError."""
    s = DATE_FIXES.get(s, s)
    if len(s) == 6:
        yy = int(s[:2])
        year = 1900 + yy if yy >= 30 else 2000 + yy
        return datetime.date(year, int(s[2:4]), int(s[4:6]))
    if len(s) == 8:
        return datetime.date(int(s[:4]), int(s[4:6]), int(s[6:8]))
    raise ValueError("bad date length: %r" % s)


def parse_block(text, stats):
    """'USAGOV >130201' -> (code, start, end, is_default); None for null/invalid."""
    text = text.strip()
    if not text:
        return None
    code, _, rest = text.partition(" ")
    code = code.strip().upper()
    rest = rest.strip()
    if not re.fullmatch(r"[A-Z0-9]+", code):  # '[---]' null code or junk
        stats["null or junk code blocks"] += 1
        return None
    try:
        if not rest:
            return (code, None, None, True)
        m = re.fullmatch(r">\s*(\d+)", rest)
        if m:
            return (code, parse_date(m.group(1)), None, False)
        m = re.fullmatch(r"<\s*(\d+)", rest)
        if m:
            return (code, None, parse_date(m.group(1)), False)
        m = re.fullmatch(r"(\d+)\s*-\s*(\d+)", rest)
        if m:
            a, b = parse_date(m.group(1)), parse_date(m.group(2))
            if b < a:
                stats["ranges with end before start (dropped)"] += 1
                return None
            if a == b:
                stats["one-day ranges (widened to one day)"] += 1
            return (code, a, b, False)
        m = re.fullmatch(r"(\d+)", rest)
        if m:  # a bare date: read as a start date
            stats["bare dates read as start"] += 1
            return (code, parse_date(m.group(1)), None, False)
    except ValueError:
        pass
    stats["unparsable date blocks (dropped)"] += 1
    return None


# ------------------------------------------------------------------ Phoenix input


class Entry:
    def __init__(self, phrase, fname, line, tag):
        self.phrases = [phrase]  # primary first, then synonyms
        self.blocks = []  # raw text inside [...]
        self.fname = fname
        self.line = line
        self.countryinfo = tag  # primary line marked as coming from CountryInfo

    @property
    def primary(self):
        return self.phrases[0]


BLOCK_RE = re.compile(r"\[([^\]]*)\]")


def read_phoenix(path):
    """Parse one Phoenix .actors.txt file into Entry objects."""
    entries = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip("\n").rstrip("\r")
            body, _, comment = raw.partition("#")
            if not body.strip():
                continue
            if body[0] in " \t":
                if cur is not None:
                    cur.blocks += BLOCK_RE.findall(body)
                continue
            blocks = BLOCK_RE.findall(body)
            phrase = BLOCK_RE.sub(" ", body).strip()
            if body[0] == "+":
                if cur is not None:
                    phrase = phrase[1:].strip()
                    if phrase:
                        cur.phrases.append(phrase)
                    cur.blocks += blocks
                continue
            tag = "countryinfo" in comment.lower()
            if cur is not None and not cur.blocks and not blocks:
                # previous entry has no code yet: PETRARCH gives both phrases the codes
                # that follow, i.e. this line is a synonym written without '+'.
                cur.phrases.append(phrase)
                cur.countryinfo = cur.countryinfo or tag
                continue
            cur = Entry(phrase, os.path.basename(path), n, tag)
            cur.blocks += blocks
            entries.append(cur)
    return entries


# ------------------------------------------------------------ countries lexicon


def read_countries(path):
    codes, adjectives, places = set(), set(), set()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i == 0 or line.startswith("#") or not line.strip():
                continue
            surface, code, kind = line.rstrip("\n").split("\t")[:3]
            codes.add(code)
            up = norm_id(surface)
            if kind in ("adjective", "demonym"):
                adjectives.add(up)
            if kind in ("name", "capital"):
                places.add(up)
    # common short forms used in Phoenix titles
    adjectives |= {"US", "U_S", "UN", "U_N", "AMERICAN", "BRITISH", "SOVIET", "RUSSIAN"}
    return codes, adjectives, places


# --------------------------------------------------------- person classification


# ORG_WORDS that also occur as (parts of) personal names; not used against the
# CountryInfo leader lists, whose entries are all persons.
NAMEISH = {"JIHAD", "CHURCH", "LIWA", "LIWAA", "ANSAR", "FAMILY", "UNION", "SECURITY",
           "GUARD", "PRESS", "TIMES", "WING", "CITY", "COURT", "BANK", "CAMP", "FORCE"}


def looks_like_name(toks, lenient=False):
    if not toks or (len(toks) > 7 and not lenient):
        return False
    for t in toks:
        u = t.upper().strip(".'")
        u = re.sub(r"^(AL|EL)-", "", u)
        if u in ORG_WORDS and not (lenient and u in NAMEISH):
            return False
        if re.search(r"\d", t):
            return False
    return True


def classify(entries, ctx):
    """Return list of (entry, parsed_roles) for entries judged to be persons.

    * CountryInfo leader/cabinet lists (marked in Phoenix): persons unless the phrase
      names a body (council, party, ...);
    * other entries with dated roles: persons if the phrase looks like a name;
    * undated entries: persons if the phrase looks like a name of 2-5 words that
      contains no place name, and (outside the country file) starts with a given name
      seen in the CountryInfo lists, a kunya (Abu ...) or title such as Sheikh, or has
      initials.
    """
    codes, adjectives, places, stats = ctx
    # given names: first words of CountryInfo persons (the leader/cabinet lists)
    given = defaultdict(int)
    for e in entries:
        if e.countryinfo:
            toks = tokens(e.primary)
            if len(toks) >= 2:
                given[toks[0].upper()] += 1
    given = {g for g, c in given.items() if c >= 2 and g not in ORG_WORDS
             and g not in TITLE_WORDS and g not in adjectives}
    given -= {"AL", "EL"}
    given |= {"ABU", "UMM", "MULLAH", "SHEIKH", "SHAIKH", "OSAMA", "USAMA"}

    persons = []
    for e in entries:
        roles = []
        for b in e.blocks:
            r = parse_block(b, stats)
            if r is not None:
                roles.append(r)
        if not roles:
            stats["entries without usable code"] += 1
            continue
        dated = any(not r[3] for r in roles)
        pid = norm_id(e.primary)
        toks = strip_titles(tokens(e.primary), adjectives)
        sid = norm_id(" ".join(toks))
        if pid in NOT_PERSONS or sid in NOT_PERSONS or sid in places or pid in places:
            stats["rejected: place or listed non-person"] += 1
            continue
        if not looks_like_name(toks, lenient=e.countryinfo) or toks[-1].upper() in TITLE_WORDS:
            stats["rejected: group/institution words"] += 1
            continue
        if all(r[0].startswith("MNC") for r in roles):
            stats["rejected: company (MNC code only)"] += 1
            continue
        if e.countryinfo:
            persons.append((e, roles))
            continue
        if any(norm_id(t) in places or norm_id(t) in adjectives for t in toks[1:]):
            stats["rejected: country name inside"] += 1
            continue
        if dated:
            ok = len(toks) >= 2 or len(e.phrases) > 1 or e.fname.endswith("International.actors.txt")
        elif e.fname.endswith("Countries.actors.txt"):
            ok = 2 <= len(toks) <= 5
        else:
            first = toks[0].upper()
            initials = any(re.fullmatch(r"([A-Z]\.)+", t) for t in toks[:-1])
            ok = 2 <= len(toks) <= 5 and (first in given or initials)
        if not ok:
            stats["rejected: not name-like"] += 1
            continue
        persons.append((e, roles))
    return persons


# ------------------------------------------------------------- person building


class Person:
    def __init__(self, pid):
        self.id = pid
        self.name = None
        self.aliases = []  # readable, ordered, deduplicated later
        self.dated = []  # (code, start, end)
        self.defaults = []  # codes, in order of appearance
        self.phrases = set()  # normalised phrases, for linking duplicates
        self.countryinfo = False


def fix_code(code, codes, stats):
    """Map Phoenix country prefixes to the ones used in countries.tsv; validate."""
    pre = code[:3]
    if pre in PREFIX_REMAP:
        code = PREFIX_REMAP[pre] + code[3:]
        stats["codes remapped (TMP/ROM/ZAR)"] += 1
    pre = code[:3]
    if pre in codes or pre in INTERNATIONAL_PREFIXES or pre in HISTORICAL_PREFIXES:
        return code
    stats["roles dropped: code without country/IGO prefix"] += 1
    return None


def alias_ok(phrase, adjectives):
    toks = tokens(phrase)
    if not toks:
        return False
    return looks_like_name(strip_titles(toks, adjectives))


def choose_name(phrases, adjectives):
    """Display-name phrase: primary without titles, else the best synonym."""
    cands = []
    for i, p in enumerate(phrases):
        toks = tokens(p)
        stripped = strip_titles(toks, adjectives)
        if not looks_like_name(stripped):
            continue
        titled = len(stripped) != len(toks)
        cands.append((titled, len(stripped) < 2, i, stripped))
    if not cands:
        return tokens(phrases[0])
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    best = cands[0]
    if best[1]:  # single word: prefer a multi-word form containing it
        for c in sorted(cands, key=lambda c: c[2]):
            if len(c[3]) >= 2 and best[3][0].upper() in [t.upper() for t in c[3]]:
                return c[3]
    return best[3]


def build_people(persons, ctx):
    codes, adjectives, places, stats = ctx
    people = OrderedDict()
    for e, roles in persons:
        name_toks = choose_name(e.phrases, adjectives)
        pid = norm_id(" ".join(name_toks))
        p = people.get(pid)
        if p is None:
            p = people[pid] = Person(pid)
            p.name = readable(" ".join(name_toks))
        else:
            stats["Phoenix entries merged into an earlier one (same name)"] += 1
        p.countryinfo = p.countryinfo or e.countryinfo
        for ph in e.phrases:
            if alias_ok(ph, adjectives):
                p.aliases.append(readable(ph))
            else:
                stats["aliases dropped (group/office words)"] += 1
            p.phrases.add(norm_id(ph))
        for code, s, t, is_default in roles:
            code = fix_code(code, codes, stats)
            if code is None:
                continue
            if is_default:
                p.defaults.append(code)
            else:
                p.dated.append((code, s, t))
    return people


def absorb(q, p):
    """Move names and roles of person p into person q."""
    q.aliases += [p.name] + p.aliases
    q.dated += p.dated
    q.defaults += p.defaults
    q.phrases |= p.phrases
    q.countryinfo = q.countryinfo or p.countryinfo


def link_duplicates(people, stats):
    """Merge a person into another entry that lists its (multi-word) name as a synonym.

    Only when the two share a country prefix (or one is international): the same phrase in
    two countries is taken to be two people.
    """
    by_phrase = defaultdict(set)
    for pid, p in people.items():
        for ph in p.phrases:
            if ph.count("_") >= 1:
                by_phrase[ph].add(pid)

    def countries(p):
        return {c[:3] for c, _, _ in p.dated} | {c[:3] for c in p.defaults}

    merged_into = {}

    def find(x):
        while x in merged_into:
            x = merged_into[x]
        return x

    for pid in list(people):
        for other in sorted(by_phrase.get(pid, ())):
            a, b = find(pid), find(other)
            if a == b:
                continue
            ca, cb = countries(people[a]), countries(people[b])
            if not (ca & cb) and not ({"IGO", "NGO", "IMG"} & (ca | cb)):
                continue
            # b lists a's name as a synonym: b is the fuller entry and keeps its id
            merged_into[a] = b
            stats["Phoenix entries merged via synonym"] += 1
    out = OrderedDict()
    for pid, p in people.items():
        if pid not in merged_into:
            out[pid] = p
    for pid in people:
        if pid in merged_into:
            absorb(out[find(pid)], people[pid])
    return out


def read_merges(path):
    merges = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.rstrip("\n")
            if i == 0 or not line.strip() or line.startswith("#"):
                continue
            src, dst = line.split("\t")[:2]
            merges.append((src.strip(), dst.strip()))
    return merges


def apply_merges(people, merges, stats):
    """Hand-checked merges of duplicate Phoenix entries (scripts/actors/people-merges.tsv)."""
    for src, dst in merges:
        p = people.pop(src, None)
        if p is None:
            sys.exit("people-merges.tsv: %s is not a Phoenix person" % src)
        q = people.get(dst)
        if q is None:
            q = people[dst] = Person(dst)
            q.name = p.name
            q.aliases = list(p.aliases)
            q.dated, q.defaults, q.phrases = list(p.dated), list(p.defaults), set(p.phrases)
            q.countryinfo = p.countryinfo
        else:
            absorb(q, p)
        stats["Phoenix entries merged by people-merges.tsv"] += 1


# ------------------------------------------------------------------- intervals

MIN = datetime.date.min
MAX = datetime.date.max


def lo(d):
    return MIN if d is None else d


def hi(d):
    return MAX if d is None else d


def normalise_intervals(rows):
    """rows: (code, start, end) with half-open [start, end); merge same-code overlaps."""
    out = []
    by_code = defaultdict(list)
    for code, s, t in rows:
        if s is not None and t is not None and t <= s:
            t = s + datetime.timedelta(days=1)  # one-day Phoenix range
        by_code[code].append((lo(s), hi(t)))
    for code, ivs in by_code.items():
        ivs.sort()
        cur_s, cur_t = ivs[0]
        for s, t in ivs[1:]:
            if s <= cur_t:
                cur_t = max(cur_t, t)
            else:
                out.append((code, cur_s, cur_t))
                cur_s, cur_t = s, t
        out.append((code, cur_s, cur_t))
    out.sort(key=lambda r: (r[1], r[2], r[0]))
    return out


def fill_gaps(rows, default, until=MAX):
    """Cover the parts of (-inf, until) not covered by rows with the default code."""
    gaps = []
    pos = MIN
    for _, s, t in sorted(rows, key=lambda r: (r[1], r[2])):
        if s > pos:
            gaps.append((default, pos, min(s, until)))
        pos = max(pos, t)
        if pos >= until:
            break
    if pos < until:
        gaps.append((default, pos, until))
    return [g for g in gaps if g[1] < g[2]]


# --------------------------------------------------------------------- updates


def read_updates(path):
    """Hand-written rows in the people.tsv format; returns OrderedDict id -> info."""
    ups = OrderedDict()
    with open(path, encoding="utf-8") as f:
        header = None
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                if header != HEADER:
                    sys.exit("%s: bad header %r" % (path, cols))
                continue
            if len(cols) != 6:
                sys.exit("%s:%d: expected 6 columns, got %d" % (path, n, len(cols)))
            pid, name, aliases, code, start, end = [c.strip() for c in cols]
            if pid != norm_id(pid):
                sys.exit("%s:%d: id %r is not normalised" % (path, n, pid))
            u = ups.setdefault(pid, {"name": None, "aliases": [], "rows": []})
            if name:
                u["name"] = name
            u["aliases"] += [a.strip() for a in aliases.split("|") if a.strip()]
            try:
                s = datetime.date.fromisoformat(start) if start else None
                t = datetime.date.fromisoformat(end) if end else None
            except ValueError:
                sys.exit("%s:%d: bad date" % (path, n))
            if s is not None and t is not None and t <= s:
                sys.exit("%s:%d: end not after start" % (path, n))
            u["rows"].append((code, s, t))
    return ups


def apply_updates(people, ups, stats):
    """Updates own a person's timeline from the start of their earliest row on."""
    for pid, u in ups.items():
        p = people.get(pid)
        if p is None:
            p = people[pid] = Person(pid)
            stats["update ids not in Phoenix (new persons)"] += 1
        else:
            stats["update ids matching a Phoenix person"] += 1
        if u["name"]:
            if p.name and p.name != u["name"]:
                p.aliases.insert(0, p.name)
            p.name = u["name"]
        p.aliases = u["aliases"] + p.aliases
        cut = min(lo(s) for _, s, _ in u["rows"])
        kept = []
        for code, s, t in p.dated:
            if lo(s) >= cut:
                stats["Phoenix roles replaced by updates"] += 1
                continue
            if hi(t) > cut:
                t = cut
                stats["Phoenix roles cut at the first update"] += 1
            kept.append((code, s, t))
        p.dated = kept
        p.cut = cut
        p.updated = [(c, s, t) for c, s, t in u["rows"]]


def finalise(p, stats):
    """Rows of one person: dated roles, default code in the gaps, updates."""
    cut = getattr(p, "cut", MAX)
    rows = normalise_intervals(p.dated)
    defaults = list(OrderedDict.fromkeys(p.defaults))
    if len(defaults) > 1:
        stats["persons with several default codes (first used)"] += 1
    if defaults and cut > MIN:
        rows += fill_gaps(rows, defaults[0], cut)
    if defaults and not p.dated and not hasattr(p, "updated"):
        rows = [(defaults[0], MIN, MAX)]
    rows = normalise_intervals([(c, None if s == MIN else s, None if t == MAX else t)
                                for c, s, t in rows])
    rows += [(c, lo(s), hi(t)) for c, s, t in getattr(p, "updated", [])]
    # join rows of the same code that touch or overlap (e.g. a Phoenix role continued by an update)
    return normalise_intervals([(c, None if s == MIN else s, None if t == MAX else t)
                                for c, s, t in rows])


def clean_aliases(p):
    seen = {p.name.casefold()}
    out = []
    for a in p.aliases:
        a = re.sub(r"\s+", " ", a).strip()
        a = a.replace("|", " ").replace("\t", " ")
        if not a or a.casefold() in seen:
            continue
        seen.add(a.casefold())
        out.append(a)
    return out


def fmt(d, open_value):
    return "" if d == open_value else d.isoformat()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("phoenix_dir", nargs="?", default=DEFAULT_PHOENIX)
    ap.add_argument("-o", "--out", default=DEFAULT_OUT)
    ap.add_argument("--updates", default=DEFAULT_UPDATES)
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()

    stats = defaultdict(int)
    codes, adjectives, places = read_countries(COUNTRIES_TSV)
    ctx = (codes, adjectives, places, stats)
    entries = []
    for fn in ACTOR_FILES:
        entries += read_phoenix(os.path.join(args.phoenix_dir, fn))
    stats["Phoenix entries read"] = len(entries)
    persons = classify(entries, ctx)
    stats["Phoenix entries judged persons"] = len(persons)
    people = build_people(persons, ctx)
    people = link_duplicates(people, stats)
    apply_merges(people, read_merges(MERGES_TSV), stats)
    ups = read_updates(args.updates)
    apply_updates(people, ups, stats)

    lines = []
    n_people = 0
    for pid in sorted(people):
        p = people[pid]
        rows = finalise(p, stats)
        if not rows:
            stats["persons dropped: no usable role"] += 1
            continue
        n_people += 1
        aliases = "|".join(clean_aliases(p))
        for code, s, t in rows:
            lines.append("\t".join([pid, p.name, aliases, code, fmt(s, MIN), fmt(t, MAX)]))
    stats["persons written"] = n_people
    stats["rows written"] = len(lines)

    head = [
        "\t".join(HEADER),
        "# wirecode people lexicon: persons with date-bounded CAMEO actor codes (one row per role).",
        "# Generated by scripts/actors/phoenix_to_people.py from facts in the PETRARCH2 Phoenix actor",
        "# dictionaries, scripts/actors/people-merges.tsv and scripts/actors/people-updates.tsv.",
        "# Do not edit by hand; see data/SOURCES.md. start = first day the code applies; end = first",
        "# day it no longer applies; empty = open. Out of office = country + ELI.",
    ]
    text = "\n".join(head + lines) + "\n"
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    if not args.quiet:
        for k in sorted(stats):
            print("%-60s %d" % (k, stats[k]), file=sys.stderr)


if __name__ == "__main__":
    main()
