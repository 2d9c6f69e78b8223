"""Loads dags/marketlens_daily.py against the Airflow stand-in and prints its tasks as JSON.

Used by the JUnit test TestAirflowDag (which checks every task's arguments against the real CLI) and by the
cluster integration test (which runs the same commands with spark-submit). Usage:
    python3 dags/tests/dump_dag.py [--ds YYYY-MM-DD] [--var name=value ...] [--param name=true|false ...]
        [--dag dag|weekly_dag]
Templates are rendered with the given run date and variables; the salt stays a placeholder.
"""
import argparse
import importlib.util
import json
import os
import re
import sys
from datetime import timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))


def render(value, ds, variables, params=None):
    params = params or {}
    if isinstance(value, list):
        return [render(v, ds, variables, params) for v in value]
    if isinstance(value, dict):
        return {k: render(v, ds, variables, params) for k, v in value.items()}
    if not isinstance(value, str):
        return value

    def one(match):
        expr = match.group(1).strip()
        if expr == "ds":
            return ds
        m = re.fullmatch(r"var\.value\.get\('(\w+)', '([^']*)'\)", expr)
        if m:
            return variables.get(m.group(1), m.group(2))
        m = re.fullmatch(r"var\.value\.(\w+)", expr)
        if m:
            if m.group(1) not in variables:
                raise KeyError("Variable %s is not set (pass --var %s=...)" % (m.group(1), m.group(1)))
            return variables[m.group(1)]
        m = re.fullmatch(r"'(\w*)' if params\.(\w+) else '(\w*)'", expr)
        if m:
            if m.group(2) not in params:
                raise KeyError("DAG param %s is not declared" % m.group(2))
            return m.group(1) if params[m.group(2)] else m.group(3)
        m = re.fullmatch(r"conn\.(\w+)\.password", expr)
        if m:
            return "<password of connection %s>" % m.group(1)
        raise ValueError("unsupported template {{ %s }}" % expr)

    return re.sub(r"\{\{(.*?)\}\}", one, value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ds", default="2024-01-01")
    parser.add_argument("--var", action="append", default=[])
    parser.add_argument("--param", action="append", default=[], help="name=true|false: a DAG run parameter")
    parser.add_argument("--dag", default="dag", help="the DAG's variable in the module: dag (daily) or weekly_dag")
    args = parser.parse_args()
    variables = dict(v.split("=", 1) for v in args.var)
    variables.setdefault("marketlens_app_jar", "marketlens.jar")
    variables.setdefault("marketlens_conf", "conf/cluster.properties")
    spec = importlib.util.spec_from_file_location("marketlens_daily", os.path.join(HERE, "..", "marketlens_daily.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dag = getattr(module, args.dag)
    params = {name: p.value for name, p in dag.kwargs.get("params", {}).items()}
    for p in args.param:
        name, value = p.split("=", 1)
        if name not in params:
            raise KeyError("DAG param %s is not declared" % name)
        params[name] = value.lower() == "true"
    out = {"dag_id": dag.dag_id, "schedule": dag.kwargs.get("schedule"),
           "max_active_runs": dag.kwargs.get("max_active_runs"), "catchup": dag.kwargs.get("catchup"),
           "tasks": []}
    for task in dag.tasks:
        k = task.kwargs
        out["tasks"].append({
            "task_id": task.task_id,
            "upstream": sorted(task.upstream),
            "conn_id": render(k.get("conn_id"), args.ds, variables),
            "application": render(k.get("application"), args.ds, variables),
            "java_class": k.get("java_class"),
            "application_args": render(k.get("application_args"), args.ds, variables, params),
            "env_vars": render(k.get("env_vars"), args.ds, variables),
            "retries": k.get("retries"),
            "pool": k.get("pool"),
            "execution_timeout_minutes": k["execution_timeout"] / timedelta(minutes=1)
            if k.get("execution_timeout") else None,
        })
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
