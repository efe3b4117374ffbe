"""REST API for self-assessments and the Code's provisions. Thin: validate the shape, call a service or selector,
present the result. A published assessment is public (Code 8.2); everything else needs the role that may see it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from complaints.models import Complaint
from core.api import CodeField
from selfassessment import importer, services
from selfassessment.models import (
    AssessmentRow,
    CodeVersion,
    EvidenceItem,
    LiveFigure,
    PolicyDocument,
    PolicySection,
    Provision,
    ProvisionItem,
    SelfAssessment,
)
from selfassessment.outputs import evidence_text
from selfassessment.selectors import assessment_rows, assessments_visible_to


class ProvisionItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProvisionItem
        fields = ["label", "text"]


class ProvisionSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="section.number", read_only=True)
    section_title = serializers.CharField(source="section.title", read_only=True)
    items = ProvisionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Provision
        fields = ["number", "section", "section_title", "requirement", "items", "obligation"]


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class LiveFigureSerializer(serializers.ModelSerializer):
    summary = serializers.CharField(read_only=True)
    cases_met = serializers.SerializerMethodField()
    cases_not_met = serializers.SerializerMethodField()

    class Meta:
        model = LiveFigure
        fields = [
            "key",
            "provisions",
            "label",
            "numerator",
            "denominator",
            "summary",
            "proposed",
            "computed_at",
            "cases_met",
            "cases_not_met",
        ]

    def _may_list(self, figure: LiveFigure) -> bool:
        # The cases behind a figure are for the people who handle them; the board and the public see counts.
        user = self.context["request"].user
        permission = "complaints.view_special_category" if figure.special_category else "complaints.view_all_complaints"
        return bool(user.is_authenticated and user.has_perm(permission))

    @extend_schema_field(CaseRefSerializer(many=True, allow_null=True))
    def get_cases_met(self, figure: LiveFigure) -> list[dict[str, Any]] | None:
        return figure.cases_met if self._may_list(figure) else None

    @extend_schema_field(CaseRefSerializer(many=True, allow_null=True))
    def get_cases_not_met(self, figure: LiveFigure) -> list[dict[str, Any]] | None:
        return figure.cases_not_met if self._may_list(figure) else None


class EvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    case_reference = serializers.CharField(allow_null=True)
    figure_key = serializers.CharField(allow_blank=True)
    checked_on = serializers.DateField(allow_null=True)


class AssessmentRowSerializer(serializers.ModelSerializer):
    provision = serializers.CharField(source="provision.number", read_only=True)
    section = serializers.IntegerField(source="provision.section.number", read_only=True)
    requirement = serializers.CharField(source="provision.full_text", read_only=True)
    evidence = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentRow
        fields = [
            "provision",
            "section",
            "requirement",
            "complies",
            "commentary",
            "comply_by",
            "revision",
            "evidence",
            "figures",
        ]

    @extend_schema_field(EvidenceSerializer(many=True))
    def get_evidence(self, row: AssessmentRow) -> list[dict[str, Any]]:
        figures = self.context["figures_by_key"]
        return [
            {
                "kind": item.kind,
                "text": evidence_text(item, figures),
                "url": item.url,
                "case_reference": item.complaint.reference if item.complaint_id else None,
                "figure_key": item.figure_key,
                "checked_on": item.checked_on,
            }
            for item in row.evidence.all()
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_figures(self, row: AssessmentRow) -> list[str]:
        """Keys of the live figures that bear on this provision."""
        return [
            key for key, figure in self.context["figures_by_key"].items() if row.provision.number in figure.provisions
        ]


class SelfAssessmentSerializer(serializers.ModelSerializer):
    code_version = serializers.SlugRelatedField(slug_field="code", read_only=True)
    amends = serializers.PrimaryKeyRelatedField(read_only=True)
    carried_forward_from = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SelfAssessment
        fields = [
            "id",
            "title",
            "code_version",
            "period_start",
            "period_end",
            "reason",
            "reason_detail",
            "status",
            "version",
            "amends",
            "carried_forward_from",
            "approved_on",
            "minute_reference",
            "governing_body_response",
            "published_on",
            "revision",
        ]


class SelfAssessmentDetailSerializer(SelfAssessmentSerializer):
    rows = serializers.SerializerMethodField()
    figures = serializers.SerializerMethodField()

    class Meta(SelfAssessmentSerializer.Meta):
        fields = [*SelfAssessmentSerializer.Meta.fields, "figures", "rows"]

    @extend_schema_field(LiveFigureSerializer(many=True))
    def get_figures(self, assessment: SelfAssessment) -> list[dict[str, Any]]:
        return LiveFigureSerializer(self.context["figures_by_key"].values(), many=True, context=self.context).data

    @extend_schema_field(AssessmentRowSerializer(many=True))
    def get_rows(self, assessment: SelfAssessment) -> list[dict[str, Any]]:
        return AssessmentRowSerializer(assessment_rows(assessment), many=True, context=self.context).data


class AssessmentCreateSerializer(serializers.Serializer):
    code_version = CodeField(slug_field="code", queryset=CodeVersion.objects.all())
    title = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    reason = serializers.ChoiceField(choices=SelfAssessment.Reason.choices, default=SelfAssessment.Reason.ANNUAL)
    reason_detail = serializers.CharField(required=False, allow_blank=True, default="")
    carry_forward = serializers.BooleanField(default=True)


class RowUpdateSerializer(serializers.Serializer):
    complies = serializers.ChoiceField(choices=AssessmentRow.Complies.choices)
    commentary = serializers.CharField(required=False, allow_blank=True, default="")
    comply_by = serializers.DateField(required=False, allow_null=True, default=None)
    # The row's revision as last read: a later save by someone else answers 409 and nothing is saved.
    revision = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class ApprovalSerializer(serializers.Serializer):
    approved_on = serializers.DateField()
    minute_reference = serializers.CharField(max_length=100)
    governing_body_response = serializers.CharField(required=False, allow_blank=True, default="")
    # The assessment's revision as last read: if it went back to draft since (and perhaps came back changed), 409
    # and nothing is recorded.
    revision = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0)


class PublishSerializer(serializers.Serializer):
    published_on = serializers.DateField()
    governing_body_response = serializers.CharField(required=False, allow_blank=True, default="")


class AmendSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=SelfAssessment.Reason.choices)
    reason_detail = serializers.CharField()


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()


class ImportProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    provision = serializers.CharField()
    reason = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    imported = serializers.ListField(child=serializers.CharField())
    not_imported = ImportProblemSerializer(many=True)
    warnings = ImportProblemSerializer(many=True)


class EvidenceInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EvidenceItem.Kind.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    policy_section = serializers.PrimaryKeyRelatedField(
        queryset=PolicySection.objects.all(), required=False, allow_null=True, default=None
    )
    file = serializers.FileField(required=False, allow_null=True, default=None)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    complaint = CodeField(
        slug_field="reference", queryset=Complaint.objects.all(), required=False, allow_null=True, default=None
    )
    figure_key = serializers.CharField(required=False, allow_blank=True, default="")


class PolicySectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicySection
        fields = ["id", "reference", "title"]


class PolicyDocumentSerializer(serializers.ModelSerializer):
    sections = PolicySectionSerializer(many=True, read_only=True)

    class Meta:
        model = PolicyDocument
        fields = ["id", "title", "version", "approved_on", "filename", "sections"]


class PolicyDocumentInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    version = serializers.CharField(max_length=50)
    approved_on = serializers.DateField()
    file = serializers.FileField()
    sections = serializers.ListField(
        child=serializers.CharField(),
        help_text='Each numbered section, clause or page as "reference: title", for example "4: What a complaint is".',
    )


class PolicyDocumentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Policy documents, uploaded once and cited as evidence by any number of assessment rows."""

    serializer_class = PolicyDocumentSerializer
    ordering = ["title", "-approved_on"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PolicyDocument.objects.none()
        if not self.request.user.has_perm("selfassessment.view_assessment"):
            raise PermissionDenied("Your role cannot see the policy documents.")
        return PolicyDocument.objects.prefetch_related("sections")

    @extend_schema(
        request={"multipart/form-data": PolicyDocumentInputSerializer}, responses={201: PolicyDocumentSerializer}
    )
    def create(self, request: Request) -> Response:
        # Someone who may not upload hears that, not what was wrong with their input.
        if not request.user.has_perm("selfassessment.manage_policy_documents"):
            raise PermissionDenied("Your role cannot upload policy documents.")
        serializer = PolicyDocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sections = []
        for line in data["sections"]:
            reference, _, title = line.partition(":")
            sections.append(services.SectionInput(reference=reference.strip(), title=title.strip()))
        document = services.policy_document_upload(
            actor=request.user,
            title=data["title"],
            version=data["version"],
            approved_on=data["approved_on"],
            upload=data["file"],
            sections=sections,
        )
        return Response(PolicyDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


def _problems(rows: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    return [{"line": line, "provision": number, "reason": reason} for line, number, reason in rows]


ACTION_PERMISSIONS = {
    "create": "selfassessment.prepare_assessment",
    "row": "selfassessment.prepare_assessment",
    "evidence": "selfassessment.prepare_assessment",
    "amend": "selfassessment.prepare_assessment",
    "import_rows": "selfassessment.prepare_assessment",
    "approve": "selfassessment.approve_assessment",
    "publish": "selfassessment.publish_assessment",
}
ACTION_REFUSALS = {
    "selfassessment.prepare_assessment": "Your role cannot prepare self-assessments.",
    "selfassessment.approve_assessment": "Only the governing body can approve the assessment.",
    "selfassessment.publish_assessment": "Your role cannot publish the assessment.",
}


class SelfAssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Self-assessments against the Code (Appendix B). Anyone may read a published one."""

    permission_classes = [AllowAny]
    serializer_class = SelfAssessmentSerializer
    filterset_fields = ["status", "code_version__code"]
    ordering = ["-period_end", "-version", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SelfAssessment.objects.none()
        return assessments_visible_to(self.request.user)

    def get_serializer_class(self):
        return SelfAssessmentDetailSerializer if self.action == "retrieve" else SelfAssessmentSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action == "retrieve" and not getattr(self, "swagger_fake_view", False):
            assessment = self.get_object()
            context["figures_by_key"] = {figure.key: figure for figure in assessment.figures.all()}
        return context

    def _present(self, assessment: SelfAssessment, code: int = status.HTTP_200_OK) -> Response:
        self.action = "retrieve"
        self.kwargs["pk"] = assessment.pk
        return Response(self.get_serializer(assessment).data, status=code)

    def _valid(self, serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
        # Someone who may not do this hears that, not what was wrong with their input (the service checks again,
        # with the assessment).
        permission = ACTION_PERMISSIONS[self.action]
        if not request.user.has_perm(permission):
            raise PermissionDenied(ACTION_REFUSALS[permission])
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _assessment(self) -> SelfAssessment:
        return get_object_or_404(SelfAssessment.objects.all(), pk=self.kwargs["pk"])

    @extend_schema(request=AssessmentCreateSerializer, responses={201: SelfAssessmentDetailSerializer})
    def create(self, request: Request) -> Response:
        data = self._valid(AssessmentCreateSerializer, request)
        assessment = services.assessment_create(actor=request.user, **data)
        return self._present(assessment, status.HTTP_201_CREATED)

    @extend_schema(
        request=RowUpdateSerializer, responses={200: SelfAssessmentDetailSerializer}, summary="Answer one provision"
    )
    @action(detail=True, methods=["post"], url_path=r"rows/(?P<provision>\d+\.\d+)")
    def row(self, request: Request, pk: str, provision: str) -> Response:
        data = self._valid(RowUpdateSerializer, request)
        row = get_object_or_404(AssessmentRow, assessment_id=pk, provision__number=provision)
        revision = data.pop("revision")
        services.assessment_row_update(actor=request.user, row=row, expected_revision=revision, **data)
        return self._present(self._assessment())

    @extend_schema(
        request={"multipart/form-data": EvidenceInputSerializer, "application/json": EvidenceInputSerializer},
        responses={201: SelfAssessmentDetailSerializer},
        summary="Add evidence to one provision: a policy section, a file, a web address, a case or a live figure",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"rows/(?P<provision>\d+\.\d+)/evidence",
        parser_classes=[MultiPartParser, JSONParser],
    )
    def evidence(self, request: Request, pk: str, provision: str) -> Response:
        data = self._valid(EvidenceInputSerializer, request)
        row = get_object_or_404(
            AssessmentRow.objects.select_related("provision"), assessment_id=pk, provision__number=provision
        )
        services.evidence_add(
            actor=request.user,
            row=row,
            kind=data["kind"],
            description=data["description"],
            policy_section=data["policy_section"],
            upload=data["file"],
            url=data["url"],
            complaint=data["complaint"],
            figure_key=data["figure_key"],
        )
        return self._present(self._assessment(), status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: SelfAssessmentDetailSerializer}, summary="Recompute live figures")
    @action(detail=True, methods=["post"], url_path="refresh-figures")
    def refresh_figures(self, request: Request, pk: str) -> Response:
        return self._present(services.assessment_figures_refresh(actor=request.user, assessment=self._assessment()))

    @extend_schema(request=None, responses={200: SelfAssessmentDetailSerializer}, summary="Send for approval")
    @action(detail=True, methods=["post"], url_path="mark-ready")
    def mark_ready(self, request: Request, pk: str) -> Response:
        return self._present(services.assessment_mark_ready(actor=request.user, assessment=self._assessment()))

    @extend_schema(
        request=ApprovalSerializer,
        responses={200: SelfAssessmentDetailSerializer},
        summary="Record the governing body's approval",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = self._valid(ApprovalSerializer, request)
        return self._present(
            services.assessment_record_approval(
                actor=request.user,
                assessment=self._assessment(),
                expected_revision=data.pop("revision"),
                **data,
            )
        )

    @extend_schema(request=PublishSerializer, responses={200: SelfAssessmentDetailSerializer}, summary="Publish")
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        data = self._valid(PublishSerializer, request)
        return self._present(services.assessment_publish(actor=request.user, assessment=self._assessment(), **data))

    @extend_schema(
        request=AmendSerializer, responses={201: SelfAssessmentDetailSerializer}, summary="Amend as a new version"
    )
    @action(detail=True, methods=["post"])
    def amend(self, request: Request, pk: str) -> Response:
        data = self._valid(AmendSerializer, request)
        amendment = services.assessment_amend(actor=request.user, assessment=self._assessment(), **data)
        return self._present(amendment, status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={200: ImportReportSerializer},
        summary="Import rows from a CSV or XLSX file with the form's columns",
    )
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_rows(self, request: Request, pk: str) -> Response:
        data = self._valid(ImportSerializer, request)
        report = importer.assessment_import(actor=request.user, assessment=self._assessment(), upload=data["file"])
        return Response(
            {
                "imported": report.imported,
                "not_imported": _problems(report.not_imported),
                "warnings": _problems(report.warnings),
            }
        )


class CodeVersionProvisionsViewSet(viewsets.GenericViewSet):
    """The provisions of one edition of the Code, in order. Public: the Code is a public document."""

    permission_classes = [AllowAny]
    serializer_class = ProvisionSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(
        # The URL's <slug:code>: anything else matches no URL.
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$")],
        responses={200: ProvisionSerializer(many=True)},
    )
    def list(self, request: Request, code: str) -> Response:
        version = get_object_or_404(CodeVersion, code=code)
        provisions = version.provisions.select_related("section").prefetch_related("items")
        return Response(ProvisionSerializer(provisions, many=True).data)
