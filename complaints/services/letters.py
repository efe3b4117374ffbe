"""The letters the Code requires: written from the case, issued as tagged PDFs, kept on the case for good.

A letter has two kinds of text. The parts the Code requires (the complaint definition, each decision and its
reasons, the remedies, the outstanding actions, how to escalate, the Ombudsman's details) are written here from
the case data, in the Code's order, and a letter missing one is not issued. Around them go the opening, closing,
offer of other formats and signature an administrator edits in `LetterTemplate`, with merge fields such as
{{ resident_name }}. Merge fields are filled from a fixed set of plain strings, so a template can reach nothing else
about the case, and everything is escaped when the PDF is drawn.

A letter follows the communication needs recorded for the resident (Code 5.10): large print is drawn in large
print, and someone who has told us the format they need is not offered other formats."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeGuard

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, Variable, VariableNode

from complaints.models import (
    LETTER_FORMATS,
    CaseEvent,
    Channel,
    CommunicationNeed,
    Complaint,
    Correspondence,
    Document,
    Extension,
    Letter,
    LetterKind,
    LetterTemplate,
    OutgoingMessage,
    OutstandingAction,
    Refusal,
    Remedy,
    Response,
    Stage,
    address_lines,
)
from complaints.services.base import current_stage, lock_complaint, record_event
from complaints.services.outbox import addressee_of, message_queue, no_address_error
from core.errors import WorkflowError
from core.pdf import render_pdf
from core.services import require_perm, service_action, today

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# What an administrator may put in a letter template, and what each one becomes. Documented in the admin form.
MERGE_FIELDS: dict[str, str] = {
    "resident_name": "the resident's name",
    "addressee_name": "who the letter is addressed to: the representative when one acts for the resident, "
    "otherwise the resident",
    "reference": "the complaint reference, such as CMP-000123",
    "landlord_name": "your organisation's name",
    "letter_date": "the date of the letter, such as 5 March 2026",
    "received_on": "the date the complaint was received",
    "stage": "the stage of the complaint: “stage 1” or “stage 2”",
    "stage_name": "the name of the stage in the procedure that applies, such as “Stage 1” or “Investigation”",
    "response_due": "the date the response is due at this stage, after any extension",
    "officer_name": "the name of the person issuing the letter",
    "ombudsman_name": "the Ombudsman for this complaint, such as “the Housing Ombudsman”",
}

SUBJECTS = {
    LetterKind.ACKNOWLEDGEMENT: "acknowledgement",
    LetterKind.EXTENSION: "extension",
    LetterKind.STAGE_1_RESPONSE: "stage 1 response",
    LetterKind.STAGE_2_RESPONSE: "stage 2 final response",
    LetterKind.REFUSAL: "refusal",
    LetterKind.ESCALATION_REFUSAL: "refusal to escalate",
}

# What each merge field looks like in the admin's preview.
EXAMPLE_VALUES: dict[str, str] = {
    "resident_name": "Ms Alex Example",
    "addressee_name": "Ms Alex Example",
    "reference": "CMP-000123",
    "landlord_name": "",  # the setting, filled in when the preview is drawn
    "letter_date": "5 March 2026",
    "received_on": "2 March 2026",
    "stage": "stage 1",
    "stage_name": "Stage 1",
    "response_due": "19 March 2026",
    "officer_name": "Sam Officer",
    "ombudsman_name": "the Housing Ombudsman",
}

# The template language with nothing but {{ field }}: no tags, no filters, no attribute lookups.
_MERGE_ENGINE = Engine(libraries={}, autoescape=False, string_if_invalid="")

_pdfs_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("letter_pdfs_enabled", default=True)


def long_date(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


# --- administrator templates --------------------------------------------------------------------------


def merge_field_problems(text: str) -> list[str]:
    """Why `text` cannot be used in a letter template, in words an administrator can act on; empty when it can."""
    try:
        template = _MERGE_ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        return [f"The text could not be read as a template ({error}). Write merge fields as {{{{ resident_name }}}}."]
    problems = []
    for node in template.nodelist:
        if isinstance(node, TextNode):
            continue
        if not isinstance(node, VariableNode):
            problems.append(
                "Only merge fields such as {{ resident_name }} can be used: tags like {% … %} are not allowed."
            )
            continue
        expression = node.filter_expression
        variable = expression.var
        name = variable.var if isinstance(variable, Variable) else None
        if expression.filters or not isinstance(name, str) or variable.lookups != (name,):
            problems.append(f"“{{{{ {expression.token} }}}}” is not a merge field: use one of {_field_list()}.")
        elif name not in MERGE_FIELDS:
            problems.append(f"There is no merge field called “{name}”: use one of {_field_list()}.")
    return problems


def _field_list() -> str:
    return ", ".join(f"{{{{ {name} }}}}" for name in MERGE_FIELDS)


def merge(text: str, values: dict[str, str]) -> str:
    """Fill in the merge fields. Values are plain strings, so nothing but them can be reached from a template."""
    problems = merge_field_problems(text)
    if problems:
        raise WorkflowError(f"A letter template needs correcting by an administrator: {problems[0]}")
    rendered = _MERGE_ENGINE.from_string(text).render(
        Context({name: str(values[name]) for name in MERGE_FIELDS}, autoescape=False)
    )
    # The template engine marks what it renders as safe HTML. This is plain text, to be escaped wherever it is
    # shown, so it goes back out as a plain string.
    return str.__str__(rendered)


TEMPLATE_PARTS = ("subject", "opening", "closing", "other_formats", "signature")


def letter_template_preview(template: LetterTemplate) -> dict[str, str]:
    """The template's parts with example values in the merge fields, for the administrator to check."""
    values = {**EXAMPLE_VALUES, "landlord_name": settings.LANDLORD_NAME}
    return {name: merge(getattr(template, name), values) for name in TEMPLATE_PARTS}


