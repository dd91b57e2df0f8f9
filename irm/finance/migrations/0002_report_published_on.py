"""Financial reports get a publication date (issue 16 §7, R-FN1). The reports issued before were
issued to the States as documents with a symbol: they count as published on the day they were issued."""

from django.db import migrations, models


def publish_issued(apps, schema_editor):
    FinanceReport = apps.get_model("finance", "FinanceReport")
    for report in FinanceReport.objects.filter(published_on__isnull=True):
        report.published_on = report.issued_at.date() if report.issued_at else report.as_of
        report.save(update_fields=["published_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="financereport",
            name="published_on",
            field=models.DateField(blank=True, null=True, verbose_name="published on"),
        ),
        migrations.RunPython(publish_issued, migrations.RunPython.noop),
    ]
