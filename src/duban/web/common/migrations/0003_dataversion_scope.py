from django.db import migrations, models


def drop_the_single_counter(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Counters are now one per app, made on the first write; kept pages live in the memory of a
    process, which a migration restarts, so no page is kept under the old counter."""
    apps.get_model("common", "DataVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0002_dataversion")]

    operations = [
        migrations.RunPython(drop_the_single_counter, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dataversion",
            name="scope",
            field=models.CharField(default="", max_length=50, unique=True, verbose_name="应用"),
            preserve_default=False,
        ),
    ]
