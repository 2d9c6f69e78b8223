"""What a pipeline run's log says: its summary rows and each stage's wall time (bench/report.py and
bench/incremental_report.py)."""
import datetime
import re


def stages(log):
    """The summary table's rows: stage, dataset or table, rows read and loaded, seconds, status."""
    out = []
    for line in open(log, encoding="utf-8"):
        m = re.match(r"^(ingest|refine|gold|export)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)\s+(\w+)", line)
        if m:
            out.append({"stage": m.group(1), "dataset": m.group(2), "read": int(m.group(3)),
                        "loaded": int(m.group(4)), "seconds": float(m.group(7)), "status": m.group(8)})
    return out


def stage_walls(log):
    """Wall seconds of each stage: datasets of a stage run concurrently, so their seconds do not add up.
    From the audit log lines: the stage starts at the earliest (log time - seconds) and ends at the last."""
    spans = {}
    for line in open(log, encoding="utf-8"):
        m = re.match(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) INFO\s+AuditLog: stage=(\w+) .* seconds=([\d.]+)", line)
        if m:
            end = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").timestamp()
            start = end - float(m.group(3))
            low, high = spans.get(m.group(2), (start, end))
            spans[m.group(2)] = (min(low, start), max(high, end))
    return {k: round(v[1] - v[0], 1) for k, v in spans.items()}


def sequential_stage_walls(log):
    """Wall seconds of each stage of a `run`, whose stages run one after the other: a stage ends at its
    last audit line and starts where the one before ended (ingest: at the run's first log line). Unlike
    stage_walls this counts a job's work before its first audited write (the graph job's Pregel rounds)."""
    start, ends = None, {}
    for line in open(log, encoding="utf-8"):
        m = re.match(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) (?:INFO|WARN)", line)
        if not m:
            continue
        at = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").timestamp()
        start = at if start is None else start
        a = re.match(r"^\S+ \S+ INFO\s+AuditLog: stage=(\w+) ", line)
        if a:
            ends[a.group(1)] = at
    walls, previous = {}, start
    for stage in ("ingest", "refine", "gold", "export"):
        if stage in ends:
            walls[stage] = round(ends[stage] - previous, 1)
            previous = ends[stage]
    return walls
