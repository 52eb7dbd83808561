from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """This project's user: Django's, in a model of its own from the first migration, so fields
    can be added later without resetting the database (Django's advice for every new project).

    The database itself refuses a second account whose user name or e-mail address differs only
    in case: a check in Python alone lets two sign-ups racing each other both pass.
    """

    class Meta(AbstractUser.Meta):
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="unique_username_ignoring_case",
                violation_error_message="A user with that username already exists.",
            ),
            # E-mail is optional: many users have "", which is no address to share.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_email_ignoring_case",
                violation_error_message="A user with that e-mail address already exists.",
            ),
        ]
