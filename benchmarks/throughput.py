"""Throughput benchmark: raw spaCy (the limit) against the annotate stage and the whole analyse flow.

    python -m benchmarks.throughput [--json UIT.json] [--sizes 100000,300000,1200000] [--markdown UIT.md]

On ../shared/bench/wetten-artikelen.csv (Dutch statutes, ~1.2M words), trimmed to each size in a
temporary corpus folder (corpus.yaml: answer column `tekst`, soort `notitie`). Each configuration
runs in a fresh process (`benchmarks.measure`), so that its peak memory is its own:
raw `nlp.pipe`; the annotate stage, first run and unchanged rerun; the analyse flow, first run and
unchanged rerun; and, at the largest size, the same with two processes (`n_process=2` and a local
Dask cluster of 2 workers). Prints a table and writes JSON with the ratios and the machine.
Not part of the test suite; the numbers of a shared machine are noisy, so compare ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

from benchmarks.measure import RESULT_MARK
from pipeline.paths import PROJECT_ROOT, SHARED_DIR

DEFAULT_CSV = SHARED_DIR / "bench" / "wetten-artikelen.csv"
DEFAULT_SIZES = (100_000, 300_000, 1_200_000)
DEFAULT_SETTINGS = Path(__file__).with_name("instellingen-wetten.yaml")  # privacy: rapporteren (see the file)
TARGETS = {"flow_vs_raw": (">=", 0.8), "rerun_vs_first": ("<=", 0.05), "rss_growth": ("<=", 1.5),
           "speedup_2_processes": (">=", 1.6)}
CORPUS_YAML = """naam: wetten-{size}
beschrijving: Artikelen uit Nederlandse wetten (benchmark, ../shared/bench).
bestanden:
  wetten.csv:
    soort: notitie
    antwoordkolom: tekst
    respondentkolom: id
