// Explanations of failed requests, written for someone meeting CORS for the first time.
//
// A message is { title, blocks }. Each block is { text: [...] } (a paragraph whose parts
// are strings, or { code } for names to type) or { command } (a line to copy). The page
// turns them into DOM nodes with textContent, so nothing here is ever parsed as HTML.

import { TIMEOUT_MS } from "./api.js";
import { API_BASE_URL, SEND_CREDENTIALS } from "./config.js";

const TIMEOUT_SECONDS = TIMEOUT_MS / 1000;

const code = (text) => ({ code: text });

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
        code("client/config.js"),
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
    { command: `python manage.py runserver ${api.port || ""}`.trim() },
    {
      text: [
        "If the API runs at another address, change ",
        code("API_BASE_URL"),
        " in ",
        code("client/config.js"),
        ".",
      ],
    },
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
  const detail = error.data && typeof error.data === "object" ? error.data.detail : null;
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
          typeof detail === "string" ? `: ${detail}` : ".",
        ],
      },
    ],
  };
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
