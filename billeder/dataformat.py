"""The images in the `lbf-aftaler` format: a list "billeder" of each agreement's object.

Each entry names the image's bytes by checksum (``filnavn`` is ``<sha256>.png|.jpg``); the
bytes themselves are the checksum-named copy in storage, and in LBF's ZIP a member
``billeder/<filnavn>`` listed with its checksum in the manifest. Importing an entry finds
the bytes by that checksum and points the new image at the immutable copy.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from billeder.behandling import FORMATER
from billeder.models import ALLE_AFSNIT, Billede, frossen_sti, frossent_indhold
from delaftaler.dataformat.felter import FormatFejl, Node, gem
from delaftaler.dataformat.tillaeg import Tillaeg
from delaftaler.models import Aftale

FILNAVN = re.compile(r"^([0-9a-f]{64})\.(png|jpg)$")
TYPER = {"png": "image/png", "jpg": "image/jpeg"}
NOEGLER = ["filnavn", "sha256", "afsnit", "billedtekst", "alt_tekst", "raekkefoelge"]


def ud(aftale: Aftale) -> list[dict[str, Any]]:
    return [
        {
            "filnavn": b.filnavn,
            "sha256": b.sha256,
            "afsnit": b.afsnit,
            "billedtekst": b.billedtekst,
            "alt_tekst": b.alt_tekst,
            "raekkefoelge": b.raekkefoelge,
        }
        for b in aftale.billeder.all()
    ]


def _billede(aftale: Aftale, sti: str, data: Any) -> Billede:
    node = Node(data, sti, NOEGLER)
    filnavn, sha = node.tekst("filnavn"), node.tekst("sha256")
    fundet = FILNAVN.match(filnavn)
    if not fundet or fundet[1] != sha:
        raise FormatFejl(node.under("filnavn"), "skal være billedets SHA-256 med .png eller .jpg")
    indholdstype = TYPER[fundet[2]]
    navn = frossen_sti(sha, indholdstype)
    if not default_storage.exists(navn):
        raise FormatFejl(node.under("filnavn"), f"billedet {filnavn} findes ikke")
    with default_storage.open(navn, "rb") as f:
        bredde, hoejde = Image.open(f).size
    raekkefoelge = node.data["raekkefoelge"]
    if not isinstance(raekkefoelge, int) or isinstance(raekkefoelge, bool) or raekkefoelge < 0:
        raise FormatFejl(node.under("raekkefoelge"), "skal være et helt tal")
    billede = Billede(
        aftale=aftale,
        afsnit=node.tekst("afsnit"),
        billedtekst=node.tekst("billedtekst"),
        alt_tekst=node.tekst("alt_tekst"),
        raekkefoelge=raekkefoelge,
        sha256=sha,
        bredde=bredde,
        hoejde=hoejde,
        indholdstype=indholdstype,
    )
    billede.fil.name = navn  # the immutable copy itself: nothing is written
    return billede


def ind(aftale: Aftale, data: list[Any], sti: str) -> None:
    """The file's images replace the agreement's (none when the key is missing)."""
    Billede.objects.filter(aftale=aftale).delete()
    for nr, d in enumerate(data):
        billede = _billede(aftale, f"{sti}[{nr}]", d)
        gem(billede, f"{sti}[{nr}]")


def skema() -> dict[str, Any]:
    tekst: dict[str, Any] = {"type": "string", "minLength": 1}
    return {
        "title": "billeder",
        "description": "Aftalens billeder (kort, diagrammer) med billedtekst og alternativ "
        "tekst; filen er billedets SHA-256 (i LBF's ZIP: billeder/<filnavn>). Valgfri.",
        "type": "array",
        "items": {
            "title": "billede",
            "type": "object",
            "required": NOEGLER,
            "additionalProperties": False,
            "properties": {
                "filnavn": {**tekst, "maxLength": 68, "pattern": FILNAVN.pattern},
                "sha256": {"type": "string", "maxLength": 64, "pattern": "^[0-9a-f]{64}$"},
                "afsnit": {"type": "string", "enum": sorted(dict(ALLE_AFSNIT))},
                "billedtekst": {**tekst, "maxLength": 500},
                "alt_tekst": {**tekst, "maxLength": 250},
                "raekkefoelge": {"type": "integer", "minimum": 0},
            },
        },
    }


def filer(data: list[Any]) -> Iterator[tuple[str, str, bytes]]:
    """The frozen copies the entries name, for LBF's ZIP (checked there by checksum)."""
    for d in data:
        fundet = FILNAVN.match(str(d.get("filnavn", ""))) if isinstance(d, dict) else None
        if fundet:
            yield fundet[0], fundet[1], frossent_indhold(fundet[1], TYPER[fundet[2]])


def gem_fil(navn: str, data: bytes) -> None:
    """A file of LBF's ZIP kept as the frozen copy its name (a checksum) promises."""
    fundet = FILNAVN.match(navn)
    if not fundet or hashlib.sha256(data).hexdigest() != fundet[1]:
        raise FormatFejl(f"billeder/{navn}", "navnet er ikke filens SHA-256")
    indholdstype = TYPER[fundet[2]]
    try:
        format = Image.open(io.BytesIO(data)).format
    except Exception as fejl:
        raise FormatFejl(f"billeder/{navn}", "filen er ikke et billede") from fejl
    if FORMATER.get(str(format), ("",))[0] != indholdstype:
        raise FormatFejl(f"billeder/{navn}", "filen er ikke et PNG- eller JPEG-billede")
    sti = frossen_sti(fundet[1], indholdstype)
    if not default_storage.exists(sti):
        default_storage.save(sti, ContentFile(data))


TILLAEG = Tillaeg("billeder", skema, ud, ind, filer, gem_fil)