@service_action
def letter_template_update(
    *,
    actor: User,
    template: LetterTemplate | int,
    subject: str,
    opening: str,
    closing: str,
    other_formats: str,
    signature: str,
) -> LetterTemplate:
    """Change the wording of a kind of letter. The next letter of that kind uses it; letters already issued keep
    theirs, and record the version they were written from."""
    require_perm(actor, "complaints.change_lettertemplate", None, "Only an administrator can change letter templates.")
    template_id = template.pk if isinstance(template, LetterTemplate) else template
    template = LetterTemplate.objects.select_for_update().get(pk=template_id)
    parts = {
        "subject": subject,
        "opening": opening,
        "closing": closing,
        "other_formats": other_formats,
        "signature": signature,
    }
    for name, text in parts.items():
        problems = merge_field_problems(text)
        if problems:
            raise WorkflowError(problems[0], field=name)
    for name in ("subject", "opening", "signature"):
        if not parts[name].strip():
            raise WorkflowError(f"The {name} cannot be empty.", field=name)
    if all(getattr(template, name) == text for name, text in parts.items()):
        return template
    for name, text in parts.items():
        setattr(template, name, text)
    template.version += 1
    template.save(update_fields=[*TEMPLATE_PARTS, "version", "updated_at"])
    return template


# --- what a letter says -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    numbered: bool = False


@dataclass
class Content:
    """The required parts of a letter, and what is missing from them."""

    sections: list[Section] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def require[T](self, present: T | None, what: str) -> TypeGuard[T]:
        """Whether `present` is there (not None, empty or blank); noted as missing if not. Where it says yes, mypy
        knows `present` is not None."""
        if not present or (isinstance(present, str) and not present.strip()):
            self.missing.append(what)
            return False
        return True


def _definition_items(stage: Stage) -> tuple[Item, ...]:
    items = []
    for point in stage.definition.all():
        lines = [f"The outcome you are looking for: {point.outcome_sought}"]
        if not point.landlord_responsible:
            # Code 5.7: be clear which aspects we are not responsible for.
            lines.append(f"This is not something we are responsible for: {point.responsibility_note}")
        items.append(Item(point.point, tuple(lines)))
    return tuple(items)


def _ombudsman_paragraphs(complaint: Complaint) -> tuple[str, ...]:
    regime = complaint.regime
    return (f"You can contact {regime.ombudsman_name}:", regime.ombudsman_contact)


