"""The default wording of each letter, in plain British English. Administrators change it in the admin; the parts
the Code requires are written by the system around it (complaints/services/letters.py)."""

from django.db import migrations

SIGNATURE = "{{ officer_name }}\nComplaints team\n{{ landlord_name }}"
CLOSING = (
    "If you need this letter in another format, such as large print, Braille, audio or another language, or you "
    "need any other help to take part in the complaints process, please tell us."
)
TEMPLATES = {
    "acknowledgement": (
        "Your complaint {{ reference }}: we have received it",
        "Thank you for contacting us. We are treating what you told us as a complaint at {{ stage }} of our "
        "complaints procedure, and we have recorded it with the reference {{ reference }}.\n\n"
        "We have set out below what we understand your complaint to be and when you will hear from us.",
        "We will keep you informed while we look into your complaint. " + CLOSING,
    ),
    "extension": (
        "Your complaint {{ reference }}: we need more time to respond",
        "We are sorry, but we are not able to send you our response to your complaint by the date we gave you. "
        "Below we explain why, and when you will now hear from us.",
        "If you are unhappy that we need more time, please tell us. " + CLOSING,
    ),
    "stage_1_response": (
        "Your complaint {{ reference }}: our response",
        "Thank you for your patience while we looked into your complaint, received on {{ received_on }}. This "
        "letter sets out what we found and what we have decided.",
        CLOSING,
    ),
    "stage_2_response": (
        "Your complaint {{ reference }}: our final response",
        "You asked us to look at your complaint again at stage 2 of our complaints procedure. A senior manager who "
        "was not involved at stage 1 has reviewed it. This letter sets out what we found and what we have decided.",
        CLOSING,
    ),
    "refusal": (
        "Your complaint {{ reference }}: our decision",
        "Thank you for contacting us on {{ received_on }}. We have looked carefully at the circumstances of your "
        "complaint, on their own merits, and we have decided that we cannot accept it under our complaints "
        "procedure. We explain why below.",
        CLOSING,
    ),
    "escalation_refusal": (
        "Your complaint {{ reference }}: your request for stage 2",
        "You asked us to look at your complaint again at stage 2 of our complaints procedure. We have looked "
        "carefully at your request, on its own merits, and we have decided that we cannot escalate your complaint. "
        "We explain why below.",
        CLOSING,
    ),
}


def add_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("complaints", "LetterTemplate")
    for kind, (subject, opening, closing) in TEMPLATES.items():
        LetterTemplate.objects.get_or_create(
            kind=kind, defaults={"subject": subject, "opening": opening, "closing": closing, "signature": SIGNATURE}
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_letters")]

    operations = [migrations.RunPython(add_templates, migrations.RunPython.noop)]
