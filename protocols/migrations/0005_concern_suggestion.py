# Concerns the calendar suggests: no one has raised them yet, one per overdue obligation.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("protocols", "0003_protocol_import"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="concern",
            name="suggested_for",
            field=models.CharField(
                blank=True,
                help_text="What a suggested concern is about (an overdue obligation): one per thing.",
                max_length=100,
                verbose_name="suggested for",
            ),
        ),
        migrations.AddField(
            model_name="historicalconcern",
            name="suggested_for",
            field=models.CharField(
                blank=True,
                help_text="What a suggested concern is about (an overdue obligation): one per thing.",
                max_length=100,
                verbose_name="suggested for",
            ),
        ),
        migrations.AlterField(
            model_name="concern",
            name="raised_by",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a suggestion nobody has raised yet.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="concern",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "Open"),
                    ("resolved", "Resolved"),
                    ("escalated", "Escalated beyond the ladder"),
                    ("withdrawn", "Withdrawn"),
                    ("suggested", "Suggested"),
                ],
                default="open",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalconcern",
            name="raised_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Empty for a suggestion nobody has raised yet.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="historicalconcern",
            name="status",
            field=models.CharField(
                choices=[
                    ("open", "Open"),
                    ("resolved", "Resolved"),
                    ("escalated", "Escalated beyond the ladder"),
                    ("withdrawn", "Withdrawn"),
                    ("suggested", "Suggested"),
                ],
                default="open",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="concern",
            constraint=models.UniqueConstraint(
                condition=models.Q(("suggested_for", ""), _negated=True),
                fields=("suggested_for",),
                name="one_concern_per_suggestion",
            ),
        ),
    ]
