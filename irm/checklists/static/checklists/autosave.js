/* Autosave of checklist answers, with optimistic versions and an offline copy in the browser.
 *
 * Every question (fieldset.question) carries its answer's version (data-version). A change is kept
 * in localStorage at once and sent after a short pause with {value, base_version}. The server
 * refuses a save based on an old version (409) and returns both versions: we show them side by
 * side with a merge box. Without a connection the text stays in localStorage and is sent when the
 * browser is back online, or on the next visit.
 */
(function () {
  "use strict";
  const form = document.getElementById("answers");
  if (!form) return;
  const t = window.gettext || ((s) => s);
  const editable = form.dataset.editable === "1";
  const checklist = form.dataset.checklist;
  const statusBox = document.getElementById("save-status");
  const serverValues = JSON.parse(document.getElementById("answer-values").textContent || "{}");
  const csrf = (() => {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  })();
  const timers = {};
  const inFlight = {};
  const key = (code) => `irm:checklist:${checklist}:${code}`;
  const questions = () => Array.from(form.querySelectorAll("fieldset.question"));
  const byCode = (code) => document.getElementById(`q-${code}`);

  function say(text, kind) {
    if (!statusBox) return;
    statusBox.textContent = text;
    statusBox.className = `small mb-2 ${kind === "error" ? "text-danger" : kind === "warn" ? "text-warning-emphasis" : "text-body-secondary"}`;
  }

  function getValue(fs) {
    const kind = fs.dataset.kind;
    const code = fs.dataset.code;
    if (kind === "status" || kind === "yes_no") {
      const checked = fs.querySelector(`input[name="${code}"]:checked`);
      return checked ? checked.value : null;
    }
    if (kind === "choice") return fs.querySelector("select").value || null;
    if (kind === "text") return fs.querySelector("textarea").value;
    if (kind === "examples") {
      const cases = fs.querySelector(".answer-text").value;
      const table = fs.querySelector(".answer-table").value.split("\n")
        .filter((line) => line.trim()).map((line) => line.split("|").map((c) => c.trim()));
      return { cases: cases, table: table };
    }
    return null;
  }

  function setValue(fs, value) {
    const kind = fs.dataset.kind;
    const code = fs.dataset.code;
    if (kind === "status" || kind === "yes_no") {
      fs.querySelectorAll(`input[name="${code}"]`).forEach((i) => { i.checked = i.value === value; });
    } else if (kind === "choice") {
      fs.querySelector("select").value = value || "";
    } else if (kind === "text") {
      fs.querySelector("textarea").value = value || "";
    } else if (kind === "examples") {
      const v = value || { cases: "", table: [] };
      fs.querySelector(".answer-text").value = v.cases || "";
      fs.querySelector(".answer-table").value = (v.table || []).map((r) => r.join(" | ")).join("\n");
    }
  }

  function display(fs, value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") {
      return [value.cases || "", ...(value.table || []).map((r) => r.join(" | "))].filter(Boolean).join("\n");
    }
    return String(value);
  }

  function applyConditions() {
    const values = {};
    questions().forEach((fs) => { values[fs.dataset.code] = getValue(fs); });
    questions().forEach((fs) => {
      if (!fs.dataset.showIf) return;
      const rule = JSON.parse(fs.dataset.showIf);
      fs.hidden = !(rule.in || []).includes(values[rule.question]);
    });
  }

  function keep(fs) {
    const entry = { value: getValue(fs), base: Number(fs.dataset.version), at: Date.now() };
    try { localStorage.setItem(key(fs.dataset.code), JSON.stringify(entry)); } catch (e) { /* storage full: still try to save */ }
  }

  function pending() {
    return questions().filter((fs) => localStorage.getItem(key(fs.dataset.code)) !== null);
  }

  // data-dirty="0" once everything typed is saved (tests and the "leave page" check read it).
  function updateDirty() {
    form.dataset.dirty = pending().length || Object.keys(inFlight).length ? "1" : "0";
  }

  async function save(fs) {
    const code = fs.dataset.code;
    if (inFlight[code]) { inFlight[code].again = true; return; }
    if (!navigator.onLine) {
      say(t("You are offline: your text is kept in this browser and will be saved when you are back online."), "warn");
      return;
    }
    inFlight[code] = { again: false };
    const value = getValue(fs);
    say(t("Saving…"));
    try {
      const response = await fetch(fs.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "X-Requested-With": "fetch" },
        body: JSON.stringify({ value: value, base_version: Number(fs.dataset.version) }),
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        fs.dataset.version = String(data.version);
        serverValues[code] = value;
        if (JSON.stringify(getValue(fs)) === JSON.stringify(value)) localStorage.removeItem(key(code));
        const carried = fs.querySelector(".carried");
        if (carried) carried.remove();
        const state = document.getElementById("article-state");
        if (state && data.article_state) { state.textContent = data.article_state_label || state.textContent; state.className = `badge article-state state-${data.article_state}`; }
        const bar = document.getElementById("article-bar");
        if (bar) { bar.style.width = `${data.article_percent}%`; bar.parentElement.setAttribute("aria-valuenow", data.article_percent); }
        say(`${t("Saved")} ${new Date().toLocaleTimeString()}`);
      } else if (response.status === 409 && data.code === "edit_conflict") {
        showMerge(fs, data);
        say(data.error, "error");
      } else {
        say(data.error || `${t("Not saved")} (${response.status})`, "error");
      }
    } catch (e) {
      say(t("Connection lost: your text is kept in this browser and will be saved when you are back online."), "warn");
    } finally {
      const again = inFlight[code] && inFlight[code].again;
      delete inFlight[code];
      if (again) save(fs);
      updateDirty();
    }
  }

  function showMerge(fs, data) {
    const box = fs.querySelector(".merge");
    box.hidden = false;
    box.replaceChildren();
    const alert = document.createElement("div");
    alert.className = "alert alert-warning";
    alert.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.className = "fw-semibold";
    title.textContent = `${data.error} (${t("their version")} ${data.current_version}${data.updated_by ? ", " + data.updated_by : ""}; ${t("yours was based on version")} ${data.your_version})`;
    alert.append(title);
    const row = document.createElement("div");
    row.className = "row g-2";
    const column = (label, text, id) => {
      const col = document.createElement("div");
      col.className = "col-md-6";
      const l = document.createElement("label");
      l.className = "form-label small"; l.htmlFor = id; l.textContent = label;
      const area = document.createElement("textarea");
      area.className = "form-control form-control-sm"; area.id = id; area.readOnly = true; area.rows = 5; area.value = text;
      col.append(l, area);
      return col;
    };
    const code = fs.dataset.code;
    row.append(
      column(t("Saved by someone else"), display(fs, data.current_value), `merge-theirs-${code}`),
      column(t("Your text"), display(fs, data.your_value), `merge-yours-${code}`),
    );
    alert.append(row);
    const textual = fs.dataset.kind === "text";
    let merged = null;
    if (textual) {
      const l = document.createElement("label");
      l.className = "form-label small mt-2"; l.htmlFor = `merge-result-${code}`; l.textContent = t("Merged text (edit, then save)");
      merged = document.createElement("textarea");
      merged.className = "form-control"; merged.id = `merge-result-${code}`; merged.rows = 6;
      merged.value = data.your_value || "";
      alert.append(l, merged);
    }
    const buttons = document.createElement("div");
    buttons.className = "mt-2 d-flex gap-2";
    const button = (label, cls, handler) => {
      const b = document.createElement("button");
      b.type = "button"; b.className = `btn btn-sm ${cls}`; b.textContent = label; b.addEventListener("click", handler);
      buttons.append(b);
      return b;
    };
    const resolve = (value) => {
      fs.dataset.version = String(data.current_version);
      setValue(fs, value);
      box.hidden = true; box.replaceChildren();
      keep(fs); applyConditions(); save(fs);
    };
    if (textual) button(t("Save the merged text"), "btn-primary merge-save", () => resolve(merged.value));
    button(t("Keep mine"), "btn-outline-primary", () => resolve(data.your_value));
    button(t("Take theirs"), "btn-outline-secondary", () => {
      fs.dataset.version = String(data.current_version);
      setValue(fs, data.current_value);
      serverValues[code] = data.current_value;
      localStorage.removeItem(key(code));
      box.hidden = true; box.replaceChildren(); applyConditions();
      say(t("You took the saved version."));
    });
    alert.append(buttons);
    box.append(alert);
  }

  function changed(fs) {
    keep(fs);
    form.dataset.dirty = "1";
    applyConditions();
    clearTimeout(timers[fs.dataset.code]);
    timers[fs.dataset.code] = setTimeout(() => save(fs), fs.dataset.kind === "text" || fs.dataset.kind === "examples" ? 1200 : 200);
  }

  if (editable) {
    form.addEventListener("input", (event) => {
      const fs = event.target.closest("fieldset.question");
      if (fs && fs.dataset.kind !== "attachments" && event.target.type !== "file") changed(fs);
    });
    form.addEventListener("change", (event) => {
      const fs = event.target.closest("fieldset.question");
      if (fs && (event.target.type === "radio" || event.target.tagName === "SELECT")) changed(fs);
    });
    window.addEventListener("online", () => { say(t("Back online: saving…")); pending().forEach(save); });
    window.addEventListener("offline", () => say(t("You are offline: your text is kept in this browser."), "warn"));
    // Text typed earlier without a connection (or before a crash) comes back and is saved.
    let restored = 0;
    questions().forEach((fs) => {
      const raw = localStorage.getItem(key(fs.dataset.code));
      if (!raw) return;
      let entry;
      try { entry = JSON.parse(raw); } catch (e) { localStorage.removeItem(key(fs.dataset.code)); return; }
      if (JSON.stringify(entry.value) === JSON.stringify(serverValues[fs.dataset.code] ?? null)) {
        localStorage.removeItem(key(fs.dataset.code));
        return;
      }
      setValue(fs, entry.value);
      fs.dataset.version = String(entry.base);
      restored += 1;
    });
    applyConditions();
    updateDirty();
    window.addEventListener("beforeunload", (event) => {
      if (form.dataset.dirty === "1" && navigator.onLine) event.preventDefault();
    });
    if (restored) {
      say(t("Unsaved text from this browser was restored; saving it now."), "warn");
      pending().forEach(save);
    }
  }
})();
