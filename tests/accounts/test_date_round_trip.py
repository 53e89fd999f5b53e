"""Every date input round-trips in every language (issue 14): the form is rendered in the
language, posted back exactly as a browser would, and nothing changes. A date input shows a value
only in ISO format (YYYY-MM-DD) whatever the page's language; in zh-hans Django's plain widget
rendered 1990/05/04, which the browser shows as empty, and saving erased the birthday."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from accounts.forms import ApplicationForm
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ja"]
BIRTHDAY = datetime.date(1990, 5, 4)


def _in_language(client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_profile_saved_unchanged_keeps_the_birthday(client, user, language):
    user.birth_date, user.language = BIRTHDAY, language
    user.save(update_fields=["birth_date", "language"])
    client.force_login(user)
    _in_language(client, language)
    url = reverse("accounts:profile")

    page = client.get(url)
    assert page.headers["Content-Language"] == language
    data, inputs = form_data(page.content.decode())
    assert inputs["birth_date"]["type"] == "date"
    assert inputs["birth_date"]["value"] == "1990-05-04"
    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    user.refresh_from_db()
    assert user.birth_date == BIRTHDAY
    assert user.language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_up_form_shown_again_keeps_the_birthday(language):
    with translation.override(language):
        form = ApplicationForm(data={"birth_date": "1990-05-04"})
        assert not form.is_valid()  # shown again with errors: the typed birthday must stay
        html = str(form["birth_date"])
        data, inputs = form_data(html)

        assert inputs["birth_date"]["type"] == "date"
        again = ApplicationForm(
            data=MultiValueDict({**data, "full_name": ["A"], "accept_terms": ["on"]})
        )
        assert again.is_valid(), again.errors
        assert again.cleaned_data["birth_date"] == BIRTHDAY


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staff_user_page_saved_unchanged_keeps_the_birthday(client, superuser, user, language):
    user.birth_date = BIRTHDAY
    user.save(update_fields=["birth_date"])
    client.force_login(superuser)
    _in_language(client, language)
    url = reverse("admin:accounts_user_change", args=[user.pk])

    page = client.get(url)
    assert page.headers["Content-Language"] == language
    data, _ = form_data(page.content.decode())
    response = client.post(url, {**data, "_save": "1"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.birth_date == BIRTHDAY


def _forms_of_the_project() -> list[type[forms.BaseForm]]:
    import importlib

    found = []
    for app in ("accounts", "parcels", "billing", "privacy", "shipping", "notifications"):
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        found += [
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, forms.BaseForm)
            and obj.__module__ == module.__name__
        ]
    return found


def test_every_date_input_of_our_forms_renders_iso_whatever_the_language():
    """Guards forms added later: a date or time field must use transship.widgets."""
    checked = 0
    for form_class in _forms_of_the_project():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.DateField | forms.DateTimeField | forms.TimeField):
                continue
            checked += 1
            with translation.override("zh-hans"):
                rendered = field.widget.format_value(datetime.datetime(1990, 5, 4, 13, 5))
            assert rendered in ("1990-05-04", "1990-05-04T13:05", "13:05"), (form_class, name)
    assert checked >= 2
