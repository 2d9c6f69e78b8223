"""A minimal stand-in for the few Airflow classes marketlens_daily.py uses, for a structural test only.

Airflow cannot be installed on the build machines; this records what the DAG file declares (tasks, their
arguments and dependencies) so dags/tests/dump_dag.py can print it. It is not Airflow.
"""
from airflow.models import BaseOperator, DAG

__all__ = ["DAG", "BaseOperator"]
