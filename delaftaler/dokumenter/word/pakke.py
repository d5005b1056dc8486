"""The .docx file's ZIP entries dated with the document's own time, not the moment of writing.

python-docx stamps every entry with the clock, so the same agreement gave different bytes
on each render, and a file's date said nothing about the agreement. Each entry is written
again in its order, with its compression and attributes, dated with the given time.
"""

from __future__ import annotations

import datetime
import io
import zipfile


def zipdato(tidspunkt: datetime.datetime) -> tuple[int, int, int, int, int, int]:
    """ZIP's local date and time (two-second steps, 1980 at the earliest)."""
    tid = max(tidspunkt.replace(tzinfo=None), datetime.datetime(1980, 1, 1))
    return (tid.year, tid.month, tid.day, tid.hour, tid.minute, tid.second - tid.second % 2)


def dateret(data: bytes, tidspunkt: datetime.datetime) -> bytes:
    """The ZIP ``data`` with every entry dated ``tidspunkt`` (local time, as ZIP keeps it)."""
    dato = zipdato(tidspunkt)
    ud = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as ind, zipfile.ZipFile(ud, "w") as zf:
        for gammel in ind.infolist():
            ny = zipfile.ZipInfo(gammel.filename, date_time=dato)
            ny.compress_type = gammel.compress_type
            ny.external_attr = gammel.external_attr
            ny.create_system = gammel.create_system
            zf.writestr(ny, ind.read(gammel))
    return ud.getvalue()
