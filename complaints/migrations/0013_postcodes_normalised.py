from django.db import migrations


def normalise(apps, schema_editor):
    """Postcodes stored before there was one normaliser ("sw1a 1aa", "SW1A1AA") in its form, so searching and
    comparing by the stored value finds them."""
    from complaints.postcodes import postcode_normalise

    Home = apps.get_model("complaints", "Home")
    homes = Home.objects.using(schema_editor.connection.alias).exclude(postcode="").only("pk", "postcode")
    changed = []
    for home in homes.iterator(chunk_size=10_000):
        normalised = postcode_normalise(home.postcode)
        if normalised != home.postcode:
            home.postcode = normalised
            changed.append(home)
    Home.objects.using(schema_editor.connection.alias).bulk_update(changed, ["postcode"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0012_answered_with_its_working_days"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
