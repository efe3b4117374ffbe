from django.db import migrations

from public_pages import content


def load(apps, schema_editor):
    PublicPage = apps.get_model("public_pages", "PublicPage")
    for slug, title, summary, body in [
        ("policy", content.POLICY_TITLE, content.POLICY_SUMMARY, content.POLICY_BODY),
        ("ombudsman", content.OMBUDSMAN_TITLE, content.OMBUDSMAN_SUMMARY, content.OMBUDSMAN_BODY),
    ]:
        PublicPage.objects.get_or_create(slug=slug, defaults={"title": title, "summary": summary, "body": body})


class Migration(migrations.Migration):
    dependencies = [("public_pages", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
