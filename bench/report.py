"""Turns the logs of bench/run into bench/results.json and the results table of docs/benchmarks.md."""
import datetime
import json
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import skipping as delta_log  # noqa: E402  (bench/skipping.py: live files of a Delta table from its log)
from runlogs import stage_walls, stages  # noqa: E402  (bench/runlogs.py: what a run's log says)

work, results_path, doc_path, scales = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]


def du(path):
    return int(subprocess.check_output(["du", "-sb", path]).split()[0]) if os.path.exists(path) else 0


def peak_heap_mb(gc_log):
    """Largest heap occupancy before a collection, over the run's GC log and its rotated parts."""
    peak = 0
    folder, name = os.path.split(gc_log)
    for part in [f for f in os.listdir(folder) if f == name or f.startswith(name + ".")]:
        for line in open(os.path.join(folder, part), encoding="utf-8"):
            m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
            if m:
                peak = max(peak, int(m.group(1)))
    return peak


def rss_mb(time_file):
    """Peak resident set size from a `/usr/bin/time -v` report."""
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(time_file).read()).group(1)) // 1024


def live_bytes(layer):
    """Bytes of the files the layer's Delta tables reference now (not the files OPTIMIZE replaced, which
    stay on disk until VACUUM); a table with a checkpoint is measured on disk instead."""
    total = 0
    for table in sorted(os.listdir(layer)):
        path = os.path.join(layer, table)
        if os.path.exists(os.path.join(path, "_delta_log", "_last_checkpoint")):
            total += du(path)
        else:
            total += sum(f["size"] for f in delta_log.live_files(path))
    return total


runs = []
for scale in scales:
    st = stages(os.path.join(work, "run-%s.log" % scale))
    activity = next((s["read"] for s in st if s["stage"] == "ingest" and s["dataset"] == "sns_activity"), 0)
    rss = rss_mb(os.path.join(work, "time-%s.txt" % scale))
    wall = float(open(os.path.join(work, "run-%s.seconds" % scale)).read())
    duck = json.load(open(os.path.join(work, "duckdb-%s.json" % scale)))
    skipping = None
    if os.path.exists(os.path.join(work, "skip-after-%s.json" % scale)):
        skipping = {"before": json.load(open(os.path.join(work, "skip-before-%s.json" % scale))),
                    "after": json.load(open(os.path.join(work, "skip-after-%s.json" % scale))),
                    "optimize_seconds": float(open(os.path.join(work, "optimize-%s.seconds" % scale)).read())}
    spark_seconds = {s["dataset"]: s["seconds"] for s in st if s["stage"] == "gold"}
    wh = os.path.join(work, "wh-%s" % scale)
    runs.append({
        "scale": float(scale), "activity_rows": activity, "wall_seconds": round(wall, 1),
        "rows_per_second": round(activity / wall) if wall else None,
        "driver_peak_heap_mb": peak_heap_mb(os.path.join(work, "gc-%s.log" % scale)), "peak_rss_mb": rss,
        "failed_stages": [s["stage"] + ":" + s["dataset"] for s in st if s["status"] != "succeeded"],
        "stage_seconds": {k: stage_walls(os.path.join(work, "run-%s.log" % scale)).get(k, 0.0)
                          for k in ["ingest", "refine", "gold", "export"]},
        "skipping": skipping,
        "stages": st,
        "bytes": {"bronze": du(os.path.join(wh, "bronze")), "silver": live_bytes(os.path.join(wh, "silver")),
                  "gold": du(os.path.join(wh, "gold")), "exports": du(os.path.join(work, "ex-%s" % scale))},
        "duckdb": {q: dict(v, spark_seconds=spark_seconds.get(q),
                           spark_to_duckdb=round(spark_seconds[q] / v["seconds"], 1) if spark_seconds.get(q) else None)
                   for q, v in duck.items()},
    })

# Fixed cost and cost per million activity rows: least squares of wall time on millions of rows.
fit = None
if len(runs) >= 2:
    xs = [r["activity_rows"] / 1e6 for r in runs]
    ys = [r["wall_seconds"] for r in runs]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    fit = {"fixed_seconds": round(a, 1), "seconds_per_million_rows": round(b, 1)}
    for r in runs:
        r["seconds_per_million_after_fixed"] = round((r["wall_seconds"] - a) / (r["activity_rows"] / 1e6), 1)

