"""Fixed text of LBF's delaftale template (2019–26 funds), printed by the app itself.

The authors never type these: the Word and PDF documents print them from here, so
that both read exactly like LBF's template.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from delaftaler.models import Delaftale, StrategiskAftale


FAST_TEKST_DELAFTALE: tuple[str, ...] = (
    "Bestyrelsen for den boligsociale indsats har ansvar for, at denne delaftale til hver en "
    "tid understøtter de overordnede mål i den strategiske samarbejdsaftale. Delaftalerne er "
    "således bilag til den strategiske aftale og skal altid ses i sammenhæng hermed.",
    "Bestyrelsen har ligeledes ansvar for, at delaftalen til hver en tid afspejler de "
    "aktiviteter og samarbejder, der gennemføres i boligområdet.",
    "Beskrivelsen af områdets problemkompleks inden for dette indsatsområde fremgår af den "
    "strategiske aftale.",
)

OPFOELGNING = "Delaftalens parter og bestyrelsen har ansvar for løbende at følge op på delmålene."

STRATEGISK_TITEL = "Strategisk samarbejdsaftale om boligsocial indsats"


def titel(aftale: Delaftale | StrategiskAftale) -> str:
    """The document's title as LBF's templates write it."""
    from delaftaler.models import Delaftale

    if isinstance(aftale, Delaftale):
        return f"Delaftale for indsatsområdet {aftale.indsatsomraade}"
    return STRATEGISK_TITEL
