"""The public check of a protocol PDF: upload a file, learn whether it is genuine.

Anyone may use it, signed in or not. The file is read, checked by
``protocols.pdf.verify`` and dropped: nothing is stored. An upload that is not a
readable PDF, and a PDF that is not an intact protocol issued here, are both shown as
an error at the file field, in the sentence the check gives.
"""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.views.generic import FormView

from .models import ProtocolVersion
from .pdf.verify import VerificationResult, verify_upload

CHOOSE_A_FILE = "Choose the PDF file to check."


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


class VerifyForm(forms.Form):
    """One file; its check is kept on the form as ``result`` once it is cleaned."""

    file = forms.FileField(
        label="PDF file",
        allow_empty_file=True,  # the check gives its own sentence for an empty file
        error_messages={"required": CHOOSE_A_FILE, "invalid": CHOOSE_A_FILE},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result: VerificationResult | None = None
        self.fields["file"].help_text = (
            f"A protocol PDF downloaded from {settings.SERVICE_NAME}, up to "
            f"{megabytes(settings.PDF_UPLOAD_MAX_BYTES)}. The file is checked, then "
            "discarded: it is not kept."
        )
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", "Check the PDF"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.result = verify_upload(upload)
        if not self.result.ok:
            raise forms.ValidationError(self.result.message, code=self.result.outcome.value)
        return upload


def public_page_url(version: ProtocolVersion | None) -> str:
    """Return the public page of the version's protocol while the version is in force."""
    if version is None or version.status not in ProtocolVersion.OPERATIVE_STATUSES:
        return ""
    return reverse("public:protocol_detail", kwargs={"pk": version.protocol_id})


class VerifyView(FormView):
    """Upload a PDF and see whether it is a protocol issued here, intact, and who signed."""

    template_name = "protocols/verify.html"
    form_class = VerifyForm

    def form_valid(self, form):
        return self.render_to_response(self.get_context_data(form=form, result=form.result))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        result = ctx.get("result") or ctx["form"].result
        ctx.update(
            page_title="Check a signed protocol",
            result=result,
            public_url=public_page_url(result.version if result else None),
        )
        return ctx
