"""The API reads JSON request bodies only, and answers one it cannot read with a JSON 4xx."""

import io

from rest_framework import exceptions, parsers, status

from config.env import env


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class JSONParser(parsers.JSONParser):
    """DRF's JSONParser with a size limit in bytes, and a body nested too deeply for Python's
    json module (a RecursionError, which DRF lets through as a 500) as a 400."""

    max_body_bytes = env.int("API_MAX_BODY_BYTES", default=128 * 1024)

    def parse(self, stream, media_type=None, parser_context=None):
        # DRF reads the stream itself, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check.
        limit = self.max_body_bytes
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
