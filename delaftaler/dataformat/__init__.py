"""The agreements' own data format (`lbf-aftaler`, JSON): export, import and its JSON Schema.

The format is documented in fixtures/FORMAT.md; the schema is fixtures/lbf-aftaler.schema.json.
"""

from delaftaler.dataformat.eksport import eksporter, eksporter_delaftale, eksporter_strategisk
from delaftaler.dataformat.felter import FormatFejl
from delaftaler.dataformat.indlaesning import importer
from delaftaler.dataformat.kopi import kopier_aftale

__all__ = [
    "FormatFejl",
    "eksporter",
    "eksporter_delaftale",
    "eksporter_strategisk",
    "importer",
    "kopier_aftale",
]
