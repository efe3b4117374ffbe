"""Load a realistic demo register: one user per role, about 300 complaints over the last 18 months in every
state, and the records around them (service requests, remedies, correspondence, documents, Ombudsman referrals,
and the special-category data kept about some residents).

Everything goes through the service functions, as a person using the system would, so the demo data obeys the
same rules as real data: dates are never in the future, due dates come from the working-day calendar, and the
stage 2 reviewer never handled stage 1. A fixed seed makes the register the same every time for the same day.

Running it again once the demo data is there does nothing, so start-up scripts can call it every time."""

from __future__ import annotations

import contextlib
import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from complaints.calendar import WorkingDayCalendar, calendar_for
from complaints.models import (
    Category,
    Channel,
    CommunicationNeed,
    Complaint,
    ContactRestriction,
    Correspondence,
    Disclosure,
    Document,
    Extension,
    Nation,
    NationRegime,
    OutstandingAction,
    ReasonableAdjustment,
    RefusalReason,
    RegimeStage,
    Remedy,
    RemedyKind,
    Resident,
    Response,
    ServiceRequest,
    Stage,
    Team,
)
from complaints.services import assignment, record, workflow
from complaints.services.letters import letters_without_pdfs
from core import roles
from core.roles import ensure_groups
from demo import inbound as inbound_demo
from demo import learning as learning_demo
from demo import ombudsman as ombudsman_demo
from demo import surveys as surveys_demo
from learning.models import LearningPoint, ServiceImprovement
from ombudsman import services as ombudsman_services
from ombudsman.models import Finding, HandlingFailureOrder, OmbudsmanReferral, Order
from surveys.models import Survey

SEED = 2024
ONE_DAY = datetime.timedelta(days=1)
# The register covers roughly the last 18 months.
HISTORY_DAYS = 545


# --- the demo users ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    role: str
    is_staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}".lower().replace("'", "") + "@landlord.example"


DEMO_USERS = [
    DemoUser("officer", "officer-demo-pass", "Priya", "Sharma", roles.OFFICER),
    DemoUser("officer2", "officer2-demo-pass", "Gareth", "Hughes", roles.OFFICER),
    DemoUser("manager", "manager-demo-pass", "Helen", "Whitaker", roles.SENIOR_MANAGER),
    DemoUser("manager2", "manager2-demo-pass", "Daniel", "O'Connor", roles.SENIOR_MANAGER),
    DemoUser("lead", "lead-demo-pass", "Olu", "Adeyemi", roles.SENIOR_LEAD),
    DemoUser("board", "board-demo-pass", "Margaret", "Ellison", roles.BOARD),
    DemoUser("staff", "staff-demo-pass", "Tom", "Fletcher", roles.STAFF),
    # An administrator maintains reference data in the Django admin; never a superuser, because a superuser
    # passes every permission check, special-category data included.
    DemoUser("admin", "admin-demo-pass", "Aisha", "Khan", roles.ADMINISTRATOR, is_staff=True),
]
# Every member of staff signs in with a code from an authenticator app (identity.middleware). The demo users share
# this published setup key, so a person trying the demo adds it to any authenticator app once, or runs
# `python manage.py demo_code`. A key printed in a README protects nothing: demo data is for demonstrations only.
DEMO_TOTP_SECRET = "DEMOUSERSDEMOUSERSDEMOUSERSDEMO2"  # noqa: S105 (published on purpose)
# Complaints logged by this user mark the demo data as loaded.
MARKER_USERNAME = "officer"


# --- people and places ---------------------------------------------------------------------------------------

NATION_WEIGHTS = {
    Nation.ENGLAND: 70,
    Nation.WALES: 14,
    Nation.SCOTLAND: 10,
    Nation.NORTHERN_IRELAND: 6,
}


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = {
    Nation.ENGLAND: words(
        "Oliver Amelia Mohammed Sophie Jack Chloe Harry Emily Jamal Aisha Daniel Grace Liam Hannah Thomas Jessica "
        "Ryan Megan Kwame Zara Paul Karen Susan David Michael Sarah Joanne Gary Lee Tracey Janet Kevin Ahmed Fatima "
        "Ravi Patricia Barbara Ian Stephen Nicola Lisa Shanice Tyrone Agnieszka Marek Bernard Maureen Dean"
    ),
    Nation.WALES: words(
        "Rhys Carys Dafydd Cerys Owain Sian Gethin Ffion Iwan Bethan Aled Nia Gareth Rhiannon Huw Eleri Lowri "
        "Emyr Mark Claire Dean Kelly Jac Seren"
    ),
    Nation.SCOTLAND: words(
        "Callum Eilidh Fraser Isla Euan Mhairi Ross Kirsty Craig Fiona Alasdair Morag Jamie Rachel Scott Heather "
        "Lewis Catriona Graeme Shona Stuart Lorna"
    ),
    Nation.NORTHERN_IRELAND: words(
        "Ciaran Aoife Conor Niamh Sean Orla Padraig Siobhan Ryan Chloe Mark Lauren Gareth Emma Declan Roisin "
        "Stephen Gemma Darren Naomi"
    ),
}
SURNAMES = {
    Nation.ENGLAND: words(
        "Smith Jones Taylor Brown Wilson Johnson Wright Walker Robinson Thompson White Green Hall Wood Clarke "
        "Patel Khan Ahmed Begum Hussain Mensah Okafor Cooper Ward Turner Hill Moore Jackson Harrison Bennett Shaw "
        "Holmes Mitchell Kowalski Nowak Ali Adeyemi Barker Fletcher Chapman Lawrence Marshall Stevens"
    ),
    Nation.WALES: words(
        "Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Price Powell Rees Jenkins Owen "
        "Pritchard Llewellyn Bowen Howells Parry"
    ),
    Nation.SCOTLAND: words(
        "MacDonald Campbell Stewart Robertson Thomson Anderson Murray MacLeod Reid Ross Fraser Paterson Hamilton "
        "Kerr McLean Grant Boyle Docherty Kennedy Wallace"
    ),
    Nation.NORTHERN_IRELAND: words(
        "O'Neill Murphy Kelly Doherty Quinn McCann Gallagher Wilson Campbell Thompson Magee McKee Hamill Devlin "
        "Boyd Irvine Patterson Crawford Moore Hughes"
    ),
}
# Each town with real postcode districts and street names found there.
PLACES = {
    Nation.ENGLAND: [
        (
            "Leeds",
            ["LS6", "LS8", "LS9", "LS11", "LS12", "LS14"],
            ["Harehills Lane", "Beeston Road", "Cross Green Lane"],
        ),
        ("Manchester", ["M8", "M9", "M11", "M13", "M40"], ["Rochdale Road", "Hyde Road", "Plymouth Grove"]),
        ("Birmingham", ["B6", "B10", "B11", "B21", "B33"], ["Coventry Road", "Soho Road", "Stechford Lane"]),
        ("Sheffield", ["S2", "S5", "S8", "S13"], ["Manor Lane", "Southey Green Road", "Gleadless Road"]),
        ("Bristol", ["BS2", "BS3", "BS5", "BS13"], ["Stapleton Road", "North Street", "Hartcliffe Way"]),
        ("Nottingham", ["NG3", "NG5", "NG7", "NG8"], ["Alfreton Road", "Hucknall Road", "Bestwood Park Drive"]),
        ("Newcastle upon Tyne", ["NE4", "NE6", "NE15"], ["Westgate Road", "Shields Road", "Denton Road"]),
        ("London", ["E3", "E14", "N7", "N17", "SE15", "SW9"], ["Roman Road", "Holloway Road", "Rye Lane"]),
        ("Bradford", ["BD3", "BD5", "BD8"], ["Leeds Road", "Manningham Lane", "Little Horton Lane"]),
        ("Liverpool", ["L4", "L6", "L8", "L11"], ["County Road", "Smithdown Road", "Breck Road"]),
    ],
    Nation.WALES: [
        ("Cardiff", ["CF5", "CF11", "CF14", "CF24"], ["Cowbridge Road East", "Clive Street", "Heol Hir"]),
        ("Swansea", ["SA1", "SA5", "SA6"], ["Heol y Parc", "Carmarthen Road", "Llangyfelach Road"]),
        ("Newport", ["NP19", "NP20"], ["Chepstow Road", "Corporation Road", "Maesglas Avenue"]),
        ("Wrexham", ["LL11", "LL13"], ["Ffordd yr Eglwys", "Rhosddu Road", "Maes y Coed"]),
    ],
    Nation.SCOTLAND: [
        ("Glasgow", ["G20", "G21", "G31", "G33", "G51"], ["Dumbarton Road", "Royston Road", "Paisley Road West"]),
        ("Edinburgh", ["EH7", "EH11", "EH16"], ["Easter Road", "Gorgie Road", "Craigmillar Castle Avenue"]),
        ("Dundee", ["DD2", "DD3", "DD4"], ["Lochee Road", "Hilltown", "Arbroath Road"]),
        ("Aberdeen", ["AB16", "AB24"], ["Great Northern Road", "King Street", "Provost Fraser Drive"]),
    ],
    Nation.NORTHERN_IRELAND: [
        ("Belfast", ["BT5", "BT6", "BT12", "BT13", "BT14"], ["Newtownards Road", "Ormeau Road", "Falls Road"]),
        ("Londonderry", ["BT47", "BT48"], ["Strand Road", "Creggan Road", "Clooney Terrace"]),
        ("Newry", ["BT34", "BT35"], ["Armagh Road", "Warrenpoint Road", "Drumalane Road"]),
        ("Lisburn", ["BT27", "BT28"], ["Antrim Road", "Hillsborough Road", "Low Road"]),
    ],
}
BLOCK_NAMES = ["Ashcroft House", "Beech Court", "Calder House", "Derwent Court", "Elmwood House", "Fairfield Court"]
# The letters the second half of a postcode uses (never C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

ROOMS = ["bedroom", "back bedroom", "bathroom", "kitchen", "living room", "hallway"]
FLOORS = ["fourth", "sixth", "eighth", "tenth", "twelfth"]


# --- what the complaints are about ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    point: str
    outcome: str
    upheld: str
    not_upheld: str
    landlord_responsible: bool = True
    responsibility_note: str = ""


@dataclass(frozen=True)
class Theme:
    code: str
    categories: tuple[str, ...]
    summaries: tuple[str, ...]
    points: tuple[Point, ...]
    evidence: str
    actions: tuple[str, ...]
    remedies: tuple[tuple[str, str], ...]
    financial: str
    extension_reason: str
    good_reason: str
    service_request: str
    contractor: str
    weight: int = 10
    # Themes a repair or service request usually sits behind: complaints may be raised from one (Code 1.5).
    from_service_request: bool = False


