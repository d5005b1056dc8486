from django import forms

from varsler.models import Indstilling


class IndstillingForm(forms.ModelForm):
    class Meta:
        model = Indstilling
        fields = ["modtag_mails"]
        labels = {"modtag_mails": "Send mig e-mails fra LBF-aftaler"}
        widgets = {"modtag_mails": forms.CheckboxInput(attrs={"class": "form-check-input"})}
