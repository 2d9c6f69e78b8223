"""Stand-in Param: a DAG run parameter with a default, as in airflow.models.param."""


class Param:
    def __init__(self, default=None, **kwargs):
        self.value = default
        self.kwargs = kwargs
