"""The library example in docs/library.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "library.md"


def test_library_examples_run_and_are_short() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2, "docs/library.md lost an example"
    for code in blocks:
        assert len(code.strip().splitlines()) < 30
        exec(compile(code, str(DOC), "exec"), {})
