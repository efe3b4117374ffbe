"""GOV.UK Frontend markup for Django forms: `{% govuk_field form.name %}`, `{% govuk_error_summary form %}`,
`{% govuk_button "Save" %}`. Each field type has its own template under templates/govuk/; this module only picks
the template and works out the ids the error summary links to."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string

from ui.widgets import DateInput

register = template.Library()

INPUT_TYPES = {"text", "email", "tel", "number", "password", "url", "search"}


def field_template(bound: BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, DateInput):
        return "govuk/date_input.html"
    # Before RadioSelect: Django's CheckboxSelectMultiple is a RadioSelect.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "govuk/checkboxes.html"
    if isinstance(widget, forms.RadioSelect):
        return "govuk/radios.html"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk/checkbox.html"
    if isinstance(widget, forms.Textarea):
        return "govuk/textarea.html"
    if isinstance(widget, forms.Select):
        return "govuk/select.html"
    if isinstance(widget, forms.FileInput):
        return "govuk/file_upload.html"
    return "govuk/input.html"


def first_input_id(bound: BoundField) -> str:
    """Where an error summary link for this field should land (GOV.UK: the first input of the group)."""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return bound.auto_id


@register.simple_tag
def govuk_field(bound: BoundField, **options: Any) -> str:
    """Render one field as a GOV.UK form group. Options: label_size ("s", "m", "l") to make the label a page
    heading-like label, classes (extra classes for the input, e.g. "govuk-input--width-10"), inline (radios)."""
    widget = bound.field.widget
    choices = []
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        choices = [
            {
                "id": sub.data["attrs"].get("id") or f"{bound.auto_id}_{index}",
                "value": sub.data["value"],
                "label": sub.data["label"],
                "checked": sub.data["selected"],
            }
            for index, sub in enumerate(bound.subwidgets)
        ]
    elif isinstance(widget, forms.Select):
        value = bound.value()
        values = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        choices = [
            {"value": str(choice_value), "label": label, "selected": str(choice_value) in values}
            for choice_value, label in bound.field.choices
        ]
    input_type = getattr(widget, "input_type", "text")
    context = {
        "field": bound,
        "id": bound.auto_id,
        "name": bound.html_name,
        "label": bound.label,
        "hint": bound.help_text,
        "errors": bound.errors,
        "error_id": f"{bound.auto_id}-error",
        "hint_id": f"{bound.auto_id}-hint",
        "required": bound.field.required,
        "value": bound.value(),
        "input_type": input_type if input_type in INPUT_TYPES else "text",
        "attrs": widget.attrs,
        "choices": choices,
        "label_size": options.get("label_size", ""),
        "classes": options.get("classes", widget.attrs.get("class", "")),
        "inline": options.get("inline", False),
        "autocomplete": widget.attrs.get("autocomplete", ""),
        "rows": widget.attrs.get("rows", 5),
        "maxlength": getattr(bound.field, "max_length", None),
        "maxlength_text": f"{getattr(bound.field, 'max_length', None) or 0:,}",
        "checked": bool(bound.value()) if isinstance(widget, forms.CheckboxInput) else False,
    }
    if isinstance(widget, DateInput):
        context["parts"] = widget.parts(
            bound.form.data if bound.form.is_bound else None, bound.html_name, bound.value()
        )
    return render_to_string(field_template(bound), context)


@register.simple_tag
def govuk_error_summary(*forms_: Any) -> str:
    """One summary at the top of the page, linking each message to its field (WCAG 3.3.1)."""
    items = []
    expanded: list[Any] = []
    for form in forms_:
        if isinstance(form, forms.BaseFormSet):
            if form.is_bound:
                items.extend({"href": "", "message": message} for message in form.non_form_errors())
            expanded.extend(form.forms)
        else:
            expanded.append(form)
    for form in expanded:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "message": message})
        for bound in form:
            for message in bound.errors:
                items.append({"href": f"#{first_input_id(bound)}", "message": message})
    return render_to_string("govuk/error_summary.html", {"items": items}) if items else ""


@register.simple_tag
def govuk_button(text: str, **options: Any) -> str:
    return render_to_string(
        "govuk/button.html",
        {
            "text": text,
            "secondary": options.get("secondary", False),
            "warning": options.get("warning", False),
            "name": options.get("name", ""),
            "value": options.get("value", ""),
            "prevent_double_click": options.get("prevent_double_click", True),
        },
    )


@register.filter
def working_days_phrase(days: int | None) -> str:
    """'in 3 working days', 'due today', '2 working days overdue': the count comes from complaints.calendar."""
    if days is None:
        return ""
    if days == 0:
        return "due today"
    plural = "" if abs(days) == 1 else "s"
    if days > 0:
        return f"in {days} working day{plural}"
    return f"{-days} working day{plural} overdue"
