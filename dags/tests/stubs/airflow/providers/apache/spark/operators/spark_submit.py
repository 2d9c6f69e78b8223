"""Stand-in SparkSubmitOperator: accepts the real operator's arguments used by the DAG, and only those."""
from airflow.models import BaseOperator

# A subset of the real operator's parameters (apache-airflow-providers-apache-spark); an unknown keyword
# here means the DAG uses something the real operator would reject too.
ACCEPTED = {
    "application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path", "jars",
    "java_class", "packages", "exclude_packages", "repositories", "total_executor_cores", "executor_cores",
    "executor_memory", "driver_memory", "keytab", "principal", "proxy_user", "name", "num_executors",
    "status_poll_interval", "application_args", "env_vars", "verbose", "spark_binary", "properties_file",
    "deploy_mode", "retries", "retry_delay", "retry_exponential_backoff", "depends_on_past",
    "execution_timeout", "owner", "pool",
}


class SparkSubmitOperator(BaseOperator):
    def __init__(self, task_id, **kwargs):
        unknown = set(kwargs) - ACCEPTED
        if unknown:
            raise TypeError("SparkSubmitOperator got unexpected arguments: %s" % sorted(unknown))
        super().__init__(task_id, **kwargs)