THEMES = (
    Theme(
        code="damp_mould",
        categories=("damp_mould", "repairs"),
        summaries=(
            "There is black mould on the walls and ceiling of the {room}. I reported it in {month} and a contractor "
            "wiped it down, but it came back within a few weeks. Clothes in the wardrobe are ruined and the room "
            "smells damp.",
            "Condensation runs down the windows every morning and the mould in the {room} keeps spreading. I was "
            "told someone would come and look at the ventilation, but nobody has been.",
            "The damp patch on the {room} wall has got bigger since the gutter outside started overflowing. I have "
            "reported it {n} times and I want it fixed properly, not just painted over.",
        ),
        points=(
            Point(
                "Mould in the {room} came back after a mould wash, and the cause was never found",
                "A survey to find the cause and a permanent fix",
                "The mould wash in {month} treated the symptoms only. No survey was arranged to find the cause, "
                "which our damp and mould policy requires.",
                "The surveyor found the mould was caused by condensation. The extractor fan was tested and works, "
                "and we have given advice on heating and ventilating the home.",
            ),
            Point(
                "Clothes and bedding were damaged by mould",
                "Compensation for the damaged belongings",
                "The photographs show belongings damaged by mould on an outside wall that we had been told about.",
                "We could not find that the damage was caused by a repair we failed to carry out. We have explained "
                "how to claim on contents insurance.",
            ),
            Point(
                "Reports of damp were not followed up",
                "An apology and a named contact until the work is finished",
                "Our repairs log shows two reports closed without an inspection.",
                "Each report was inspected within our target time, as the repairs log shows.",
            ),
        ),
        evidence="the repairs history for the home, the surveyor's report and our call records",
        actions=(
            "Damp and mould survey of the whole property",
            "Clear and repair the rear gutter and downpipe",
            "Fit a humidity-controlled extractor fan in the {room}",
            "Mould wash and redecoration with anti-fungal paint in the {room}",
            "Follow-up inspection six weeks after the works",
        ),
        remedies=(
            ("action_on_delay", "Works raised as an emergency order with a named surveyor overseeing them"),
            ("acknowledgement", "We accept that we should have found the cause of the damp at the first report"),
        ),
        financial="Compensation for damaged belongings and for the distress and inconvenience caused",
        extension_reason="We are waiting for the independent damp survey report, which the surveyor sends after "
        "the visit.",
        good_reason="The survey found the damp is coming from a failed damp-proof course shared with the next-door "
        "property, and a specialist contractor must inspect both homes before we can respond.",
        service_request="Mould in the {room}: resident asked for a mould wash and an inspection",
        contractor="Damp survey booked with the surveyor",
        weight=16,
        from_service_request=True,
    ),
    Theme(
        code="leaks_repairs",
        categories=("repairs",),
        summaries=(
            "Water has been leaking through the {room} ceiling for {weeks} weeks. The ceiling is stained and the "
            "light fitting has stopped working.",
            "My kitchen units are falling apart and the worktop is rotten round the sink. I was told in {month} they "
            "would be replaced but I have heard nothing since.",
            "The rear windows do not close properly and there is a draught through the whole flat. The repair was "
            "marked as complete but nobody came.",
        ),
        points=(
            Point(
                "The leak was not fixed within the repair timescale",
                "The leak fixed and the ceiling repaired",
                "This was an urgent repair with a 7-day target and it took {weeks} weeks to complete.",
                "Our contractor stopped the leak on the day it was reported; the ceiling repair was booked for when "
                "it had dried out, as is normal.",
            ),
            Point(
                "A repair was closed as complete when the work had not been done",
                "The repair done and the record corrected",
                "The contractor closed the job in error after a visit that did not happen.",
                "The job was completed on the recorded date; the contractor's signed job sheet and photographs "
                "confirm this.",
            ),
            Point(
                "Water is coming in from the flat above",
                "The leak stopped at its source",
                "We did not contact the owner of the flat above for three weeks after the leak was reported.",
                "We wrote to the owner of the flat above within two days and inspected once their plumber had "
                "fixed the leak.",
                landlord_responsible=False,
                responsibility_note="The flat above is privately owned: its leaseholder is responsible for their own "
                "plumbing. We have written to them and will repair the damage in this home once the leak is fixed.",
            ),
        ),
        evidence="the repairs log, the contractor's job notes and photographs, and our call records",
        actions=(
            "Replace the {room} ceiling plasterboard and redecorate",
            "Replace the kitchen worktop and base units",
            "Replace the rear window frames",
            "Inspect after four weeks to check the repair has held",
        ),
        remedies=(
            ("record_amended", "The repair record corrected to show the job as outstanding until it was done"),
            ("action_on_delay", "The outstanding repair raised again as a priority job"),
        ),
        financial="Compensation for the delay in completing the repair and the inconvenience caused",
        extension_reason="The contractor needs scaffolding to inspect the roof before we can say what caused the leak.",
        good_reason="The roof needs a structural engineer's assessment and the earliest date the engineer can attend "
        "is after the normal extension period.",
        service_request="Water coming through the {room} ceiling",
        contractor="Works order sent to the repairs contractor",
        weight=14,
        from_service_request=True,
    ),
    Theme(
        code="missed_appointments",
        categories=("repairs", "customer_service"),
        summaries=(
            "I took {n} days off work for repair appointments and the contractor did not turn up to any of them. "
            "Nobody called to say they were not coming.",
            "The gas engineer missed two appointments in a row for my boiler service. I waited in all day both times "
            "and had to chase to find out what happened.",
        ),
        points=(
            Point(
                "Repair appointments were missed without notice",
                "An apology and payment for the time taken off work",
                "Our contractor's records confirm {n} appointments were missed without the resident being told.",
                "The contractor's records and van tracking show the operative attended and left a calling card each "
                "time.",
            ),
            Point(
                "Nobody called to rearrange the appointments",
                "A named person to book a new appointment at a time that suits",
                "No one called back to rearrange, although the resident asked on each occasion.",
                "We called the resident the same day each time to rearrange; the call records confirm this.",
            ),
        ),
        evidence="the contractor's appointment records, van tracking data and our call records",
        actions=(
            "Book the outstanding repair for a time agreed with the resident",
            "Raise missed appointments at the monthly contract meeting with the repairs contractor",
        ),
        remedies=(
            ("policy_change", "Contractors must now phone the resident by 10am if an appointment will be missed"),
        ),
        financial="Payment for each missed appointment, in line with our compensation policy",
        extension_reason="We are waiting for the contractor to send its appointment and tracking records.",
        good_reason="The contractor has gone into administration and its records are held by the administrator, "
        "who has not yet released them.",
        service_request="Repair appointment needed for the boiler service",
        contractor="Asked the contractor for its appointment records",
        weight=10,
        from_service_request=True,
    ),
    Theme(
        code="heating",
        categories=("heating", "repairs"),
        summaries=(
            "My boiler broke down on {date} and I was without heating and hot water for {n} days. The engineer came "
            "twice but did not have the part.",
            "The heating keeps cutting out and the radiators upstairs never get warm. It has been reported {n} times "
            "this winter.",
        ),
        points=(
            Point(
                "No heating or hot water for {n} days",
                "The boiler repaired or replaced, and compensation",
                "The loss of heating went well beyond our 24-hour emergency target, and temporary heaters were not "
                "offered.",
                "The engineer attended within 24 hours and restored the heating the same day; the later fault was "
                "unrelated and fixed within target.",
            ),
            Point(
                "Temporary heaters were not provided",
                "Heaters while the repair is done",
                "Temporary heaters should have been offered when the part was not available, and were not.",
                "Two heaters were delivered on the first day, as the delivery note shows.",
            ),
        ),
        evidence="the heating contractor's job records, the parts order and our call records",
        actions=("Replace the boiler", "Bleed and balance the radiators and check the pump"),
        remedies=(("action_on_delay", "Boiler replacement brought forward to the next available date"),),
        financial="Compensation for the loss of heating and hot water, and towards the extra electricity used",
        extension_reason="The manufacturer is investigating the repeated boiler faults and has not yet reported.",
        good_reason="The manufacturer's technical team needs to test the boiler's control board, and its report "
        "will not arrive within the normal extension period.",
        service_request="No heating or hot water: boiler showing a fault code",
        contractor="Heating contractor asked for the job history",
        weight=10,
        from_service_request=True,
    ),
    Theme(
        code="asb",
        categories=("antisocial_behaviour",),
        summaries=(
            "I have reported noise from the flat next door late at night for {n} months. I sent the diary sheets I "
            "was asked for and nobody has contacted me since.",
            "People are gathering in the stairwell of the block, leaving rubbish and smoking. I reported it and the "
            "case was closed without anyone speaking to me.",
        ),
        points=(
            Point(
                "Reports of anti-social behaviour were not acted on",
                "Action taken to stop the behaviour",
                "The case was not reviewed for eight weeks after the diary sheets arrived, which is outside our "
                "anti-social behaviour policy.",
                "The case officer visited the neighbour, gave a warning and installed noise monitoring equipment; "
                "the recordings did not show a statutory noise nuisance.",
            ),
            Point(
                "The case was closed without telling the resident",
                "The case reopened and regular updates",
                "The case was closed without the resident being told, contrary to our procedure.",
                "The case officer wrote to the resident before closing the case; a copy of the letter is on file.",
            ),
        ),
        evidence="the anti-social behaviour case file, the diary sheets and the case officer's notes",
        actions=(
            "Reopen the anti-social behaviour case and agree an action plan with the resident",
            "Arrange a joint visit with the police neighbourhood team",
            "Install noise monitoring equipment for two weeks",
        ),
        remedies=(("decision_changed", "The anti-social behaviour case reopened with a new case officer"),),
        financial="Compensation for the distress caused by the delay in dealing with the reports",
        extension_reason="We are waiting for the police neighbourhood team to share their incident records.",
        good_reason="The police have asked us not to take action while their own investigation continues, and "
        "cannot say when it will end.",
        service_request="Report of noise nuisance from a neighbouring flat",
        contractor="Asked the police neighbourhood team for incident records",
        weight=8,
    ),
    Theme(
        code="service_charges",
        categories=("rent_charges",),
        summaries=(
            "My service charge went up by £{amount} a month from April with no explanation. I asked for a breakdown "
            "and have not had one.",
            "I am being charged for communal cleaning that does not happen. The stairs have not been cleaned for "
            "months.",
            "My rent account shows arrears that I do not owe. I have paid by direct debit every month and have the "
            "bank statements to prove it.",
        ),
        points=(
            Point(
                "The service charge increase was not explained",
                "A breakdown of the charges",
                "The annual letter did not include the breakdown it should have, and the request for one was not "
                "answered.",
                "The breakdown was sent with the annual letter in February; we have sent another copy.",
            ),
            Point(
                "Charged for cleaning that was not done",
                "A refund of the cleaning charge",
                "The cleaning contractor's records show the block was missed on most visits since {month}.",
                "The cleaning contractor's signed visit sheets show the block was cleaned every fortnight.",
            ),
            Point(
                "The rent account wrongly shows arrears",
                "The account corrected and the arrears letter withdrawn",
                "Two direct debit payments were posted to the wrong account.",
                "The arrears are from a period before the direct debit started; we have sent a statement.",
            ),
        ),
        evidence="the rent account, the service charge accounts and the cleaning contractor's visit sheets",
        actions=(
            "Send a full breakdown of the service charge",
            "Review the cleaning specification for the block with the contractor",
        ),
        remedies=(
            ("record_amended", "Rent account corrected and the arrears letter withdrawn"),
            ("explanation", "A full written explanation of how the service charge is worked out"),
        ),
        financial="Refund of the overcharged service charge",
        extension_reason="The finance team is reconciling the service charge accounts for the block.",
        good_reason="The service charge accounts are being independently audited and the auditor's figures are "
        "needed to answer the complaint correctly.",
        service_request="Request for a breakdown of the service charge",
        contractor="Asked the cleaning contractor for its visit sheets",
        weight=9,
    ),
    Theme(
        code="staff_conduct",
        categories=("staff_conduct",),
        summaries=(
            "The housing officer who visited on {date} was rude and dismissive and told me the problem was my own "
            "fault. I did not feel listened to.",
            "A contractor's operative swore at me when I asked when the job would be finished, and left rubbish in "
            "my garden.",
        ),
        points=(
            Point(
                "A member of staff was rude during a home visit",
                "An apology",
                "The officer's manager spoke to them, and they accept the conversation did not go as it should have.",
                "We spoke to the officer and the colleague who was with them; both say the visit was polite, and we "
                "have no other evidence.",
            ),
            Point(
                "Rubbish was left at the home after the work",
                "The rubbish removed",
                "The operative did not clear up after the job, as the photographs show.",
                "The contractor's photographs taken when the job finished show the garden clear.",
            ),
        ),
        evidence="accounts from the staff involved, the contractor's photographs and the visit notes",
        actions=("Remove the rubbish left in the garden",),
        remedies=(("apology", "A personal apology from the member of staff's manager"),),
        financial="A payment in recognition of the distress caused",
        extension_reason="The member of staff is on leave and we need their account before we respond.",
        good_reason="A witness we need to speak to is away for several weeks and there is no other record of what "
        "was said.",
        service_request="Rubbish left in the garden after a repair",
        contractor="Asked the contractor for its account of the visit",
        weight=6,
    ),
    Theme(
        code="communication",
        categories=("communication", "customer_service"),
        summaries=(
            "I have emailed {n} times and phoned the contact centre about my repair, and nobody has ever called me "
            "back as promised.",
            "I was promised a call back from a manager within two days and it never happened. I had to keep chasing "
            "for weeks.",
        ),
        points=(
            Point(
                "Calls and emails were not returned",
                "A named contact and call backs when promised",
                "Our records show {n} call-back requests that were not actioned.",
                "Each email was answered within our 5 working day target; copies have been sent to the resident.",
            ),
            Point(
                "A promised call back from a manager did not happen",
                "A call from the manager",
                "The call-back request was not passed to the manager.",
                "The manager called twice and left voicemails; the call log confirms this.",
            ),
        ),
        evidence="our call recordings, the email inbox and the customer contact log",
        actions=("Team leader to call the resident weekly until the repair is finished",),
        remedies=(
            ("policy_change", "Call-back requests are now logged with a due time and checked daily by a team leader"),
        ),
        financial="Compensation for the time spent chasing us",
        extension_reason="We are retrieving call recordings from the telephony supplier.",
        good_reason="The call recordings are held by a supplier whose system failed, and they cannot be retrieved "
        "within the normal extension period.",
        service_request="Resident asked for a call back about an outstanding repair",
        contractor="Asked the telephony supplier for call recordings",
        weight=9,
    ),
    Theme(
        code="estate_services",
        categories=("estate_services",),
        summaries=(
            "The grass on the estate has not been cut since {month} and the communal bins overflow every week.",
            "Fly-tipped furniture has been left beside the bin store for weeks after I reported it.",
        ),
        points=(
            Point(
                "Grounds maintenance is not being done",
                "Grass cutting and bin collections as the service charge says",
                "The grounds contractor missed the estate on its rota from {month}.",
                "The contractor's records show every scheduled visit was made; the rota is fortnightly in summer.",
            ),
            Point(
                "Fly-tipping was not removed after it was reported",
                "The fly-tipping cleared",
                "The fly-tipping report was not passed to the estate team.",
                "The items were removed within our 5 working day target; they were dumped again the next week.",
            ),
        ),
        evidence="the grounds maintenance contract records and the estate inspection reports",
        actions=(
            "Remove the fly-tipped items and clear the bin store",
            "Add the estate to the weekly grounds maintenance round",
        ),
        remedies=(("action_on_delay", "Extra estate inspection each month for the next six months"),),
        financial="Refund of the grounds maintenance element of the service charge for the months missed",
        extension_reason="We are waiting for the grounds contractor's visit records.",
        good_reason="The grounds contract changed hands and the previous contractor has not yet handed over its "
        "records.",
        service_request="Fly-tipped furniture by the bin store",
        contractor="Asked the grounds contractor for its visit records",
        weight=6,
        from_service_request=True,
    ),
    Theme(
        code="communal_areas",
        categories=("communal_areas", "repairs"),
        summaries=(
            "The lift in our block has been out of order for {weeks} weeks. I live on the {floor} floor and have to "
            "carry shopping and the children's buggy up the stairs.",
            "The lights in the stairwell and corridor have not worked for weeks and the block feels unsafe at night.",
        ),
        points=(
            Point(
                "The lift has been out of order for {weeks} weeks",
                "The lift repaired and regular updates on progress",
                "The lift was left out of service while a part was ordered, without telling residents when it would "
                "be back.",
                "The lift needed a part made to order; residents were written to weekly with progress.",
            ),
            Point(
                "Communal lighting was not repaired",
                "The lights fixed",
                "The lighting repair was logged as non-urgent when it should have been urgent.",
                "The lights were repaired within target; the later fault was caused by vandalism.",
            ),
        ),
        evidence="the lift maintenance records, the repairs log and the estate inspection reports",
        actions=(
            "Complete the lift repair and test it",
            "Replace the stairwell light fittings with vandal-proof units",
        ),
        remedies=(("action_on_delay", "Lift repair escalated to the contractor's regional manager"),),
        financial="Compensation for the loss of the lift service",
        extension_reason="The lift engineer is waiting for the manufacturer to confirm a delivery date for the part.",
        good_reason="The lift part must be made to order abroad and the manufacturer cannot confirm a delivery date.",
        service_request="Lift out of order in the block",
        contractor="Lift contractor asked for a repair date",
        weight=7,
        from_service_request=True,
    ),
    Theme(
        code="lettings",
        categories=("lettings",),
        summaries=(
            "I applied for a transfer to a larger home {n} months ago because we are overcrowded, and I have not "
            "been told where I am on the list.",
            "The home I moved into was dirty and had repairs outstanding, even though I was told it would be ready.",
        ),
        points=(
            Point(
                "The transfer application was not assessed",
                "The application assessed and a banding decision",
                "The application was not assessed within our 8-week target.",
                "The application was assessed within target and the banding letter was sent; we have sent a copy.",
            ),
            Point(
                "The new home was not at the lettable standard",
                "The repairs done and compensation for the cleaning",
                "The void inspection missed several repairs and the home was not cleaned before the tenancy began.",
                "The home met our lettable standard at the void inspection; the photographs taken then show this.",
            ),
        ),
        evidence="the housing application, the void inspection report and photographs",
        actions=("Complete the outstanding repairs in the new home", "Send the banding decision in writing"),
        remedies=(("decision_changed", "Transfer application reassessed and the banding corrected"),),
        financial="Compensation for the cost of cleaning and the repairs outstanding at the start of the tenancy",
        extension_reason="The lettings team is checking the application history with the previous landlord.",
        good_reason="We need information from the local authority's housing register, which it has not yet sent.",
        service_request="Request for an update on a transfer application",
        contractor="Asked the voids contractor for the inspection photographs",
        weight=5,
    ),
    Theme(
        code="customer_service",
        categories=("customer_service",),
        summaries=(
            "I reported a repair on the website and never got a reference number. When I called, there was no record "
            "of it and I had to start again.",
            "I was passed between departments {n} times when I called about my repair, and nobody could tell me "
            "what was happening.",
        ),
        points=(
            Point(
                "The online repair report was lost",
                "The repair logged and done",
                "A fault with the website form meant the report was not passed to the repairs team.",
                "The report was received and logged; the confirmation email went to an old email address.",
            ),
            Point(
                "Passed between departments without an answer",
                "One contact who can give an answer",
                "The call records show {n} transfers without the resident's query being answered.",
                "The call was transferred once, to the team that holds the repair record.",
            ),
        ),
        evidence="the website form logs, our call records and the repairs log",
        actions=("Log and complete the repair reported online",),
        remedies=(("policy_change", "The website form now shows the repair reference on screen as well as by email"),),
        financial="Compensation for the time and trouble caused",
        extension_reason="We are waiting for the website supplier to check the form logs.",
        good_reason="The website supplier needs to restore archived logs, which takes longer than the normal "
        "extension period.",
        service_request="Repair reported online: bathroom extractor fan not working",
        contractor="Asked the website supplier to check the form logs",
        weight=6,
    ),
)

