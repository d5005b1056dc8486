"""`{% felt bf %}`: a form field as Bootstrap 5 markup, built in Python.

The edit pages' rows (a baseline page has 40 rows of 18 fields) were rendered field by
field with crispy-forms' ``as_crispy_field``: its template and Django's widget templates
(one template per option of a select) were most of the page's time. This tag gives the
same markup — the same label, ids (``div_id_…``, ``id_…``, ``id_…_helptext``,
``id_…_error``, ``error_N_id_…``), classes (``form-control``, ``form-select``,
``is-invalid``), ``aria-invalid`` and ``aria-describedby`` — without a template. Widgets
it does not know (files, radio buttons, several checkboxes) still go through crispy.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The widgets built here: the text-like inputs, a checkbox, a text area, a single select.
_INPUTS = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.DateInput,
    forms.TimeInput,
    forms.DateTimeInput,
)


def _e(vaerdi: Any) -> str:
    return str(conditional_escape(vaerdi))


def attributter(attrs: dict[str, Any]) -> str:
    """HTML attributes as Django's ``attrs.html`` writes them (True: bare, False: left out)."""
    return "".join(
        f" {navn}" if v is True else f' {navn}="{_e(v)}"'
        for navn, v in attrs.items()
        if v is not False and v is not None
    )


def _valg(choices: Iterable[Any], valgt: set[str], flere: bool) -> str:
    """The options of a select, the chosen ones marked, as Django's ``select.html`` writes
    them (for a single select only the first option with the value counts)."""
    ud: list[str] = []
    fundet = False

    def option(vaerdi: Any, etiket: Any) -> str:
        nonlocal fundet
        tekst = "" if vaerdi is None else str(vaerdi)
        markeret = tekst in valgt and (flere or not fundet)
        fundet = fundet or markeret
        return f'\n  <option value="{_e(tekst)}"{" selected" if markeret else ""}>{_e(etiket)}</option>'

    for vaerdi, etiket in choices:
        if isinstance(etiket, list | tuple):
            ud.append(f'\n  <optgroup label="{_e(vaerdi)}">')
            ud.extend(option(v, e) for v, e in etiket)
            ud.append("\n  </optgroup>")
        else:
            ud.append(option(vaerdi, etiket))
    return "".join(ud)


def kendt(widget: forms.Widget) -> bool:
    if isinstance(widget, forms.Select):
        return type(widget) in (forms.Select, forms.NullBooleanSelect)
    if isinstance(widget, forms.CheckboxInput | forms.Textarea | forms.HiddenInput):
        return not isinstance(widget, forms.MultipleHiddenInput)
    return isinstance(widget, _INPUTS)


def widget_html(bf: BoundField, klasse: str = "") -> str:
    """The field's widget as ``bf.as_widget()`` writes it, with the css classes `klasse`
    added (as crispy adds them), for the widgets `kendt` knows."""
    widget = bf.field.widget
    if bf.field.localize:
        widget.is_localized = True
    attrs = dict(widget.attrs)
    if klasse:
        # Added to the widget's own classes, each once (as crispy-forms adds them).
        klasser = str(attrs.get("class", "")).split()
        klasser += [k for k in klasse.split() if k not in klasser]
        attrs["class"] = " ".join(klasser)
    attrs.update(bf.build_widget_attrs({}, widget))
    if bf.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bf.auto_id)
    navn = _e(bf.html_name)
    vaerdi = bf.value()
    if isinstance(widget, forms.Select):
        formateret = widget.format_value(vaerdi)  # a list; NullBooleanSelect: one text
        valgt = {formateret} if isinstance(formateret, str) else set(formateret)
        return (
            f'<select name="{navn}"{attributter(attrs)}>'
            f"{_valg(widget.choices, valgt, widget.allow_multiple_selected)}\n</select>"
        )
    if isinstance(widget, forms.CheckboxInput):
        if widget.check_test(vaerdi):
            attrs["checked"] = True
        tekst = widget.format_value(vaerdi)
        felt = f' value="{_e(tekst)}"' if tekst is not None else ""
        return f'<input type="checkbox" name="{navn}"{felt}{attributter(attrs)}>'
    tekst = widget.format_value(vaerdi)
    if isinstance(widget, forms.Textarea):
        return (
            f'<textarea name="{navn}"{attributter(attrs)}>\n{_e(tekst) if tekst else ""}</textarea>'
        )
    felt = f' value="{_e(tekst)}"' if tekst is not None else ""
    return f'<input type="{widget.input_type}" name="{navn}"{felt}{attributter(attrs)}>'


