"""Forms as a browser submits them: read from HTML, and merged after a conflict."""

import json
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from django import forms
from django.forms import BaseFormSet
from django.forms.widgets import ChoiceWidget


class _Formular(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str | list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._option: str | None = None
        self._valgt_option = False
        self._tekst: list[str] = []
        self._i_template = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "template":
            self._i_template += 1
        if self._i_template:
            return  # a browser never submits a template's contents
        a = {k: (v or "") for k, v in attrs}
        navn = a.get("name")
        if tag == "input" and navn:
            slags = a.get("type", "text")
            if slags in ("checkbox", "radio"):
                if "checked" in a:
                    self._tilfoej(navn, a.get("value", "on"), flere=slags == "checkbox")
            elif slags not in ("submit", "button"):
                self.data[navn] = a.get("value", "")
        elif tag == "textarea" and navn:
            self._textarea, self._tekst = navn, []
        elif tag == "select" and navn:
            self._select, self._select_multiple = navn, "multiple" in a
            if not self._select_multiple:
                self.data.setdefault(navn, "")
        elif tag == "option" and self._select:
            self._option = a.get("value", "")
            if "selected" in a:
                self._tilfoej(self._select, self._option, flere=self._select_multiple)

    def _tilfoej(self, navn: str, vaerdi: str, flere: bool) -> None:
        if flere:
            eksisterende = self.data.setdefault(navn, [])
            assert isinstance(eksisterende, list)
            eksisterende.append(vaerdi)
        else:
            self.data[navn] = vaerdi

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and not self._i_template:
            self._tekst.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._i_template -= 1
            return
        if self._i_template:
            return
        if tag == "textarea" and self._textarea is not None:
            self.data[self._textarea] = "".join(self._tekst).removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def formdata(html: str) -> dict[str, str | list[str]]:
    parser = _Formular()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


Lister = dict[str, list[str]]


def fra_json(tekst: str) -> Lister:
    """The page's values as it carried them (`grundlag`), or none if they are not intact.

    The page sends them back as JSON; anything else than an object of texts and lists of
    texts (a tampered or cut-off field) counts as no base, so every field is the user's own.
    """
    try:
        data = json.loads(tekst or "{}")
    except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested too deep
        return {}
    if not isinstance(data, dict):
        return {}
    lister: Lister = {}
    for navn, vaerdi in data.items():
        vaerdier = vaerdi if isinstance(vaerdi, list) else [vaerdi]
        if not all(isinstance(v, str) for v in vaerdier):
            return {}
        lister[navn] = vaerdier
    return lister


def _en(data: Lister, navn: str) -> str:
    vaerdier = data.get(navn) or [""]
    return vaerdier[0]


def _raekke(navn: str) -> tuple[str, str] | None:
    """For a formset row field "prefix-3-felt": ("prefix", "prefix-3")."""
    dele = navn.rsplit("-", 2)
    if len(dele) != 3 or not dele[1].isdigit():
        return None
    return dele[0], f"{dele[0]}-{dele[1]}"


def flet(grundlag: Lister, mine: Lister, deres: Lister) -> Lister:
    """Three-way merge of a page's submitted values after someone else saved.

    Every field the user left as it was when the page was opened (`grundlag`) takes the
    current value (`deres`); every field the user changed keeps the user's value. Formset
    rows are matched by their object id, not by their position.
    """
    # Where each object's row is now: "prefix:id" -> "prefix-N".
    deres_raekker: dict[str, str] = {}
    for navn in deres:
        if navn.endswith("-id") and _en(deres, navn):
            raekke = _raekke(navn)
            if raekke:
                deres_raekker[f"{raekke[0]}:{_en(deres, navn)}"] = raekke[1]

    def deres_navn(navn: str) -> str | None:
        raekke = _raekke(navn)
        if raekke is None:
            return navn
        objekt_id = _en(mine, f"{raekke[1]}-id")
        if not objekt_id:
            return None  # a new row of the user's: nothing to take from theirs
        ny_raekke = deres_raekker.get(f"{raekke[0]}:{objekt_id}")
        return None if ny_raekke is None else ny_raekke + navn[len(raekke[1]) :]

    flettet: Lister = dict(mine)
    for navn in set(grundlag) | set(mine):
        if navn.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-id")) or navn == "redigeringsnummer":
            continue
        if grundlag.get(navn, []) != mine.get(navn, []):
            continue  # the user changed this field: keep it
        kilde = deres_navn(navn)
        if kilde is None:
            continue  # the row is new, or gone on their side; keep what the user sees
        if kilde in deres:
            flettet[navn] = deres[kilde]
        else:
            flettet.pop(navn, None)  # e.g. a checkbox they unticked
    return flettet


def _felt_indsendt(bf: Any) -> str | list[str] | None:
    """What a browser submits for an unbound field left as shown (None: nothing)."""
    widget = bf.field.widget
    if bf.field.disabled:
        return None
    vaerdi = bf.value()
    if isinstance(widget, forms.CheckboxInput):
        if not widget.check_test(vaerdi):
            return None
        tekst = widget.format_value(vaerdi)
        return ["on" if tekst is None else tekst]  # a ticked box: a list, as `formdata` reads it
    if isinstance(widget, ChoiceWidget):
        kontekst = widget.get_context(bf.html_name, vaerdi, {})["widget"]
        valgt = [str(o["value"]) for _, g, _ in kontekst["optgroups"] for o in g if o["selected"]]
        if widget.allow_multiple_selected:
            return valgt or None
        if isinstance(widget, forms.RadioSelect):
            return valgt[0] if valgt else None
        return valgt[0] if valgt else ""
    if isinstance(widget, forms.MultiWidget | forms.FileInput | forms.PasswordInput):
        raise ValueError(f"{type(widget).__name__} is not read without rendering")
    tekst = widget.format_value(vaerdi)
    return "" if tekst is None else str(tekst)


def som_indsendt(formularer: Iterable[Any]) -> dict[str, str | list[str]]:
    """What a browser would submit for these unbound forms and formsets (their rows and
    management forms, not the blank row's template) if the user changed nothing: the same
    as `formdata` of the rendered page, without rendering it."""
    data: dict[str, str | list[str]] = {}
    for objekt in formularer:
        if isinstance(objekt, BaseFormSet):
            dele = [objekt.management_form, *objekt.forms]
        else:
            dele = [objekt]
        for form in dele:
            for bf in form:
                vaerdi = _felt_indsendt(bf)
                if vaerdi is not None:
                    data[bf.html_name] = vaerdi
    return data
