"""The full-text indexes of the two entry tables (database-specific: see irm/search/ddl.py)."""

from django.db import migrations

from irm.search.ddl import CreateTextIndex


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        CreateTextIndex("search_publicentry"),
        CreateTextIndex("search_restrictedentry"),
    ]
