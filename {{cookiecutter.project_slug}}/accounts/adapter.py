"""How sign-up (POST /api/auth/registration/, through django-allauth) checks a new account
against the ones there: by the name and address as the database compares them
(accounts/models.py), so a taken one is a 400 naming the field, not a 500 from the constraint."""

from allauth.account.adapter import DefaultAccountAdapter

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        # NFKC first, as Django's own forms do: "ﬁ" (one character) and "fi" are one name.
        return super().clean_username(User.normalize_username(username), shallow=shallow)

    def clean_email(self, email):
        # allauth checks only verified addresses, and this project verifies none.
        email = super().clean_email(email)
        if email and User.objects.filter(email__iexact=email).exists():
            raise self.validation_error("email_taken")
        return email
