// The posts API: /api/posts/ and /api/posts/<id>/.

import { request } from "./index.js";

const postPath = (id) => `/api/posts/${encodeURIComponent(id)}/`;

// One page of posts, newest first: { count, next, previous, results: [post, ...] }.
// search: words the API looks for in titles and contents ("" for every post).
export function listPosts(page = 1, search = "") {
  const params = {};
  if (page > 1) params.page = page;
  if (search) params.search = search;
  return request("get", "/api/posts/", undefined, params);
}

export const getPost = (id) => request("get", postPath(id));
export const createPost = (post) => request("post", "/api/posts/", post);
export const updatePost = (id, post) => request("put", postPath(id), post);
export const deletePost = (id) => request("delete", postPath(id));
