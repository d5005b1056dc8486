"""An uploaded image checked by its content and encoded anew, without its metadata.

Only PNG and JPEG are taken, recognised by Pillow from the bytes (never by the name);
SVG (a document that can carry script) and everything else are refused. The image is
decoded and written again, so EXIF (camera, time, GPS position) and text chunks do not
reach the agreement's documents; a JPEG's orientation is applied first so it still
stands the right way up.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

MAKS_BYTES = 5 * 1024 * 1024
MAKS_PIXELS = 6000
# Pillow's guard against decompression bombs, at what we accept: a header claiming more
# pixels is refused before anything is decoded.
Image.MAX_IMAGE_PIXELS = MAKS_PIXELS * MAKS_PIXELS

FORMATER = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg")}
MSG_FORMAT = (
    "Filen er ikke et PNG- eller JPEG-billede. Kun PNG og JPEG kan bruges "
    "(SVG og andre formater afvises)."
)
MSG_STOR = "Billedet fylder mere end 5 MB. Gem det mindre, og prøv igen."
MSG_PIXELS = "Billedet er større end 6000 × 6000 pixel. Gem det mindre, og prøv igen."
MSG_DEFEKT = "Billedet kan ikke læses; filen er ufuldstændig eller beskadiget."


@dataclass(frozen=True)
class Behandlet:
    """The image as it is stored: the new bytes and what they are."""

    indhold: bytes
    indholdstype: str
    endelse: str
    bredde: int
    hoejde: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.indhold).hexdigest()


def _aabn(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as fejl:
            raise ValidationError(MSG_PIXELS, code="pixels") from fejl
        except (UnidentifiedImageError, OSError, ValueError) as fejl:
            raise ValidationError(MSG_FORMAT, code="format") from fejl


def _kontroller(data: bytes) -> str:
    """The image's format after checking its kind, its size and its integrity."""
    billede = _aabn(data)
    if billede.format not in FORMATER:
        raise ValidationError(MSG_FORMAT, code="format")
    bredde, hoejde = billede.size
    if bredde > MAKS_PIXELS or hoejde > MAKS_PIXELS:
        raise ValidationError(MSG_PIXELS, code="pixels")
    try:
        billede.verify()
    except Exception as fejl:  # Pillow raises many kinds for a broken file
        raise ValidationError(MSG_DEFEKT, code="defekt") from fejl
    return str(billede.format)


def _genskriv(data: bytes, format: str) -> Image.Image:
    billede = _aabn(data)  # verify() leaves the image unusable: open it again
    try:
        billede.load()
    except Exception as fejl:
        raise ValidationError(MSG_DEFEKT, code="defekt") from fejl
    if format == "JPEG":
        billede = ImageOps.exif_transpose(billede)
        if billede.mode not in ("RGB", "L", "CMYK"):
            billede = billede.convert("RGB")
    return billede


def behandl(fil: IO[bytes], storrelse: int | None = None) -> Behandlet:
    """Check an uploaded file and return it encoded anew; ValidationError in Danish."""
    if storrelse is not None and storrelse > MAKS_BYTES:
        raise ValidationError(MSG_STOR, code="stor")
    data = fil.read(MAKS_BYTES + 1)
    if len(data) > MAKS_BYTES:
        raise ValidationError(MSG_STOR, code="stor")
    format = _kontroller(data)
    billede = _genskriv(data, format)
    ud = io.BytesIO()
    # Only the colour profile is kept: no EXIF, no XMP, no text chunks.
    ekstra = {"icc_profile": billede.info["icc_profile"]} if billede.info.get("icc_profile") else {}
    if format == "JPEG":
        billede.save(ud, "JPEG", quality=90, optimize=True, **ekstra)
    else:
        billede.save(ud, "PNG", optimize=True, **ekstra)
    indholdstype, endelse = FORMATER[format]
    return Behandlet(ud.getvalue(), indholdstype, endelse, billede.width, billede.height)
