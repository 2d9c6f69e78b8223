"""Stand-in DAG and BaseOperator: a context manager that collects operators, and `>>` dependencies."""

_current = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = []
        self.dag = _current[-1]
        defaults = self.dag.kwargs.get("default_args", {})
        for key, value in defaults.items():
            self.kwargs.setdefault(key, value)
        self.dag.tasks.append(self)

    def _set_downstream(self, other):
        for o in other if isinstance(other, list) else [other]:
            o.upstream.append(self.task_id)
        return other

    def __rshift__(self, other):
        return self._set_downstream(other)

    def __rrshift__(self, other):
        # [a, b] >> c
        for o in other if isinstance(other, list) else [other]:
            o._set_downstream(self)
        return self

