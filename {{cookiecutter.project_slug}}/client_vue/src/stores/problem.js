// The message at the top of the page: why the last request failed, at length (messages.js).

import { defineStore } from "pinia";
import { ref } from "vue";

import { toApiError } from "@/errors.js";
import { describeProblem } from "@/messages.js";

export const useProblemStore = defineStore("problem", () => {
  const problem = ref(null);

  // error: an ApiError or axios error; anything else (a bug in the page) is thrown again.
  async function show(error) {
    const failed = await toApiError(error);
    problem.value = { ...describeProblem(failed), kind: failed.kind };
  }

  function clear() {
    problem.value = null;
  }

  return { problem, show, clear };
});
