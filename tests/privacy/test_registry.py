"""The personal data registry: every model that could hold a resident's words is declared or known not to, and a
declaration is all it takes for a model's data to be exported and anonymised."""

from __future__ import annotations

import pghistory.models
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from complaints.models import Complaint
from learning.models import LearningPoint, Theme
from learning.services import learning_point_record
from privacy import anonymise, registry
from privacy.anonymise import REMOVED
from privacy.models import Anonymisation
from privacy.registry import PersonalData, declare
from privacy.subject_access import resident_personal_data
from tests.test_layers import LAYER_OF

# Free text in our models that is not about a resident, and why. A new model or field with free text must be
# declared (privacy.registry) or added here with its reason.
NOT_PERSONAL = {
    # Reference data and settings an administrator keeps.
    "complaints.Channel": "reference data",
    "complaints.Category": "reference data",
    "complaints.Team": "reference data",
    "complaints.RefusalReason": "reference data",
    "complaints.RemedyKind": "reference data",
    "complaints.Regime": "the procedure and the Ombudsman's contact details",
    "complaints.RegimeStage": "the procedure",
    "complaints.ClosureDay": "the landlord's closure days",
    "complaints.LetterTemplate": "the wording of letters, with placeholders for the case's details",
    "learning.Theme": "reference data",
    "public_pages.PublicPage": "the residents' pages an administrator writes",
    # The landlord's own accounts of its service, written for the board, staff and residents at large.
    "learning.ServiceImprovement": "what the landlord changed, not who complained",
    "learning.ReportBack": "how a change was reported back",
    "selfassessment.CodeVersion": "the Code",
    "selfassessment.CodeSection": "the Code",
    "selfassessment.Provision": "the Code",
    "selfassessment.ProvisionItem": "the Code",
    "selfassessment.PolicyDocument": "the landlord's policies",
    "selfassessment.PolicySection": "the landlord's policies",
    "selfassessment.SelfAssessment": "the landlord's assessment against the Code",
    "selfassessment.AssessmentRow": "the landlord's assessment against the Code",
    "selfassessment.EvidenceItem": "evidence of the landlord's compliance",
    "selfassessment.LiveFigure": "counts, and the references of the cases behind them",
    "reporting.AnnualReport": "the annual report's figures and commentary",
    "reporting.ReportRender": "the state of a report being drawn",
    # Staff, not residents.
    "identity.SecurityEvent": "the sign-in log of staff accounts",
    # Identifiers, digests and the system's own wording.
    "complaints.Complaint.reference": "the landlord's reference for the case",
    "complaints.ServiceRequest.reference": "the landlord's reference for the request",
    "complaints.Document.content_type": "the kind of file",
    "complaints.Document.sha256": "the file's digest",
    "ombudsman.OmbudsmanReferral.ombudsman_reference": "the Ombudsman's case number",
    "ombudsman.HandlingFailureOrder.ombudsman_reference": "the Ombudsman's case number",
    "complaints.OutgoingMessage.message_id": "the email's Message-ID, made by the landlord's system",
    "inbound.InboundEmail.message_id": "the email's Message-ID, made by the sender's mail system",
    "complaints.Response.next_step": "the procedure's next step, from the regime",
    "complaints.CaseEvent.from_status": "a status",
    "complaints.CaseEvent.to_status": "a status",
    "surveys.Survey.token_hash": "the digest of the link the resident was sent",
    "privacy.SpecialCategoryView.shown_on": "a page's name: never names or data",
    "notes.Draft.form": "the name of a case action",
    "notes.Draft.field": "the name of a form's field",
    "alerts.Alert.email_subject": "never a resident's name (alerts.models)",
    "alerts.Alert.email_body": "never a resident's name (alerts.models)",
    "alerts.Alert.email_error": "the mail server's answer",
    "reporting.FigureDay.figure": "the name of a figure",
    "reporting.FigureDay.breakdown": "the name of a breakdown",
    "reporting.FigureDay.key": "a stage number, a nation or a row's id: counts, never a person",
    "complaints.SearchName.text": (
        "the search's copy of residents' and representatives' names and homes' addresses, kept by triggers: "
        "a name leaves it when nobody has it, so anonymising the person removes it (tests/complaints/test_search.py)"
    ),
}


