"""Form widgets whose wire format does not depend on the reader's language.

An HTML ``<input type="date">`` only accepts ISO ``YYYY-MM-DD`` (and ``datetime-local`` only
``YYYY-MM-DDTHH:MM``), whatever the page's language; the browser shows it in the visitor's own
format. Django's plain ``DateInput`` renders the active locale's first input format instead (in
zh-hans ``1990/05/04``), which the browser treats as empty, so saving the form erased the value.
Every date and time input on our forms uses these widgets; the ISO formats are always accepted
when the form is parsed (they are in every locale's input formats and in Django's defaults).
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_TIME)
