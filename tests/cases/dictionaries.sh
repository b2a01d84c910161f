#!/bin/sh
# dictionaries.sh -- static checks of data/actors/*.txt and data/agents.txt
# (format: docs/dictionaries.md). Prints PASS/FAIL/SKIP lines.
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=${DYAD_DATA:-$ROOT/data}
if ! command -v python3 >/dev/null 2>&1; then
    echo "SKIP dictionaries: no python3"
    exit 0
fi
exec python3 - "$DATA" <<'PY'
import sys, os, re, glob, unicodedata, calendar

data = sys.argv[1]
ROLES = set("GOV MIL COP JUD SPY OPP REB INS SEP UAF LEG PTY BUS MED CVL REF EDU "
            "HLH HRI LAB AGR ELI ENV CRM DEV".split())
KINDS = {"name", "adj", "people", "seat", "place", "person"}
NONSTATE = {"IGO", "NGO", "IMG", "MNC"}
ISO3 = set("""AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB
BLR BEL BLZ BEN BMU BTN BOL BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF
TCD CHL CHN CXR CCK COL COM COG COD COK CRI CIV HRV CUB CUW CYP CZE DNK DJI DMA DOM ECU EGY
SLV GNQ ERI EST SWZ ETH FLK FRO FJI FIN FRA GUF PYF ATF GAB GMB GEO DEU GHA GIB GRC GRL GRD
GLP GUM GTM GGY GIN GNB GUY HTI HMD VAT HND HKG HUN ISL IND IDN IRN IRQ IRL IMN ISR ITA JAM
JPN JEY JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MAC MDG MWI MYS
MDV MLI MLT MHL MTQ MRT MUS MYT MEX FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD NCL
NZL NIC NER NGA NIU NFK MKD MNP NOR OMN PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT
REU ROU RUS RWA BLM SHN KNA LCA MAF SPM VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN
SLB SOM ZAF SGS SSD ESP LKA SDN SUR SJM SWE CHE SYR TWN TJK TZA THA TLS TGO TKL TON TTO TUN
TUR TKM TCA TUV UGA UKR ARE GBR USA UMI URY UZB VUT VEN VNM VGB VIR WLF ESH YEM ZMB ZWE XKX""".split())

fails = []
def fail(name, why):
    fails.append((name, why))

def fold(s):
    s = unicodedata.normalize("NFD", s.replace("’", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ı", "i").lower()
    s = re.sub(r"'\s*", "' ", s)
    return " ".join(s.split())

def expand(form):
    m = re.search(r"\{([^{}]*)\}", form)
    if not m:
        return [form]
    out = []
    for alt in m.group(1).split(","):
        out += expand(form[:m.start()] + alt + form[m.end():])
    return out

def parse_forms(text, where):
    res = []  # (form, langs)
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"(fr|en|\*):\s*(.*)$", part)
        if not m:
            fail("format", "%s: bad form list %r" % (where, part))
            continue
        langs = {"fr": {"fr"}, "en": {"en"}, "*": {"fr", "en"}}[m.group(1)]
        for f in m.group(2).split("|"):
            f = f.strip()
            if not f:
                fail("format", "%s: empty form" % where)
                continue
            if re.search(r"[^\w\s\-'’.{},]", f):
                fail("format", "%s: punctuation in form %r" % (where, f))
            for e in expand(f):
                res.append((e.strip(), langs))
    return res

def parse_date(s, end):
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s)
    if not m:
        return "bad"
    y = int(m.group(1)); mo = m.group(2); d = m.group(3)
    if mo is None:
        return (y, 12, 31) if end else (y, 1, 1)
    mo = int(mo)
    if not 1 <= mo <= 12:
        return "bad"
    if d is None:
        return (y, mo, calendar.monthrange(y, mo)[1]) if end else (y, mo, 1)
    d = int(d)
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return "bad"
    return (y, mo, d)

