"""Access: every view reaches data through the user's membership of a helhedsplan."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from delaftaler.models import Aftale, Helhedsplan, Medlemskab


def medlemskab(request: HttpRequest, slug: str) -> Medlemskab:
    """The user's membership of the helhedsplan; 404 for anyone else (never a hint it exists)."""
    return get_object_or_404(
        Medlemskab.objects.select_related("helhedsplan__fondsperiode", "helhedsplan__kommune"),
        bruger_id=request.user.pk if request.user.is_authenticated else None,
        helhedsplan__slug=slug,
    )


def redaktoer(request: HttpRequest, slug: str) -> Medlemskab:
    """The membership, if it may edit; a reader gets 403."""
    m = medlemskab(request, slug)
    if not m.maa_redigere:
        raise PermissionDenied("Kun redaktører kan ændre aftalerne i denne helhedsplan.")
    return m


def kladdelaeser(request: HttpRequest, slug: str) -> Medlemskab:
    """The membership, if it may read drafts: Landsbyggefonden reads approved versions only."""
    m = medlemskab(request, slug)
    if m.rolle == Medlemskab.Rolle.LBF:
        raise PermissionDenied(
            "Landsbyggefonden ser de godkendte versioner af aftalerne, ikke kladden."
        )
    return m


def aftale(plan: Helhedsplan, pk: int) -> Aftale:
    """The agreement in the helhedsplan, as a Delaftale or StrategiskAftale; 404 elsewhere."""
    fundet = get_object_or_404(plan.aftaler.select_related("delaftale", "strategiskaftale"), pk=pk)
    return fundet.konkret
