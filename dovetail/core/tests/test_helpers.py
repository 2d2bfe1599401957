"""The small shared pieces pages rely on: agenda order, downloads, service errors on forms."""

import io
from datetime import date

from django import forms
from django.test import RequestFactory
from openpyxl import load_workbook

from dovetail.core.agenda import AgendaItem, ordered
from dovetail.core.downloads import table_download
from dovetail.core.errors import ServiceError
from dovetail.core.forms import call_service


def test_agenda_puts_urgent_items_first_then_by_due_date():
    today = date(2026, 11, 25)
    later = AgendaItem("later", "", "/", date(2026, 12, 20))
    sooner = AgendaItem("sooner", "", "/", date(2026, 12, 1))
    urgent = AgendaItem("urgent", "", "/", date(2026, 12, 24), urgent=True)
    assert [i.title for i in ordered([later, sooner, urgent], today)] == [
        "urgent",
        "sooner",
        "later",
    ]


def test_table_download_gives_csv_or_excel():
    factory = RequestFactory()
    csv = table_download(factory.get("/x"), "list", ["a", "b"], [[1, "二"]])
    assert csv["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert csv.content.decode() == "a,b\r\n1,二\r\n"
    xlsx = table_download(factory.get("/x?format=xlsx"), "list", ["a", "b"], [[1, "二"]])
    assert xlsx["Content-Disposition"] == 'attachment; filename="list.xlsx"'
    assert list(load_workbook(io.BytesIO(xlsx.content)).active.values) == [("a", "b"), (1, "二")]


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_the_field_they_name():
    form = NameForm({"name": "x"})
    assert form.is_valid()

    def refuse():
        raise ServiceError("Taken.", field="name")

    assert call_service(form, refuse) is None
    assert form.errors == {"name": ["Taken."]}

    def refuse_whole():
        raise ServiceError("No.", field="elsewhere")

    other = NameForm({"name": "y"})
    other.is_valid()
    call_service(other, refuse_whole)
    assert other.non_field_errors() == ["No."]