"""


def prepare_corpus(csv_path: Path, size: int, work: Path) -> int:
    """The first articles of the CSV up to `size` words as a corpus folder, and their documents.parquet."""
    from pipeline.config import load_settings
    from pipeline.ingest import ingest_corpus

    articles = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    words = articles["tekst"].str.split().str.len().cumsum()
    subset = articles[words.shift(fill_value=0) < size]
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    subset.to_csv(corpus / "wetten.csv", index=False)
    (corpus / "corpus.yaml").write_text(CORPUS_YAML.format(size=size), encoding="utf-8")
    documents = ingest_corpus(corpus, settings=load_settings().ingest).documents
    documents.to_parquet(work / "documents.parquet", index=False)
    return int(documents["n_words"].sum())


def run_config(config: str, work: Path, *, outputs: Path | None = None, n_process: int = 1,
               dask: str | None = None, settings_path: Path | None = None, label: str, env: dict) -> dict:
    """One configuration in a fresh Python process; returns its RESULT line."""
    command = [sys.executable, "-m", "benchmarks.measure", config, "--work", str(work), "--n-process", str(n_process)]
    command += ["--outputs", str(outputs)] if outputs else []
    command += ["--instellingen", str(settings_path)] if settings_path else []
    command += ["--dask", dask] if dask else []
    print(f"  {label} ...", end="", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if done.returncode != 0 or not lines:  # keep going: one failing configuration must not lose the rest
        print(f" MISLUKT (code {done.returncode})\n{done.stderr[-2000:]}", file=sys.stderr)
        return {"label": label, "config": config, "error": done.stderr[-2000:], "seconds": None,
                "words_per_s": None, "peak_rss_mb": None}
    result = json.loads(lines[-1][len(RESULT_MARK):]) | {"label": label}
    print(f" {result['seconds']:.1f} s, {result['words_per_s']:,.0f} woorden/s, "
          f"piek {result['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return result


def run_all(csv_path: Path, sizes: list[int], root: Path, *, parallel: bool, settings_path: Path | None = None,
            partial: Path | None = None) -> list[dict]:
    env = os.environ | {"PREFECT_HOME": str(root / "prefect-home"), "PYTHONPATH": str(PROJECT_ROOT)}
    results = []
    for size in sizes:
        work = root / f"size-{size}"
        words = prepare_corpus(csv_path, size, work)
        print(f"{size:,} woorden (gekozen: {words:,})", file=sys.stderr)

        def run(config, outputs=None, *, repeat=1, **options):
            """Run `repeat` times (first runs each with their own empty output folder); keep the fastest."""
            folders = [outputs if i == 0 or outputs is None else outputs.with_name(f"{outputs.name}-{i}")
                       for i in range(repeat)]  # a rerun repeats in the folder of the same first run
            tries = [run_config(config, work, outputs=folder, env=env, settings_path=settings_path, **options)
                     for folder in folders]
            ok = [t for t in tries if not t.get("error")] or tries
            best = min(ok, key=lambda t: t["seconds"] or float("inf"))
            results.append(best | {"size": size, "tries_s": [t["seconds"] for t in tries]})
            if partial:  # a long benchmark leaves what it measured so far
                partial.write_text(json.dumps({"results": results}, indent=2), encoding="utf-8")

        # The shorter configurations twice (fastest counts): on a shared machine one run can be off by 2x.
        repeat = 1 if size == max(sizes) else 2
        run("raw", repeat=repeat, label="spaCy nlp.pipe")
        run("annotate", work / "out-annotate", repeat=repeat, label="annoteren, eerste run")
        run("annotate", work / "out-annotate", repeat=repeat, label="annoteren, herhaling")
        run("flow", work / "out-flow", label="flow, eerste run")
        run("flow", work / "out-flow", label="flow, herhaling")
        if parallel and size == max(sizes):
            run("raw", n_process=2, label="spaCy nlp.pipe, n_process=2")
            run("annotate", work / "out-np2", n_process=2, label="annoteren, n_process=2")
            run("annotate", work / "out-dask", dask="lokaal", label="annoteren, Dask lokaal (2)")
            run("flow", work / "out-flow-dask", dask="lokaal", label="flow, Dask lokaal (2)")
    return results


def pick(results: list[dict], label: str, size: int) -> dict | None:
    return next((r for r in results if r["label"] == label and r["size"] == size), None)


def ratios(results: list[dict], sizes: list[int]) -> dict:
    """The headline ratios (at the largest size) and the same per size."""
    big, small = max(sizes), min(sizes)

    def ratio(a: dict | None, b: dict | None, key: str) -> float | None:
        return round(a[key] / b[key], 3) if a and b and a.get(key) and b.get(key) else None

    per_size = {}
    for size in sizes:
        raw = pick(results, "spaCy nlp.pipe", size)
        per_size[size] = {
            "flow_vs_raw": ratio(pick(results, "flow, eerste run", size), raw, "words_per_s"),
            "annotate_vs_raw": ratio(pick(results, "annoteren, eerste run", size), raw, "words_per_s"),
            "rerun_vs_first": ratio(pick(results, "flow, herhaling", size), pick(results, "flow, eerste run", size),
                                    "seconds"),
            "annotate_rerun_vs_first": ratio(pick(results, "annoteren, herhaling", size),
                                             pick(results, "annoteren, eerste run", size), "seconds"),
        }
    one = pick(results, "annoteren, eerste run", big)
    speedups = {
        "dask_lokaal_2": ratio(pick(results, "annoteren, Dask lokaal (2)", big), one, "words_per_s"),
        "n_process_2": ratio(pick(results, "annoteren, n_process=2", big), one, "words_per_s"),
        "raw_n_process_2": ratio(pick(results, "spaCy nlp.pipe, n_process=2", big),
                                 pick(results, "spaCy nlp.pipe", big), "words_per_s"),
        "flow_dask_lokaal_2": ratio(pick(results, "flow, Dask lokaal (2)", big), pick(results, "flow, eerste run", big),
                                    "words_per_s"),
    }
    best = max((v for k, v in speedups.items() if k in ("dask_lokaal_2", "n_process_2") and v), default=None)
    summary = dict(per_size[big]) | {
        "rss_growth": ratio(pick(results, "flow, eerste run", big), pick(results, "flow, eerste run", small),
                            "peak_rss_mb"),
        "rss_growth_annotate": ratio(pick(results, "annoteren, eerste run", big),
                                     pick(results, "annoteren, eerste run", small), "peak_rss_mb"),
        "rss_growth_flow_tree": ratio(pick(results, "flow, eerste run", big), pick(results, "flow, eerste run", small),
                                      "peak_tree_rss_mb"),
        "speedup_2_processes": best, "speedups": speedups, "per_size": per_size,
    }
    summary["targets"] = {name: {"target": f"{op} {value}", "measured": summary.get(name),
                                 "reached": summary.get(name) is not None and (
                                     summary[name] >= value if op == ">=" else summary[name] <= value)}
                          for name, (op, value) in TARGETS.items()}
    return summary


def machine_facts(settings_path: Path | None) -> dict:
    """CPU, memory, load and the versions and pipeline that shape the numbers."""
    from pipeline import nlp, stages
    from pipeline.config import load_settings

    settings = load_settings(settings_path)
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")
    info = nlp.describe_pipeline(stages.load_pipeline(settings))
    return {"cpu_count": os.cpu_count(), "cpu_physical": psutil.cpu_count(logical=False),
            "cpu_model": model or platform.processor(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()], "platform": platform.platform(),
            "python": platform.python_version(), "spacy": __import__("spacy").__version__,
            "pipeline": info.name, "pipeline_kind": info.kind, "pipeline_fingerprint": info.fingerprint(),
            "batch_size": settings.nlp.batch_size, "words_per_batch": settings.nlp.words_per_batch}


def nl(value: float, digits: int = 0) -> str:
    """A number the Dutch way: 1.234.567,8."""
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def markdown_table(results: list[dict]) -> str:
    """The measurements as a Dutch Markdown table."""
    lines = ["| woorden | configuratie | tijd (s) | woorden/s | t.o.v. spaCy | piek-RSS proces (MB) | "
             "piek-RSS met subprocessen (MB) | opstarten (s) |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if r.get("error"):
            lines.append(f"| {nl(r['size'])} | {r['label']} | mislukt | | | | | |")
            continue
        raw = pick(results, "spaCy nlp.pipe", r["size"])
        share = nl(r["words_per_s"] / raw["words_per_s"], 2) if raw and raw.get("words_per_s") else ""
        lines.append(f"| {nl(r['words'])} | {r['label']} | {nl(r['seconds'], 1)} | {nl(r['words_per_s'])} | {share} | "
                     f"{nl(r['peak_rss_mb'])} | {nl(r['peak_tree_rss_mb'])} | {nl(r['startup_s'], 1)} |")
    return "\n".join(lines)


def stage_table(results: list[dict]) -> str:
    """Seconds per flow stage (and the process's peak RSS after it), one column per flow run."""
    flows = [r for r in results if r["config"] == "flow" and r.get("stages")]
    if not flows:
        return ""
    names = list(dict.fromkeys(name for r in flows for name in r["stages"]))
    header = "| stap | " + " | ".join(f"{r['label']}, {nl(r['words'])} w." for r in flows) + " |"
    lines = [header, "|---|" + "---:|" * len(flows)]
    for name in names:
        cells = [f"{nl(r['stages'][name], 1)} s ({nl(r['stage_peak_rss_mb'][name])} MB)" if name in r["stages"] else ""
                 for r in flows]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="schrijf de resultaten naar dit JSON-bestand")
    parser.add_argument("--markdown", type=Path, help="schrijf de tabel naar dit Markdown-bestand")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="aantallen woorden, komma-gescheiden")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="CSV met een kolom tekst")
    parser.add_argument("--zonder-parallel", action="store_true", help="sla de metingen met 2 processen over")
    parser.add_argument("--instellingen", type=Path, default=DEFAULT_SETTINGS,
                        help="YAML met afwijkende instellingen voor alle metingen (standaard: %(default)s)")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="ontmoeting-bench-") as tmp:
        machine = machine_facts(args.instellingen)
        results = run_all(args.csv, sizes, Path(tmp), parallel=not args.zonder_parallel,
                          settings_path=args.instellingen.resolve() if args.instellingen else None,
                          partial=args.json.with_suffix(".partial.json") if args.json else None)
    pipelines = sorted({r["pipeline_fingerprint"] for r in results if "pipeline_fingerprint" in r}
                       | {machine["pipeline_fingerprint"]})
    if len(pipelines) > 1:
        print(f"LET OP: het taalmodel veranderde tijdens de meting: {pipelines}", file=sys.stderr)
    summary = {"machine": machine | {"load_average_after": [round(x, 2) for x in os.getloadavg()]},
               "pipelines_seen": pipelines, "corpus": str(args.csv), "sizes": sizes,
               "settings_file": str(args.instellingen) if args.instellingen else None,
               "duration_s": round(time.time() - started, 1), **ratios(results, sizes), "results": results}
    table = markdown_table(results) + "\n\nPer stap van de flow (tijd, en piek-RSS van het proces na de stap):\n\n" \
        + stage_table(results)
    print(table)
    print(json.dumps({k: v for k, v in summary.items() if k not in ("results", "per_size")}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return summary


if __name__ == "__main__":
    main()
