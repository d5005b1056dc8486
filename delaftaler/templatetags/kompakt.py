"""Formsets edited as compact table rows: an indicator's baselines, a delaftale's staff lines.

A form that names its `kolonner` (indikatorer.forms.BaselineForm, delaftaler.forms.RessourceForm)
is shown one row per value (templates/delaftaler/_formset_tabel.html): those fields in
columns, their labels as column headers and, for screen readers, as each input's own
(visually hidden) label; every other field folded away under "Flere felter", rendered by
`{% felt %}` as on the other edit pages. The ids are those of `{% felt %}` (``id_…``,
``id_…_error``, ``error_N_id_…``, ``id_…_helptext``), so the error summary's links still
reach the fields.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms, template
from django.forms import BaseFormSet
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from delaftaler.dansk import dansk_tal
from delaftaler.models import FULD_TID_TIMER, UGER_PR_AAR, Medarbejderressource
from delaftaler.templatetags.felter import fejl_og_hjaelp, felt, kendt, widget_html

register = template.Library()

_STYRING = ("ORDER", "DELETE")


def _e(vaerdi: Any) -> str:
    return str(conditional_escape(vaerdi))


def kolonner(form: forms.BaseForm | type[forms.BaseForm]) -> tuple[str, ...]:
    return tuple(getattr(form, "kolonner", ()))


@register.filter
def er_kompakt(formset: BaseFormSet) -> bool:
    """Shown as table rows: the form names its columns, and no formset hangs under a row."""
    return bool(kolonner(formset.form))


@register.filter
def omregner(formset: BaseFormSet) -> bool:
    """The rows show a staff line's share in all three forms (RessourceForm.omregning)."""
    return bool(getattr(formset.form, "omregning", False))


@register.filter
def spalter(formset: BaseFormSet) -> int:
    """The table's number of columns: order, the fields, conversions, delete."""
    return (
        len(kolonner(formset.form))
        + int(formset.can_order)
        + int(omregner(formset))
        + int(formset.can_delete)
    )


@register.filter
def overskrifter(formset: BaseFormSet) -> list[dict[str, Any]]:
    """The column headers: each column field's label, whether it is required, its help."""
    felter = formset.form.base_fields
    return [
        {
            "navn": navn,
            "label": felter[navn].label,
            "kraevet": felter[navn].required,
            "hjaelp": felter[navn].help_text,
        }
        for navn in kolonner(formset.form)
        if navn in felter
    ]


@register.filter
def kolonnefelter(form: forms.BaseForm) -> list[BoundField]:
    return [form[navn] for navn in kolonner(form) if navn in form.fields]


@register.filter
def foldede(form: forms.BaseForm) -> list[BoundField]:
    """The row's other visible fields, behind "Flere felter"."""
    vist = set(kolonner(form)) | set(_STYRING)
    return [bf for bf in form.visible_fields() if bf.name not in vist]


@register.filter
def foldede_aabne(form: forms.BaseForm) -> bool:
    """Open "Flere felter" when a folded field has an error (or, for a baseline, a value)."""
    if getattr(form, "flere_aabne", False):
        return True
    return any(bf.errors for bf in foldede(form))


@register.filter
def foldet_indhold(form: forms.BaseForm) -> str:
    """What the folded fields hold, for the "Flere felter" line, so a folded value is seen
    without opening it: "Referencegruppe: RandersBolig (i alt Randers kommune)". A field at
    its default ("Kolonne: Baseline boligområde/målgruppe") or empty is not named."""
    dele = []
    for bf in foldede(form):
        vaerdi = bf.value()
        tom = vaerdi is None or vaerdi is False or vaerdi in ("", [])  # 0 is a value
        if tom or str(vaerdi) == str(bf.field.initial or ""):
            continue
        dele.append(f"{bf.label}" if vaerdi is True else f"{bf.label}: {_vist(bf, vaerdi)}")
    return " · ".join(dele)


