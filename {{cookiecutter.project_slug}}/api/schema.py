"""How drf-spectacular describes the API (/api/schema/): drf-standardized-errors' AutoSchema,
which documents each error response an endpoint can give, with a few changes."""

from drf_standardized_errors.openapi import AutoSchema as ErrorDocumentingAutoSchema
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ServerErrorEnum,
    ValidationErrorResponseSerializer,
)
from rest_framework import filters, serializers
from rest_framework.authentication import SessionAuthentication

PERMISSION_CODES = [
    "permission_denied",
    "not_authenticated",
    "authentication_failed",
    "csrf_failed",
]


class AutoSchema(ErrorDocumentingAutoSchema):
    def _get_serializer_for_validation_error_response(self):
        # A validation error's code as a plain string, not an enum per field: sign-up and the
        # password validators use codes (username_taken, password_too_short, ...) that no
        # field declares, and a client must accept codes it does not know anyway.
        return ValidationErrorResponseSerializer

    def _should_add_validation_error_response(self):
        # ?search= refuses text with a NUL character as a validation error (400).
        searched = any(
            issubclass(backend, filters.SearchFilter) for backend in self.get_filter_backends()
        )
        return searched or super()._should_add_validation_error_response()

    def _should_add_http403_error_response(self):
        # With the session scheme DRF answers "not logged in" with 403, not 401 (there is no
        # challenge to send), and a logged-in request without the CSRF token is a 403 anywhere.
        by_session = any(
            isinstance(authenticator, SessionAuthentication)
            for authenticator in self.view.get_authenticators()
        )
        return by_session or super()._should_add_http403_error_response()


class Error403Serializer(serializers.Serializer):
    # With the session scheme, "not logged in" and a failed login are 403s with their own codes.
    code = serializers.ChoiceField(
        choices=[(code, code) for code in PERMISSION_CODES],
    )
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse403Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error403Serializer(many=True)


class Error413Serializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[("request_too_large", "request_too_large")])
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse413Serializer(serializers.Serializer):
    """A request body over JSONParser.max_body_bytes (api/parsers.py)."""

    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error413Serializer(many=True)


class Error429Serializer(serializers.Serializer):
    # Over a rate limit (api/throttling.py), or a login locked out (accounts/login_guard.py).
    code = serializers.ChoiceField(choices=[(c, c) for c in ["throttled", "login_locked_out"]])
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse429Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = Error429Serializer(many=True)


class Error503Serializer(serializers.Serializer):
    # search_busy: on PostgreSQL only (api/search_slots.py), listed for a project moved to it.
    code = serializers.ChoiceField(
        choices=[(c, c) for c in ["database_unavailable", "query_timeout", "search_busy"]]
    )
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ErrorResponse503Serializer(serializers.Serializer):
    """The database did not answer, or not in time (api/exceptions.py){{ ", or too many searches
    ran at once (api/search_slots.py)" if cookiecutter.database == "postgresql" }}: retry after Retry-After."""

    type = serializers.ChoiceField(choices=ServerErrorEnum.choices)
    errors = Error503Serializer(many=True)
