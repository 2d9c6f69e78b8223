"""MarketLens daily pipeline: one spark-submit per stage, for the run date {{ ds }}; and the weekly maintenance
of the large silver tables (`marketlens optimize`: compaction and Z-order for data skipping).

Every task is idempotent for its run date (ingest skips files already ingested, refine MERGEs the rows
ingested since its last run, a gold job whose inputs changed replaces its tables in one Delta transaction,
changed exports are staged and swapped), so retries and backfills are safe. A backfill of an earlier date
ingests that date's late files and merges them; it does not roll silver back. Trigger a run with the
parameter `full_refresh` set to true to refine from all bronze rows scraped up to the run date and rebuild
every gold table and export (contract changes, repairs).
One run at a time: Delta on S3 allows one writing cluster, and exports swap folders.

Airflow set-up (nothing is hard-coded here):
- Connection `marketlens_spark` (or Variable `marketlens_spark_conn_id`): the Spark cluster (master URL, deploy
  mode, spark-submit binary), used by SparkSubmitOperator.
- Connection `marketlens_salt`: its password is the pseudonymization salt, passed to the driver as
  MARKETLENS_SALT (never in the arguments, so never in process lists or logs).
- Pool `marketlens_silver_writer` with 1 slot: refine (daily) and optimize (weekly) both commit to the silver
  tables and must not overlap (Delta on S3 allows one writer per table at a time).
- Variables: `marketlens_app_jar` (path or URI of marketlens.jar), `marketlens_conf` (the run configuration on
  the driver, e.g. /opt/marketlens/conf/cluster.properties), optional `marketlens_spark_conn_id`.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

MAIN_CLASS = "com.marketlens.MarketLens"
CONN_ID = "{{ var.value.get('marketlens_spark_conn_id', 'marketlens_spark') }}"
APP_JAR = "{{ var.value.marketlens_app_jar }}"
CONF = "{{ var.value.marketlens_conf }}"

# The gold jobs (`marketlens gold --job NAME`): independent of each other, all read silver.
GOLD_JOBS = ["growth", "graph", "pricewar"]

default_args = {
    "owner": "marketlens",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "depends_on_past": False,
}


# Refine and optimize write the silver tables: one of them at a time, across both DAGs.
SILVER_WRITER_POOL = "marketlens_silver_writer"


def stage(task_id, args, timeout_minutes, pool=None):
    """One pipeline stage as a spark-submit of the application jar: `marketlens <args> --conf ... --run-date`."""
    extra = {"pool": pool} if pool else {}
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=CONN_ID,
        application=APP_JAR,
        java_class=MAIN_CLASS,
        name="marketlens-" + task_id + "-{{ ds }}",
        application_args=args + ["--conf", CONF, "--run-date", "{{ ds }}"],
        env_vars={"MARKETLENS_SALT": "{{ conn.marketlens_salt.password }}"},
        execution_timeout=timedelta(minutes=timeout_minutes),
        **extra,
    )


# Both DAGs: no catch-up of missed intervals, one active run at a time.
DAG_SETTINGS = dict(start_date=datetime(2024, 1, 1), catchup=False, max_active_runs=1, default_args=default_args)

with DAG(
    dag_id="marketlens_daily",
    description="Scraped SNS and cloud pricing data to bronze, silver, gold Delta tables and BI exports",
    schedule="@daily",
    tags=["marketlens", "spark", "delta"],
    params={
        "full_refresh": Param(
            False,
            type="boolean",
            description="Refine every dataset from all its bronze rows instead of the rows ingested since the"
            " last refine, and rebuild and re-export every gold table even where its inputs did not change"
            " (`--full-refresh`).",
        )
    },
    **DAG_SETTINGS,
) as dag:
    # Refine, gold and export each skip what did not change, unless the run is a full refresh.
    full_refresh = ["--set", "marketlens.full-refresh={{ 'true' if params.full_refresh else 'false' }}"]
    ingest = stage("ingest", ["ingest"], 60)
    refine = stage("refine", ["refine"] + full_refresh, 90, pool=SILVER_WRITER_POOL)
    gold = [stage("gold_" + job, ["gold", "--job", job] + full_refresh, 90) for job in GOLD_JOBS]
    export = stage("export", ["export"] + full_refresh, 45)

    ingest >> refine >> gold >> export


with DAG(
    dag_id="marketlens_weekly_optimize",
    description="Compact and Z-order the large silver Delta tables (marketlens.optimize.zorder-by)",
    schedule="@weekly",
    tags=["marketlens", "spark", "delta", "maintenance"],
    **DAG_SETTINGS,
) as weekly_dag:
    stage("optimize", ["optimize"], 120, pool=SILVER_WRITER_POOL)
