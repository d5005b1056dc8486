from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import inlineformset_factory

from aktiviteter.models import (
    Aktivitet,
    CfbuType,
    Datatabel,
    DatatabelCelle,
    DatatabelKolonne,
    DatatabelRaekke,
    Element,
    Fase,
    Omfang,
    Rolle,
)
from delaftaler.dansk import decimaler_i
from delaftaler.formfelter import RAEKKER, LinjelisteField, dansk_formfelt
from delaftaler.models import MSG_TEKST_MAKS, TEKST_MAKS, Delaftale
from indikatorer.models import Maal

AktivitetListeFormSet = inlineformset_factory(
    Delaftale,
    Aktivitet,
    fk_name="delaftale",
    fields=["navn", "listenavn", "listebeskrivelse", "beskrevet_i"],
    formfield_callback=dansk_formfelt,
    **RAEKKER,
    widgets={"listebeskrivelse": forms.Textarea(attrs={"rows": 2})},
)


CFBU_NAVN_MAKS = CfbuType._meta.get_field("navn").max_length or 200


class AktivitetForm(forms.ModelForm):
    formaal_punkter = LinjelisteField(label="Formål i punktform")
    delmaal_punkter = LinjelisteField(label="Aktivitetens egne delmål")
    maalgruppe_punkter = LinjelisteField(label="Målgruppe(r) i punktform")
    kilder = LinjelisteField(label="Kilder", help_text="Én kilde pr. linje.")
    cfbu = forms.CharField(
        label="CFBU-aktivitetstyper",
        required=False,
        max_length=TEKST_MAKS,
        error_messages={"max_length": MSG_TEKST_MAKS},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Typer fra CFBU's inspirations- og videnskatalog, én pr. linje, "
        "f.eks. ”Sociale viceværter”.",
    )
    delmaal = forms.ModelMultipleChoiceField(
        label="Aktiviteten understøtter delmålene",
        queryset=Maal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Aktivitet
        fields = [
            "navn",
            "undertitel",
            "formaal",
            "formaal_punkter",
            "delmaal_punkter",
            "maalgruppe",
            "maalgruppe_punkter",
            "indhold_og_praksis",
            "elementer_titel",
            "ansvar",
            "kilder",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        aktivitet = self.instance
        self.fields["delmaal"].queryset = Maal.objects.filter(aftale_id=aktivitet.delaftale_id)  # type: ignore[attr-defined]
        if aktivitet.pk:
            self.initial["delmaal"] = [led.maal_id for led in aktivitet.delmaal_led.all()]
            self.initial["cfbu"] = "\n".join(led.cfbu_type.navn for led in aktivitet.cfbu_led.all())

    def clean_cfbu(self) -> str:
        tekst: str = self.cleaned_data["cfbu"]
        for navn in tekst.splitlines():
            if len(navn.strip()) > CFBU_NAVN_MAKS:
                raise forms.ValidationError(
                    f"”{navn.strip()[:40]}…” er for langt til en CFBU-aktivitetstype: "
                    f"højst {CFBU_NAVN_MAKS} tegn pr. linje."
                )
        return tekst

    def save(self, commit: bool = True) -> Aktivitet:
        aktivitet = super().save(commit=commit)
        navne = [n.strip() for n in self.cleaned_data["cfbu"].splitlines() if n.strip()]
        aktivitet.cfbu_led.all().delete()
        for nr, navn in enumerate(dict.fromkeys(navne)):
            aktivitet.cfbu_led.create(
                cfbu_type=CfbuType.objects.get_or_create(navn=navn)[0], raekkefoelge=nr
            )
        valgte = {m.pk for m in self.cleaned_data["delmaal"]}
        aktivitet.delmaal_led.exclude(maal_id__in=valgte).delete()
        har = set(aktivitet.delmaal_led.values_list("maal_id", flat=True))
        for nr, maal in enumerate(self.cleaned_data["delmaal"]):
            if maal.pk not in har:
                aktivitet.delmaal_led.create(maal=maal, raekkefoelge=nr)
        return aktivitet


class ElementForm(forms.ModelForm):
    aktoerer = LinjelisteField(label="Aktører", help_text="Én aktør pr. linje.")

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Element
        fields = ["element", "indhold", "aktoerer"]
        widgets = {"indhold": forms.Textarea(attrs={"rows": 3})}


class RolleForm(forms.ModelForm):
    punkter = LinjelisteField(label="Opgaver i punktform")

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Rolle
        fields = ["part", "tekst", "punkter"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 3})}


