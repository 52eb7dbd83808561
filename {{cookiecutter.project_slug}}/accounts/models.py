from django.apps import apps
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from .names import canonical_username, mixes_scripts

NAME_TAKEN = "A user with that username already exists."
MIXED_SCRIPTS = (
    "Use letters of one script (or of scripts written together, such as Hangul and Latin): "
    "this name mixes scripts whose letters look alike."
)


class User(AbstractUser):
    """This project's user: Django's, in a model of its own from the first migration, so fields
    can be added later without resetting the database (Django's advice for every new project).

    The database itself refuses a second account whose user name or e-mail address differs only
    in case: a check in Python alone lets two sign-ups racing each other both pass. For names,
    "in case" is Unicode's (accounts/names.py): the canonical form is stored beside the name,
    in a unique column, the same on SQLite and PostgreSQL.
    """

    canonical_username = models.CharField(
        max_length=600,  # case folding can triple a name's length ("ΐ" is three characters)
        unique=True,
        editable=False,
        error_messages={"unique": NAME_TAKEN},
    )

    def clean(self):
        super().clean()
        if mixes_scripts(self.username):
            raise ValidationError({"username": MIXED_SCRIPTS}, code="mixed_scripts")

    def validate_unique(self, exclude=None):
        # The admin's forms: the canonical column is not among their fields, so Django's own
        # check of it would never run.
        super().validate_unique(exclude)
        if "username" not in (exclude or ()) and self.name_taken(self.username, but=self.pk):
            raise ValidationError({"username": NAME_TAKEN}, code="unique")

    @classmethod
    def name_taken(cls, username, but=None) -> bool:
        others = cls._default_manager.exclude(pk=but) if but else cls._default_manager
        return others.filter(canonical_username=canonical_username(username)).exists()

    def set_password(self, raw_password):
        super().set_password(raw_password)
        # Wherever the password changes (the API, the admin, `manage.py changepassword`), the
        # logins made with the old one end when it is saved. Sessions end by themselves (their
        # hash of the password no longer matches); tokens are deleted.
        self.password_changed = True

    def save(self, *args, **kwargs):
        self.canonical_username = canonical_username(self.username)
        super().save(*args, **kwargs)
        if getattr(self, "password_changed", False):
            self.password_changed = False
            self.end_other_logins()

    def end_other_logins(self):
        if apps.is_installed("rest_framework.authtoken"):
            from rest_framework.authtoken.models import Token  # only with auth=token

            Token.objects.filter(user=self).delete()

    class Meta(AbstractUser.Meta):
        constraints = [
            # E-mail is optional: many users have "", which is no address to share.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_email_ignoring_case",
                violation_error_message="A user with that e-mail address already exists.",
            ),
        ]
