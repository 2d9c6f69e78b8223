"""Turns the logs of bench/throughput into the "throughput" object of bench/results.json and its section of
docs/benchmarks.md. Every ratio is new build / baseline build, measured side by side on this machine."""
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runlogs import stage_walls, stages  # noqa: E402  (bench/runlogs.py: what a run's log says)

work, results_path, doc_path, baseline, pairs, scales = (
    sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6:])
TARGETS = {"pipeline_scale16_ratio": "<= 0.55", "graph_scale16_ratio": "<= 0.25",
           "refine_per_mrow_scale16_ratio": "<= 0.5", "sample_ratio": "<= 0.6", "sample_spark_jobs": "<= 200",
           "sample_delta_commits": "<= 60", "cohort_retention_vs_duckdb_scale16": "<= 2"}


def seconds(name):
    return float(open(os.path.join(work, name + ".seconds")).read())


def ratio(new, old):
    return round(new / old, 3) if old else None


sample_pairs = [{"pair": i, "baseline_seconds": seconds("sample-baseline-%d" % i),
                 "new_seconds": seconds("sample-new-%d" % i)} for i in range(1, pairs + 1)]
for p in sample_pairs:
    p["ratio"] = ratio(p["new_seconds"], p["baseline_seconds"])

by_scale = {}
for scale in scales:
    entry = {}
    for who in ("baseline", "new"):
        log = os.path.join(work, "scale-%s-%s.log" % (scale, who))
        activity = next(s["read"] for s in stages(log) if s["stage"] == "ingest" and s["dataset"] == "sns_activity")
        refine = stage_walls(log).get("refine", 0.0)
        entry[who] = {"pipeline_seconds": seconds("scale-%s-%s" % (scale, who)),
                      "graph_job_seconds": seconds("graph-%s-%s" % (scale, who)),
                      "refine_seconds": refine, "activity_rows": activity,
                      "refine_seconds_per_million_rows": round(refine / (activity / 1e6), 2)}
    new_log = os.path.join(work, "scale-%s-new.log" % scale)
    spark_cohort = next(s["seconds"] for s in stages(new_log) if s["stage"] == "gold" and s["dataset"] == "cohort_retention")
    duck = json.load(open(os.path.join(work, "duckdb-%s.json" % scale)))["cohort_retention"]
    entry.update({
        "pipeline_ratio": ratio(entry["new"]["pipeline_seconds"], entry["baseline"]["pipeline_seconds"]),
        "graph_ratio": ratio(entry["new"]["graph_job_seconds"], entry["baseline"]["graph_job_seconds"]),
        "refine_per_mrow_ratio": ratio(entry["new"]["refine_seconds_per_million_rows"],
                                       entry["baseline"]["refine_seconds_per_million_rows"]),
        "cohort_retention": {"spark_seconds": spark_cohort, "duckdb_seconds": duck["seconds"],
                             "duckdb_mismatches": duck["mismatches"],
                             "spark_to_duckdb": ratio(spark_cohort, duck["seconds"])},
    })
    by_scale[scale] = entry

at16 = by_scale.get("16", {})
counts = json.load(open(os.path.join(work, "sample-counts.json")))
commit = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
throughput = {
    "date": datetime.date.today().isoformat(), "commit": commit, "machine": "%s, %d cores" % (platform.machine(), os.cpu_count()),
    "java": java, "command": " ".join(["bench/throughput", "--pairs", str(pairs)] + scales),
    "baseline_commit": baseline,
    # Not measured in this run (no scale 16 given): null, never a figure carried over from another run.
    "pipeline_scale16_ratio": at16.get("pipeline_ratio"),
    "graph_scale16_ratio": at16.get("graph_ratio"),
    "refine_per_mrow_scale16_ratio": at16.get("refine_per_mrow_ratio"),
    "sample_ratio": statistics.median(p["ratio"] for p in sample_pairs),
    "sample_spark_jobs": counts["spark_jobs"],
    "sample_delta_commits": counts["delta_commits"],
    "cohort_retention_vs_duckdb_scale16": at16.get("cohort_retention", {}).get("spark_to_duckdb"),
    "sample_pairs": sample_pairs,
    "scales": by_scale,
    "targets": TARGETS,
}
results = json.load(open(results_path)) if os.path.exists(results_path) else {}
results["throughput"] = throughput
json.dump(results, open(results_path, "w"), indent=2)


def fmt(v):
    return "not measured" if v is None else ("%g" % v)


lines = ["%s, commit %s against %s, %s, %s, `%s`:" % (throughput["date"], commit, baseline, throughput["machine"],
                                                      java, throughput["command"]), "",
         "| figure | value | target |", "|---|---|---|"]
for key in TARGETS:
    lines.append("| %s | %s | %s |" % (key, fmt(throughput[key]), TARGETS[key]))
lines += ["", "Sample pairs (README command 1 after the build, JVM start included), seconds:", "",
          "| pair | baseline | new | new / baseline |", "|---|---|---|---|"]
lines += ["| %d | %.1f | %.1f | %.3f |" % (p["pair"], p["baseline_seconds"], p["new_seconds"], p["ratio"])
          for p in sample_pairs]
if by_scale:
    lines += ["", "| scale | activity rows | pipeline s (baseline / new) | graph job s | refine s per million rows "
              "| cohort_retention Spark / DuckDB s |", "|---|---|---|---|---|---|"]
    for scale, e in by_scale.items():
        b, n, c = e["baseline"], e["new"], e["cohort_retention"]
        lines.append("| %s | %d | %.0f / %.0f (%.3f) | %.0f / %.0f (%.3f) | %.1f / %.1f (%.3f) | %.1f / %.2f (x%s) |" % (
            scale, n["activity_rows"], b["pipeline_seconds"], n["pipeline_seconds"], e["pipeline_ratio"],
            b["graph_job_seconds"], n["graph_job_seconds"], e["graph_ratio"], b["refine_seconds_per_million_rows"],
            n["refine_seconds_per_million_rows"], e["refine_per_mrow_ratio"], c["spark_seconds"], c["duckdb_seconds"],
            c["spark_to_duckdb"]))
block = "<!-- throughput:start -->\n%s\n<!-- throughput:end -->" % "\n".join(lines)
doc = open(doc_path, encoding="utf-8").read()
if "<!-- throughput:start -->" in doc:
    doc = re.sub(r"<!-- throughput:start -->.*<!-- throughput:end -->", lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip() + "\n\n## Throughput against the baseline (`bench/throughput`)\n\n" + block + "\n"
open(doc_path, "w", encoding="utf-8").write(doc)
print("\n".join(lines))
