"""Users invited to a helhedsplan: the account, and the e-mail with a one-time link.

The link is Django's password reset link (`password_reset_confirm`, its token from
`PasswordResetTokenGenerator`): it sets the first password and is used up by it, since
the token depends on the password.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from delaftaler.models import Helhedsplan, Medlemskab

log = logging.getLogger(__name__)


class FlereBrugere(Exception):
    """More than one user has the address: the admin must sort it out."""


def find_eller_opret(email: str, navn: str) -> tuple[Any, bool]:
    """The user with this e-mail address, or a new one with an unusable password."""
    User = get_user_model()
    fundne = list(User.objects.filter(email__iexact=email)[:2])
    if len(fundne) > 1:
        raise FlereBrugere(email)
    if fundne:
        return fundne[0], False
    brugernavn = email.lower()
    if User.objects.filter(username__iexact=brugernavn).exists():
        raise FlereBrugere(email)
    fornavn, _, efternavn = navn.strip().partition(" ")
    bruger = User(username=brugernavn, email=email, first_name=fornavn, last_name=efternavn)
    bruger.set_unusable_password()
    bruger.save()
    return bruger, True


def link(request: HttpRequest, bruger: Any) -> str:
    """The one-time link to choose a password."""
    sti = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(bruger.pk)),
            "token": default_token_generator.make_token(bruger),
        },
    )
    return request.build_absolute_uri(sti)


def send_invitation(
    request: HttpRequest, bruger: Any, plan: Helhedsplan, medlemskab: Medlemskab
) -> bool:
    """Tell the person they are a member; with a link to set a password if they have none.
    False (and logged) if the mail could not be sent: the membership stands."""
    afsender: Any = request.user
    kontekst = {
        "bruger": bruger,
        "plan": plan,
        "rolle": medlemskab.get_rolle_display(),
        "inviteret_af": afsender.get_full_name() or afsender.get_username(),
        "link": None if bruger.has_usable_password() else link(request, bruger),
        "log_ind": request.build_absolute_uri(reverse("login")),
    }
    try:
        send_mail(
            f"Du er inviteret til {plan.navn} i LBF-aftaler",
            render_to_string("delaftaler/medlemmer_invitation.txt", kontekst),
            None,
            [bruger.email],
        )
    except Exception:
        log.exception("Invitationen til %s kunne ikke sendes", bruger.email)
        return False
    return True
