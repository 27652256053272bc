"""pipeline.processes.Forked: a forked producer's items reach the parent; an error in it becomes a RenderError;
Ctrl+C (SIGINT to the process group) does not make the child report an internal error (``mkdocs serve`` stopped
while the data files are rebuilt)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from caselib.pipeline.processes import Forked, RenderError


def slow() -> Iterator[int]:
    time.sleep(1.0)
    yield 1
    yield 2


def broken() -> Iterator[int]:
    yield 1
    raise ValueError("坏了")


def test_items_arrive_in_order_and_a_sigint_is_left_to_the_parent() -> None:
    child = Forked(slow, "测试")
    try:
        time.sleep(0.3)
        os.kill(child.process.pid, signal.SIGINT)
        assert [child.receive(), child.receive(), child.receive()] == [1, 2, None]
    finally:
        child.close()


def test_an_error_in_the_child_is_a_render_error() -> None:
    child = Forked(broken, "测试")
    try:
        assert child.receive() == 1
        with pytest.raises(RenderError, match=r"生成测试时出错.*坏了"):
            child.receive()
    finally:
        child.close()
