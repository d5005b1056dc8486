"""Danish numbers: decimal comma, thousands dot, and the decimals the author wrote."""

import re
from datetime import date
from decimal import Decimal

from django.utils import numberformat


def decimaler_i(tekst: str | Decimal | int | float | None) -> int:
    """How many decimals a number was written with: "4.40" → 2, "78" → 0."""
    if tekst is None:
        return 0
    exponent = Decimal(str(tekst).replace(",", ".")).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def dansk_tal(vaerdi: Decimal | int | float | None, decimaler: int | None = None) -> str:
    """4209 → "4.209"; Decimal("6.3") → "6,3"; with decimaler=2, 4.4 → "4,40".

    Without decimaler the number is shown with the decimals it needs and no trailing zeros.
    """
    if vaerdi is None:
        return ""
    d = Decimal(str(vaerdi))
    if decimaler is None:
        d = d.normalize()
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))
        decimaler = max(0, -d.as_tuple().exponent)  # type: ignore[operator]
    return numberformat.format(
        d,
        decimal_sep=",",
        decimal_pos=decimaler,
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
    )


def dansk_procent(vaerdi: Decimal | None, decimaler: int | None = None) -> str:
    return f"{dansk_tal(vaerdi, decimaler)} %" if vaerdi is not None else ""


def dansk_dato(dato: date | None) -> str:
    """1/11-2025: the way the agreements write dates."""
    return f"{dato.day}/{dato.month}-{dato.year}" if dato else ""


def dansk_periode(fra: date | None, til: date | None) -> str:
    if not fra and not til:
        return ""
    return f"{dansk_dato(fra)} – {dansk_dato(til)}"


def heltal(tekst: str, cifre: int) -> int | None:
    """A whole number typed or posted as at most `cifre` plain digits; None for anything else.

    str.isdigit() also accepts "²" and Arabic digits, which int() refuses or reads otherwise.
    """
    return int(tekst) if re.fullmatch(rf"[0-9]{{1,{cifre}}}", tekst) else None