def fejl_og_hjaelp(bf: BoundField, hjaelp_klasse: str = "form-text") -> str:
    """The field's errors and help text as crispy-forms writes them (their ids are what
    aria-describedby names); the compact table rows hide the help (`visually-hidden`)."""
    ud = ""
    if bf.errors:
        linjer = "".join(
            f'<p id="error_{nr}_{bf.auto_id}"><strong>{_e(fejl)}</strong></p>'
            for nr, fejl in enumerate(bf.errors, start=1)
        )
        ud += f'<div id="{bf.auto_id}_error" class="invalid-feedback">{linjer}</div>'
    if bf.help_text:
        # Help text is the programmer's, and HTML (as in Django and crispy-forms).
        ud += f'<div id="{bf.auto_id}_helptext" class="{hjaelp_klasse}">{bf.help_text}</div>'
    return ud


def _etiket(bf: BoundField, klasse: str) -> str:
    kraevet = bf.field.required
    stjerne = '<span class="asteriskField">*</span>' if kraevet else ""
    klasse += " requiredField" if kraevet else ""
    return f'<label for="{bf.id_for_label}" class="{klasse}">{_e(bf.label)}{stjerne}</label>'


@register.simple_tag
def felt(bf: BoundField) -> SafeString:
    """The field with its label, help text and errors, as crispy-forms' Bootstrap 5 pack
    writes it."""
    widget = bf.field.widget
    if not kendt(widget) or bf.use_fieldset:
        return as_crispy_field(bf)
    if bf.is_hidden:
        return mark_safe(widget_html(bf))
    navn = type(widget).__name__.lower()
    if navn in str(widget.attrs.get("class", "")):  # crispy-forms' test: "select" in "form-select"
        navn = ""
    ugyldig = " is-invalid" if bf.errors else ""
    ekstra = f" {bf.css_classes()}" if bf.css_classes() else ""
    if isinstance(widget, forms.CheckboxInput):
        html = widget_html(bf, f"{navn} form-check-input{ugyldig}")
        etiket = _etiket(bf, "form-check-label")
        return mark_safe(
            f'<div class="mb-3"><div id="div_{bf.auto_id}" class="form-check{ekstra}">'
            f"{html}{etiket}{fejl_og_hjaelp(bf)}</div></div>"
        )
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    html = widget_html(bf, f"{navn} {bootstrap}{ugyldig}")
    etiket = _etiket(bf, "form-label") if bf.label else ""
    return mark_safe(
        f'<div id="div_{bf.auto_id}" class="mb-3{ekstra}">{etiket}{html}{fejl_og_hjaelp(bf)}</div>'
    )


def _kolonne(bf: BoundField) -> str:
    widget = bf.field.widget
    if getattr(widget, "input_type", "") == "checkbox":
        return "col-auto align-self-end"
    if widget.attrs.get("rows") or getattr(widget, "allow_multiple_selected", False):
        return "col-12"
    return "col-md-4 col-lg-3"


@register.filter
def hovedfelter(form: forms.BaseForm) -> list[tuple[BoundField, str]]:
    """A row's visible fields with their grid column, without the order and delete fields
    and the folded ones (`flere_felter`): the row's loop in Python, not in the template."""
    flere = getattr(form, "flere_felter", ())
    return [
        (bf, _kolonne(bf))
        for bf in form.visible_fields()
        if bf.name not in ("ORDER", "DELETE") and bf.name not in flere
    ]


@register.filter
def flere_felter(form: forms.BaseForm) -> list[BoundField]:
    """A row's rarely used fields, folded away (indikatorer.forms.BaselineForm)."""
    flere = getattr(form, "flere_felter", ())
    return [bf for bf in form.visible_fields() if bf.name in flere]


@register.simple_tag(name="widget")
def widget_tag(bf: BoundField) -> SafeString:
    """``{{ bf }}`` (the widget alone) for the widgets `kendt` knows, without its templates."""
    if not kendt(bf.field.widget) or bf.field.show_hidden_initial:
        return mark_safe(str(bf))
    return mark_safe(widget_html(bf))
