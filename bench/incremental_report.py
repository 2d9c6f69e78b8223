"""Turns the logs of bench/incremental into the "incremental" object of bench/results.json and its section of
docs/benchmarks.md. Usage: incremental_report.py WORK RESULTS_JSON BENCHMARKS_MD SCALE..."""
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runlogs import sequential_stage_walls, stages  # noqa: E402

work, results_path, doc_path, scales = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
STAGES = ("ingest", "refine", "gold", "export")


def run_record(folder, name, date):
    log = os.path.join(folder, name + ".log")
    rows = stages(log)
    return {"run": name, "run_date": date, "wall_seconds": float(open(os.path.join(folder, name + ".seconds")).read()),
            "stage_seconds": sequential_stage_walls(log),
            "gold_rebuilt": sorted(r["dataset"] for r in rows if r["stage"] == "gold" and r["status"] == "succeeded"),
            "exports_rewritten": sum(1 for r in rows if r["stage"] == "export" and r["status"] == "succeeded"),
            "activity_rows_read": next((r["read"] for r in rows if r["stage"] == "ingest" and r["dataset"] == "sns_activity"), 0),
            "failed": [r["stage"] + ":" + r["dataset"] for r in rows if r["status"] == "failed"]}


per_scale = {}
for scale in scales:
    folder = os.path.join(work, "incremental-%s" % scale)
    dates = open(os.path.join(folder, "dates.txt")).read().split()
    history = run_record(folder, "day-0", dates[0])
    daily = [run_record(folder, "day-%d" % k, dates[k]) for k in range(1, len(dates))]
    full = run_record(folder, "full", dates[-1])
    compare = [l.strip() for l in open(os.path.join(folder, "compare.txt")) if l.strip()]
    differing = [l for l in compare if "only in old 0, only in new 0" not in l]
    median = statistics.median(d["wall_seconds"] for d in daily)
    per_scale[scale] = {
        "history_run": history, "daily_runs": daily, "full_refresh": full,
        "daily_median_seconds": median,
        "daily_median_stage_seconds": {s: statistics.median(d["stage_seconds"].get(s, 0.0) for d in daily) for s in STAGES},
        "daily_to_full_ratio": round(median / full["wall_seconds"], 3),
        "tables_compared": len(compare), "tables_differing": differing,
        "equal_to_full_refresh": not differing and len(compare) > 0,
    }

java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
commit = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"],
                        capture_output=True, text=True).stdout.strip()
inc = {"date": datetime.date.today().isoformat(), "commit": commit, "machine": "%s, %d cores" % (platform.machine(), os.cpu_count()),
       "java": java, "driver_heap": "4g", "conf": "conf/local-large.properties", "command": "bench/incremental " + " ".join(scales),
       "scales": per_scale,
       "equal_to_full_refresh": all(v["equal_to_full_refresh"] for v in per_scale.values())}
if "16" in per_scale:
    inc["daily_to_full_ratio_scale16"] = per_scale["16"]["daily_to_full_ratio"]
if "16" in per_scale and "4" in per_scale:
    inc["daily_scale16_to_scale4"] = round(per_scale["16"]["daily_median_seconds"] / per_scale["4"]["daily_median_seconds"], 3)
inc["targets"] = {"daily_to_full_ratio_scale16": "<= 0.10", "daily_scale16_to_scale4": "<= 1.25", "equal_to_full_refresh": True}

results = json.load(open(results_path)) if os.path.exists(results_path) else {}
results["incremental"] = inc
json.dump(results, open(results_path, "w"), indent=2)

lines = ["%s, commit %s, %s, %s, driver -Xmx4g, `conf/local-large.properties`, `%s`:" % (
    inc["date"], commit, inc["machine"], java, inc["command"]), ""]
lines.append("| scale | history run s | full refresh s (same files) | daily runs s | median daily s | ingest / refine / gold / export s (median) | daily / full | equal to full refresh |")
lines.append("|---|---|---|---|---|---|---|---|")
for scale, v in per_scale.items():
    st = v["daily_median_stage_seconds"]
    lines.append("| %s | %.0f | %.0f | %s | %.1f | %.1f / %.1f / %.1f / %.1f | %.3f | %s |" % (
        scale, v["history_run"]["wall_seconds"], v["full_refresh"]["wall_seconds"],
        ", ".join("%.0f" % d["wall_seconds"] for d in v["daily_runs"]), v["daily_median_seconds"],
        st["ingest"], st["refine"], st["gold"], st["export"], v["daily_to_full_ratio"],
        "yes (%d tables)" % v["tables_compared"] if v["equal_to_full_refresh"] else "NO: " + "; ".join(v["tables_differing"])))
lines.append("")
lines.append("Per daily run: gold jobs rebuilt (the others' inputs did not change) and exports rewritten:")
lines.append("")
lines.append("| scale | run date | wall s | ingest / refine / gold / export s | gold tables rebuilt | exports rewritten |")
lines.append("|---|---|---|---|---|---|")
for scale, v in per_scale.items():
    for d in v["daily_runs"]:
        st = d["stage_seconds"]
        lines.append("| %s | %s | %.1f | %s | %d | %d |" % (
            scale, d["run_date"], d["wall_seconds"], " / ".join("%.0f" % st.get(s, 0.0) for s in STAGES),
            len(d["gold_rebuilt"]), d["exports_rewritten"]))
if "daily_to_full_ratio_scale16" in inc:
    lines.append("")
    lines.append("Scale 16: median daily run / full refresh = **%.3f** (target at most 0.10)%s." % (
        inc["daily_to_full_ratio_scale16"],
        "; median daily run at scale 16 / at scale 4 = **%.3f** (target at most 1.25)" % inc["daily_scale16_to_scale4"]
        if "daily_scale16_to_scale4" in inc else ""))
block = "<!-- incremental:start -->\n%s\n<!-- incremental:end -->" % "\n".join(lines)
doc = open(doc_path, encoding="utf-8").read()
if "<!-- incremental:start -->" in doc:
    doc = re.sub(r"<!-- incremental:start -->.*<!-- incremental:end -->", lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n## Incremental daily runs (`bench/incremental`)\n\n" + block + "\n"
open(doc_path, "w", encoding="utf-8").write(doc)
print("\n".join(lines))
