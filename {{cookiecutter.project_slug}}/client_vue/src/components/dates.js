// How a post's dates are shown: in the reader's language and time zone.

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

// created_at and updated_at of a new post differ by microseconds: that is no edit.
export const wasEdited = (post) => Date.parse(post.updated_at) - Date.parse(post.created_at) > 1000;