def _vist(bf: BoundField, vaerdi: Any) -> str:
    """A value as the user reads it: a choice by its label, a number the Danish way."""
    felt_ = bf.field
    if isinstance(felt_, forms.ChoiceField):
        # Only choices already in a list (``delte_valg``): a queryset would cost a query.
        valg = felt_.choices if isinstance(felt_.choices, list) else []
        tekst = next((str(t) for v, t in valg if str(v) == str(vaerdi)), "")
        return tekst or "valgt"
    tekst = felt_.widget.format_value(vaerdi) or ""
    return tekst if len(tekst) <= 60 else f"{tekst[:59]}…"


# The help is in the table's guidance; in the cell for screen readers (aria-describedby).
@register.simple_tag
def celle(bf: BoundField, ekstra: str = "") -> SafeString:
    """A field in a table cell: its widget, a label only screen readers see, its errors."""
    widget = bf.field.widget
    if bf.is_hidden:
        return mark_safe(widget_html(bf) if kendt(widget) else str(bf))
    if not kendt(widget):
        return felt(bf)
    ugyldig = " is-invalid" if bf.errors else ""
    if isinstance(widget, forms.CheckboxInput):
        klasse = "form-check-input"
    elif isinstance(widget, forms.Select):
        klasse = "form-select form-select-sm"
    else:
        klasse = "form-control form-control-sm"
    html = widget_html(bf, f"{klasse}{ugyldig} {ekstra}".strip())
    kraevet = " (skal udfyldes)" if bf.field.required else ""
    etiket = (
        f'<label for="{bf.id_for_label}" class="visually-hidden">{_e(bf.label)}{kraevet}</label>'
    )
    fejl = fejl_og_hjaelp(bf, "visually-hidden")
    return mark_safe(f'<div id="div_{bf.auto_id}" class="kompakt-felt">{etiket}{html}{fejl}</div>')


def _tal(vaerdi: Any) -> Decimal | None:
    """A number as the form field reads it (Django's sanitize_separators with Danish
    separators): "18,5", "1.924", and "18.5" (a lone dot before other than three digits)."""
    if isinstance(vaerdi, Decimal | int | float):
        return Decimal(str(vaerdi))
    tekst = str(vaerdi).strip().replace(" ", "")
    heltal, komma, decimaler = tekst.partition(",")
    if not (komma == "" and heltal.count(".") == 1 and len(heltal.split(".")[1]) != 3):
        heltal = heltal.replace(".", "")
    try:
        tal = Decimal(f"{heltal}.{decimaler}" if komma else heltal)
    except InvalidOperation:
        return None
    return tal if tal.is_finite() else None


def omregning_tekst(maengde: Decimal | None, enhed: str, kontrakt: Decimal | None) -> str:
    """A staff line's share in all three forms: "50 % · 18,5 t./uge · 962 t./år".

    The rules of Medarbejderressource (a week is the contracted hours, 37 when none are
    given; a year is 52 weeks), as static/js/formset.js computes them while the user types.
    """
    if maengde is None or maengde <= 0 or enhed not in Medarbejderressource.Enhed.values:
        return ""
    if kontrakt is not None and not 0 < kontrakt <= 80:
        return ""
    stilling = kontrakt or Decimal(FULD_TID_TIMER)
    if enhed == Medarbejderressource.Enhed.PROCENT:
        uge = stilling * maengde / 100
    elif enhed == Medarbejderressource.Enhed.TIMER_AAR:
        uge = maengde / UGER_PR_AAR
    else:
        uge = maengde
    procent = (uge / stilling * 100).quantize(Decimal("0.1"))
    aar = (uge * UGER_PR_AAR).quantize(Decimal("1"))
    uge = uge.quantize(Decimal("0.01"))
    return f"{dansk_tal(procent)} % · {dansk_tal(uge)} t./uge · {dansk_tal(aar)} t./år"


@register.filter
def omregning(form: forms.BaseForm) -> str:
    """The conversions of the row as it is shown (typed values after a failed save)."""
    if "maengde" not in form.fields:
        return ""
    maengde = _tal(form["maengde"].value() or "")
    kontrakt_vaerdi = form["kontrakt_timer_uge"].value()
    kontrakt = _tal(kontrakt_vaerdi) if kontrakt_vaerdi not in (None, "") else None
    return omregning_tekst(maengde, str(form["enhed"].value() or ""), kontrakt)
