// Settings of this browser client. Vite reads VITE_* variables from the environment (and from
// client/.env files) when it starts or builds; `python dev.py` sets VITE_API_URL from API_PORT.

// Where the Django API listens: scheme, host and port, no trailing slash.
export const API_BASE_URL =
  import.meta.env.VITE_API_URL || {{ ("http://localhost:" ~ (cookiecutter.api_port | port)) | tojson }};

// true: send cookies with every request (axios' withCredentials). The API must then answer with
// Access-Control-Allow-Credentials, i.e. have CORS_ALLOW_CREDENTIALS = True. A token in the
// Authorization header needs no credentials.
export const SEND_CREDENTIALS = {{ cookiecutter.cors_allow_credentials | boolean | tojson }};

// How the page logs in: "token" (keeps a key, sends `Authorization: Token <key>`), "session"
// (cookies, with SEND_CREDENTIALS true, and the CSRF token as X-CSRFToken) or "none" (no login).
// It must match the API's settings (its auth answer when the project was made).
export const AUTH = {{ cookiecutter.auth | tojson }};

// Shown in the page header.
export const PROJECT_NAME = {{ cookiecutter.project_name | text | tojson }};
