"""The API's one error shape (drf-standardized-errors):
{"type": "validation_error" | "client_error" | "server_error",
 "errors": [{"code": ..., "detail": ..., "attr": field name or null}, ...]}."""


def error_codes(response, status):
    """The error codes of a response, once it is checked to have this status and the shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"type", "errors"}
    expected_type = "server_error" if status >= 500 else "client_error"
    assert body["type"] in {expected_type, "validation_error"}
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}
        assert isinstance(error["detail"], str)
    return [(error["attr"], error["code"]) for error in body["errors"]]