def _acknowledgement(complaint: Complaint, stage: Stage, content: Content) -> None:
    content.require(stage.acknowledged_on, f"the acknowledgement of stage {stage.number}")
    definition = _definition_items(stage)
    content.require(definition, "the complaint definition (Code 5.6)")
    content.require(stage.response_due, "the date the response is due")
    content.sections += [
        Section(
            "What we understand your complaint to be",
            ("These are the points we will look into, and the outcome you told us you are looking for.",),
            definition,
            numbered=True,
        ),
        Section(
            "If we have got something wrong",
            (
                "If we have misunderstood any part of your complaint, or missed something out, please tell us as "
                "soon as you can, quoting your complaint reference.",
            ),
        ),
        Section(
            "When we will respond",
            (f"We will send you our full response by {long_date(stage.response_due)}.",),
        ),
    ]


def _extension(complaint: Complaint, stage: Stage, content: Content) -> Extension | None:
    extension = stage.extensions.order_by("-created_at", "-id").first()
    if not content.require(extension, f"an extension at stage {stage.number}"):
        return None
    content.require(extension.reason, "the reason for the extension (Code 6.4)")
    content.require(extension.new_due, "the new date for the response")
    content.require(complaint.regime.ombudsman_contact, "the Ombudsman's contact details (Code 6.5, 6.16)")
    content.sections += [
        Section("Why we need more time", (extension.reason,)),
        Section(
            "When you will hear from us",
            (
                f"We will now send you our response by {long_date(extension.new_due)}, instead of "
                f"{long_date(extension.previous_due)}.",
                # Code 5.9: the interval agreed for keeping the resident informed.
                f"Until then, we will update you on how your complaint is going at least every "
                f"{extension.update_interval} working days.",
            ),
        ),
        Section("Contacting the Ombudsman", _ombudsman_paragraphs(complaint)),
    ]
    return extension


def _response(complaint: Complaint, stage: Stage, content: Content) -> Response | None:
    provision = "6.9" if stage.number == 1 else "6.19"
    response = Response.objects.filter(stage=stage).first()
    if not content.require(response, f"a stage {stage.number} response"):
        return None
    points = list(stage.definition.select_related("decision"))
    decisions = [getattr(point, "decision", None) for point in points]
    content.require(points, f"the complaint definition (Code {provision} b)")
    for point, decision in zip(points, decisions, strict=True):
        if content.require(decision, f"a decision on point {point.position} (Code {provision} c)"):
            content.require(decision.reason, f"the reasons for the decision on point {point.position} (Code 6.7)")
    content.require(response.decision, f"the decision on the complaint (Code {provision} c)")
    content.require(response.reasons, f"the reasons for the decision (Code {provision} d)")
    remedies = list(stage.remedies.select_related("kind"))
    for number, remedy in enumerate(remedies, start=1):
        content.require(remedy.description and remedy.due_on, f"what remedy {number} is and by when (Code 7.3)")
    actions = list(stage.outstanding_actions.all())
    for number, action in enumerate(actions, start=1):
        content.require(action.description, f"what outstanding action {number} is (Code {provision} f)")
    # Code 6.19 e, f: the final response sets out what is still owed from stage 1 too, not only what stage 2 added.
    earlier_remedies = [] if stage.number == 1 else list(_still_open(complaint.remedies.select_related("kind")))
    earlier_actions = [] if stage.number == 1 else list(_still_open(complaint.outstanding_actions.all()))
    escalation: tuple[str, ...] = (response.next_step,)
    if stage.number == 1:
        content.require(response.next_step, "how to escalate the complaint to stage 2 (Code 6.9 g)")
    else:
        content.require(response.next_step, "how to take the complaint to the Ombudsman (Code 6.19 g)")
        contact = complaint.regime.ombudsman_contact
        content.require(contact, "the Ombudsman's contact details (Code 6.19 g)")
        if contact and contact not in response.next_step:
            escalation += _ombudsman_paragraphs(complaint)
    if content.missing:
        return response
    # Nothing is missing, so every point has its decision.
    decided = [(point, decision) for point, decision in zip(points, decisions, strict=True) if decision is not None]

    final = " final" if stage.number == 2 else ""
    on = response.responded_on
    content.sections += [
        # a. the complaint stage
        Section(
            "The stage of your complaint",
            (f"This is our{final} response to your complaint at {_stage_words(stage)} of our complaints procedure.",),
        ),
        # b. the complaint definition
        Section("What we understood your complaint to be", (), _definition_items(stage), numbered=True),
        # c. the decision, on each point and overall
        Section(
            "Our decision",
            (f"Our decision on your complaint as a whole: {response.get_decision_display().lower()}.",),
            tuple(
                Item(f"Point {point.position}: {decision.get_decision_display().lower()}.")
                for point, decision in decided
            ),
        ),
        # d. the reasons
        Section(
            "The reasons for our decisions",
            (response.reasons,),
            tuple(Item(f"Point {point.position}: {point.point}", (decision.reason,)) for point, decision in decided),
        ),
        # e. the remedy offered
        Section(
            "What we will do to put things right",
            _remedies_opening(remedies, earlier_remedies),
            (
                *(Item(_remedy_title(remedy), (_when(remedy, on, "We will do this by"),)) for remedy in remedies),
                *(
                    Item(_remedy_title(remedy), (FROM_STAGE_1, _when(remedy, on, "We will do this by")))
                    for remedy in earlier_remedies
                ),
            ),
        ),
        # f. outstanding actions
        Section(
            "What is still to be done",
            ("We will keep you updated until these are done.",)
            if actions or earlier_actions
            else ("There is nothing outstanding.",),
            (
                *(Item(action.description, (_when(action, on, "By"),)) for action in actions),
                *(Item(action.description, (FROM_STAGE_1, _when(action, on, "By"))) for action in earlier_actions),
            ),
        ),
        # g. how to escalate: to stage 2, or to the Ombudsman
        Section(
            "If you are not happy with our response" if stage.number == 1 else "If you are still not happy",
            escalation,
        ),
    ]
    return response


