"""The image's bytes inline for the PDF: the print fetcher reads no other address."""

from __future__ import annotations

import base64

from django import template

from billeder.models import Billede

register = template.Library()


@register.filter
def i_afsnit(billeder: object, afsnit: str) -> list[Billede]:
    """The images (prefetched with the agreement) shown in one section, in their order."""
    return [b for b in billeder.all() if b.afsnit == afsnit]  # type: ignore[attr-defined]


@register.filter
def data_uri(billede: Billede) -> str:
    return f"data:{billede.indholdstype};base64,{base64.b64encode(billede.indhold()).decode()}"
