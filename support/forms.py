from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type and size)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,.pdf"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


ATTACHMENTS_HELP = _("Images (PNG, JPEG, GIF) or PDF files, up to 5 files of 5 MB each.")


class ConversationForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=ATTACHMENTS_HELP
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    attachments = MultipleFileField(
        label=_("Attachments"), required=False, help_text=ATTACHMENTS_HELP
    )


class CompromiseByEmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your account"))


class CompromiseConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("End all my sessions and API tokens now and make me set a new password by email.")
    )


class AgentReplyForm(forms.Form):
    """The agent's box under the conversation in the admin."""

    ACTIONS = (
        ("reply", _("Reply to the customer")),
        ("reply_resolve", _("Reply and resolve")),
        ("note", _("Add an internal note (never shown to the customer)")),
    )
    action = forms.ChoiceField(label=_("What to do"), choices=ACTIONS, initial="reply")
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6, "cols": 80}))
