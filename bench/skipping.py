"""How much of a Delta table a date-range query must read, from the table's own log (independent of Spark).

Replays the JSON commits of <table>/_delta_log (add and remove actions) to find the live files, then counts
the files whose min/max statistics of <column> overlap [from, to): those are the files Delta's data
skipping cannot rule out. Prints JSON: live files and bytes, files and bytes the query must read.
Usage: python3 bench/skipping.py TABLE_PATH COLUMN FROM TO      (FROM/TO: ISO timestamps, e.g. 2010-06-01)
"""
import json
import os
import sys


def live_files(table):
    log = os.path.join(table, "_delta_log")
    if os.path.exists(os.path.join(log, "_last_checkpoint")):
        sys.exit("skipping.py: %s has a checkpoint; replaying Parquet checkpoints is not supported" % table)
    files = {}
    for name in sorted(n for n in os.listdir(log) if n.endswith(".json")):
        for line in open(os.path.join(log, name), encoding="utf-8"):
            action = json.loads(line)
            if "add" in action:
                files[action["add"]["path"]] = action["add"]
            elif "remove" in action:
                files.pop(action["remove"]["path"], None)
    return list(files.values())


def main():
    table, column, start, end = sys.argv[1:5]
    files = live_files(table)
    read = []
    for f in files:
        stats = json.loads(f.get("stats") or "{}")
        low = stats.get("minValues", {}).get(column)
        high = stats.get("maxValues", {}).get(column)
        # Without statistics a file cannot be skipped. Delta writes timestamp statistics in the session time
        # zone (Asia/Shanghai, +08:00), so their first 19 characters compare with a local-time range.
        if low is None or high is None or (high[:19] >= start and low[:19] < end):
            read.append(f)
    print(json.dumps({"files": len(files), "bytes": sum(f["size"] for f in files),
                      "files_read": len(read), "bytes_read": sum(f["size"] for f in read),
                      "column": column, "from": start, "to": end}))


if __name__ == "__main__":
    main()