FROM_STAGE_1 = "From our stage 1 response."


def _stage_words(stage: Stage) -> str:
    """The stage as the procedure names it: "stage 1", or "frontline response (stage 1)" where its name differs."""
    plain = f"stage {stage.number}"
    name = stage.regime_stage.name.lower()
    return plain if name == plain else f"{name} ({plain})"


def _still_open[T: (Remedy, OutstandingAction)](items: QuerySet[T]) -> QuerySet[T]:
    return items.filter(stage__number=1, completed_on__isnull=True)


def _remedies_opening(remedies: list[Remedy], earlier: list[Remedy]) -> tuple[str, ...]:
    if remedies:
        return ()
    if earlier:
        return ("We have not offered anything more at this stage. What we offered at stage 1 still stands:",)
    return ("We have not offered a remedy, for the reasons given above.",)


def _remedy_title(remedy: Remedy) -> str:
    amount = f" (£{remedy.amount:,.2f})" if remedy.amount else ""
    return f"{remedy.kind.name}: {remedy.description}{amount}"


def _when(item: Remedy | OutstandingAction, on: datetime.date, promise: str) -> str:
    """When it was or will be done, as it stands on the letter's date: a date already passed is not promised again."""
    if item.completed_on:
        return f"Done on {long_date(item.completed_on)}."
    if item.due_on < on:
        return f"This was due by {long_date(item.due_on)} and has not been done yet."
    return f"{promise} {long_date(item.due_on)}."


def _refusal(complaint: Complaint, stage: Stage, content: Content) -> Refusal | None:
    refusal = stage.refusals.select_related("reason").order_by("-decided_on", "-id").first()
    if not content.require(refusal, "a decision to refuse"):
        return None
    # Code 2.4 and 5.11: clearly set out the reasons, and the right to take the decision to the Ombudsman.
    content.require(refusal.explanation, "the reasons for the decision (Code 2.4, 5.11)")
    content.require(complaint.regime.ombudsman_contact, "the Ombudsman's contact details (Code 2.4)")
    ombudsman = complaint.regime.ombudsman_name
    if stage.number == 1:
        heading = "Why we cannot accept your complaint"
        consequence = "they may tell us to take on your complaint"
    else:
        heading = "Why we will not escalate your complaint to stage 2"
        consequence = "they may tell us to look at your complaint at stage 2"
    reasons = [f"{refusal.reason.name}.", refusal.explanation]
    if refusal.discretion_note.strip():
        reasons.append(refusal.discretion_note)
    content.sections += [
        Section(heading, tuple(reasons)),
        Section(
            "Your right to go to the Ombudsman",
            (
                f"You have the right to ask {ombudsman} to look at this decision. If they do not agree that we "
                f"applied our policy fairly, {consequence}.",
                *_ombudsman_paragraphs(complaint),
            ),
        ),
    ]
    return refusal


