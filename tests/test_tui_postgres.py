"""The TUI on a PostgreSQL project: the same key-press scenarios as on a file (tests/test_tui_app.py), with the
app opened by URL; every assertion is made on the store in the database."""

from __future__ import annotations

import pytest
import test_tui_app as on_file
from tui_support import suggested_demo_path

from kritischeblik.store.db import Project
from kritischeblik.store.project_copy import copy_project

__all__ = ["suggested_demo_path"]


@pytest.fixture
def tui_pg_project(suggested_demo_path, pg_server) -> str:
    """The demo project with machine suggestions, copied into a new database; the app opens it by URL."""
    url = pg_server.url(pg_server.new_database())
    with Project.open(suggested_demo_path) as src:
        copy_project(src, url)
    return url


def test_overview_filters_and_opens_an_interview_on_postgresql(tui_pg_project):
    on_file.test_overview_filters_in_memory_and_opens_an_interview(tui_pg_project)


def test_coding_and_undo_go_through_the_database(tui_pg_project):
    on_file.test_accept_reject_add_memo_and_undo_go_through_the_store(tui_pg_project)
