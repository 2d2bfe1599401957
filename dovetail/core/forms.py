"""Helpers shared by the apps' page forms."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from dovetail.core.errors import ServiceError
from dovetail.core.uploads import UploadKind, check_upload


def call_service(form, call):
    """Run ``call`` for a valid form; on a ServiceError, show it on the field it names."""
    try:
        return call()
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def run_action(request, call, *, done):
    """Run the service call a button asked for, then say ``done`` (or ``done(result)``) or why
    it was refused; the page it came from is shown again either way."""
    try:
        result = call()
    except ServiceError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, done(result) if callable(done) else done)
    return result


class UploadField(forms.FileField):
    """A file input that accepts only its upload kind: size first, then the real format."""

    def __init__(self, *, kind: UploadKind, **kwargs):
        self.kind = kind
        kwargs.setdefault("widget", self.widget(attrs={"accept": kind.accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                check_upload(upload, self.kind)
            except ServiceError as error:
                raise forms.ValidationError(error.message, code=error.code) from None
        return upload


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (YYYY-MM-DD), whatever the page's language:
    ``<input type=date>`` shows nothing for a locale-formatted value."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def form_page(request, form, *, title, subtitle, save, done: str, next_url):
    """The usual form page: on a valid POST call ``save(cleaned_data)`` (a service call), then
    say ``done`` and go to ``next_url`` (or to ``next_url(saved)``); otherwise show the form
    with its errors."""
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, lambda: save(form.cleaned_data))
        if saved is not None:
            messages.success(request, done)
            return redirect(next_url(saved) if callable(next_url) else next_url)
    multipart = any(isinstance(field, forms.FileField) for field in form.fields.values())
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "subtitle": subtitle, "multipart": multipart},
    )
