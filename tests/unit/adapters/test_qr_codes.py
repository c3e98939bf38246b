from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from reboot_adapters.qr_codes import QrCodeEncoder
from reboot_core.errors import Invalid

JOIN_URL = "http://192.168.0.10:8000/join/ABC123?이름=강의"


def test_png_is_a_square_png_big_enough_for_a_projector() -> None:
    data = QrCodeEncoder().png(JOIN_URL)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = Image.open(io.BytesIO(data)).size
    assert width == height >= 300


def test_svg_is_well_formed_xml_with_a_path() -> None:
    svg = QrCodeEncoder().svg(JOIN_URL)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


def test_same_text_same_code() -> None:
    encoder = QrCodeEncoder()
    assert encoder.svg(JOIN_URL) == encoder.svg(JOIN_URL)


@pytest.mark.parametrize("text", ["", "x" * 5000])
def test_empty_or_oversized_text_is_invalid(text: str) -> None:
    with pytest.raises(Invalid):
        QrCodeEncoder().png(text)
