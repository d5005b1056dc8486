"""The targets of an indicator's lines, edited on its baseline page: one row per line.

A row holds the line's direction, its target value typed as the agreements write it
("60 %", "under 6", "mindst 60 unge"), the target year, a note and the milestones on the
way ("2026: 55 %; 2027: 58 %"). No direction means no target: saving deletes the line's
target and its milestones.

A row's fields are named by a key made from its line (area, sub-indicator, reference
group), not by its position, so a row stays with its line when other lines come or go
(and after a conflict, when the page is merged field by field). A posted field for a line
the indicator does not have is refused, and a line whose row was not posted is left as it is.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.http import QueryDict

from indikatorer.models import Indikator
from indikatorer.vaerdiform import MSG_AAR, laes_tal
from opfoelgning.models import Maaltal, Milepael, Retning
from opfoelgning.tabel import Linjeopfoelgning, Noegle, indikatorer_med_opfoelgning
from opfoelgning.tabel import indikator as opfoelgning_af

PREFIX = "mt"
TITEL = "Måltal"
SKABELON = "opfoelgning/_maaltal.html"
HJAELP = (
    "Et måltal pr. linje: retningen, målværdien skrevet som i aftalen (60 %, under 6, "
    "mindst 60 unge), året, målet skal være nået, og evt. delmål for årene på vejen, "
    "f.eks. 2026: 55 %; 2027: 58 %. Vælg ingen retning for at fjerne linjens måltal. "
    "Delmålets målsætning i tekst trykkes i aftalen som hidtil."
)
MSG_FREMMED = (
    "Måltallene passer ikke til indikatorens linjer – måske er en baseline ændret, efter "
    "du åbnede siden. Genindlæs siden, og prøv igen."
)
MSG_RETNING = "Vælg en retning for måltallet – eller tøm felterne, hvis linjen ikke har et."
MSG_MILEPAEL = "»{stykke}« kan ikke læses som et delmål for et år. Skriv år og tal, f.eks. 2026: 55 %; 2027: 58 %."
MSG_MAALAAR = "Målåret skal være et årstal, f.eks. 2028."

# The figure's fields as `laes_tal` gives them.
TAL_FELTER = (
    "antal", "naevner", "enhed", "procent", "procent_decimaler", "vaerdi", "vaerdi_decimaler",
    "kvalifikator", "til", "til_decimaler", "besvarelser", "svarprocent", "svarprocent_decimaler",
)  # fmt: skip
# Where the model's rules put their messages, and the row's field that shows them.
MODELFELT_TIL_RAEKKE = {"aar": "aar", "note": "note", "retning": "retning"}
MILEPAEL_DEL = re.compile(r"(\d{4})\s*:\s*(.*)", re.DOTALL)


def raekkekode(noegle: Noegle) -> str:
    """A short, stable name for a line's row: the same line gives the same fields."""
    return hashlib.sha256(json.dumps(list(noegle)).encode()).hexdigest()[:10]


def milepaele_tekst(maaltal: Maaltal | None) -> str:
    """ "2026: 55 %; 2027: 58 %": the milestones as the row's field shows them."""
    if maaltal is None:
        return ""
    return "; ".join(str(p) for p in maaltal.milepaele.all())


def laes_milepaele(tekst: str, art: str = "") -> list[tuple[int, dict[str, object]]]:
    """ "2026: 55 %; 2027: 58 %" → [(2026, figure), (2027, figure)]; a Danish error per bad part."""
    ud: list[tuple[int, dict[str, object]]] = []
    fejl: list[str] = []
    for del_ in (d.strip() for d in re.split(r"[;\n]", tekst or "")):
        if not del_:
            continue
        m = MILEPAEL_DEL.fullmatch(del_)
        if not m:
            fejl.append(MSG_MILEPAEL.format(stykke=del_))
            continue
        aar = int(m.group(1))
        if not 1900 <= aar <= 2100:
            fejl.append(f"»{del_}«: {MSG_AAR}")
            continue
        if any(a == aar for a, _ in ud):
            fejl.append(f"Året {aar} står mere end én gang.")
            continue
        try:
            ud.append((aar, laes_tal(m.group(2), art)))
        except ValidationError as e:
            fejl.extend(f"{aar}: {besked}" for besked in e.messages)
    if fejl:
        raise ValidationError(fejl)
    return ud