def letter_kind_for(stage: Stage, *, action: str) -> str:
    """Which letter an action sends at this stage: a response or refusal letter depends on the stage."""
    if action == "respond":
        return LetterKind.STAGE_1_RESPONSE if stage.number == 1 else LetterKind.STAGE_2_RESPONSE
    if action == "refuse":
        return LetterKind.REFUSAL if stage.number == 1 else LetterKind.ESCALATION_REFUSAL
    return {"acknowledge": LetterKind.ACKNOWLEDGEMENT, "extend": LetterKind.EXTENSION}[action]


def letter_content(complaint: Complaint, stage: Stage, kind: str) -> tuple[Content, datetime.date | None]:
    """The required parts of a letter of `kind` from the case as it stands, and the date of what it tells."""
    content = Content()
    wrong_stage: dict[str, int] = {
        LetterKind.STAGE_1_RESPONSE: 2,
        LetterKind.REFUSAL: 2,
        LetterKind.STAGE_2_RESPONSE: 1,
        LetterKind.ESCALATION_REFUSAL: 1,
    }
    if wrong_stage.get(kind) == stage.number:
        raise WorkflowError(f"A {LetterKind(kind).label.lower()} letter cannot be sent at stage {stage.number}.")
    if kind == LetterKind.ACKNOWLEDGEMENT:
        _acknowledgement(complaint, stage, content)
        return content, stage.acknowledged_on
    if kind == LetterKind.EXTENSION:
        extension = _extension(complaint, stage, content)
        return content, extension.resident_informed_on if extension else None
    if kind in {LetterKind.STAGE_1_RESPONSE, LetterKind.STAGE_2_RESPONSE}:
        response = _response(complaint, stage, content)
        return content, response.responded_on if response else None
    if kind in {LetterKind.REFUSAL, LetterKind.ESCALATION_REFUSAL}:
        refusal = _refusal(complaint, stage, content)
        return content, refusal.decided_on if refusal else None
    raise WorkflowError(f"There is no kind of letter called {kind!r}.", field="kind")


def _merge_values(complaint: Complaint, stage: Stage, actor: User, on: datetime.date) -> dict[str, str]:
    resident = complaint.resident
    return {
        "resident_name": resident.name,
        "addressee_name": addressee_of(complaint).name,
        "reference": complaint.reference,
        "landlord_name": settings.LANDLORD_NAME,
        "letter_date": long_date(on),
        "received_on": long_date(complaint.received_on),
        "stage": f"stage {stage.number}",
        "stage_name": stage.regime_stage.name,
        "response_due": long_date(stage.response_due),
        "officer_name": actor.get_full_name() or actor.get_username(),
        "ombudsman_name": complaint.regime.ombudsman_name,
    }


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _as_text(letter: dict[str, Any]) -> str:
    """The letter as plain text, kept as the correspondence body so it can be read and searched on the case."""
    lines = [letter["salutation"], "", *[f"{p}\n" for p in letter["opening"]]]
    for section in letter["sections"]:
        lines += [section.heading, *section.paragraphs]
        for number, item in enumerate(section.items, start=1):
            lines += [f"{number if section.numbered else '-'}. {item.title}", *(f"   {line}" for line in item.lines)]
        lines.append("")
    lines += [*[f"{p}\n" for p in letter["closing"]], "Yours sincerely,", *letter["signature"]]
    return "\n".join(lines).strip() + "\n"


# --- issuing ------------------------------------------------------------------------------------------


@contextlib.contextmanager
def letters_without_pdfs() -> Iterator[None]:
    """Record letters as text only, without drawing PDFs. For loading bulk demo data, where drawing every
    letter of hundreds of old cases would take minutes; never used for real cases."""
    token = _pdfs_enabled.set(False)
    try:
        yield
    finally:
        _pdfs_enabled.reset(token)


