"""What every form of ours says when a required field is empty: the field's name, never Django's "This field is
required." (GOV.UK's error messages: "Enter your full name", "Select the overall decision")."""

from __future__ import annotations

from django import forms

GENERIC_REQUIRED = str(forms.Field.default_error_messages["required"])
PICKED = (forms.ChoiceField, forms.BooleanField, forms.FileField)


def required_message(field: forms.Field) -> str:
    label = str(field.label or "").strip().rstrip("?:.")
    if len(label) > 1 and not label[1].isupper():
        label = label[0].lower() + label[1:]
    return f"{'Select' if isinstance(field, PICKED) else 'Enter'} {label}" if label else "Fill this in"


class ExplainsMissing:
    """Mixed into a form (ours or a library's): its required fields say what is missing by name, unless a field
    sets its own message. Set when validating, so fields a subclass adds in its __init__ are included."""

    fields: dict[str, forms.Field]

    def full_clean(self) -> None:
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == GENERIC_REQUIRED:
                field.error_messages["required"] = required_message(field)
        super().full_clean()  # type: ignore[misc]
