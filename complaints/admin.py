"""The administrator's data: regimes, calendars and choice lists. Case data is not in the admin: it is worked
through the services, which enforce the Code and keep special-category data from people who do not need it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html_join

from complaints.models import (
    Category,
    Channel,
    ClosureDay,
    LetterTemplate,
    NationRegime,
    RefusalReason,
    Regime,
    RegimeStage,
    RemedyKind,
    Team,
)
from complaints.services.deadlines import closure_day_delete, closure_day_save
from complaints.services.letters import (
    MERGE_FIELDS,
    TEMPLATE_PARTS,
    letter_template_preview,
    letter_template_update,
    merge_field_problems,
)
from complaints.services.regimes import nation_regime_choose, nation_regime_needs_choice, regimes_for
from core import roles
from core.errors import WorkflowError


@admin.register(Channel, Category)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active", "order"]
    list_editable = ["active", "order"]


@admin.register(Team)
class TeamAdmin(ReferenceItemAdmin):
    filter_horizontal = ["members"]

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "members":
            # Only the people who can own a complaint belong to a team that owns complaints.
            kwargs["queryset"] = roles.role_holders(roles.OFFICER, roles.SENIOR_MANAGER).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(RefusalReason)
class RefusalReasonAdmin(ReferenceItemAdmin):
    list_display = [*ReferenceItemAdmin.list_display, "requires_discretion_note"]


@admin.register(RemedyKind)
class RemedyKindAdmin(ReferenceItemAdmin):
    list_display = [*ReferenceItemAdmin.list_display, "is_financial"]


class RegimeStageInline(admin.StackedInline):
    model = RegimeStage
    extra = 0
    max_num = 2


@admin.register(Regime)
class RegimeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ombudsman_name", "nations", "may_move_to_investigation"]
    inlines = [RegimeStageInline]


class NationRegimeForm(forms.ModelForm):
    """Offers only the regimes that cover the nation: the Housing Ombudsman's scheme does not reach Scotland."""

    class Meta:
        model = NationRegime
        fields = ["regime"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["regime"].queryset = regimes_for(self.instance.nation)


@admin.register(NationRegime)
class NationRegimeAdmin(admin.ModelAdmin):
    """One row per nation, made by a migration. Saving records who chose the regime, and when."""

    form = NationRegimeForm
    list_display = ["nation", "regime", "ombudsman", "choice"]
    readonly_fields = ["nation", "ombudsman", "choice"]
    fields = ["nation", "regime", "ombudsman", "choice"]

    @admin.display(description="Ombudsman named in letters")
    def ombudsman(self, obj: NationRegime) -> str:
        return obj.regime.ombudsman_name

    @admin.display(description="Chosen")
    def choice(self, obj: NationRegime) -> str:
        if nation_regime_needs_choice(obj):
            return "Not chosen yet: choose the regime for this nation's homes"
        if obj.chosen_at is None:
            return "The only regime for this nation"
        return f"By {obj.chosen_by} on {obj.chosen_at:%-d %B %Y}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        nation_regime_choose(actor=request.user, nation=obj.nation, regime=form.cleaned_data["regime"])


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    """Saving or deleting a closure day moves the open deadlines it affects, and records that on each case."""

    list_display = ["date", "name", "nations"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change) -> None:
        moved = closure_day_save(closure=obj, actor=request.user)
        messages.info(request, f"Due dates moved on {moved} open complaint stage(s).")

    def delete_model(self, request, obj) -> None:
        moved = closure_day_delete(closure=obj, actor=request.user)
        messages.info(request, f"Due dates moved on {moved} open complaint stage(s).")

    def delete_queryset(self, request, queryset) -> None:
        for closure in queryset:
            self.delete_model(request, closure)


class LetterTemplateForm(forms.ModelForm):
    """Refuses wording the letters cannot use, beside the part at fault: unknown merge fields, tags, filters."""

    class Meta:
        model = LetterTemplate
        fields = list(TEMPLATE_PARTS)

    def clean(self) -> dict:
        data = super().clean()
        for name in TEMPLATE_PARTS:
            for problem in merge_field_problems(data.get(name) or ""):
                self.add_error(name, ValidationError(problem))
        return data


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """One template per kind of letter, created by a migration. The parts the Code requires are not here: the
    system writes them from the case, so no edit can leave one out."""

    form = LetterTemplateForm
    list_display = ["kind", "subject", "version", "updated_at"]
    readonly_fields = ["kind", "version", "merge_fields", "preview"]
    fields = [
        "kind",
        "version",
        "subject",
        "opening",
        "closing",
        "other_formats",
        "signature",
        "merge_fields",
        "preview",
    ]

    @admin.display(description="Merge fields you can use")
    def merge_fields(self, obj: LetterTemplate | None) -> str:
        return format_html_join(
            "", "<p><code>{{{{ {} }}}}</code>: {}</p>", ((name, meaning) for name, meaning in MERGE_FIELDS.items())
        )

    @admin.display(description="Preview of the saved wording, with example values")
    def preview(self, obj: LetterTemplate | None) -> str:
        if obj is None or not obj.pk:
            return ""
        try:
            parts = letter_template_preview(obj)
        except WorkflowError as error:
            return error.message
        return format_html_join(
            "",
            "<p><strong>{}</strong><br>{}</p>",
            ((name.capitalize(), linebreaksbr(text)) for name, text in parts.items()),
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        letter_template_update(
            actor=request.user, template=obj.pk, **{name: form.cleaned_data[name] for name in TEMPLATE_PARTS}
        )