SECOND_STAGE_POINT = Point(
    "The stage 1 response did not put things right",
    "A fair outcome and compensation that reflects the impact",
    "The stage 1 response accepted the failings but its remedy did not reflect how long the problem went on.",
    "The stage 1 remedy was in line with our compensation policy and the Ombudsman's remedies guidance for this "
    "level of impact.",
)
ESCALATION_REASONS = (
    "The resident says the problem has come back since the stage 1 response.",
    "The resident does not think the compensation offered reflects how long the problem went on.",
    "The resident says the works promised at stage 1 have not been booked.",
    "The resident disagrees with the findings and wants a manager to look again.",
    "",  # Code 6.12: the resident need give no reason.
)
WITHDRAWAL_NOTES = (
    "Resident phoned to say the repair has now been done and they no longer wish to complain.",
    "Resident emailed to withdraw the complaint: the matter was sorted out at the inspection visit.",
    "Resident told the repairs team at the appointment that they were happy for the complaint to be withdrawn.",
    "Resident wrote to say they had resolved things with their neighbour and wished to withdraw.",
)
INCOMING_FROM_RESIDENT = (
    "Resident phoned to ask for an update",
    "Email from the resident with photographs",
    "Resident chased by email: no contact since the acknowledgement",
    "Letter from the resident adding more detail about the problem",
)
OUTGOING_TO_RESIDENT = (
    "Update to the resident on the investigation",
    "Called the resident to arrange an inspection",
    "Emailed the resident to confirm the inspection appointment",
)
INCOMING_FROM_CONTRACTOR = ("Contractor's inspection report received", "Contractor confirmed the works date")
STANDALONE_SERVICE_REQUESTS = (
    ("repairs", "Kitchen tap dripping constantly"),
    ("repairs", "Front door lock sticking"),
    ("repairs", "Broken fence panel in the back garden"),
    ("repairs", "Bathroom extractor fan not working"),
    ("heating", "Radiator in the back bedroom not heating up"),
    ("heating", "Annual gas safety check appointment needed"),
    ("damp_mould", "Condensation on the bedroom windows: resident asked for advice"),
    ("estate_services", "Overgrown hedge blocking the footpath"),
    ("estate_services", "Request for a replacement wheelie bin"),
    ("communal_areas", "Graffiti on the stairwell walls"),
    ("communal_areas", "Entry door to the block not closing"),
    ("rent_charges", "Request for a rent statement"),
)
DISCLOSURES = (
    ("disability", "Uses a wheelchair; needs appointments at ground-floor venues or home visits."),
    ("disability", "Hearing impairment: prefers email or text message, not phone calls."),
    ("disability", "Sight loss: needs letters in large print (18 point)."),
    ("disability", "Dyslexia: prefers short letters followed by a phone call to go through them."),
    ("disability", "Long-term mental health condition: finds unannounced visits distressing."),
    ("disability", "Chronic obstructive pulmonary disease: damp and cold in the home affect breathing."),
    ("vulnerability", "Recently bereaved and living alone."),
    ("vulnerability", "Survivor of domestic abuse: do not share contact details with any other party."),
    ("vulnerability", "Has a baby under one year old living in the home."),
    ("vulnerability", "Older resident living alone with no family nearby."),
)
# The communication need each meets (Code 5.10), any language, and the adjustment in words.
ADJUSTMENTS = (
    (CommunicationNeed.LARGE_PRINT, "", ""),
    (CommunicationNeed.OTHER, "", "Contact by email only, no phone calls."),
    (CommunicationNeed.OTHER, "", "Appointments on weekday mornings only, with at least 48 hours' notice."),
    (CommunicationNeed.OTHER, "", "Copy all letters to the resident's daughter (signed consent held)."),
    (CommunicationNeed.OTHER_LANGUAGE, "Polish", "Letters translated; an interpreter for calls and visits."),
    (CommunicationNeed.PHONE_CALLS, "", "Call to go through each letter; the letter follows."),
    (CommunicationNeed.BSL, "", "An interpreter booked for every meeting."),
    (CommunicationNeed.OTHER, "", "Phone the resident before any visit; no unannounced calls."),
)
DETERMINATIONS = (
    (OmbudsmanReferral.Determination.NO_MALADMINISTRATION, ""),
    (
        OmbudsmanReferral.Determination.SERVICE_FAILURE,
        "Apologise to the resident and pay £{small} for distress and inconvenience within four weeks.",
    ),
    (
        OmbudsmanReferral.Determination.MALADMINISTRATION,
        "Apologise in writing from a senior manager, pay £{large} "
        "compensation, and review the handling of similar cases within eight weeks.",
    ),
    (
        OmbudsmanReferral.Determination.SEVERE_MALADMINISTRATION,
        "Apologise in writing from the Chief Executive, pay "
        "£{large} compensation, complete the outstanding works, and report to the board on the lessons learnt.",
    ),
    (OmbudsmanReferral.Determination.RESOLVED, ""),
    (OmbudsmanReferral.Determination.OUTSIDE_JURISDICTION, ""),
)