def _tekstfelt(etiket: str, initial: str, maks: int, **attrs: str) -> forms.CharField:
    return forms.CharField(
        required=False,
        max_length=maks,
        initial=initial,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-sm", "aria-label": etiket, **attrs}
        ),
    )


def _felter(navn: str, mt: Maaltal | None) -> dict[str, forms.Field]:
    retning = forms.ChoiceField(
        required=False,
        choices=[("", "(intet måltal)"), *Retning.choices],
        initial=mt.retning if mt else "",
        widget=forms.Select(
            attrs={"class": "form-select form-select-sm", "aria-label": f"Retning: {navn}"}
        ),
    )
    aar = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        initial=mt.aar if mt else None,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "aria-label": f"Målår: {navn}",
                "inputmode": "numeric",
                "size": "5",
            }
        ),
        error_messages={"invalid": MSG_MAALAAR, "min_value": MSG_AAR, "max_value": MSG_AAR},
    )
    return {
        "retning": retning,
        "maal": _tekstfelt(
            f"Målværdi: {navn}", mt.figur_tekst if mt else "", 200, placeholder="60 %", size="10"
        ),
        "aar": aar,
        "milepaele": _tekstfelt(
            f"Delmål for årene: {navn}",
            milepaele_tekst(mt),
            1000,
            placeholder="2026: 55 %; 2027: 58 %",
            size="22",
        ),
        "note": _tekstfelt(f"Note: {navn}", mt.note if mt else "", 500, size="14"),
    }


@dataclass
class Raekke:
    """One line's row: the line, its saved target, and the names of its fields."""

    form: MaaltalForm
    linje: Linjeopfoelgning
    kode: str

    @property
    def navn(self) -> str:
        return self.linje.navn

    @property
    def maaltal(self) -> Maaltal | None:
        return self.linje.maaltal

    def felt(self, navn: str) -> str:
        return f"{self.kode}-{navn}"

    def __getitem__(self, navn: str) -> BoundField:
        return self.form[self.felt(navn)]

    @property
    def felter(self) -> list[BoundField]:
        return [self[n] for n in ("retning", "maal", "aar", "milepaele", "note")]


@dataclass
class Gemmes:
    """What saving does to a row: its target (None: delete it) and its milestones."""

    raekke: Raekke
    maaltal: Maaltal | None
    milepaele: list[Milepael]


