from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django import forms

from complaints.models import CommunicationNeed, Nation, Representative, Resident
from complaints.postcodes import postcode_area, postcode_nation, postcode_normalise
from core.errors import WorkflowError
from core.uploads import DOCUMENT_TYPES, upload_check
from ui.forms import ExplainedForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


WHO_CHOICES = [("me", "Myself"), ("someone_else", "Someone else, with their permission")]
AUTHORITY_CHOICES = [
    (Representative.Authority.VERBAL_CONSENT, "They have asked me to complain for them"),
    (Representative.Authority.SIGNED_MANDATE, "They have signed a form giving me permission"),
    (Representative.Authority.POWER_OF_ATTORNEY, "I have power of attorney"),
    (Representative.Authority.ELECTED_REPRESENTATIVE, "I am their MP or councillor"),
]
MAX_ATTACHMENTS = 5


def attachments_checked(files: list) -> list:
    if len(files) > MAX_ATTACHMENTS:
        raise forms.ValidationError(f"Upload up to {MAX_ATTACHMENTS} files")
    # Checked here too, so each refusal names its file before anything is recorded.
    problems = []
    for upload in files:
        try:
            upload_check(upload, allowed=DOCUMENT_TYPES)
        except WorkflowError as error:
            problems.append(f"{PurePath((upload.name or '').replace(chr(92), '/')).name}: {error.message}")
    if problems:
        raise forms.ValidationError(problems)
    return files


