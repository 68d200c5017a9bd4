import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Separate from 0002 so its data migration is committed before the column is altered."""

    dependencies = [
        ("budgets", "0002_volunteer_rate_per_agreement_intended_financing"),
    ]

    operations = [
        migrations.AlterField(
            model_name='volunteerrate',
            name='agreement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='volunteer_rates', to='agreements.agreement', verbose_name='samenwerkingsafspraak'),
        ),
        migrations.AddConstraint(
            model_name='volunteerrate',
            constraint=models.UniqueConstraint(fields=('agreement', 'kind'), name='volunteer_rate_agreement_unique'),
        ),
    ]
