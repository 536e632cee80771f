"""Kritische Blik: kwalitatieve interviewanalyse voor het sociaal domein."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "open_project"]


def open_project(path, where=None):  # noqa: ANN001, ANN201 - thin re-export, typed at the target
    """Open a project for analysis in Python/pandas (see kritischeblik.api.ProjectData); ``where`` limits
    every table to some interviews, e.g. ``{"gemeente": "Alkmaar"}``."""
    from .api import open_project as _open

    return _open(path, where)
