// The typed answer, kept safe in the browser between keystrokes and server saves (ICDraft.*).
// localStorage holds the latest text per question so a dropped connection or a reload loses nothing;
// after a reconnect the text is sent to the page again, which saves it on the server.
(function () {
  const KEY = (id) => `ic-draft-${id}`;
  let watched = null; // {recordId, box}

  function emit(name, payload) {
    try { emitEvent(name, payload); } catch (err) { console.warn("emit failed", name, err); }
  }

  function textarea(elementId) {
    const root = document.getElementById(`c${elementId}`);
    return root ? (root.tagName === "TEXTAREA" ? root : root.querySelector("textarea")) : null;
  }

  function local(recordId) {
    try {
      const raw = localStorage.getItem(KEY(recordId));
      return raw === null ? null : JSON.parse(raw).text;
    } catch (err) { return null; }
  }

  function store(recordId, text) {
    try { localStorage.setItem(KEY(recordId), JSON.stringify({ text, at: Date.now() })); } catch (err) { /* full */ }
  }

  function watch(recordId, elementId) {
    const box = textarea(elementId);
    if (!box) return false;
    watched = { recordId, box };
    box.addEventListener("input", () => store(recordId, box.value));
    box.focus({ preventScroll: false });
    return true;
  }

  // Ctrl/Cmd+Enter in the answer box submits. Listened for on the document from the moment the script loads:
  // a listener added by watch() would miss a key pressed before the server's call to watch() arrives.
  document.addEventListener("keydown", (ev) => {
    if (ev.key !== "Enter" || !(ev.ctrlKey || ev.metaKey)) return;
    if (!(ev.target instanceof Element) || !ev.target.closest(".ic-answer-box")) return;
    ev.preventDefault();
    const button = document.querySelector(".ic-submit-answer");
    if (button && !button.disabled) button.click();
  });

  function clear(recordId) {
    try { localStorage.removeItem(KEY(recordId)); } catch (err) { /* ignore */ }
    if (watched && watched.recordId === recordId) watched = null;
  }

  // After a connection drop the server may have missed keystrokes: send the box again once reconnected.
  let wasConnected = true;
  setInterval(() => {
    const connected = !!(window.socket && window.socket.connected && window.did_handshake);
    if (connected && !wasConnected && watched && watched.box.isConnected) {
      emit("ic_draft_sync", { record_id: watched.recordId, text: watched.box.value });
    }
    wasConnected = connected;
  }, 500);

  window.ICDraft = { watch, local, store, clear };
})();