class MaaltalForm(forms.Form):
    """All of an indicator's targets on one page, one row per line."""

    def __init__(
        self, data: QueryDict | None, *, indikator: Indikator, linjer: list[Linjeopfoelgning]
    ) -> None:
        super().__init__(data, prefix=PREFIX)
        self.indikator = indikator
        self.raekker = [Raekke(self, linje, raekkekode(linje.noegle)) for linje in linjer]
        for r in self.raekker:
            for navn, felt in _felter(r.navn, r.maaltal).items():
                self.fields[r.felt(navn)] = felt
        self._gemmes: list[Gemmes] = []

    def full_clean(self) -> None:
        super().full_clean()
        for navn in self.errors:
            if navn in self.fields:
                attrs = self.fields[navn].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[navn].auto_id}-fejl"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kendte = {self.add_prefix(n) for n in self.fields}
        if any(n.startswith(f"{PREFIX}-") and n not in kendte for n in self.data):
            raise ValidationError(MSG_FREMMED)
        self._gemmes = []
        for r in self.raekker:
            if self.add_prefix(r.felt("retning")) in self.data:  # a row not posted stays
                self._raekke(r, data)
        return data

    def _raekke(self, r: Raekke, data: dict[str, Any]) -> None:
        retning = data.get(r.felt("retning"))
        if retning is None:
            return  # the field's own error is shown
        if not retning:
            udfyldt = [n for n in ("maal", "aar", "milepaele", "note") if data.get(r.felt(n))]
            if r.maaltal is None and udfyldt:
                self.add_error(r.felt("retning"), MSG_RETNING)
            elif r.maaltal is not None:
                self._gemmes.append(Gemmes(r, None, []))
            return
        mt = self._maaltal(r, data, retning)
        milepaele = self._milepaele(r, data, mt)
        if mt is not None and milepaele is not None:
            self._gemmes.append(Gemmes(r, mt, milepaele))

    def _maaltal(self, r: Raekke, data: dict[str, Any], retning: str) -> Maaltal | None:
        omraade_id, delindikator, referencegruppe = r.linje.noegle
        gemt = r.maaltal
        mt = Maaltal(
            pk=gemt.pk if gemt else None,
            indikator=self.indikator,
            omraade_id=omraade_id,
            delindikator=delindikator,
            referencegruppe=referencegruppe,
            retning=retning,
            aar=data.get(r.felt("aar")),
            note=data.get(r.felt("note"), ""),
        )
        tekst = data.get(r.felt("maal"), "")
        if tekst:
            try:
                tal = laes_tal(tekst, r.linje.art)
            except ValidationError as e:
                self.add_error(r.felt("maal"), e)
                return None
            for navn in TAL_FELTER:
                setattr(mt, navn, tal[navn])
            if mt.kvalifikator == retning:  # "skal holdes under" + "under 6": said once
                mt.kvalifikator = ""
        try:
            mt.clean()
        except ValidationError as e:
            for felt, beskeder in e.message_dict.items():
                raekkefelt = MODELFELT_TIL_RAEKKE.get(felt, "maal")
                self.add_error(None if felt == "omraade" else r.felt(raekkefelt), beskeder)
            return None
        return mt

    def _milepaele(
        self, r: Raekke, data: dict[str, Any], mt: Maaltal | None
    ) -> list[Milepael] | None:
        felt = r.felt("milepaele")
        try:
            laest = laes_milepaele(data.get(felt, ""), r.linje.art)
        except ValidationError as e:
            self.add_error(felt, e)
            return None
        maalaar = data.get(r.felt("aar"))
        fejl = [
            f"Delmålet for {a} ligger efter målåret {maalaar}."
            for a, _ in laest
            if maalaar and a > maalaar
        ]
        milepaele = []
        for aar, tal in laest:
            p = Milepael(aar=aar, **tal)
            try:
                p.clean()
            except ValidationError as e:
                fejl.extend(f"{aar}: {besked}" for besked in e.messages)
            milepaele.append(p)
        if fejl:
            self.add_error(felt, fejl)
            return None
        return milepaele

    def save(self) -> None:
        """Create, change or delete each posted row's target and its milestones."""
        for g in self._gemmes:
            gemt = g.raekke.maaltal
            if g.maaltal is None:
                if gemt is not None:
                    Maaltal.objects.filter(pk=gemt.pk, indikator=self.indikator).delete()
                continue
            g.maaltal.save()
            gamle = {p.aar: p for p in (gemt.milepaele.all() if gemt else [])}
            for p in g.milepaele:
                if p.aar in gamle:
                    p.pk = gamle.pop(p.aar).pk
                p.maaltal = g.maaltal
                p.save()
            Milepael.objects.filter(pk__in=[p.pk for p in gamle.values()]).delete()


def maaltal_form(
    indikator: Indikator, data: QueryDict | None, baseline_ider: list[int] | None = None
) -> MaaltalForm:
    """The form for an indicator's targets; with `baseline_ider`, only the lines of those
    baselines (and, on a page without any, the lines that have none)."""
    ind = indikatorer_med_opfoelgning().select_related("maal__aftale").get(pk=indikator.pk)
    linjer = opfoelgning_af(ind).linjer
    if baseline_ider is not None:
        ider = set(baseline_ider)
        linjer = [
            lin for lin in linjer if any(b.pk in ider for b in lin.baselines) or not lin.baselines
        ]
    return MaaltalForm(data, indikator=ind, linjer=linjer)
