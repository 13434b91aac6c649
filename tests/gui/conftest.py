"""Fixtures for driving the real window with pytest-qt."""

from __future__ import annotations

import multiprocessing

import pytest


@pytest.fixture
def window(qtbot):
    from synthdesk.gui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    yield main
    main.session.exported = True  # no "quit without saving?" question on close
    main.generator_page.task.cancel()


@pytest.fixture(autouse=True)
def _no_leftover_processes():
    yield
    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    assert not children, f"a test left {len(children)} worker process(es) running"
