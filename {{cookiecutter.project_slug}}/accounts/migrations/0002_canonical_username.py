"""User names unique in one canonical form (accounts/names.py) on every database, instead of
lower() in SQL, which SQLite applies to ASCII only. Two existing accounts whose names are one in
that form stop this migration: rename one first."""

from django.db import migrations, models

from accounts.names import canonical_username


def fill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for pk, username in User.objects.values_list("pk", "username"):
        User.objects.filter(pk=pk).update(canonical_username=canonical_username(username))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="user",
            name="unique_username_ignoring_case",
        ),
        migrations.AddField(
            model_name="user",
            name="canonical_username",
            field=models.CharField(editable=False, max_length=600, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="canonical_username",
            field=models.CharField(
                editable=False,
                error_messages={"unique": "A user with that username already exists."},
                max_length=600,
                unique=True,
            ),
        ),
    ]