STANDARD: dict[str, Any] = {**RAEKKER, "formfield_callback": dansk_formfelt}
ElementFormSet = inlineformset_factory(Aktivitet, Element, form=ElementForm, **STANDARD)
RolleFormSet = inlineformset_factory(Aktivitet, Rolle, form=RolleForm, **STANDARD)
FaseFormSet = inlineformset_factory(
    Aktivitet,
    Fase,
    fields=["navn", "periode", "beskrivelse"],
    widgets={"beskrivelse": forms.Textarea(attrs={"rows": 3})},
    **STANDARD,
)
OmfangFormSet = inlineformset_factory(
    Aktivitet,
    Omfang,
    fields=["beskrivelse", "kvalifikator", "antal", "enhed", "pr", "hver"],
    **STANDARD,
)


class DatatabelForm(forms.ModelForm):
    """A table of figures typed as text: one line per row, cells separated by semicolons."""

    indhold = forms.CharField(
        label="Tabel",
        required=False,
        strip=False,
        max_length=TEKST_MAKS,
        error_messages={"max_length": MSG_TEKST_MAKS},
        # static/js/datatabel.js replaces the textarea by a grid that writes this text.
        widget=forms.Textarea(attrs={"rows": 6, "class": "font-monospace", "data-datatabel": ""}),
        help_text="Første linje: kolonneoverskrifter adskilt af semikolon, årstal i parentes, "
        "f.eks. ”Antal beboere 18+ (2020); Antal beboere 65+ (2020)”. Derefter én linje pr. "
        "række: rækkens navn og et tal pr. kolonne, f.eks. ”Nørager; 416; 48”. En række, der "
        "hedder ”Total” eller ”I alt”, vises som totalrække.",
    )

    class Meta:
        formfield_callback = staticmethod(dansk_formfelt)
        model = Datatabel
        fields = ["titel", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["indhold"] = tabel_som_tekst(self.instance)

    def clean_indhold(self) -> str:
        tekst = self.cleaned_data["indhold"]
        if self.cleaned_data.get("titel") and not tekst.strip():
            raise forms.ValidationError("Skriv tabellens overskrifter og rækker.")
        self.tabel = laes_tabel(tekst) if tekst.strip() else None
        return tekst

    def save(self, commit: bool = True) -> Datatabel:
        tabel = super().save(commit=commit)
        if commit and self.tabel is not None:
            gem_tabel(tabel, *self.tabel)
        return tabel


KOLONNE = re.compile(r"^(?P<overskrift>.*?)\s*(\((?P<aar>[0-9]{4})\))?$")
# A figure as a Dane writes it: thousands dots, decimal comma; ASCII digits only.
TAL = re.compile(r"-?[0-9.]*[0-9](,[0-9]+)?", re.ASCII)
_CELLE = DatatabelCelle._meta.get_field("vaerdi")
CELLE_DECIMALER: int = _CELLE.decimal_places  # type: ignore[attr-defined]
CELLE_HELTAL: int = _CELLE.max_digits - CELLE_DECIMALER  # type: ignore[attr-defined]
NAVN_MAKS = 300  # a column heading and a row label (DatatabelKolonne, DatatabelRaekke)


def tabel_som_tekst(tabel: Datatabel) -> str:
    kolonner = list(tabel.kolonner.all())
    linjer = ["; ".join(f"{k.overskrift} ({k.aar})" if k.aar else k.overskrift for k in kolonner)]
    for raekke in tabel.raekker.prefetch_related("celler__kolonne"):
        celler = {c.kolonne_id: c.tekst.replace(".", "") for c in raekke.celler.all()}
        linjer.append("; ".join([raekke.etiket] + [celler.get(k.pk, "") for k in kolonner]))
    return "\n".join(linjer)


def _tjek_tal(celle: str, nr: int) -> None:
    """A cell is stored exactly as typed or refused: never silently rounded or cut."""
    if not TAL.fullmatch(celle):
        raise forms.ValidationError(f"”{celle}” i linje {nr} er ikke et tal (skriv f.eks. 97,7).")
    heltal, _, decimaler = celle.removeprefix("-").replace(".", "").partition(",")
    if len(decimaler) > CELLE_DECIMALER:
        raise forms.ValidationError(
            f"”{celle}” i linje {nr} har for mange decimaler: højst {CELLE_DECIMALER}."
        )
    if len(heltal.lstrip("0")) > CELLE_HELTAL:
        raise forms.ValidationError(
            f"”{celle[:20]}” i linje {nr} er for stort: højst {CELLE_HELTAL} cifre før kommaet."
        )


def _tjek_navn(navn: str, hvad: str) -> None:
    if len(navn) > NAVN_MAKS:
        raise forms.ValidationError(f"{hvad} er for lang: højst {NAVN_MAKS} tegn.")


def laes_tabel(tekst: str) -> tuple[list[tuple[str, int | None]], list[tuple[str, list[str]]]]:
    linjer = [linje for linje in tekst.splitlines() if linje.strip()]
    kolonner = []
    for del_ in linjer[0].split(";"):
        m = KOLONNE.match(del_.strip())
        assert m is not None
        _tjek_navn(m["overskrift"], f"Kolonneoverskriften ”{m['overskrift'][:40]}…”")
        kolonner.append((m["overskrift"], int(m["aar"]) if m["aar"] else None))
    raekker = []
    for nr, linje in enumerate(linjer[1:], start=2):
        celler = [c.strip() for c in linje.split(";")]
        if len(celler) - 1 != len(kolonner):
            raise forms.ValidationError(
                f"Linje {nr} har {len(celler) - 1} tal, men tabellen har {len(kolonner)} kolonner."
            )
        _tjek_navn(celler[0], f"Rækkens navn i linje {nr}")
        for celle in celler[1:]:
            if celle:
                _tjek_tal(celle, nr)
        raekker.append((celler[0], celler[1:]))
    return kolonner, raekker


def gem_tabel(
    tabel: Datatabel, kolonner: list[tuple[str, int | None]], raekker: list[tuple[str, list[str]]]
) -> None:
    tabel.kolonner.all().delete()
    tabel.raekker.all().delete()
    nye_kolonner = [
        DatatabelKolonne.objects.create(tabel=tabel, raekkefoelge=nr, overskrift=o, aar=aar)
        for nr, (o, aar) in enumerate(kolonner)
    ]
    for nr, (etiket, vaerdier) in enumerate(raekker):
        raekke = DatatabelRaekke.objects.create(
            tabel=tabel,
            raekkefoelge=nr,
            etiket=etiket,
            total=etiket.strip().lower() in {"total", "i alt"},
        )
        celler = []
        for kolonne, vaerdi in zip(nye_kolonner, vaerdier, strict=True):
            tal = vaerdi.replace(".", "").replace(",", ".") if vaerdi else ""
            celler.append(
                DatatabelCelle(
                    raekke=raekke,
                    kolonne=kolonne,
                    vaerdi=Decimal(tal) if tal else None,
                    decimaler=decimaler_i(tal) if tal else 0,
                )
            )
        DatatabelCelle.objects.bulk_create(celler)


DatatabelFormSet = inlineformset_factory(Aktivitet, Datatabel, form=DatatabelForm, **STANDARD)
