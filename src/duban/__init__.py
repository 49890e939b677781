"""duban (督办): from the government work report to an accountable list of tasks and the
supervision cycle around it."""

__version__ = "0.1.0"