def letter_write(
    *, actor: User, complaint: Complaint, kind: str, issued_on: datetime.date | None = None
) -> Letter | None:
    """Write and store the letter of `kind` for the complaint's current stage, inside the caller's transaction
    and under its lock on the complaint (the workflow actions call this). Refuses, naming what is missing, when
    the case lacks something the letter must say."""
    stage = current_stage(complaint)
    content, event_date = letter_content(complaint, stage, kind)
    if content.missing:
        raise WorkflowError(
            f"The {LetterKind(kind).label.lower()} letter cannot be issued: it must include "
            f"{_join(content.missing)}, and the case does not have {'it' if len(content.missing) == 1 else 'them'}."
        )
    addressee = addressee_of(complaint)
    route = addressee.route_for(OutgoingMessage.Kind.LETTER)
    if route is None:
        raise no_address_error(addressee, f"{LetterKind(kind).label.lower()} letter")
    on = issued_on or event_date
    assert on is not None  # nothing is missing, so what the letter tells of has its date
    template = LetterTemplate.objects.get(kind=kind)
    values = _merge_values(complaint, stage, actor, on)
    subject = " ".join(merge(template.subject, values).split())[:200]
    resident = complaint.resident
    needs = set(resident.adjustments.in_place().values_list("need", flat=True))
    # Code 5.10: someone who has told us the format they need gets it, and is not asked again.
    other_formats = [] if needs & LETTER_FORMATS else _paragraphs(merge(template.other_formats, values))
    letter = {
        "title": subject,
        "landlord_name": settings.LANDLORD_NAME,
        "date": long_date(on),
        "reference": complaint.reference,
        "addressee": values["addressee_name"],
        "on_behalf_of": resident.name if addressee.is_representative else "",
        # Code 3.6: the representative's own address when they act for the resident.
        "address": address_lines(addressee.postal_address),
        "large_print": CommunicationNeed.LARGE_PRINT in needs,
        "salutation": f"Dear {values['addressee_name']},",
        "opening": _paragraphs(merge(template.opening, values)),
        "sections": content.sections,
        "closing": [*_paragraphs(merge(template.closing, values)), *other_formats],
        "signature": [line for line in merge(template.signature, values).splitlines() if line.strip()],
    }
    body = _as_text(letter)
    correspondence = Correspondence.objects.create(
        complaint=complaint,
        stage=stage.number,
        direction=Correspondence.Direction.OUTGOING,
        party=Correspondence.Party.REPRESENTATIVE if addressee.is_representative else Correspondence.Party.RESIDENT,
        channel=Channel.objects.get(code="email" if route == OutgoingMessage.Route.EMAIL else "letter"),
        occurred_on=on,
        subject=subject,
        body=body,
        recorded_by=actor,
    )
    issued = None
    if _pdfs_enabled.get():
        pdf = render_pdf("complaints/letters/letter.html", {"letter": letter})
        digest = hashlib.sha256(pdf).hexdigest()
        document = Document(
            complaint=complaint,
            correspondence=correspondence,
            title=subject,
            content_type="application/pdf",
            size=len(pdf),
            sha256=digest,
            uploaded_by=actor,
        )
        document.file.save(f"{digest}.pdf", ContentFile(pdf), save=False)
        document.save()
        issued = Letter.objects.create(
            complaint=complaint,
            stage=stage.number,
            kind=kind,
            correspondence=correspondence,
            document=document,
            template_version=template.version,
            issued_on=on,
            issued_by=actor,
        )
    record_event(
        complaint,
        CaseEvent.Kind.LETTER,
        f"{LetterKind(kind).label} letter issued on {long_date(on)}: {subject}.",
        actor,
    )
    if issued is not None:
        message_queue(
            complaint=complaint,
            kind=OutgoingMessage.Kind.LETTER,
            subject=subject,
            body=body,
            actor=actor,
            correspondence=correspondence,
            document=issued.document,
            addressee=addressee,
        )
    return issued


@service_action
def letter_issue(
    *, actor: User, complaint: Complaint | int, kind: str, issued_on: datetime.date | None = None
) -> Letter | None:
    """Issue the letter of `kind` for the complaint's current stage on its own, for example to send again a letter
    that went astray. The workflow actions issue their letters themselves, in their own transaction."""
    complaint = lock_complaint(complaint, None)
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot issue letters.")
    return letter_write(actor=actor, complaint=complaint, kind=kind, issued_on=issued_on or today())


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
