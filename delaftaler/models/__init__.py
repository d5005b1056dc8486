"""The domain models of delaftaler, one module per part of the domain, re-exported here.

- faelles: document order (`Ordnet`) and shared messages
- reference: organisations, fund periods, indsatsområder
- helhedsplan: the tenant, its areas and afdelinger, memberships
- medlemslog: the log of membership changes
- aftale: what both agreement kinds share (`Aftale`, parties, footnotes)
- strategisk: the strategic cooperation agreement and its sections
- delaftale: the delaftale and its staff lines
- version: approved versions and their log
"""

from delaftaler.models.aftale import (
    MAAL_PREFETCH,
    MSG_PART,
    Aftale,
    AftaleQuerySet,
    Fodnote,
    Part,
)
from delaftaler.models.delaftale import (
    FULD_TID_TIMER,
    UGER_PR_AAR,
    Delaftale,
    DelaftaleQuerySet,
    Medarbejderressource,
    MedarbejderressourceQuerySet,
    med_indhold,
)
from delaftaler.models.faelles import (
    MSG_PERIODE,
    MSG_PROCENT,
    MSG_TEKST_MAKS,
    TEKST_MAKS,
    Ordnet,
)
from delaftaler.models.helhedsplan import (
    Helhedsplan,
    HelhedsplanQuerySet,
    Medlemskab,
    Omraade,
    OmraadeManager,
)
from delaftaler.models.medlemslog import Medlemslog
from delaftaler.models.reference import (
    Fondsperiode,
    FondsperiodeManager,
    Indsatsomraade,
    IndsatsomraadeManager,
    Organisation,
    OrganisationManager,
)
from delaftaler.models.strategisk import (
    Afsnit,
    Bestyrelsesmedlem,
    Politikraekke,
    Politiktabel,
    StrategiskAftale,
    StrategiskAftaleQuerySet,
    ValgtIndsatsomraade,
)
from delaftaler.models.version import (
    MSG_UFORANDERLIG,
    Behandling,
    Uforanderlig,
    Version,
    VersionQuerySet,
)

__all__ = [
    "Afsnit",
    "Aftale",
    "AftaleQuerySet",
    "Behandling",
    "Bestyrelsesmedlem",
    "Delaftale",
    "DelaftaleQuerySet",
    "FULD_TID_TIMER",
    "Fodnote",
    "Fondsperiode",
    "FondsperiodeManager",
    "Helhedsplan",
    "HelhedsplanQuerySet",
    "Indsatsomraade",
    "IndsatsomraadeManager",
    "MAAL_PREFETCH",
    "MSG_PART",
    "MSG_PERIODE",
    "MSG_PROCENT",
    "MSG_TEKST_MAKS",
    "TEKST_MAKS",
    "MSG_UFORANDERLIG",
    "Medarbejderressource",
    "MedarbejderressourceQuerySet",
    "Medlemskab",
    "Medlemslog",
    "Omraade",
    "OmraadeManager",
    "Ordnet",
    "Organisation",
    "OrganisationManager",
    "Part",
    "Politikraekke",
    "Politiktabel",
    "StrategiskAftale",
    "StrategiskAftaleQuerySet",
    "UGER_PR_AAR",
    "Uforanderlig",
    "ValgtIndsatsomraade",
    "Version",
    "VersionQuerySet",
    "med_indhold",
]