class ComplaintForm(ExplainedForm):
    """The public complaint form. Required fields are few: we must be able to understand the complaint, know
    the home's nation (its working days and rules) and reach the person complaining."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see (hidden by CSS, out of the tab order); bots that fill every box fill it.
    website = forms.CharField(
        required=False,
        label="Leave this box empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    what_happened = forms.CharField(
        label="What happened?",
        help_text="Tell us what went wrong, when it happened and who was involved. You do not need to use the "
        "word complaint.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        error_messages={"required": "Tell us what happened"},
    )
    outcome_wanted = forms.CharField(
        label="What would you like us to do to put things right?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Tell us what you would like us to do to put things right"},
    )
    who = forms.ChoiceField(
        label="Who is the complaint for?",
        choices=WHO_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the complaint is for"},
    )
    name = forms.CharField(
        label="Your full name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        help_text="We will email you a receipt with your complaint reference.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        label="Your phone number",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How would you like us to contact you?",
        choices=Resident.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you would like us to contact you"},
    )
    resident_name = forms.CharField(
        label="Their full name",
        required=False,
        max_length=200,
        help_text="Only if you are complaining for someone else.",
    )
    relationship = forms.CharField(
        label="Your relationship to them",
        required=False,
        max_length=100,
        help_text="For example, daughter, support worker or friend.",
    )
    authority = forms.ChoiceField(
        label="How have they given you permission to complain for them?",
        required=False,
        choices=AUTHORITY_CHOICES,
        widget=forms.RadioSelect,
    )
    address = forms.CharField(
        label="Address of the home",
        help_text="The home the complaint is about.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
        max_length=500,
        error_messages={"required": "Enter the address of the home"},
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the postcode of the home"},
    )
    # Asked only when the postcode's area crosses a border (complaints.postcodes); otherwise the postcode decides.
    nation = forms.ChoiceField(
        label="Which country is the home in?",
        help_text="Bank holidays differ between the four nations, so this sets our deadlines. In Scotland a "
        "different complaints procedure applies.",
        choices=Nation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    communication_needs = forms.MultipleChoiceField(
        label="Do you need us to contact you in any of these ways?",
        required=False,
        choices=[(need.value, need.label) for need in CommunicationNeed if need != CommunicationNeed.OTHER],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Only the complaints team will see this.",
    )
    language = forms.CharField(
        label="If you need another language, which language?",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    needs = forms.CharField(
        label="Is there anything else we should do differently because of a disability or another need?",
        required=False,
        help_text="For example, an interpreter at meetings, or visits only in the morning. Only the complaints team "
        "will see this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    attachments = MultipleFileField(
        label="Upload photos or documents",
        required=False,
        help_text=f"Up to {MAX_ATTACHMENTS} files, each smaller than 20 MB: PDF, Word, text, photos or audio.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"token": uuid.uuid4()})
        super().__init__(*args, **kwargs)
        # Shown again once asked, so the answer given is kept on a form sent back for another mistake.
        self.ask_nation = bool(self.data.get("nation"))

    def clean_postcode(self) -> str:
        postcode = postcode_normalise(self.cleaned_data["postcode"])
        if not postcode_area(postcode):
            raise forms.ValidationError("Enter a UK postcode, like SW1A 1AA")
        return postcode

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_attachments(self) -> list:
        return attachments_checked(self.cleaned_data["attachments"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        method = data.get("preferred_contact")
        if method == Resident.ContactMethod.EMAIL and not data.get("email"):
            self.add_error("email", "Enter your email address, as you would like us to contact you by email")
        if method in {Resident.ContactMethod.PHONE, Resident.ContactMethod.TEXT} and not data.get("phone"):
            self.add_error("phone", "Enter your phone number, as you would like us to contact you by phone or text")
        if data.get("postcode"):
            derived = postcode_nation(data["postcode"])
            if derived:
                data["nation"] = derived
            else:
                self.ask_nation = True
                if not data.get("nation"):
                    self.add_error(
                        "nation",
                        f"Select which country the home is in: {postcode_area(data['postcode'])} postcodes cover "
                        "homes on both sides of the border",
                    )
        needs = data.get("communication_needs") or []
        if data.get("language") and CommunicationNeed.OTHER_LANGUAGE not in needs:
            data["communication_needs"] = [*needs, CommunicationNeed.OTHER_LANGUAGE]
        elif CommunicationNeed.OTHER_LANGUAGE in needs and not data.get("language"):
            self.add_error("language", "Enter the language you need")
        if data.get("who") == "someone_else":
            if not data.get("resident_name"):
                self.add_error("resident_name", "Enter the full name of the person you are complaining for")
            if not data.get("relationship"):
                self.add_error("relationship", "Enter your relationship to the person you are complaining for")
            if not data.get("authority"):
                self.add_error("authority", "Select how they have given you permission to complain for them")
        return data


class CheckForm(ExplainedForm):
    reference = forms.CharField(
        label="Complaint reference",
        help_text="For example, CMP-000123. It is in the email or letter we sent you.",
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"required": "Enter your complaint reference"},
    )
    email_or_postcode = forms.CharField(
        label="Email address or postcode",
        help_text="The email address you gave us, or the postcode of the home.",
        max_length=254,
        error_messages={"required": "Enter the email address you gave us or the postcode of the home"},
    )


class CodeForm(ExplainedForm):
    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code in the email we have just sent you.",
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
        error_messages={"required": "Enter the code from the email we sent you"},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the code from the email: 6 numbers, like 123456")
        return code


class Stage2Form(ExplainedForm):
    why = forms.CharField(
        label="Why are you not happy with our response? (optional)",
        help_text="You do not need to give a reason, but it can help us to look at the right things.",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class InformationForm(ExplainedForm):
    text = forms.CharField(
        label="What do you want to tell us?",
        help_text="For example, something that has happened since you complained, or something we asked you for.",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    files = MultipleFileField(
        label="Upload photos or documents (optional)",
        required=False,
        help_text=f"Up to {MAX_ATTACHMENTS} files, each smaller than 20 MB: PDF, Word, text, photos or audio.",
    )

    def clean_files(self) -> list:
        return attachments_checked(self.cleaned_data["files"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("files") and "files" not in self.errors:
            self.add_error("text", "Tell us what you want to add, or choose a file to send")
        return data