# How many complaints of each kind the register holds: about 300, in every state.
SCENARIOS = (
    ("closed_stage_1", 118),
    ("responded_stage_1", 18),
    ("refused_stage_1", 14),
    ("withdrawn_stage_1", 12),
    ("awaiting_acknowledgement", 12),
    ("awaiting_acknowledgement_overdue", 5),
    ("in_progress", 28),
    ("in_progress_overdue", 7),
    ("extended", 10),
    ("extended_beyond_cap", 4),
    ("closed_stage_2", 35),
    ("responded_stage_2", 6),
    ("stage_2_awaiting_acknowledgement", 5),
    ("stage_2_awaiting_acknowledgement_overdue", 1),
    ("stage_2_in_progress", 10),
    ("stage_2_extended", 3),
    ("stage_2_extended_beyond_cap", 1),
    ("stage_2_overdue", 3),
    ("refused_stage_2", 2),
    ("withdrawn_stage_2", 2),
)
# Stage 1 under the SPSO procedure has no acknowledgement step, so these cannot happen in Scotland.
NEEDS_STAGE_1_ACKNOWLEDGEMENT = {"awaiting_acknowledgement", "awaiting_acknowledgement_overdue"}


# --- building the register -----------------------------------------------------------------------------------


@dataclass
class Case:
    """What the loader remembers about one complaint while it builds it."""

    pk: int
    nation: str
    theme: Theme
    slots: dict[str, Any]
    handler: Any
    points: dict[int, list[Point]] = field(default_factory=dict)
    reviewer: Any = None
    service_request: ServiceRequest | None = None


