from django.db import migrations, models


class Migration(migrations.Migration):
    """The office's optional mark (优/良/中/差) on a report it accepts, counted by the assessment."""

    dependencies = [
        ("cycle", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="review_mark",
            field=models.CharField(blank=True, choices=[("excellent", "优"), ("good", "良"), ("fair", "中"),
                                                        ("poor", "差")],
                                   help_text="督查室审核通过时评定(优、良、中、差),计入考核;空为未评定",
                                   max_length=10, verbose_name="评定等次"),
        ),
    ]
