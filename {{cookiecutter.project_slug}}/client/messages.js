{#- One file for both clients: with client=vue, hooks/post_gen_project.py moves it into the
    Vue app (client/src/). #}
{%- set config_js = "client/src/config.js" if cookiecutter.client == "vue" else "client/config.js" -%}
// Explanations of failed requests, written for someone meeting CORS for the first time:
// messageOf(error) says it in one sentence or two, for any failed fetch() or axios call of
// yours; describeProblem(apiError) says it at length, for the box at the top of the page.
//
// A long message is { title, blocks }. Each block is { text: [...] } (a paragraph whose parts
// are strings, or { code } for names to type) or { command } (a line to copy).
{%- if cookiecutter.client == "vue" %} The page
// shows them with Vue's text interpolation (ProblemMessage.vue), so nothing here is ever
// parsed as HTML.
{%- else %} The page
// turns them into DOM nodes with textContent, so nothing here is ever parsed as HTML.
{%- endif %}

import { TIMEOUT_MS, toApiError } from "./errors.js";
import { API_BASE_URL, AUTH, SEND_CREDENTIALS } from "./config.js";

const TIMEOUT_SECONDS = TIMEOUT_MS / 1000;

const code = (text) => ({ code: text });

// The words of a refusal that are about no field, ending with a full stop.
const sentence = (text) => (!text || /[.!?]$/.test(text) ? text : `${text}.`);

/**
 * Why a request failed, as text to show: `problem.value = await messageOf(error)`.
 * error: what your fetch() or axios call threw (a fetch Response that is not ok, thrown by
 * `if (!response.ok) throw response;`, too), or an ApiError. fetch's errors do not say which
 * request failed: pass { method, url } as `request` for a better sentence.
 */
export async function messageOf(error, request = {}, pageOrigin = window.location.origin) {
  const failed = await toApiError(error, request);
  const where = `${failed.method} ${failed.url}`;
  switch (failed.kind) {
    case "cors":
      return (
        `The browser blocked the API's answer to ${where} (CORS): add ${pageOrigin} to ` +
        "CORS_ALLOWED_ORIGINS in the API's .env and restart the API."
      );
    case "unreachable":
      return (
        `Nothing answered at ${API_BASE_URL}: the API is not running there ` +
{%- if cookiecutter.client == "vue" %}
        "(this is no CORS problem). Start it with `python dev.py`."
{%- else %}
        "(this is no CORS problem). Start it with `python manage.py runserver`."
{%- endif %}
      );
    case "timeout":
      return `${where} got no answer within ${TIMEOUT_SECONDS} seconds: is the API stuck or paused?`;
    default:
      return httpSentence(failed, where);
  }
}

function httpSentence(failed, where) {
  const { status } = failed;
  const detail = sentence(failed.detail);
  const wait = failed.retryAfter
    ? `try again in ${failed.retryAfter} second${failed.retryAfter === 1 ? "" : "s"}`
    : "try again in a moment";
  if (status === 400) {
    // Each field's message after the field's name: "title: This field may not be blank."
    const parts = failed.errors.map(({ attr, detail: said }) =>
      attr && attr !== "non_field_errors" ? `${attr}: ${sentence(said)}` : sentence(said),
    );
    return `The API refused what was sent: ${parts.join(" ") || "400 Bad Request."}`;
  }
  if (status === 401) {
    return "You are not logged in (or your login has ended): log in, then try again.";
  }
  if (status === 403) {
    if (failed.codes.includes("csrf_failed") || detail.startsWith("CSRF Failed")) {
      return (
        `Refused by the CSRF check (${detail}) A logged-in session's writes need the CSRF ` +
        "token in the X-CSRFToken header: reload the page to fetch a fresh one."
      );
    }
    if (detail.startsWith("Only the author")) {
      return `Not your post: ${detail} The API checks this whatever a page shows.`;
    }
{%- if cookiecutter.auth == "session" %}
    // The session scheme answers 403, not 401, to a request of nobody.
    if (failed.codes.includes("not_authenticated")) {
      return "You are not logged in (or your login has ended): log in, then try again.";
    }
{%- endif %}
    return `Not allowed: ${detail || "403 Forbidden."}`;
  }
  if (status === 404) {
    return `Not found: ${where} answered 404 (deleted already, or a wrong address?).`;
  }
  if (status === 413) {
    return `Too large: ${where} answered 413: the API refuses a body that big; send less.`;
  }
  if (status === 429) {
    return `Too many requests: the API limits how often you may ask; ${wait}.`;
  }
  if (failed.codes.includes("api_failed_to_start")) {
    return detail; // dev.py answers in its place: "The API failed to start: <why>. Fix it ..."
  }
  if (status === 503) {
    return `The API is unavailable for now (its database did not answer): ${wait}.`;
  }
  if (status === 502 || status === 504) {
    // A proxy in front of the API (nginx, a load balancer) answers for it: no traceback.
    const proxy = `the proxy in front of it answered ${where} with ${status}`;
    return `The API is not answering: ${proxy}; ${wait}.`;
  }
  if (status >= 500) {
    return `The API failed (${status}): the traceback is in the terminal where the API runs.`;
  }
  return `${where} answered ${status} ${failed.statusText}${detail ? `: ${detail}` : "."}`;
}

export function describeProblem(error, pageOrigin = window.location.origin) {
  switch (error.kind) {
    case "cors":
      return corsBlocked(error, pageOrigin);
    case "unreachable":
      return unreachable(error, pageOrigin);
    case "timeout":
      return {
        title: "The API is not answering",
        blocks: [
          {
            text: [
              `${error.method} ${error.url} got no answer within ${TIMEOUT_SECONDS} `,
              "seconds. The server may be busy or stuck, for example paused at a breakpoint: ",
              "check the terminal where the API runs.",
            ],
          },
        ],
      };
    default:
      return httpError(error);
  }
}

function corsBlocked(error, origin) {
  const blocks = [
    {
      text: [
        `The API answered ${error.method} ${error.url}, but the browser did not let this `,
        "page read the answer: the response does not allow this page's origin, ",
        code(origin),
        ". That check is CORS (cross-origin resource sharing); the API's settings decide ",
        "which origins pass.",
      ],
    },
    {
      text: [
        "To allow this page, add ",
        code(origin),
        " to ",
        code("CORS_ALLOWED_ORIGINS"),
        " in the API project's ",
        code(".env"),
        " file (uncomment that line if needed) and restart the API server. The value is a ",
        "comma-separated list: keep the origins already there. If this is the only one you need:",
      ],
    },
    { command: `CORS_ALLOWED_ORIGINS=${origin}` },
    {
      text: [
        "Without that variable in ",
        code(".env"),
        ", the list ",
        code("CORS_ALLOWED_ORIGINS"),
        " in ",
        code("config/settings.py"),
        " applies: edit it there instead. Origins must match exactly, scheme, host and port: ",
        code(sameOriginOtherHost(origin)),
        " is a different origin from ",
        code(origin),
        ".",
      ],
    },
  ];
  if (SEND_CREDENTIALS) {
    blocks.push({
      text: [
        "This page sends cookies with its requests (",
        code("SEND_CREDENTIALS"),
        " in ",
        code("{{ config_js }}"),
        "), so the API must also have ",
        code("CORS_ALLOW_CREDENTIALS = True"),
        " in ",
        code("config/settings.py"),
        ".",
      ],
    });
  }
  return { title: "The browser blocked the API's response (CORS)", blocks };
}

function unreachable(error, origin) {
  const api = new URL(API_BASE_URL);
  const blocks = [
    {
      text: [
        `Nothing answered at ${API_BASE_URL}: the connection failed before any response `,
        "came back, so this is not a CORS problem. Is the API server running? ",
        "Start it in the project folder with:",
      ],
    },
{%- if cookiecutter.client == "vue" %}
    { command: "python dev.py" },
    {
      text: [
        "It starts the API and this page together. If the API runs at another address, ",
        "start this page with that address in ",
        code("VITE_API_URL"),
        " (",
        code("python dev.py"),
        " sets it from ",
        code("API_PORT"),
        "), or change the default in ",
        code("{{ config_js }}"),
        ".",
      ],
    },
{%- else %}
    { command: `python manage.py runserver ${api.port || ""}`.trim() },
    {
      text: [
        "If the API runs at another address, change ",
        code("API_BASE_URL"),
        " in ",
        code("{{ config_js }}"),
        ".",
      ],
    },
{%- endif %}
  ];
  // Browsers refuse http:// requests from an https:// page (mixed content) without ever
  // connecting, which looks exactly like a server that is down.
  if (origin.startsWith("https:") && api.protocol === "http:") {
    blocks.push({
      text: [
        "This page was loaded over https, and browsers block its requests to an http:// API. ",
        "Serve both over the same scheme.",
      ],
    });
  }
  return { title: "Can't reach the API", blocks };
}

function httpError(error) {
  const where = `${error.method} ${error.url}`;
  const detail = error.detail;
  if (error.status === 404) {
    return {
      title: "Not found",
      blocks: [
        {
          text: [
            `${where} answered 404 Not Found. If this was a post, it was probably deleted `,
            "already; the list below shows what the API has now.",
          ],
        },
      ],
    };
  }
  if (error.status === 401 || error.status === 403) {
    const refusal = refused(error, where, detail);
    if (refusal) {
      return refusal;
    }
  }
  if (error.codes.includes("api_failed_to_start")) {
    // dev.py answers in the API's place, with runserver's own line saying why.
    return { title: "The API failed to start", blocks: [{ text: [detail] }] };
  }
  if (error.status === 502 || error.status === 504) {
    return {
      title: "The API is not answering",
      blocks: [
        {
          text: [
            `${where} answered ${error.status} ${error.statusText} from the proxy in front of `,
            `the API, which got no answer from it${error.status === 504 ? " in time" : ""}: `,
            "are the API's servers running? Their logs say why not.",
          ],
        },
      ],
    };
  }
  if (error.status >= 500) {
    return {
      title: "The API failed",
      blocks: [
        {
          text: [
            `${where} answered ${error.status} ${error.statusText}. `,
            "The error and its traceback are in the terminal where the API runs.",
          ],
        },
      ],
    };
  }
  return {
    title: "The API refused the request",
    blocks: [
      {
        text: [
          `${where} answered ${error.status} ${error.statusText}`,
          detail ? `: ${detail}` : ".",
        ],
      },
    ],
  };
}

// 401 and 403 in plain words. The API answered and the browser let this page read it: these
// are not CORS problems, they are the API deciding who may do what.
function refused(error, where, detail) {
  const end = /[.!?]$/.test(detail) ? "" : ".";
  const said = { text: [`${where} answered ${error.status}: `, code(detail), end] };
  // The API's code for a refused CSRF check is csrf_failed; an API that answers it with the
  // generic permission_denied still says "CSRF Failed" in the detail.
  if (error.codes.includes("csrf_failed") || detail.startsWith("CSRF Failed")) {
    return csrfRefused(said, detail);
  }
  if (detail.startsWith("Only the author")) {
    return {
      title: "Not your post",
      blocks: [
        said,
        {
          text: [
            "Only the user who wrote a post may change or delete it. The API checks this on ",
            "every request, whatever a page shows.",
          ],
        },
      ],
    };
  }
  // DRF translates its own messages (LANGUAGE_CODE), so only the status tells these apart:
  // every 401, and a 403 of the session scheme that is neither of the above.
  if (error.status === 401 || AUTH === "session") {
    const how =
      AUTH === "token"
        ? [
            "Logging in gives this page a key, which it sends as ",
            code("Authorization: Token <key>"),
            " with each request",
          ]
        : ["Logging in sets a session cookie, which the browser sends with each request"];
    return {
      title: "You are not logged in",
      blocks: [
        said,
        {
          text: [
            "Anyone may read posts, but writing them needs a logged-in user. Log in or sign up ",
            "above (again, if your login has ended), then try again. ",
            ...how,
            ".",
          ],
        },
      ],
    };
  }
  return null;
}

// Django's CSRF check refused a POST, PUT, PATCH or DELETE of a logged-in session.
function csrfRefused(said, detail) {
  const blocks = [said];
  if (detail.includes("Origin checking failed")) {
    blocks.push({
      text: [
        "Django checks the Origin of each unsafe request of a logged-in session against ",
        code("CSRF_TRUSTED_ORIGINS"),
        ". This project sets it to the CORS allow-list, so add this page's origin to ",
        code("CORS_ALLOWED_ORIGINS"),
        " and it passes both checks.",
      ],
    });
  } else if (detail.includes("CSRF cookie not set")) {
    blocks.push({
      text: [
        "The browser did not send the API's ",
        code("csrftoken"),
        " cookie. Cookies need ",
        code('credentials: "include"'),
        " and a page on the same site as the API: a page on ",
        code("localhost"),
        " and an API on ",
        code("127.0.0.1"),
        " are different sites, so open both under the same host name.",
      ],
    });
  } else {
    blocks.push({
      text: [
        "With a session cookie, Django wants proof that this page, not another site, sent the ",
        "request: the CSRF token, in the ",
        code("X-CSRFToken"),
        " header. This page gets the token from ",
        code("GET /api/auth/csrf/"),
        " when it starts (a reload forgets it) and again after logging in, which gives the ",
        "session a new token. Reloading this page fetches a fresh one.",
      ],
    });
  }
  return { title: "Refused by the CSRF check", blocks };
}

// http://localhost:3000 <-> http://127.0.0.1:3000: the mix-up that bites most often.
function sameOriginOtherHost(origin) {
  try {
    const url = new URL(origin);
    url.hostname = url.hostname === "localhost" ? "127.0.0.1" : "localhost";
    return url.origin;
  } catch {
    return "http://127.0.0.1:3000"; // origin "null": a page opened from a file
  }
}
