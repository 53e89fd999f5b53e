"""allauth's sign-up form with the password help as plain text (ACCOUNT_FORMS["signup"]).

allauth's help text is a `<ul>`, which the form's `<p>` layout puts inside a `<span>` in a `<p>`:
invalid HTML. A module of its own: allauth's forms import ApplicationForm from accounts.forms."""

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.password_validation import password_validators_help_texts


class SignupForm(AllauthSignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].help_text = " ".join(password_validators_help_texts())
