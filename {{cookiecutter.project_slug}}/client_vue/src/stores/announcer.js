// What a screen reader announces after an action ("Post created."): the live region in App.vue.

import { defineStore } from "pinia";
import { ref } from "vue";

export const useAnnouncer = defineStore("announcer", () => {
  const text = ref("");

  // A live region announces a change of its text; the same text twice says nothing, so clear
  // it first and set the new text a moment later.
  function say(words) {
    text.value = "";
    setTimeout(() => (text.value = words), 100);
  }

  return { text, say };
});
