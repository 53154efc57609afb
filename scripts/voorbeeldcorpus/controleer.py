import re, collections, unicodedata
from pathlib import Path
import yaml, docx, openpyxl

DIR = Path(__file__).resolve().parents[2] / "corpora" / "voorbeeld"
meta = yaml.safe_load((DIR / "corpus.yaml").read_text(encoding="utf-8"))
print("corpus.yaml keys:", list(meta), "| bestanden:", list(meta["bestanden"]))
for f in meta["bestanden"]:
    assert (DIR / f).exists(), f

# --- answers
wb = openpyxl.load_workbook(DIR / "antwoorden-transformatie.xlsx")
print("sheets:", wb.sheetnames)
ws = wb["Antwoorden"]
rows = list(ws.iter_rows(values_only=True))
header, data = rows[0], rows[1:]
print("header:", header, "| rows:", len(data))
resp = collections.Counter(r[0] for r in data)
print("respondents:", len(resp), "| with 2:", sum(v == 2 for v in resp.values()), "| with 3:", sum(v == 3 for v in resp.values()))
JUNK = {"-", "??", "n.v.t.", "xxx", "..."}
empty = [r for r in data if r[1] is None or (isinstance(r[1], str) and not r[1].strip())]
junk = [r for r in data if isinstance(r[1], str) and r[1].strip() in JUNK]
print("empty:", [(r[0], repr(r[1])) for r in empty])
print("junk:", [(r[0], r[1]) for r in junk])
print("non-str answers:", [(r[0], r[1], type(r[1]).__name__) for r in data if r[1] is not None and not isinstance(r[1], str)])
print("Marieke rows:", [r for r in data if isinstance(r[1], str) and "marieke" in r[1].lower()])
print("rol:", collections.Counter(r[2] for r in data).most_common())
print("gemeente:", collections.Counter(r[3] for r in data).most_common())
# consistency rol/gemeente per respondent
per = collections.defaultdict(set)
for r in data: per[r[0]].add((r[2], r[3]))
assert all(len(v) == 1 for v in per.values())

# crude wordle: lowercase, strip accents, tokens, count respondents per token
def norm(s):
    s = unicodedata.normalize("NFKD", str(s).lower())
    return "".join(c for c in s if not unicodedata.combining(c))
STOP = {"de","het","een","van","voor","naar","in","en","om","te","met","over","op","dat","die","niet","ons","zonder","=","heeft","maar","wordt","we","iedereen"}
tok_resp = collections.defaultdict(set)
for r in data:
    if r[1] is None: continue
    for t in re.findall(r"[a-z0-9]+", norm(r[1])):
        if t not in STOP: tok_resp[t].add(r[0])
top = sorted(tok_resp.items(), key=lambda kv: -len(kv[1]))[:25]
print("top tokens by respondents:", [(t, len(s)) for t, s in top])
print("phrase counts:", {p: sum(1 for r in data if r[1] and p in norm(r[1])) for p in ["centraal", "eigen kracht", "eigen-kracht", "samen leren", "zorgen dat", "maatwerk", "integra"]})

# --- notes
PD = ["mevrouw Jansen", "Jansen", "06-12345678", "078 123 4567", "Petra de Vries", "Petra", "p.devries@wijkteam-dordrecht.nl", "Ahmed El Amrani", "Ahmed", "Marieke"]
texts = {}
for p in sorted(DIR.glob("*.md")):
    if p.name == "README.md": continue
    raw = p.read_text(encoding="utf-8")
    _, fm, body = raw.split("---\n", 2)
    fm = yaml.safe_load(fm)
    assert set(fm) == {"bijeenkomst", "datum", "gemeente", "rol", "soort"} and fm["soort"] == "notitie", fm
    texts[p.name] = (fm, body)
for p in sorted(DIR.glob("*.docx")):
    d = docx.Document(p)
    cp = d.core_properties
    body = "\n".join(par.text for par in d.paragraphs)
    fm = dict(meta["bestanden"][p.name])
    assert cp.subject == fm["bijeenkomst"], (cp.subject, fm)
    print(f"{p.name}: title={cp.title!r} subject={cp.subject!r} category={cp.category!r} created={cp.created} styles={collections.Counter(par.style.name for par in d.paragraphs)}")
    texts[p.name] = (fm, body)
for name, (fm, body) in sorted(texts.items()):
    n = len(re.findall(r"\w+(?:[-'’]\w+)*", body))
    found = [s for s in PD if s in body]
    print(f"{name}: {n} words | {fm['datum']} {fm['gemeente']} {fm['rol']} | {fm['bijeenkomst']} | PD: {found} counts: {[body.count(s) for s in found]}")

# --- copying check: 7-word shingles shared with the publication
def shingles(t, k=7):
    w = re.findall(r"\w+", norm(t))
    return {" ".join(w[i:i+k]) for i in range(len(w)-k+1)}
pub = shingles(Path("/work/shared/seed/000_7b9d515e013c1880.txt").read_text(encoding="utf-8"))
for name, (fm, body) in sorted(texts.items()):
    shared = shingles(body) & pub
    print("shared 7-grams", name, len(shared), list(shared)[:5])