LO, HI = (0, 1, 1), (9999, 12, 31)
entries = []  # (folded, langs, lo, hi, where, code, kind)
n_person_lines = 0
persons = set()
for path in sorted(glob.glob(os.path.join(data, "actors", "*.txt"))):
    base = os.path.relpath(path, os.path.dirname(data))
    for no, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = "%s:%d" % (base, no)
        m = re.match(r"(\S+)\s+(\S+)\s+(?:(\d[\d-]*)?\.\.(\d[\d-]*)?\s+)?(.*)$", line)
        if not m:
            fail("format", where + ": cannot parse")
            continue
        code, kind, f, t, forms = m.groups()
        if kind not in KINDS:
            fail("format", "%s: unknown kind %r" % (where, kind))
        pre = code[:3]
        if pre not in ISO3 and pre not in NONSTATE:
            fail("codes", "%s: prefix %r is not ISO3/IGO/NGO/IMG/MNC" % (where, pre))
        if pre not in NONSTATE and len(code) not in (3, 6):
            fail("codes", "%s: code %r" % (where, code))
        if pre not in NONSTATE and len(code) == 6 and code[3:] not in ROLES:
            fail("codes", "%s: role %r" % (where, code[3:]))
        if "..." in line.split(":")[0]:
            pass
        rng = re.search(r"\s(\S*\.\.\S*)\s", " " + line + " ")
        if kind == "person":
            n_person_lines += 1
            if f is None and t is None and not re.search(r"\s\.\.\s", line):
                fail("person-dates", where + ": person line without a date range")
        lo = parse_date(f, False) if f else LO
        hi = parse_date(t, True) if t else HI
        if lo == "bad" or hi == "bad":
            fail("format", where + ": bad date")
            continue
        if lo > hi:
            fail("format", where + ": FROM after TO")
        seen = set()
        fl = parse_forms(forms, where)
        if kind == "person":
            persons.add(fold(fl[0][0]) if fl else where)
        for form, langs in fl:
            k = fold(form)
            for lg in langs:
                if (k, lg) in seen:
                    fail("duplicates", "%s: form %r twice on the line" % (where, form))
                seen.add((k, lg))
            entries.append((k, langs, lo, hi, where, code, kind))

# the same folded form on two lines with overlapping dates and languages
by = {}
for e in entries:
    by.setdefault(e[0], []).append(e)
for k, es in by.items():
    for i in range(len(es)):
        for j in range(i + 1, len(es)):
            a, b = es[i], es[j]
            if a[4] == b[4] or "person" not in (a[6], b[6]):
                continue  # other kinds: the loader's business (adj/people share forms)
            if a[1] & b[1] and a[2] <= b[3] and b[2] <= a[3]:
                fail("overlap", "form %r on %s (%s) and %s (%s)" % (k, a[4], a[5], b[4], b[5]))

# agents
agent_forms = {}
n_agent = 0
SPECIAL = {"=CPT", "=DEL", "=ANY"}
apath = os.path.join(data, "agents.txt")
if os.path.exists(apath):
    for no, line in enumerate(open(apath, encoding="utf-8"), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = "agents.txt:%d" % no
        role, _, forms = line.partition(" ")
        if role not in ROLES and role not in SPECIAL:
            fail("agents", "%s: unknown role %r" % (where, role))
        for form, langs in parse_forms(forms.strip(), where):
            n_agent += 1
            k = fold(form)
            for lg in langs:
                prev = agent_forms.get((k, lg))
                if prev and prev[0] != role:
                    fail("agents", "%s: %r (%s) already under %s at %s" % (where, form, lg, prev[0], prev[1]))
                elif prev and prev[1] != where:
                    fail("agents", "%s: %r repeated (also %s)" % (where, form, prev[1]))
                agent_forms[(k, lg)] = (role, where)
else:
    print("SKIP agents: no data/agents.txt")

names = ["format", "codes", "person-dates", "duplicates", "overlap", "agents"]
for n in names:
    fs = [w for (nm, w) in fails if nm == n]
    if fs:
        print("FAIL dictionaries-%s: %d problem(s); first: %s" % (n, len(fs), "; ".join(fs[:3])))
        for w in fs[:40]:
            print("#   " + w, file=sys.stderr)
    else:
        print("PASS dictionaries-%s" % n)
print("# %d person lines, %d persons, %d agent forms" % (n_person_lines, len(persons), n_agent),
      file=sys.stderr)
PY
