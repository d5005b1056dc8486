import datetime
from decimal import Decimal

from delaftaler.dansk import dansk_dato, dansk_periode, dansk_procent, dansk_tal, decimaler_i
from delaftaler.templatetags.aftaler import broedtekst


def test_numbers_use_decimal_comma_and_thousands_dot():
    assert dansk_tal(4209) == "4.209"
    assert dansk_tal(Decimal("6.300")) == "6,3"
    assert dansk_tal(Decimal("176008")) == "176.008"
    assert dansk_tal(Decimal("4.4"), 2) == "4,40"
    assert dansk_procent(Decimal("88.4"), 1) == "88,4 %"


def test_written_decimals_are_counted():
    assert [decimaler_i(t) for t in ("4.40", "78", "6.3", "102.9")] == [2, 0, 1, 1]


def test_dates_are_written_as_the_agreements_write_them():
    assert dansk_dato(datetime.date(2025, 11, 1)) == "1/11-2025"
    assert (
        dansk_periode(datetime.date(2025, 8, 1), datetime.date(2029, 7, 31))
        == "1/8-2025 – 31/7-2029"
    )


def test_user_text_is_escaped_and_keeps_paragraphs_bullets_and_footnotes():
    html = broedtekst("Første <b>afsnit</b>[^2]\n\n<script>alert(1)</script>\n- et punkt\n- to")
    assert "<b>" not in html and "&lt;b&gt;afsnit&lt;/b&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<sup class="fodnote-ref">2</sup>' in html
    assert "<ul><li>et punkt</li><li>to</li></ul>" in html
    assert html.count("<p>") == 2


def test_durations_are_written_in_danish_words():
    from datetime import timedelta

    from delaftaler.templatetags.aftaler import varighed

    assert varighed(timedelta(hours=1)) == "1 time"
    assert varighed(timedelta(hours=3)) == "3 timer"
    assert varighed(timedelta(minutes=30)) == "30 minutter"
    assert varighed(None) == ""


def test_whole_numbers_are_plain_digits_only():
    from delaftaler.dansk import heltal

    assert heltal("1000", cifre=12) == 1000
    for tekst in ("", "1.000", "-1", "²", "١٢٣", " 1", "1" * 13):
        assert heltal(tekst, cifre=12) is None, tekst
