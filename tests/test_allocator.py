"""The allocator's thresholds a pipeline process sets (resmine.nlp.allocator). The page faults
they save are measured in benchmarks/README.md (a synthetic loop of array sizes does not
reproduce a run's pattern of allocations reliably enough for a test)."""

from __future__ import annotations

import platform
import sys

import pytest

import resmine.nlp
from resmine.nlp import load_pipeline
from resmine.nlp.allocator import keep_freed_memory

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


@pytest.mark.skipif(not GLIBC, reason="mallopt's thresholds are glibc's")
def test_glibc_takes_both_thresholds():
    # mallopt answers 0 for a parameter or value it does not take
    assert keep_freed_memory() is True


def test_loading_the_pipeline_sets_them(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(resmine.nlp, "keep_freed_memory", lambda: calls.append(1) or True)
    load_pipeline()
    assert calls == [1]
