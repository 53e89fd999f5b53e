from django import forms

from transship.errors import DomainError


class OneFieldForm(forms.Form):
    amount = forms.IntegerField()


def test_a_refusal_about_a_field_of_the_form_shows_on_that_field():
    form = OneFieldForm(data={"amount": "5"})
    form.is_valid()

    DomainError("Too much.", field="amount").add_to_form(form)

    assert form.errors == {"amount": ["Too much."]}


def test_a_refusal_about_anything_else_shows_on_the_whole_form():
    form = OneFieldForm(data={"amount": "5"})
    form.is_valid()

    DomainError("Not now.", field="no_such_field").add_to_form(form)

    assert form.non_field_errors() == ["Not now."]
    assert "amount" not in form.errors
