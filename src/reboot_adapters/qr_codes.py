"""QrEncoder with the ``qrcode`` package: PNG through Pillow, SVG as one path on white."""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
import qrcode.exceptions
import qrcode.image.pil
import qrcode.image.svg

from reboot_core.errors import Invalid

# Medium error correction survives glare and a slightly out-of-focus phone camera at the back of
# a lecture hall while keeping the modules large; the 4-module quiet zone is what the standard asks.
_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
_BORDER = 4
# 12 px per module gives ~400-500 px for a join URL: sharp when a projector scales it up.
_BOX_SIZE = 12


class QrCodeEncoder:
    """Encodes text (usually a join URL) as a QR code for a projector slide or a printed page."""

    def __init__(self, *, box_size: int = _BOX_SIZE, border: int = _BORDER) -> None:
        self._box_size = box_size
        self._border = border

    def png(self, data: str) -> bytes:
        code = self._code(data)
        image = code.make_image(
            image_factory=qrcode.image.pil.PilImage, fill_color="black", back_color="white"
        )
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def svg(self, data: str) -> str:
        code = self._code(data)
        # the white background keeps the code scannable on a dark slide or page theme
        image = code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
        return image.to_string(encoding="unicode")

    def _code(self, data: str) -> qrcode.QRCode:
        if not data:
            raise Invalid("cannot make a QR code of empty text")
        code = qrcode.QRCode(
            error_correction=_ERROR_CORRECTION, box_size=self._box_size, border=self._border
        )
        code.add_data(data)
        try:
            code.make(fit=True)
        except (qrcode.exceptions.DataOverflowError, ValueError) as exc:
            raise Invalid("the text is too long for a QR code") from exc
        return code


__all__ = ["QrCodeEncoder"]
