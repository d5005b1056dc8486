"""The README's first command: `make run` sets up the demo data and serves the app, with the
background worker beside it, until it is stopped; stopping it stops the worker too.

Run as a user would, in a subprocess of `make`, against a SQLite file of its own (the
Makefile honours DATABASE_URL as the app does) on a free port; the virtual environment is
the one `make test` has just installed, so only migrate, load_demo and the servers run.
"""

import http.cookiejar
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROD = Path(settings.BASE_DIR)


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _vent_paa(url: str, proces: subprocess.Popen[bytes], sekunder: float = 180) -> str:
    slut = time.monotonic() + sekunder
    while time.monotonic() < slut:
        if proces.poll() is not None:
            pytest.fail(f"make run stoppede med kode {proces.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as svar:
                return svar.read().decode()
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} svarede ikke inden for {sekunder:g} s")


def _arbejdere(database: Path) -> list[str]:
    """The processes running db_worker against this test's database (their command lines)."""
    fundet = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            linje = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            miljoe = (proc / "environ").read_bytes()
        except OSError:
            continue
        if "db_worker" in linje and str(database).encode() in miljoe:
            fundet.append(linje)
    return fundet


@pytest.mark.skipif(not (ROD / ".venv" / ".installed").exists(), reason="make install first")
def test_make_run_serves_the_demo_and_stops_with_its_worker(tmp_path: Path) -> None:
    database = tmp_path / "run.sqlite3"
    port = _ledig_port()
    # As from a fresh shell: not this test run's settings, nor `make test`'s own make.
    udenfor = ("DJANGO_", "PYTEST", "MAKE", "MFLAGS")
    miljoe = {k: v for k, v in os.environ.items() if not k.startswith(udenfor)}
    miljoe |= {"DATABASE_URL": f"sqlite:///{database}", "DEBUG": "True"}
    proces = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=ROD,
        env=miljoe,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        basis = f"http://127.0.0.1:{port}"
        assert "Log ind" in _vent_paa(f"{basis}/log-ind/", proces)
        # The demo's leader logs in with the README's password and sees the five plans.
        krukke = http.cookiejar.CookieJar()
        aabner = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(krukke))
        aabner.open(f"{basis}/log-ind/", timeout=10).read()
        token = next(c.value for c in krukke if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": "leder", "password": "demo"}
        ).encode()
        anmodning = urllib.request.Request(
            f"{basis}/log-ind/", data=data, headers={"Referer": f"{basis}/log-ind/"}
        )
        forside = aabner.open(anmodning, timeout=30).read().decode()
        for plan in ("Randers", "Viborg", "Ishøj", "Sønderborg", "Vejleåparken"):
            assert plan in forside, plan
        assert _arbejdere(database), "the background worker is not running"
    finally:
        os.killpg(proces.pid, signal.SIGINT)
        try:
            udskrift = proces.communicate(timeout=30)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            udskrift = proces.communicate()[0].decode(errors="replace")
    assert "log ind som leder, bestyrelse eller lbf (adgangskode: demo)" in udskrift, udskrift
    for _ in range(50):
        if not _arbejdere(database):
            break
        time.sleep(0.1)
    assert _arbejdere(database) == [], "stopping make run left its worker running"