sample = None
if os.path.exists(os.path.join(work, "run-sample.seconds")):
    sample = {"wall_seconds": float(open(os.path.join(work, "run-sample.seconds")).read()),
              "peak_rss_mb": rss_mb(os.path.join(work, "time-sample.txt")), "target_seconds": 60}
    if os.path.exists(os.path.join(work, "sample-counts.json")):
        sample.update(json.load(open(os.path.join(work, "sample-counts.json"))))

java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
result = {"date": datetime.date.today().isoformat(), "machine": "%s, %d cores" % (platform.machine(), os.cpu_count()),
          "java": java, "spark": "4.1.0", "delta": "4.1.0", "duckdb_jdbc": "1.5.6.0", "driver_heap": "4g",
          "sample_run": sample, "runs": runs, "linear_fit": fit}
# The other benchmarks' objects ("incremental", "throughput") stay as they are.
results = json.load(open(results_path)) if os.path.exists(results_path) else {}
results.update(result)
json.dump(results, open(results_path, "w"), indent=2)

rows = ["| scale | activity rows | wall s | rows/s | ingest s | refine s | gold s | export s | peak heap MB | peak RSS MB "
        "| silver MB | cohort_retention Spark/DuckDB s | growth_accounting Spark/DuckDB s | equal |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
for r in runs:
    d = r["duckdb"]
    rows.append("| %g | %d | %.0f | %d | %.0f | %.0f | %.0f | %.0f | %d | %d | %.0f | %s / %.2f (x%s) | %s / %.2f (x%s) | %s |" % (
        r["scale"], r["activity_rows"], r["wall_seconds"], r["rows_per_second"], r["stage_seconds"]["ingest"],
        r["stage_seconds"]["refine"], r["stage_seconds"]["gold"], r["stage_seconds"]["export"],
        r["driver_peak_heap_mb"], r["peak_rss_mb"], r["bytes"]["silver"] / 1e6,
        d["cohort_retention"]["spark_seconds"], d["cohort_retention"]["seconds"], d["cohort_retention"]["spark_to_duckdb"],
        d["growth_accounting"]["spark_seconds"], d["growth_accounting"]["seconds"], d["growth_accounting"]["spark_to_duckdb"],
        "yes" if all(v["mismatches"] == 0 for v in d.values()) else "NO"))
table = "\n".join(rows)
skip_rows = [r for r in runs if r.get("skipping")]
if skip_rows:
    table += ("\n\nWeekly maintenance (`marketlens optimize`: OPTIMIZE ZORDER BY site, event_time) on silver sns_activity,"
              " and what a one-month query (event_time in June 2010) must read, from the Delta log's file statistics:\n\n"
              "| scale | optimize s | files before -> after | one-month query reads before | after |\n|---|---|---|---|---|")
    for r in skip_rows:
        b, a = r["skipping"]["before"], r["skipping"]["after"]
        table += "\n| %g | %.0f | %d -> %d | %d files, %.0f MB (%.0f%%) | %d files, %.0f MB (%.0f%%) |" % (
            r["scale"], r["skipping"]["optimize_seconds"], b["files"], a["files"],
            b["files_read"], b["bytes_read"] / 1e6, 100.0 * b["bytes_read"] / max(b["bytes"], 1),
            a["files_read"], a["bytes_read"] / 1e6, 100.0 * a["bytes_read"] / max(a["bytes"], 1))
if sample:
    table = ("Sample run (`bin/marketlens run` on data/sample, launcher defaults, JVM start included): %.1f s wall, "
             "peak RSS %d MB (target: under 60 s)%s.\n\n" % (sample["wall_seconds"], sample["peak_rss_mb"],
             "; %d Spark jobs and %d Delta commits (targets: at most 200 and 60)" % (sample["spark_jobs"], sample["delta_commits"])
             if "spark_jobs" in sample else "")) + table
if fit:
    table += "\n\nLinear fit of wall time on activity rows: fixed %.1f s + %.1f s per million rows." % (
        fit["fixed_seconds"], fit["seconds_per_million_rows"])
block = "<!-- bench:start -->\n%s, %s, %s, Spark 4.1.0, Delta 4.1.0, DuckDB JDBC 1.5.6.0, driver -Xmx4g, `bench/run %s`:\n\n%s\n<!-- bench:end -->" % (
    result["date"], result["machine"], java, " ".join(scales), table)
doc = open(doc_path, encoding="utf-8").read()
if "<!-- bench:start -->" in doc:
    doc = re.sub(r"<!-- bench:start -->.*<!-- bench:end -->", lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n## Benchmark results (`bench/run`)\n\n" + block + "\n"
open(doc_path, "w", encoding="utf-8").write(doc)
print(table)
