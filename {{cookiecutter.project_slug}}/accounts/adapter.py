"""How sign-up (POST /api/auth/registration/, through django-allauth) checks a new account
against the ones there: by the name and address as the database compares them
(accounts/models.py, accounts/names.py), so a taken one is a 400 naming the field, not a 500
from the constraint; a name mixing look-alike scripts is a 400 too."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from .models import MIXED_SCRIPTS, User
from .names import mixes_scripts


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        # NFKC first, as Django's own forms do: "ﬁ" (one character) and "fi" are one name.
        username = super().clean_username(User.normalize_username(username), shallow=True)
        if mixes_scripts(username):
            raise ValidationError(MIXED_SCRIPTS, code="mixed_scripts")
        if not shallow and User.name_taken(username):
            raise self.validation_error("username_taken")
        return username

    def clean_email(self, email):
        # allauth checks only verified addresses, and this project verifies none.
        email = super().clean_email(email)
        if email and User.objects.filter(email__iexact=email).exists():
            raise self.validation_error("email_taken")
        return email
