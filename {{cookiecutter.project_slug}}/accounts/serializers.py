"""What GET /api/auth/user/ answers: dj-rest-auth's user details, with the email as plain text.

Email is optional at sign-up, so it may be "", which is no valid "email": typed as an email,
the schema (/api/schema/) would promise what the API does not keep.
"""

from dj_rest_auth.serializers import UserDetailsSerializer as DjRestAuthUserDetailsSerializer
from rest_framework import serializers


class UserDetailsSerializer(DjRestAuthUserDetailsSerializer):
    email = serializers.CharField(read_only=True)
