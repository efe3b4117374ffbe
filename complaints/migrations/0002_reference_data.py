"""The reference data a new landlord starts with. Administrators extend it; nothing here is code."""

from django.db import migrations

CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("web_form", "Website form"),
    ("in_person", "In person"),
    ("social_media", "Social media"),
    ("third_party", "Through a third party (MP, councillor, advocate)"),
    ("housing_system", "Housing management system"),
]
CATEGORIES = [
    ("repairs", "Repairs and maintenance"),
    ("damp_mould", "Damp and mould"),
    ("antisocial_behaviour", "Anti-social behaviour handling"),
    ("customer_service", "Customer service"),
    ("staff_conduct", "Staff conduct"),
    ("rent_charges", "Rent and service charges"),
    ("estate_services", "Estate services and grounds"),
    ("communal_areas", "Communal areas and cleaning"),
    ("lettings", "Lettings and allocations"),
    ("heating", "Heating and hot water"),
    ("communication", "Communication and information"),
]
# Code 2.2 lists the first three as acceptable exclusions.
REFUSAL_REASONS = [
    (
        "over_12_months",
        "The issue happened more than 12 months ago",
        True,
        "The issue giving rise to the complaint occurred over 12 months ago, and there is no good reason to use discretion (Code 2.2, 2.3).",
    ),
    (
        "legal_proceedings",
        "Legal proceedings have started",
        False,
        "Details of the claim, such as the Claim Form and Particulars of Claim, have been filed at court (Code 2.2).",
    ),
    (
        "previously_considered",
        "Already considered under the complaints policy",
        False,
        "The matter has previously been considered under the complaints policy (Code 2.2).",
    ),
]
REMEDY_KINDS = [
    ("apology", "Apology", False),
    ("acknowledgement", "Acknowledging where things went wrong", False),
    ("explanation", "Explanation, assistance or reasons", False),
    ("action_on_delay", "Taking action where there has been delay", False),
    ("decision_changed", "Reconsidering or changing a decision", False),
    ("record_amended", "Amending a record or adding a correction", False),
    ("financial", "Financial remedy", True),
    ("policy_change", "Changing policies, procedures or practices", False),
]
HOUSING_OMBUDSMAN = (
    "Housing Ombudsman Service, PO Box 152, Liverpool L33 7WQ. "
    "Telephone 0300 111 3000. Email info@housing-ombudsman.org.uk. Website www.housing-ombudsman.org.uk"
)
SPSO = (
    "Scottish Public Services Ombudsman, Bridgeside House, 99 McDonald Road, Edinburgh EH7 4NS. "
    "Freephone 0800 377 7330. Website www.spso.org.uk"
)


def load(apps, schema_editor):
    for model_name, rows in [("Channel", CHANNELS), ("Category", CATEGORIES)]:
        model = apps.get_model("complaints", model_name)
        for order, (code, name) in enumerate(rows):
            model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    RefusalReason = apps.get_model("complaints", "RefusalReason")
    for order, (code, name, discretion, description) in enumerate(REFUSAL_REASONS):
        RefusalReason.objects.update_or_create(
            code=code,
            defaults={"name": name, "order": order, "requires_discretion_note": discretion, "description": description},
        )
    RemedyKind = apps.get_model("complaints", "RemedyKind")
    for order, (code, name, financial) in enumerate(REMEDY_KINDS):
        RemedyKind.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "is_financial": financial}
        )

    Regime = apps.get_model("complaints", "Regime")
    RegimeStage = apps.get_model("complaints", "RegimeStage")
    NationRegime = apps.get_model("complaints", "NationRegime")
    hos, _ = Regime.objects.update_or_create(
        code="housing_ombudsman_2024",
        defaults={
            "name": "Housing Ombudsman Complaint Handling Code 2024",
            "ombudsman_name": "the Housing Ombudsman",
            "ombudsman_contact": HOUSING_OMBUDSMAN,
        },
    )
    RegimeStage.objects.update_or_create(
        regime=hos,
        number=1,
        defaults={
            "name": "Stage 1",
            "acknowledge_within": 5,
            "respond_within": 10,
            "response_clock": "acknowledgement",
            "extension_cap": 10,
            "next_step": "If you are not happy with this response, you can ask us to look at your complaint again at "
            "stage 2. You do not need to tell us why. Contact us by phone, email, letter or our website and quote "
            "your complaint reference.",
        },
    )
    RegimeStage.objects.update_or_create(
        regime=hos,
        number=2,
        defaults={
            "name": "Stage 2",
            "acknowledge_within": 5,
            "respond_within": 20,
            "response_clock": "acknowledgement",
            "extension_cap": 20,
            "next_step": "This is our final response. If you are still not happy, you can ask the Housing Ombudsman "
            "to look at your complaint. " + HOUSING_OMBUDSMAN,
        },
    )
    spso, _ = Regime.objects.update_or_create(
        code="spso_model_procedure",
        defaults={
            "name": "SPSO model complaints handling procedure",
            "ombudsman_name": "the Scottish Public Services Ombudsman",
            "ombudsman_contact": SPSO,
        },
    )
    RegimeStage.objects.update_or_create(
        regime=spso,
        number=1,
        defaults={
            "name": "Frontline response",
            "acknowledge_within": None,
            "respond_within": 5,
            "response_clock": "receipt",
            "extension_cap": 5,
            "next_step": "If you are not happy with this response, you can ask us to investigate your complaint at "
            "stage 2. Contact us and quote your complaint reference.",
        },
    )
    RegimeStage.objects.update_or_create(
        regime=spso,
        number=2,
        defaults={
            "name": "Investigation",
            "acknowledge_within": 3,
            "respond_within": 20,
            "response_clock": "receipt",
            "extension_cap": 10,
            "next_step": "This is our final response. If you are still not happy, you can ask the Scottish Public "
            "Services Ombudsman to look at your complaint. " + SPSO,
        },
    )
    for nation in ["england", "wales", "northern_ireland"]:
        NationRegime.objects.update_or_create(nation=nation, defaults={"regime": hos})
    NationRegime.objects.update_or_create(nation="scotland", defaults={"regime": spso})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE complaints_complaint_reference_seq; CREATE SEQUENCE complaints_service_request_reference_seq;",
            "DROP SEQUENCE complaints_complaint_reference_seq; DROP SEQUENCE complaints_service_request_reference_seq;",
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
