"""The notifications against a real SMTP server on loopback (aiosmtpd, started by the test):
a workflow step delivers its mail; a server that refuses does not undo the step, the mail
is kept unsent with its error, and `send_paamindelser` delivers it once the server is back."""

import datetime
import email
import email.policy
import io
import logging
import socket
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from delaftaler import versioner
from tests.conftest import bruger
from varsler import paamindelser
from varsler.models import Udsendelse

pytestmark = pytest.mark.django_db


def emne(besked: email.message.EmailMessage) -> str:
    """The decoded subject. Django folds a long encoded subject right after "Subject:", and
    the parser keeps that folding space, as mail clients do not."""
    return str(besked["Subject"]).strip()


class Postkasse:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.modtaget: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        besked = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.modtaget.append((list(envelope.rcpt_tos), besked))
        return "250 Message accepted for delivery"

    def til(self, adresse: str) -> list[email.message.EmailMessage]:
        return [b for modtagere, b in self.modtaget if modtagere == [adresse]]


def fri_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real SMTP server on 127.0.0.1 that the test starts and stops."""

    def __init__(self) -> None:
        self.port = fri_port()
        self.postkasse = Postkasse()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.postkasse, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = Server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "LBF-aftaler <noreply@example.dk>"
    server.start()
    yield server
    server.stop()


def indsend(aftale, udfoer):
    type(aftale).objects.filter(pk=aftale.pk).update(bemaerkninger=f"Ændret {uuid.uuid4()}")
    with udfoer(execute=True):
        return versioner.indsend(aftale, bruger("leder"), "Til mødet", trods_tjekliste=True)


def test_sending_to_the_board_delivers_a_danish_mail_over_smtp(
    smtp, randers, django_capture_on_commit_callbacks
):
    indsend(randers, django_capture_on_commit_callbacks)
    assert [m for m, _ in smtp.postkasse.modtaget] == [["bestyrelse@example.dk"]]
    (besked,) = smtp.postkasse.til("bestyrelse@example.dk")
    assert emne(besked) == f"Til bestyrelsen: {randers}"
    assert "indsatsområdet" in emne(besked)  # non-ASCII survives the header encoding
    assert besked["To"] == "bestyrelse@example.dk"
    assert besked["From"] == "LBF-aftaler <noreply@example.dk>"
    tekst = besked.get_content()
    assert "Lene Leder har sendt" in tekst and "Til mødet" in tekst
    assert f"http://127.0.0.1:8000/planer/randers-2025-29/aftaler/{randers.pk}/" in tekst
    (u,) = Udsendelse.objects.all()
    assert (u.modtager, u.sendt is not None, u.forsoeg, u.fejl) == (
        "bestyrelse@example.dk",
        True,
        1,
        "",
    )


def test_a_refusing_server_keeps_the_step_and_send_paamindelser_delivers_later(
    smtp, randers, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    smtp.stop()  # nothing listens on the port: the connection is refused
    with caplog.at_level(logging.WARNING, logger="varsler"):
        indsendelse = indsend(randers, django_capture_on_commit_callbacks)
    # The step is saved all the same.
    assert versioner.tilstand(randers).indsendelse == indsendelse
    (u,) = Udsendelse.objects.all()
    assert (u.modtager, u.sendt, u.forsoeg) == ("bestyrelse@example.dk", None, 1)
    assert "ConnectionRefusedError" in u.fejl
    assert any("bestyrelse@example.dk" in r.getMessage() for r in caplog.records)
    assert smtp.postkasse.modtaget == []

    # Still down: one more attempt, still unsent, and the command says so.
    fejl = io.StringIO()
    monkeypatch.setattr(
        paamindelser, "nu", lambda: datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    )
    call_command("send_paamindelser", stdout=io.StringIO(), stderr=fejl)
    u.refresh_from_db()
    assert (u.sendt, u.forsoeg) == (None, 2)
    assert "Ikke sendt: 1 e-mail" in fejl.getvalue()

    smtp.start()
    ud = io.StringIO()
    call_command("send_paamindelser", stdout=ud, stderr=io.StringIO())
    (besked,) = smtp.postkasse.til("bestyrelse@example.dk")
    assert emne(besked) == f"Til bestyrelsen: {randers}"
    u.refresh_from_db()
    assert (u.sendt is not None, u.forsoeg, u.fejl) == (True, 3, "")
    assert "Sendt igen: 1 af 1 e-mail, der ikke var sendt." in ud.getvalue()
    # Delivered once: a further run sends nothing again.
    call_command("send_paamindelser", stdout=io.StringIO(), stderr=io.StringIO())
    assert len(smtp.postkasse.til("bestyrelse@example.dk")) == 1
