"""A file's name may only reveal a mismatch with its content, never choose the type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core.domain.material import FileType, check_declared_name
from reboot_core.errors import UnsupportedType

PROMISES = {".pdf": FileType.PDF, ".pptx": FileType.PPTX, ".ppt": None, ".key": None}
stems = st.text(st.characters(blacklist_characters="./\\\x00"), min_size=1, max_size=20)


@given(stems, st.sampled_from(sorted(PROMISES)), st.sampled_from(list(FileType)), st.booleans())
def test_binary_names_must_match_their_content(
    stem: str, suffix: str, detected: FileType, upper: bool
) -> None:
    name = f"C:\\Users\\kim\\{stem}{suffix.upper() if upper else suffix}"
    if PROMISES[suffix] is detected:
        check_declared_name(name, detected)
    else:
        with pytest.raises(UnsupportedType, match=suffix):
            check_declared_name(name, detected)


@given(
    stems,
    st.sampled_from(["", ".md", ".txt", ".markdown", ".csv"]),
    st.sampled_from(list(FileType)),
)
def test_other_names_never_refuse(stem: str, suffix: str, detected: FileType) -> None:
    check_declared_name(f"{stem}{suffix}", detected)
