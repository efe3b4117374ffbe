from django.db import migrations

NIPSO = (
    "Northern Ireland Public Services Ombudsman, Progressive House, 33 Wellington Place, Belfast BT1 6HN. "
    "Freephone 0800 34 34 24. Email nipso@nipso.org.uk. Website www.nipso.org.uk"
)
PSOW = (
    "Public Services Ombudsman for Wales, 1 Ffordd yr Hen Gae, Pencoed CF35 5LJ. "
    "Telephone 0300 790 0203. Email ask@ombudsman.wales. Website www.ombudsman.wales"
)
FINAL = "This is our final response. If you are still not happy, you can ask {} to look at your complaint. "


def load(apps, schema_editor):
    """Each nation's Ombudsman. Northern Ireland: NIPSO's model complaints handling procedure, the SPSO's shape
    (frontline 5 working days, extendable to 10 in all; investigation acknowledged within 3 and answered within 20
    working days, longer only with a clearly good reason), and its default. Wales: the Public Services Ombudsman for
    Wales with the Complaint Handling Code's timescales, for an administrator to choose (or to keep the Housing
    Ombudsman) and adjust to the landlord's own Welsh policy."""
    Regime = apps.get_model("complaints", "Regime")
    RegimeStage = apps.get_model("complaints", "RegimeStage")
    NationRegime = apps.get_model("complaints", "NationRegime")
    for code, nations in [
        ("housing_ombudsman_2024", ["england", "wales"]),
        ("spso_model_procedure", ["scotland"]),
    ]:
        Regime.objects.filter(code=code).update(nations=nations)
    nipso, _ = Regime.objects.update_or_create(
        code="nipso_model_procedure",
        defaults={
            "name": "NIPSO model complaints handling procedure",
            "ombudsman_name": "the Northern Ireland Public Services Ombudsman",
            "ombudsman_contact": NIPSO,
            "nations": ["northern_ireland"],
            "may_move_to_investigation": True,
        },
    )
    RegimeStage.objects.update_or_create(
        regime=nipso,
        number=1,
        defaults={
            "name": "Frontline response",
            "acknowledge_within": None,
            "respond_within": 5,
            "response_clock": "receipt",
            "extension_cap": 5,
            "extension_limit": 5,
            "next_step": "If you are not happy with this response, you can ask us to investigate your complaint at "
            "stage 2. Contact us and quote your complaint reference.",
        },
    )
    RegimeStage.objects.update_or_create(
        regime=nipso,
        number=2,
        defaults={
            "name": "Investigation",
            "acknowledge_within": 3,
            "respond_within": 20,
            "response_clock": "receipt",
            # No more than 20 working days "unless there is clearly a good reason for needing more time".
            "extension_cap": 0,
            "extension_limit": None,
            "next_step": FINAL.format("the Northern Ireland Public Services Ombudsman") + NIPSO,
        },
    )
    psow, _ = Regime.objects.update_or_create(
        code="psow_code_timescales",
        defaults={
            "name": "Complaint Handling Code timescales, with the Public Services Ombudsman for Wales",
            "ombudsman_name": "the Public Services Ombudsman for Wales",
            "ombudsman_contact": PSOW,
            "nations": ["wales"],
            "may_move_to_investigation": False,
        },
    )
    for number, acknowledge, respond, cap, next_step in [
        (
            1,
            5,
            10,
            10,
            "If you are not happy with this response, you can ask us to look at your complaint again at stage 2. "
            "You do not need to tell us why. Contact us by phone, email, letter or our website and quote your "
            "complaint reference.",
        ),
        (2, 5, 20, 20, FINAL.format("the Public Services Ombudsman for Wales") + PSOW),
    ]:
        RegimeStage.objects.update_or_create(
            regime=psow,
            number=number,
            defaults={
                "name": f"Stage {number}",
                "acknowledge_within": acknowledge,
                "respond_within": respond,
                "response_clock": "acknowledgement",
                "extension_cap": cap,
                "extension_limit": None,
                "next_step": next_step,
            },
        )
    NationRegime.objects.update_or_create(nation="northern_ireland", defaults={"regime": nipso})
    # Wales keeps the regime it had until an administrator chooses: the go-live check shows the choice as not made.
    NationRegime.objects.filter(nation="wales").update(chosen_by=None, chosen_at=None)


class Migration(migrations.Migration):
    # Apart from 0024, whose new columns are indexed when it ends: rows changed before then would block that.
    dependencies = [("complaints", "0024_regimes_for_northern_ireland_and_wales")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