def our_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in LAYER_OF and not issubclass(model, pghistory.models.Event)
    ]


def free_text(model: type[models.Model]) -> list[str]:
    """Fields a person could write a name into: text of any kind, files and JSON, but not a fixed list of choices."""
    kinds = (models.CharField, models.TextField, models.FileField, models.JSONField)
    return [f.name for f in model._meta.concrete_fields if isinstance(f, kinds) and not f.choices and not f.primary_key]


def covered(declaration: PersonalData) -> set[str]:
    return {*declaration.remove, *declaration.redact, *(declaration.then.removes if declaration.then else ())}


def test_every_model_with_free_text_is_declared_or_known_not_to_be_personal():
    declared = {d.model: covered(d) for d in registry.declared()}
    missed = [
        f"{model._meta.label}.{name}"
        for model in our_models()
        for name in free_text(model)
        if name not in declared.get(model, set())
        and model._meta.label not in NOT_PERSONAL
        and f"{model._meta.label}.{name}" not in NOT_PERSONAL
    ]
    assert missed == [], "Declare how these are anonymised (privacy.registry), or say here why they are not personal."


def test_what_is_known_not_to_be_personal_exists_and_is_not_also_removed():
    fields = {f"{model._meta.label}.{name}" for model in our_models() for name in free_text(model)}
    labels = {model._meta.label for model in our_models()}
    removed = {f"{d.model._meta.label}.{name}" for d in registry.declared() for name in covered(d)}
    assert [entry for entry in NOT_PERSONAL if entry not in fields | labels] == []
    assert [entry for entry in NOT_PERSONAL if entry in removed] == []


def test_every_declared_record_belongs_to_a_complaint_or_a_resident():
    for declaration in registry.declared():
        owner, _ = registry.whose(declaration)
        assert owner._meta.label in {"complaints.Complaint", "complaints.Resident"}, declaration.model


def test_a_model_cannot_be_declared_twice(declarations):
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        declare(PersonalData(Complaint, via="resident"))


@pytest.fixture
def declarations(monkeypatch) -> dict:
    """The registry as the apps declared it, for this test to change."""
    copy = dict(registry._DECLARED)
    monkeypatch.setattr(registry, "_DECLARED", copy)
    return copy


@pytest.fixture
def learning_point(officer, resident, log_complaint) -> LearningPoint:
    complaint = log_complaint(resident=resident)
    return learning_point_record(
        actor=officer,
        complaint=complaint,
        theme=Theme.objects.get(code="contractors"),
        learning=f"Contractors let {resident.name} down",
    )


def test_a_model_no_app_declares_is_neither_exported_nor_anonymised(declarations, resident, learning_point):
    declarations.pop(LearningPoint)

    data, _ = resident_personal_data(resident)
    anonymise.complaints_anonymise(complaints=[learning_point.complaint], cause=Anonymisation.Cause.ERASURE)

    assert "learning_points" not in data["complaints"][0]
    assert LearningPoint.objects.get().learning == f"Contractors let {resident.name} down"


def test_a_declaration_is_all_it_takes_to_export_and_anonymise_a_model_and_its_history(
    declarations, resident, learning_point
):
    declarations.pop(LearningPoint)
    declare(
        PersonalData(
            LearningPoint,
            via="complaint",
            export="lessons",
            order=115,
            shows=("learning",),
            remove={"learning": REMOVED},
        )
    )

    data, _ = resident_personal_data(resident)
    anonymise.complaints_anonymise(complaints=[learning_point.complaint], cause=Anonymisation.Cause.ERASURE)

    assert data["complaints"][0]["lessons"] == [{"learning": f"Contractors let {resident.name} down"}]
    assert list(data["complaints"][0])[-2:] == ["lessons", "timeline"]
    assert LearningPoint.objects.get().learning == REMOVED
    assert set(LearningPoint.pgh_event_model.objects.values_list("learning", flat=True)) == {REMOVED}
