"""Domain errors raised by services. Interfaces turn them into form errors, admin messages or a
4xx API body; a service never returns an HTTP response."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the business forbids this. `message` is shown to the user, translated."""

    default_message = _("This action is not allowed.")
    field: str | None = None

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))

    def add_to_form(self, form: Any) -> None:
        """Show this refusal on `form`: on its field when the form has it, else on the form."""
        form.add_error(self.field if self.field in form.fields else None, str(self.message))


class IllegalTransition(DomainError):
    default_message = _("This change of status is not allowed.")

    def __init__(self, obj: object, to: object) -> None:
        current = getattr(obj, "get_status_display", lambda: "?")()
        super().__init__(
            _("Cannot move %(obj)s from “%(current)s” to “%(to)s”.")
            % {"obj": obj, "current": current, "to": getattr(to, "label", to)}
        )