class Loader:
    def __init__(self, users: dict[str, Any], today: datetime.date) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.users = users
        self.officers = [users["officer"], users["officer2"]]
        self.managers = [users["manager"], users["manager2"]]
        self.teams = self.teams_of(users)
        self.channels = {channel.code: channel for channel in Channel.objects.all()}
        self.categories = {category.code: category for category in Category.objects.all()}
        self.refusal_reasons = {reason.code: reason for reason in RefusalReason.objects.all()}
        self.remedy_kinds = {kind.code: kind for kind in RemedyKind.objects.all()}
        self.calendars: dict[str, WorkingDayCalendar] = {}
        self.residents: dict[str, list[Resident]] = {nation: [] for nation in Nation.values}
        self.resident_first_received: dict[int, datetime.date] = {}
        self.phone_numbers = iter(range(900000, 901000))
        self.refusal_turn = 0
        self.documents_wanted = 14
        self.referrals_wanted = 9

    # --- dates ---------------------------------------------------------------------------------------------

    def calendar(self, nation: str) -> WorkingDayCalendar:
        if nation not in self.calendars:
            self.calendars[nation] = calendar_for(nation)
        return self.calendars[nation]

    def add_wd(self, nation: str, day: datetime.date, n: int) -> datetime.date:
        return day if n <= 0 else self.calendar(nation).add_working_days(day, n)

    def back_wd(self, nation: str, day: datetime.date, n: int) -> datetime.date:
        """The nth working day before `day` (n = 0: `day` itself, or the last working day before it)."""
        calendar = self.calendar(nation)
        while not calendar.is_working_day(day):
            day -= ONE_DAY
        for _ in range(n):
            day -= ONE_DAY
            while not calendar.is_working_day(day):
                day -= ONE_DAY
        return day

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def clamp(self, day: datetime.date, low: datetime.date, high: datetime.date | None = None) -> datetime.date:
        """`day`, kept between `low` and `high` (today when not given): services refuse future dates."""
        high = min(high or self.today, self.today)
        return max(low, min(day, high))

    # --- people --------------------------------------------------------------------------------------------

    def pick_nation(self, scenario: str) -> str:
        nations, weights = zip(*NATION_WEIGHTS.items(), strict=True)
        while True:
            nation = self.rng.choices(nations, weights)[0]
            if not (nation == Nation.SCOTLAND and scenario in NEEDS_STAGE_1_ACKNOWLEDGEMENT):
                return nation

    def resident_for(self, nation: str) -> Resident:
        """A new resident most of the time; sometimes one who has complained before."""
        existing = self.residents[nation]
        if existing and self.rng.random() < 0.22:
            return self.rng.choice(existing)
        first = self.rng.choice(FIRST_NAMES[nation])
        last = self.rng.choice(SURNAMES[nation])
        town, districts, streets = self.rng.choice(PLACES[nation])
        number = self.rng.randint(1, 240)
        street = self.rng.choice(streets)
        if self.rng.random() < 0.45:
            if nation == Nation.SCOTLAND:
                first_line = f"Flat {self.rng.randint(0, 3)}/{self.rng.randint(1, 2)}, {number} {street}"
            else:
                first_line = f"Flat {self.rng.randint(1, 48)}, {self.rng.choice(BLOCK_NAMES)}\n{number} {street}"
        else:
            first_line = f"{number} {street}"
        postcode = (
            f"{self.rng.choice(districts)} {self.rng.randint(1, 9)}"
            f"{self.rng.choice(INWARD_LETTERS)}{self.rng.choice(INWARD_LETTERS)}"
        )
        email = ""
        if self.rng.random() < 0.8:
            email = f"{first}.{last}{self.rng.randint(1, 99)}@example.com".lower().replace("'", "")
        contact = self.rng.choices(["email", "phone", "letter", "text"], [45, 30, 15, 10])[0]
        if contact == "email" and not email:
            contact = "phone"
        resident = workflow.resident_create(
            actor=self.users["officer"],
            details=workflow.ResidentInput(
                name=f"{first} {last}",
                email=email,
                phone=f"07700 {next(self.phone_numbers)}",
                address=f"{first_line}\n{town}",
                postcode=postcode,
                preferred_contact=contact,
            ),
            nation=nation,
        )
        existing.append(resident)
        return resident

    @staticmethod
    def teams_of(users: dict[str, Any]) -> dict[str, Team]:
        """Two area teams, each with an officer and a senior manager, by the username of each member."""
        teams = {}
        for code, name, members in [
            ("north", "North area", ["officer", "manager"]),
            ("south", "South area", ["officer2", "manager2"]),
        ]:
            team, _ = Team.objects.get_or_create(code=code, defaults={"name": name})
            team.members.add(*(users[username] for username in members))
            teams.update({username: team for username in members})
        return teams

    def logger(self) -> Any:
        return self.rng.choices([self.users["officer"], self.users["officer2"], self.users["staff"]], [60, 25, 15])[0]

    def stage_1_handler(self) -> Any:
        return self.rng.choices([*self.officers, self.users["manager"]], [55, 40, 5])[0]

    # --- reading the case back -----------------------------------------------------------------------------

    def reload(self, case: Case) -> Complaint:
        return Complaint.objects.select_related("current_stage__regime_stage").get(pk=case.pk)

    def stage(self, case: Case) -> Stage:
        return self.reload(case).current_stage

    def stage_actor(self, case: Case) -> Any:
        return case.reviewer if self.reload(case).stage == 2 else case.handler

    # --- the workflow steps, each dated relative to the stage's stored due dates ----------------------------

    def acknowledges_stage_1(self, nation: str) -> bool:
        """Whether the procedure for homes in `nation` acknowledges at stage 1: the SPSO's and NIPSO's frontline
        stage answers without one."""
        regime = NationRegime.objects.get(nation=nation).regime_id
        return RegimeStage.objects.get(regime_id=regime, number=1).acknowledge_within is not None

    def log(self, nation: str, received_on: datetime.date) -> Case:
        theme = self.rng.choices(THEMES, [theme.weight for theme in THEMES])[0]
        resident = self.resident_for(nation)
        received_on = self.clamp(received_on, self.today - datetime.timedelta(days=HISTORY_DAYS))
        slots = {
            "room": self.rng.choice(ROOMS),
            "n": self.rng.choice(["three", "four", "five"]),
            "weeks": self.rng.randint(3, 10),
            "month": f"{received_on - datetime.timedelta(days=self.rng.randint(30, 120)):%B}",
            "amount": self.rng.choice([12, 18, 25, 32]),
            "date": f"{received_on - datetime.timedelta(days=self.rng.randint(3, 20)):%-d %B}",
            "floor": self.rng.choice(FLOORS),
        }
        summary = self.rng.choice(theme.summaries).format(**slots)
        actor = self.logger()
        channel = self.channels[
            self.rng.choices(
                ["phone", "email", "web_form", "letter", "in_person", "social_media"], [30, 27, 22, 10, 7, 4]
            )[0]
        ]
        service_request = None
        if theme.from_service_request and self.rng.random() < 0.2:
            service_request = record.service_request_log(
                actor=actor,
                resident=resident,
                channel=self.channels[self.rng.choice(["phone", "web_form", "email"])],
                description=theme.service_request.format(**slots),
                reported_on=self.clamp(
                    received_on - datetime.timedelta(days=self.rng.randint(7, 60)),
                    self.today - datetime.timedelta(days=HISTORY_DAYS + 60),
                ),
                category=self.categories[theme.categories[0]],
            )
            complaint = workflow.complaint_raise_from_service_request(
                actor=actor,
                service_request=service_request,
                summary=summary,
                received_on=received_on,
                channel=channel,
            )
        else:
            complaint = workflow.complaint_log(
                actor=actor,
                resident=resident,
                received_on=received_on,
                channel=channel,
                summary=summary,
                nation=nation,
                categories=[self.categories[code] for code in theme.categories],
            )
        first = self.resident_first_received.get(resident.pk)
        self.resident_first_received[resident.pk] = min(first, received_on) if first else received_on
        chosen = self.rng.sample(theme.points, min(len(theme.points), self.rng.choice([1, 2, 2, 2, 3])))
        points = [point for point in theme.points if point in chosen]  # in the theme's order
        case = Case(
            pk=complaint.pk,
            nation=nation,
            theme=theme,
            slots=slots,
            handler=self.stage_1_handler(),
            points={1: points},
            service_request=service_request,
        )
        # The case goes to its handler's team when logged, so each team's queue and the dashboards' team breakdown
        # have cases; a few stay with no team.
        team = self.teams.get(case.handler.username)
        if team and complaint.pk % 7:
            assignment.complaint_assign(actor=self.users["manager"], complaint=complaint, handler=None, team=team)
        if channel.code in {"email", "letter"} and self.rng.random() < 0.5:
            letter = self.correspond(
                case,
                received_on,
                Correspondence.Direction.INCOMING,
                Correspondence.Party.RESIDENT,
                f"Complaint received by {channel.name.lower()}",
                summary,
                channel=channel,
            )
            if self.documents_wanted and self.rng.random() < 0.3:
                self.add_document(case, "Resident's complaint", "complaint.txt", summary, letter)
        return case

    def definition(self, case: Case, number: int) -> list[workflow.PointInput]:
        if number == 2 and 2 not in case.points:
            points = list(case.points[1])
            if self.rng.random() < 0.4:
                points.append(SECOND_STAGE_POINT)
            case.points[2] = points
        return [
            workflow.PointInput(
                point=point.point.format(**case.slots),
                outcome_sought=point.outcome.format(**case.slots),
                landlord_responsible=point.landlord_responsible,
                responsibility_note=point.responsibility_note,
            )
            for point in case.points[number]
        ]

    def acknowledge(
        self, case: Case, *, on: datetime.date | None = None, late: bool = False, limit: datetime.date | None = None
    ) -> datetime.date:
        stage = self.stage(case)
        if on is None:
            if late:
                on = self.add_wd(case.nation, stage.acknowledgement_due, self.rng.randint(1, 6))
            else:
                on = self.add_wd(
                    case.nation, stage.requested_on, self.rng.randint(1, stage.regime_stage.acknowledge_within)
                )
        on = self.clamp(on, stage.requested_on, limit)
        actor = case.handler if stage.number == 1 else self.rng.choice([*self.officers, case.reviewer])
        workflow.complaint_acknowledge(
            actor=actor, complaint=case.pk, acknowledged_on=on, points=self.definition(case, stage.number)
        )
        return on

    def define(self, case: Case) -> datetime.date:
        """Under a regime with no stage 1 acknowledgement (SPSO frontline), the definition is still recorded
        (Code 5.6) before the response. Returns the date work started: the date of receipt."""
        workflow.complaint_define(actor=case.handler, complaint=case.pk, points=self.definition(case, 1))
        return self.stage(case).requested_on

    def extend(
        self,
        case: Case,
        *,
        days: int | None = None,
        beyond_cap: bool = False,
        reach_today: bool = False,
        limit: datetime.date | None = None,
    ) -> Extension | None:
        """Extend when the response is nearly due. Within the cap unless `beyond_cap`; with `reach_today`, far
        enough that the new due date is not already past (an open case that is extended, not overdue)."""
        stage = self.stage(case)
        cap = stage.regime_stage.extension_cap
        room = cap - stage.extension_days
        # A stage with no room within its cap (NIPSO's investigation has none: more time only with a good reason)
        # is extended beyond it, as a senior manager would.
        within_cap = not beyond_cap and room >= 1
        if days is None:
            if within_cap:
                days = self.rng.randint(max(1, room // 2), room)
            else:
                days = self.rng.randint(cap + 1, cap + 10) - stage.extension_days
            if reach_today:
                days = max(days, self.calendar(case.nation).working_days_between(stage.response_due, self.today) + 2)
                if within_cap:
                    days = min(days, room)
        hard_limit = stage.regime_stage.extension_limit
        if hard_limit is not None:
            # No reason goes past a hard limit (the SPSO's 10 working days in all).
            days = min(days, hard_limit - stage.extension_days)
            if days < 1:
                return None  # the stage has had all the time its procedure allows
        informed_on = self.back_wd(case.nation, stage.response_due, self.rng.randint(0, 2))
        informed_on = self.clamp(informed_on, stage.acknowledged_on or stage.requested_on, limit)
        beyond = stage.extension_days + days > cap
        actor = self.stage_actor(case)
        if beyond and stage.number == 1:
            actor = self.rng.choice(self.managers)
        extension = workflow.extension_grant(
            actor=actor,
            complaint=case.pk,
            working_days=days,
            reason=case.theme.extension_reason,
            resident_informed_on=informed_on,
            ombudsman_details_given=True,
            update_interval_working_days=self.rng.choice([5, 5, 10]),
            good_reason=case.theme.good_reason if beyond else "",
        )
        return extension

    def response_date(self, case: Case, *, late: bool = False, limit: datetime.date | None = None) -> datetime.date:
        stage = self.stage(case)
        start = stage.acknowledged_on or stage.requested_on
        due = stage.response_due
        if late:
            on = self.add_wd(case.nation, due, self.rng.randint(1, 12))
        else:
            span = max(1, self.calendar(case.nation).working_days_between(start, due))
            earliest = span - stage.extension_days + 1 if stage.extension_days else max(1, span // 3)
            on = self.add_wd(case.nation, start, self.rng.randint(max(1, earliest), span))
        return self.clamp(on, start, limit)

    def respond(self, case: Case, on: datetime.date) -> Response:
        complaint = self.reload(case)
        stage = complaint.current_stage
        positions = list(stage.definition.order_by("position").values_list("position", flat=True))
        templates = case.points[stage.number]
        if stage.number == 1:
            decision = self.rng.choices(["upheld", "partly_upheld", "not_upheld"], [30, 42, 28])[0]
        else:
            decision = self.rng.choices(["upheld", "partly_upheld", "not_upheld"], [22, 36, 42])[0]
        if decision == "partly_upheld" and len(positions) < 2:
            decision = self.rng.choice(["upheld", "not_upheld"])
        if decision == "partly_upheld":
            point_outcomes = [self.rng.choice(["upheld", "not_upheld"]) for _ in positions]
            if len(set(point_outcomes)) == 1:
                point_outcomes[-1] = "not_upheld" if point_outcomes[0] == "upheld" else "upheld"
        else:
            point_outcomes = [decision] * len(positions)
        decisions = []
        reasons = []
        for position, outcome, template in zip(positions, point_outcomes, templates, strict=True):
            reason = (template.upheld if outcome == "upheld" else template.not_upheld).format(**case.slots)
            decisions.append(workflow.PointDecisionInput(position, outcome, reason))
            reasons.append(reason)
        opening = (
            f"We looked at {case.theme.evidence}."
            if stage.number == 1
            else f"We have reviewed the stage 1 response and looked again at {case.theme.evidence}."
        )
        closing = {
            "upheld": "We are sorry that we let you down, and we have set out below how we will put things right.",
            "partly_upheld": "We have upheld the parts of your complaint where we got things wrong, and set out "
            "below how we will put them right.",
            "not_upheld": "We know this is not the outcome you hoped for. We have explained our reasons above.",
        }[decision]
        actor = case.handler if stage.number == 1 else case.reviewer
        remedies: list[workflow.RemedyInput] = []
        actions: list[workflow.ActionInput] = []
        theme = case.theme
        if decision != "not_upheld":
            remedies.append(
                workflow.RemedyInput(
                    kind="apology",
                    description="A written apology, included with this response",
                    due_on=on,
                    completed_on=on,
                )
            )
            if self.rng.random() < 0.75:
                base = [50, 75, 100, 150, 200, 250] if decision == "partly_upheld" else [100, 150, 250, 350, 500]
                amount = self.rng.choice(base) * (2 if stage.number == 2 else 1)
                remedies.append(
                    workflow.RemedyInput(
                        kind="financial",
                        description=theme.financial,
                        due_on=on + datetime.timedelta(days=14),
                        amount=Decimal(amount),
                        agreed_with_resident=self.rng.random() < 0.6,
                    )
                )
            if self.rng.random() < 0.5:
                kind, description = self.rng.choice(theme.remedies)
                remedies.append(
                    workflow.RemedyInput(
                        kind=kind,
                        description=description.format(**case.slots),
                        due_on=on + datetime.timedelta(days=self.rng.randint(7, 28)),
                    )
                )
        if self.rng.random() < (0.7 if decision != "not_upheld" else 0.2):
            for description in self.rng.sample(theme.actions, min(len(theme.actions), self.rng.randint(1, 2))):
                actions.append(
                    workflow.ActionInput(
                        description=description.format(**case.slots),
                        due_on=on + datetime.timedelta(days=self.rng.randint(10, 45)),
                        owner_id=(case.handler if stage.number == 1 else self.rng.choice(self.officers)).pk,
                    )
                )
        return workflow.complaint_respond(
            actor=actor,
            complaint=case.pk,
            responded_on=on,
            decision=decision,
            reasons=" ".join([opening, *reasons, closing]),
            point_decisions=decisions,
            remedies=remedies,
            outstanding_actions=actions,
        )

    def close(self, case: Case, *, limit: datetime.date | None = None) -> datetime.date:
        stage = self.stage(case)
        on = self.clamp(self.add_wd(case.nation, stage.responded_on, self.rng.randint(0, 3)), stage.responded_on, limit)
        workflow.complaint_close(actor=self.stage_actor(case), complaint=case.pk, closed_on=on)
        return on

    def escalate(self, case: Case, on: datetime.date) -> None:
        stage = self.stage(case)
        on = self.clamp(on, stage.responded_on)
        workflow.complaint_escalate(
            actor=self.rng.choice(self.officers),
            complaint=case.pk,
            requested_on=on,
            escalation_reason=self.rng.choice(ESCALATION_REASONS),
        )
        # Code 6.13: the reviewer is a senior manager who neither handled nor answered stage 1.
        stage_1 = Stage.objects.get(complaint_id=case.pk, number=1)
        involved = {stage_1.handler_id, Response.objects.get(stage=stage_1).responded_by_id}
        case.reviewer = self.rng.choice([manager for manager in self.managers if manager.pk not in involved])
        assignment.reviewer_assign(actor=self.rng.choice(self.officers), complaint=case.pk, reviewer=case.reviewer)

    def refuse(self, case: Case, on: datetime.date, reason_code: str | None = None) -> None:
        stage = self.stage(case)
        if reason_code is None:
            reason_code = ["over_12_months", "legal_proceedings", "previously_considered"][self.refusal_turn % 3]
            self.refusal_turn += 1
        received = stage.requested_on
        long_ago = received - datetime.timedelta(days=self.rng.randint(400, 700))
        texts = {
            "over_12_months": (
                f"The complaint is about how a repair was carried out in {long_ago:%B %Y}, more than 12 months "
                "before the complaint was made.",
                f"Repairs record showing the job completed in {long_ago:%B %Y}, with no contact from the resident "
                "about it until this complaint.",
                "We considered using our discretion to accept the complaint. There is no continuing problem, the "
                "resident gave no reason for the delay in complaining, and the contractor's records for that time "
                "are no longer available, so we decided not to.",
            ),
            "legal_proceedings": (
                "The resident's solicitors have issued a housing disrepair claim at the county court that covers "
                "the same repairs; the court will now decide these matters."
                if stage.number == 1
                else "Since the stage 1 response, the resident's solicitors have issued a housing disrepair claim "
                "covering the same matters, so we will not review them at stage 2 while the claim continues.",
                f"Claim form and particulars of claim, claim number K{self.rng.randint(10, 99)}"
                f"YJ{self.rng.randint(100, 999)}, served on us on {received - datetime.timedelta(days=9):%-d %B %Y}.",
                "",
            ),
            "previously_considered": (
                "The same issue was considered under our complaints procedure last year, and a final stage 2 "
                "response was issued; the resident has not raised anything new.",
                "The earlier complaint file and its stage 2 response letter.",
                "",
            ),
        }
        explanation, evidence, discretion = texts[reason_code]
        actor = case.handler if stage.number == 1 else case.reviewer
        workflow.complaint_refuse(
            actor=actor,
            complaint=case.pk,
            reason=self.refusal_reasons[reason_code],
            explanation=explanation,
            evidence=evidence,
            decided_on=self.clamp(on, received),
            discretion_note=discretion,
        )

    def withdraw(self, case: Case, on: datetime.date) -> None:
        stage = self.stage(case)
        workflow.complaint_withdraw(
            actor=self.stage_actor(case),
            complaint=case.pk,
            withdrawn_on=self.clamp(on, stage.acknowledged_on or stage.requested_on),
            note=self.rng.choice(WITHDRAWAL_NOTES),
        )

    def correspond(
        self,
        case: Case,
        on: datetime.date,
        direction: str,
        party: str,
        subject: str,
        body: str = "",
        channel: Channel | None = None,
    ) -> Correspondence:
        if channel is None:
            channel = self.channels[
                "email" if party != Correspondence.Party.RESIDENT else self.rng.choice(["email", "phone", "letter"])
            ]
        return record.correspondence_record(
            actor=self.rng.choice(self.officers),
            complaint=case.pk,
            direction=direction,
            party=party,
            channel=channel,
            occurred_on=on,
            subject=subject[:200],
            body=body,
        )

    def correspondence_between(self, case: Case, start: datetime.date, end: datetime.date, count: int) -> None:
        """A few letters, calls and emails while a stage is under way, in date order."""
        end = min(end, self.today)
        if end < start:
            return
        span = (end - start).days
        for offset in sorted(self.rng.randint(0, span) for _ in range(count)):
            on = start + datetime.timedelta(days=offset)
            kind = self.rng.choice(["in_resident", "out_resident", "out_contractor", "in_contractor"])
            if kind == "in_resident":
                self.correspond(
                    case,
                    on,
                    Correspondence.Direction.INCOMING,
                    Correspondence.Party.RESIDENT,
                    self.rng.choice(INCOMING_FROM_RESIDENT),
                )
            elif kind == "out_resident":
                self.correspond(
                    case,
                    on,
                    Correspondence.Direction.OUTGOING,
                    Correspondence.Party.RESIDENT,
                    self.rng.choice(OUTGOING_TO_RESIDENT),
                )
            elif kind == "out_contractor":
                self.correspond(
                    case,
                    on,
                    Correspondence.Direction.OUTGOING,
                    Correspondence.Party.CONTRACTOR,
                    case.theme.contractor,
                )
            else:
                letter = self.correspond(
                    case,
                    on,
                    Correspondence.Direction.INCOMING,
                    Correspondence.Party.CONTRACTOR,
                    self.rng.choice(INCOMING_FROM_CONTRACTOR),
                    "Report attached.",
                )
                if self.documents_wanted and self.rng.random() < 0.35:
                    self.add_document(
                        case,
                        "Damp and mould survey report" if case.theme.code == "damp_mould" else "Inspection report",
                        "inspection-report.pdf",
                        f"Inspection report for complaint {self.reload(case).reference}. "
                        f"Findings: {case.points[1][0].point.format(**case.slots)}. "
                        "Works recommended and booked with the resident.",
                        letter,
                    )

    def add_document(
        self, case: Case, title: str, filename: str, text: str, correspondence: Correspondence | None = None
    ) -> Document:
        self.documents_wanted -= 1
        if filename.endswith(".pdf"):
            content, content_type = simple_pdf(title, text), "application/pdf"
        else:
            content, content_type = f"{title}\n\n{text}\n".encode(), "text/plain"
        return record.document_add(
            actor=self.rng.choice(self.officers),
            complaint=case.pk,
            title=title,
            upload=SimpleUploadedFile(filename, content, content_type=content_type),
            correspondence=correspondence,
        )

    def follow_through(self, case: Case) -> None:
        """Carry out remedies and outstanding actions whose dates have come (Code 6.6, 7.3), mostly on time."""
        actor = self.rng.choice(self.officers)
        for remedy in Remedy.objects.filter(complaint_id=case.pk, completed_on__isnull=True).select_related("stage"):
            responded_on = remedy.stage.responded_on or remedy.stage.requested_on
            if remedy.due_on <= self.today and self.rng.random() < 0.85:
                on = self.clamp(remedy.due_on - datetime.timedelta(days=self.rng.randint(0, 7)), responded_on)
                record.remedy_complete(actor=actor, remedy=remedy, completed_on=on)
        for action in OutstandingAction.objects.filter(complaint_id=case.pk, completed_on__isnull=True).select_related(
            "stage"
        ):
            responded_on = action.stage.responded_on or action.stage.requested_on
            if action.due_on <= self.today and self.rng.random() < 0.8:
                on = self.clamp(action.due_on - datetime.timedelta(days=self.rng.randint(0, 10)), responded_on)
            elif action.due_on > self.today and self.rng.random() < 0.2:
                on = self.clamp(responded_on + datetime.timedelta(days=self.rng.randint(3, 20)), responded_on)
            else:
                continue
            record.outstanding_action_complete(actor=actor, action=action, completed_on=on)
        request = case.service_request
        if request and self.reload(case).status == Complaint.Status.CLOSED and self.rng.random() < 0.7:
            on = self.clamp(
                self.reload(case).closed_on + datetime.timedelta(days=self.rng.randint(0, 20)), request.reported_on
            )
            record.service_request_complete(
                actor=self.rng.choice(self.officers), service_request=request, completed_on=on
            )

    # --- stage 1 and stage 2 in full ------------------------------------------------------------------------

    def stage_1_response(self, case: Case, *, limit: datetime.date | None = None) -> datetime.date:
        """Acknowledge (where the regime has that step), perhaps extend, and respond, by `limit`."""
        stage = self.stage(case)
        if stage.regime_stage.acknowledge_within:
            start = self.acknowledge(case, late=self.rng.random() < 0.1, limit=limit)
        else:
            start = self.define(case)
        if self.rng.random() < 0.12:
            self.extend(case, limit=limit)
        on = self.response_date(case, late=self.rng.random() < 0.15, limit=limit)
        self.correspondence_between(case, start, on, self.rng.choice([0, 0, 1, 1, 2, 3]))
        self.respond(case, on)
        return on

    def stage_1_then_escalate(self, case: Case, escalate_on: datetime.date) -> None:
        responded_on = self.stage_1_response(case, limit=escalate_on)
        if self.rng.random() < 0.4:
            self.close(case, limit=escalate_on)
        self.escalate(case, max(responded_on, escalate_on))

    def stage_2_response(self, case: Case, *, close: bool) -> None:
        stage = self.stage(case)
        start = self.acknowledge(case, late=self.rng.random() < 0.1)
        if self.rng.random() < 0.15:
            self.extend(case)
        on = self.response_date(case, late=self.rng.random() < 0.15)
        self.correspondence_between(case, max(start, stage.requested_on), on, self.rng.choice([0, 1, 1, 2]))
        self.respond(case, on)
        if close:
            closed_on = self.close(case)
            if self.referrals_wanted and self.rng.random() < 0.3:
                self.refer(case, closed_on)

    def refer(self, case: Case, closed_on: datetime.date) -> None:
        referred_on = closed_on + datetime.timedelta(days=self.rng.randint(14, 90))
        if referred_on > self.today:
            return
        self.referrals_wanted -= 1
        actor = self.rng.choice(self.officers)
        referral = ombudsman_services.referral_record(
            actor=actor,
            complaint=case.pk,
            referred_on=referred_on,
            ombudsman_reference=f"{referred_on:%Y}{self.rng.randint(10000, 99999)}",
        )
        record.correspondence_record(
            actor=actor,
            complaint=case.pk,
            direction=Correspondence.Direction.INCOMING,
            party=Correspondence.Party.OMBUDSMAN,
            channel=self.channels["email"],
            occurred_on=referred_on,
            subject="Ombudsman's request for the complaint file",
        )
        determined_on = referred_on + datetime.timedelta(days=self.rng.randint(60, 240))
        if determined_on > self.today:
            return
        determination, orders = self.rng.choice(DETERMINATIONS)
        ombudsman_services.referral_determine(
            actor=actor,
            referral=referral,
            determination=determination,
            determined_on=determined_on,
            orders=orders.format(small=self.rng.choice([150, 200, 300]), large=self.rng.choice([600, 900, 1200])),
            complaint_handling_failure=determination in {"maladministration", "severe_maladministration"}
            and self.rng.random() < 0.5,
            compliance_due=determined_on + datetime.timedelta(days=28) if orders else None,
        )

    # --- the scenarios --------------------------------------------------------------------------------------
    # Historic cases run forwards from a receipt date far enough back; open cases are dated backwards from today
    # so that they are on time, extended or overdue as intended. Each picks its nation first: the nation decides
    # the calendar and the regime (in Scotland the SPSO frontline stage runs from receipt, with no acknowledgement).

    def closed_stage_1(self) -> Case:
        case = self.log(self.pick_nation("closed_stage_1"), self.days_ago(25, HISTORY_DAYS))
        self.stage_1_response(case)
        self.close(case)
        return case

    def responded_stage_1(self) -> Case:
        case = self.log(self.pick_nation("responded_stage_1"), self.days_ago(18, 75))
        self.stage_1_response(case)
        return case

    def refused_stage_1(self) -> Case:
        case = self.log(self.pick_nation("refused_stage_1"), self.days_ago(3, HISTORY_DAYS))
        stage = self.stage(case)
        self.refuse(case, self.add_wd(case.nation, stage.requested_on, self.rng.randint(1, 5)))
        return case

    def withdrawn_stage_1(self) -> Case:
        case = self.log(self.pick_nation("withdrawn_stage_1"), self.days_ago(10, HISTORY_DAYS))
        stage = self.stage(case)
        start = stage.requested_on
        if stage.regime_stage.acknowledge_within and self.rng.random() < 0.5:
            start = self.acknowledge(case)
        self.withdraw(case, self.add_wd(case.nation, start, self.rng.randint(1, 8)))
        return case

    def awaiting_acknowledgement(self) -> Case:
        nation = self.pick_nation("awaiting_acknowledgement")
        return self.log(nation, self.back_wd(nation, self.today, self.rng.randint(0, 3)))

    def awaiting_acknowledgement_overdue(self) -> Case:
        return self.log(self.pick_nation("awaiting_acknowledgement_overdue"), self.days_ago(14, 75))

    def in_progress(self) -> Case:
        nation = self.pick_nation("in_progress")
        if self.acknowledges_stage_1(nation):
            acknowledged_on = self.back_wd(nation, self.today, self.rng.randint(0, 8))
            case = self.log(nation, self.back_wd(nation, acknowledged_on, self.rng.randint(1, 4)))
            start = self.acknowledge(case, on=acknowledged_on)
        else:
            case = self.log(nation, self.back_wd(nation, self.today, self.rng.randint(0, 3)))
            start = self.define(case)
        self.correspondence_between(case, start, self.today, self.rng.choice([0, 1, 1, 2]))
        unraised = [point for point in case.theme.points if point not in case.points[1]]
        if unraised and self.rng.random() < 0.15:
            # Code 6.8: a related issue raised during the investigation joins the definition.
            extra = self.rng.choice(unraised)
            case.points[1].append(extra)
            workflow.issue_add(
                actor=case.handler,
                complaint=case.pk,
                point=extra.point.format(**case.slots),
                outcome_sought=extra.outcome.format(**case.slots),
                raised_on=self.clamp(start + datetime.timedelta(days=self.rng.randint(0, 5)), start),
                related=True,
            )
        if self.rng.random() < 0.12:
            # Code 5.13: a remedy can be offered before the response.
            kind, description = self.rng.choice(case.theme.remedies)
            record.remedy_add(
                actor=case.handler,
                complaint=case.pk,
                kind=self.remedy_kinds[kind],
                description=description.format(**case.slots),
                due_on=self.today + datetime.timedelta(days=self.rng.randint(3, 14)),
            )
        return case

    def in_progress_overdue(self) -> Case:
        nation = self.pick_nation("in_progress_overdue")
        if self.acknowledges_stage_1(nation):
            case = self.log(nation, self.days_ago(35, 120))
            start = self.acknowledge(case)
        else:
            case = self.log(nation, self.days_ago(14, 60))
            start = self.define(case)
        self.correspondence_between(case, start, self.today, self.rng.choice([1, 2, 3]))
        return case

    def extended(self, beyond_cap: bool = False) -> Case:
        nation = self.pick_nation("extended")
        back = self.rng.randint(15, 19) if beyond_cap else self.rng.randint(6, 10)
        if self.acknowledges_stage_1(nation):
            acknowledged_on = self.back_wd(nation, self.today, back)
            case = self.log(nation, self.back_wd(nation, acknowledged_on, self.rng.randint(1, 4)))
            self.acknowledge(case, on=acknowledged_on)
        else:
            case = self.log(nation, self.back_wd(nation, self.today, back // 2))
            self.define(case)
        if beyond_cap and self.rng.random() < 0.5:
            # One extension within the cap, then a second taking it beyond, approved by a senior manager.
            self.extend(case, reach_today=False)
        self.extend(case, beyond_cap=beyond_cap, reach_today=True)
        self.update_after_extension(case)
        return case

    def extended_beyond_cap(self) -> Case:
        return self.extended(beyond_cap=True)

    def update_after_extension(self, case: Case) -> None:
        """Code 5.9: the resident is kept informed at the interval agreed with the extension."""
        stage = self.stage(case)
        if stage.update_due and stage.update_due <= self.today and self.rng.random() < 0.7:
            self.correspond(
                case,
                stage.update_due,
                Correspondence.Direction.OUTGOING,
                Correspondence.Party.RESIDENT,
                "Update to the resident, as agreed when the response time was extended",
            )

    def closed_stage_2(self) -> Case:
        case = self.log(self.pick_nation("closed_stage_2"), self.days_ago(110, HISTORY_DAYS))
        responded_on = self.stage_1_response(case)
        if self.rng.random() < 0.4:
            self.close(case)
        self.escalate(case, responded_on + datetime.timedelta(days=self.rng.randint(3, 40)))
        self.stage_2_response(case, close=True)
        return case

    def responded_stage_2(self) -> Case:
        case = self.log(self.pick_nation("responded_stage_2"), self.days_ago(80, 200))
        responded_on = self.stage_1_response(case)
        self.escalate(case, responded_on + datetime.timedelta(days=self.rng.randint(3, 30)))
        self.stage_2_response(case, close=False)
        return case

    def stage_2_case(self, scenario: str, back: tuple[int, int] | None = None, days_ago=None) -> Case:
        """A complaint answered at stage 1 and escalated `back` working days (or `days_ago` days) ago."""
        nation = self.pick_nation(scenario)
        escalate_on = self.back_wd(nation, self.today, self.rng.randint(*back)) if back else self.days_ago(*days_ago)
        case = self.log(nation, escalate_on - datetime.timedelta(days=self.rng.randint(35, 100)))
        self.stage_1_then_escalate(case, escalate_on)
        return case

    def stage_2_awaiting_acknowledgement(self) -> Case:
        return self.stage_2_case("stage_2_awaiting_acknowledgement", back=(0, 2))

    def stage_2_awaiting_acknowledgement_overdue(self) -> Case:
        return self.stage_2_case("stage_2_awaiting_acknowledgement_overdue", days_ago=(14, 30))

    def stage_2_in_progress(self) -> Case:
        case = self.stage_2_case("stage_2_in_progress", back=(3, 16))
        start = self.acknowledge(case)
        self.correspondence_between(case, start, self.today, self.rng.choice([0, 1, 2]))
        return case

    def stage_2_extended(self, beyond_cap: bool = False) -> Case:
        case = self.stage_2_case("stage_2_extended", back=(32, 38) if beyond_cap else (20, 24))
        self.acknowledge(case)
        if beyond_cap:
            self.extend(case, reach_today=False)
        self.extend(case, beyond_cap=beyond_cap, reach_today=True)
        self.update_after_extension(case)
        return case

    def stage_2_extended_beyond_cap(self) -> Case:
        return self.stage_2_extended(beyond_cap=True)

    def stage_2_overdue(self) -> Case:
        case = self.stage_2_case("stage_2_overdue", days_ago=(45, 90))
        start = self.acknowledge(case)
        self.correspondence_between(case, start, self.today, self.rng.choice([1, 2]))
        return case

    def refused_stage_2(self) -> Case:
        case = self.stage_2_case("refused_stage_2", days_ago=(5, 120))
        stage = self.stage(case)
        self.refuse(case, self.add_wd(case.nation, stage.requested_on, self.rng.randint(1, 3)), "legal_proceedings")
        return case

    def withdrawn_stage_2(self) -> Case:
        case = self.stage_2_case("withdrawn_stage_2", days_ago=(10, 150))
        acknowledged_on = self.acknowledge(case)
        self.withdraw(case, self.add_wd(case.nation, acknowledged_on, self.rng.randint(2, 10)))
        return case

    # --- the whole register ---------------------------------------------------------------------------------

    def load(self, *, all_letters: bool = False) -> None:
        scenarios = [name for name, count in SCENARIOS for _ in range(count)]
        self.rng.shuffle(scenarios)
        drawn: set[str] = set()
        for name in scenarios:
            # Drawing a PDF takes about 0.3 s: one case of each kind gets its letters as PDFs, so every kind of
            # letter can be seen; the others keep theirs as text on the correspondence.
            with contextlib.nullcontext() if all_letters or name not in drawn else letters_without_pdfs():
                drawn.add(name)
                self.follow_through(getattr(self, name)())
        self.standalone_service_requests()
        self.special_category_data()

    def standalone_service_requests(self) -> None:
        """Requests for a service (Code 1.4): most completed, none of them complaints."""
        for _ in range(45):
            nation = self.pick_nation("service_request")
            resident = self.resident_for(nation)
            category, description = self.rng.choice(STANDALONE_SERVICE_REQUESTS)
            reported_on = self.days_ago(0, HISTORY_DAYS)
            request = record.service_request_log(
                actor=self.rng.choice([self.users["staff"], self.users["staff"], *self.officers]),
                resident=resident,
                channel=self.channels[self.rng.choice(["phone", "web_form", "email", "housing_system"])],
                description=description,
                reported_on=reported_on,
                category=self.categories[category],
            )
            completed_on = reported_on + datetime.timedelta(days=self.rng.randint(1, 40))
            if completed_on <= self.today and self.rng.random() < 0.85:
                record.service_request_complete(
                    actor=self.users["staff"], service_request=request, completed_on=completed_on
                )

    def special_category_data(self) -> None:
        """Disabilities, vulnerabilities, adjustments and contact restrictions on some residents (Code 5.10, 5.14).

        Recorded by case workers only, and never written into complaint summaries or timelines."""
        residents = [
            resident for resident in Resident.objects.filter(pk__in=self.resident_first_received).order_by("pk")
        ]
        chosen = self.rng.sample(residents, min(26, len(residents)))
        for index, resident in enumerate(chosen):
            actor = self.rng.choice([*self.officers, *self.managers])
            first = self.resident_first_received[resident.pk]
            disclosed_on = self.clamp(
                first + datetime.timedelta(days=self.rng.randint(-200, 30)), first - datetime.timedelta(days=400)
            )
            kind, description = self.rng.choice(DISCLOSURES)
            record.disclosure_record(
                actor=actor, resident=resident, kind=kind, description=description, disclosed_on=disclosed_on
            )
            if index % 2 == 0:
                agreed_on = self.clamp(disclosed_on + datetime.timedelta(days=self.rng.randint(0, 10)), disclosed_on)
                need, language, words = self.rng.choice(ADJUSTMENTS)
                adjustment = record.adjustment_agree(
                    actor=actor,
                    resident=resident,
                    need=need,
                    language=language,
                    adjustment=words,
                    agreed_on=agreed_on,
                    review_due=agreed_on + datetime.timedelta(days=self.rng.choice([90, 180, 365])),
                )
                if adjustment.review_due < self.today and self.rng.random() < 0.6:
                    reviewed_on = self.clamp(
                        adjustment.review_due - datetime.timedelta(days=self.rng.randint(0, 10)), agreed_on
                    )
                    record.special_category_review(
                        actor=actor,
                        item=adjustment,
                        reviewed_on=reviewed_on,
                        next_review_due=reviewed_on + datetime.timedelta(days=180),
                    )
        for number, resident in enumerate(self.rng.sample(residents, 3)):
            manager = self.managers[number % 2]
            starts_on = self.days_ago(30, 300)
            incidents = starts_on - datetime.timedelta(days=20)
            restriction = record.restriction_impose(
                actor=manager,
                resident=resident,
                reason="Repeated abusive and threatening phone calls to the repairs team.",
                evidence=f"Call recordings and staff incident reports from {incidents:%B %Y}; "
                "a warning letter was sent first and the behaviour continued.",
                scope="All contact through one named officer, by email or letter. The resident can still report "
                "emergency repairs by phone at any time, and any complaint will still be investigated.",
                equality_considerations="We checked the resident's record for any disability or vulnerability that "
                "could explain the behaviour or call for an adjustment, and made sure the restriction leaves a "
                "written and an emergency phone route open.",
                starts_on=starts_on,
                review_due=starts_on + datetime.timedelta(days=90),
            )
            if number == 0 and restriction.review_due <= self.today:
                record.special_category_review(
                    actor=manager,
                    item=restriction,
                    reviewed_on=restriction.review_due,
                    next_review_due=None,
                    ended=True,
                )


def simple_pdf(title: str, text: str) -> bytes:
    """A one-page PDF holding `title` and `text`, good enough to open in any viewer."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    words, lines, line = text.split(), [title, ""], ""
    for word in words:
        if len(line) + len(word) > 85:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    shown = " ".join(f"({escape(item)}) '" for item in lines)
    stream = f"BT /F1 11 Tf 50 800 Td 15 TL {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1', 'replace'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1", "replace")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


OVERSIGHT_USERS = ["officer", "officer2", "manager", "manager2", "lead"]


def load_learning_and_oversight(users: dict[str, Any], today: datetime.date) -> None:
    """Learning points and service improvements (Code 9.1-9.3), the Ombudsman's findings and orders (9.7 c),
    satisfaction surveys (1.6) and emails in the complaints mailbox. Each part loads once, so running the command
    again adds nothing."""
    rng = random.Random(SEED + 1)
    learning_demo.load(users=users, today=today, rng=rng)
    ombudsman_demo.load(users=users, today=today, rng=rng)
    surveys_demo.load(users=users, today=today, rng=rng)
    inbound_demo.load(today=today)


class Command(BaseCommand):
    help = (
        "Load demo users (one per role, with the passwords printed at the end) and about 300 realistic complaints "
        "over the last 18 months. Does nothing if the demo data is already loaded."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all-letters",
            action="store_true",
            help="Draw every letter as a PDF (several minutes); by default one case of each kind has PDF letters.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        User = get_user_model()
        marker = User.objects.filter(username=MARKER_USERNAME).first()
        if marker and Complaint.objects.filter(logged_by=marker).exists():
            # Demo complaints loaded before learning, Ombudsman findings and surveys existed get them now.
            users = {user.username: user for user in User.objects.filter(username__in=OVERSIGHT_USERS)}
            if len(users) == len(OVERSIGHT_USERS):
                with transaction.atomic():
                    load_learning_and_oversight(users, timezone.localdate())
            self.stdout.write("Demo data already loaded: nothing to do.")
            return
        if Complaint.objects.exists():
            self.stdout.write(
                "The database already holds complaints that are not demo data, so the demo data was not loaded."
            )
            return
        today = timezone.localdate()
        self.stdout.write(f"Loading demo data for {today:%-d %B %Y}...")
        with transaction.atomic():
            users, kept = self.create_users()
            Loader(users, today).load(all_letters=options["all_letters"])
            load_learning_and_oversight(users, today)
        self.report(today, kept, time.monotonic() - started)

    def create_users(self) -> tuple[dict[str, Any], list[str]]:
        ensure_groups()
        User = get_user_model()
        users, kept = {}, []
        for demo in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=demo.username,
                defaults={
                    "first_name": demo.first_name,
                    "last_name": demo.last_name,
                    "email": demo.email,
                    "is_staff": demo.is_staff,
                    "is_superuser": False,
                },
            )
            if created:
                user.set_password(demo.password)
                user.save(update_fields=["password"])
                TOTP.activate(user, DEMO_TOTP_SECRET)
            else:
                # Someone made this account before: keep its password, but give it the demo role.
                kept.append(demo.username)
            user.groups.add(Group.objects.get(name=demo.role))
            users[demo.username] = user
        return users, kept

    def report(self, today: datetime.date, kept: list[str], seconds: float) -> None:
        write = self.stdout.write
        complaints = Complaint.objects.select_related("current_stage")
        by_status = Counter(complaints.values_list("status", flat=True))
        write(f"Loaded {complaints.count()} complaints in {seconds:.1f} s.")
        write("Complaints by status:")
        for status in Complaint.Status:
            write(f"  {status.label:<26} {by_status.get(status.value, 0):>4}")
        open_cases = [complaint for complaint in complaints if complaint.is_open]
        overdue = sum(1 for complaint in open_cases if (complaint.current_stage.next_due() or today) < today)
        by_nation = Counter(complaints.values_list("nation", flat=True))
        extended = Stage.objects.filter(extension_days__gt=0).count()
        write(
            f"Open: {len(open_cases)}, of which overdue: {overdue}. At stage 2: "
            f"{complaints.filter(stage=2).count()}. Extended stages: {extended}"
            f" ({Extension.objects.filter(beyond_cap=True).count()} extensions beyond the cap)."
        )
        write("By nation: " + ", ".join(f"{Nation(code).label} {by_nation.get(code, 0)}" for code in Nation.values))
        write(
            f"Service requests: {ServiceRequest.objects.count()} "
            f"({ServiceRequest.objects.filter(status='open').count()} open, "
            f"{Complaint.objects.filter(service_request__isnull=False).count()} complaints raised from one). "
            f"Remedies: {Remedy.objects.count()} ({Remedy.objects.filter(completed_on__isnull=False).count()} "
            f"completed). Outstanding actions: {OutstandingAction.objects.count()} "
            f"({OutstandingAction.objects.filter(completed_on__isnull=False).count()} completed)."
        )
        write(
            f"Correspondence: {Correspondence.objects.count()}. Documents: {Document.objects.count()}. "
            f"Ombudsman referrals: {OmbudsmanReferral.objects.count()}. Residents: {Resident.objects.count()}, "
            f"with {Disclosure.objects.count()} disclosures, {ReasonableAdjustment.objects.count()} reasonable "
            f"adjustments and {ContactRestriction.objects.count()} contact restrictions."
        )
        surveys = Survey.objects.aggregate(sent=Count("id"), returned=Count("id", filter=Q(answered_at__isnull=False)))
        write(
            f"Learning points: {LearningPoint.objects.count()}. Service improvements: "
            f"{ServiceImprovement.objects.count()}. Ombudsman findings: {Finding.objects.count()}, orders and "
            f"recommendations: {Order.objects.count()} ({Order.objects.filter(complied_on__isnull=True).count()} "
            f"not yet complied with), Complaint Handling Failure Orders: {HandlingFailureOrder.objects.count()}. "
            f"Satisfaction surveys: {surveys['sent']} sent, {surveys['returned']} returned."
        )
        write(
            f"Demo users sign in with a password and a security code: add the setup key {DEMO_TOTP_SECRET} "
            "(time-based, 6 digits) to an authenticator app, or run `python manage.py demo_code` for the code now."
        )
        write("Demo users (username / password, role):")
        for demo in DEMO_USERS:
            password = "(existing account: password unchanged)" if demo.username in kept else demo.password
            write(f"  {demo.username:<9} {password:<20} {demo.role} ({demo.first_name} {demo.last_name})")
