"""The image page's forms: upload one with its texts, change one's texts, place and order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.base import ContentFile

from billeder.behandling import Behandlet, behandl
from billeder.models import Billede, afsnit_for
from delaftaler.models import Aftale

MSG_INGEN_FIL = "Vælg en PNG- eller JPEG-fil."


class _AfsnitMixin(forms.ModelForm):
    def __init__(self, *args: Any, aftale: Aftale, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.aftale = aftale
        self.fields["afsnit"].choices = afsnit_for(aftale)  # type: ignore[attr-defined]
        for felt in self.fields.values():
            felt.error_messages["required"] = f"Udfyld »{felt.label}«."


class BilledeForm(_AfsnitMixin):
    """A new image: the file is checked by its content and stored without its metadata."""

    fil = forms.FileField(
        label="Billedfil (PNG eller JPEG, højst 5 MB)",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )

    class Meta:
        model = Billede
        fields = ["fil", "afsnit", "billedtekst", "alt_tekst", "raekkefoelge"]

    behandlet: Behandlet | None = None

    def clean_fil(self) -> Any:
        fil = self.cleaned_data.get("fil")
        if not fil:
            raise forms.ValidationError(MSG_INGEN_FIL)
        self.behandlet = behandl(fil, getattr(fil, "size", None))
        return fil

    def save(self, commit: bool = True) -> Billede:
        b = self.behandlet
        assert b is not None
        billede: Billede = super().save(commit=False)
        billede.fil = ContentFile(b.indhold, name=f"billede{b.endelse}")
        billede.sha256 = b.sha256
        billede.bredde, billede.hoejde = b.bredde, b.hoejde
        billede.indholdstype = b.indholdstype
        if commit:
            billede.save()
            billede.frys(b.indhold)
        return billede


class BilledeRetForm(_AfsnitMixin):
    """An image's texts, section and place in the order; the file itself stays."""

    class Meta:
        model = Billede
        fields = ["afsnit", "billedtekst", "alt_tekst", "raekkefoelge"]
