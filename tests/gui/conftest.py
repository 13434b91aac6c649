"""Fixtures for driving the real window with pytest-qt."""

from __future__ import annotations

import multiprocessing

import pytest

from synthdesk.core.worker import PROCESS_NAME


@pytest.fixture
def window(qtbot):
    from synthdesk.gui.main_window import MainWindow

    main = MainWindow()
    main.show()
    qtbot.waitExposed(main)
    yield main
    # Not registered with qtbot: its teardown would close the window while a
    # result is unsaved, and the "Quit without saving?" question would block.
    main.session.exported = True
    main.generator_page.task.cancel()
    main.generator_page.estimate_task.cancel()
    main.close()
    main.deleteLater()


@pytest.fixture(autouse=True)
def _no_leftover_processes():
    yield
    children = [
        child
        for child in multiprocessing.active_children()
        if child.name.startswith(PROCESS_NAME)
    ]
    for child in children:
        child.kill()
    assert not children, f"a test left {len(children)} worker process(es) running"
