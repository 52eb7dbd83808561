// Settings of this browser client. Edit them here (no build step), then reload the page.

// Where the Django API listens: scheme, host and port, no trailing slash. `python dev.py` serves
// this file with the API's address on API_PORT here instead (the file itself stays as it is).
export const API_BASE_URL = {{ ("http://localhost:" ~ (cookiecutter.api_port | port)) | tojson }};

// true: send cookies with every request (fetch's credentials: "include"). The API must then
// answer with Access-Control-Allow-Credentials, i.e. have CORS_ALLOW_CREDENTIALS = True.
export const SEND_CREDENTIALS = {{ cookiecutter.cors_allow_credentials | boolean | tojson }};

// How the page logs in: "token" (keeps a key, sends `Authorization: Token <key>`), "session"
// (cookies, with SEND_CREDENTIALS true, and the CSRF token as X-CSRFToken) or "none" (no login).
// It must match the API's settings (its auth answer when the project was made).
export const AUTH = {{ cookiecutter.auth | tojson }};

// Shown in the page header.
export const PROJECT_NAME = {{ cookiecutter.project_name | text | tojson }};
