"""The library examples in docs/library.md run as written: the plain Python ones here, the
Django project's files in tests/e2e/test_django_host.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "library.md"
# a fence with nothing after the language: runs as it is
RUNNABLE = re.compile(r"```python\n(.*?)```", re.S)


def test_library_examples_run_and_are_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = RUNNABLE.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 3, "docs/library.md lost an example"
    monkeypatch.chdir(tmp_path)  # relative paths of the durable example land here
    for code in blocks:
        assert len(code.strip().splitlines()) < 30
        exec(compile(code, str(DOC), "exec"), {})
