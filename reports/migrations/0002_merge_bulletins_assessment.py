from django.db import migrations


class Migration(migrations.Migration):
    """The bulletin and assessment blocks were built side by side; this joins their graphs."""

    dependencies = [
        ("reports", "0001_assessment"),
        ("reports", "0001_bulletins"),
    ]

    operations = []
