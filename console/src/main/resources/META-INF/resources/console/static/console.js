// The console's only script: chat streaming, in-place answers, countdowns. No framework, nothing loaded from elsewhere.
"use strict";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// Reads an SSE body (fetch response) and calls onEvent(json, id) for each data frame.
async function readSse(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let data = "", id = null;
      for (const line of frame.split("\n")) {
        if (line.startsWith("data:")) data += line.slice(5).trim();
        else if (line.startsWith("id:")) id = line.slice(3).trim();
      }
      if (data) {
        try { onEvent(JSON.parse(data), id); } catch (e) { /* not JSON: skip */ }
      }
    }
  }
}

async function problemText(response) {
  try {
    const p = await response.json();
    return (p.title || "Error " + response.status) + (p.detail ? ": " + p.detail : "");
  } catch (e) {
    return "Error " + response.status;
  }
}

// ---- chat
function Chat(form) {
  const transcript = document.getElementById("transcript");
  const error = document.getElementById("chat-error");
  const sessionInput = document.getElementById("chat-session");
  let bubble = null, text = null, run = null, lastSeq = null;

  function assistantBubble() {
    bubble = el("li", "msg msg-assistant");
    bubble.appendChild(el("span", "who", "assistant"));
    text = el("div", "text");
    bubble.appendChild(text);
    transcript.appendChild(bubble);
  }

  function onEvent(e, id) {
    if (e.seq !== undefined) lastSeq = e.seq; else if (id) lastSeq = id;
    switch (e.type) {
      case "console_session":
        sessionInput.value = e.session_id;
        const url = new URL(location.href);
        url.searchParams.set("session", e.session_id);
        history.replaceState(null, "", url);
        break;
      case "start":
        run = e.execution_id;
        if (!bubble) assistantBubble();
        bubble.dataset.run = run;
        break;
      case "node_start":
        if (!bubble) assistantBubble();
        bubble.appendChild(el("div", "node-chip", e.node));
        text = el("div", "text");
        bubble.appendChild(text);
        break;
      case "text":
        if (!bubble) assistantBubble();
        text.textContent += e.text;
        break;
      case "tool_call": {
        const c = el("div", "tool-call");
        c.appendChild(el("strong", "tool-name", "🔧 " + e.name));
        c.appendChild(el("code", "args", JSON.stringify(e.arguments)));
        c.dataset.toolCall = e.tool_call_id;
        bubble.appendChild(c);
        text = el("div", "text");
        bubble.appendChild(text);
        break;
      }
      case "tool_result": {
        const r = el("div", "tool-result" + (e.is_error ? " is-error" : ""));
        r.appendChild(el("span", "muted", "← " + e.name + ": "));
        r.appendChild(el("code", "args", typeof e.result === "string" ? e.result : JSON.stringify(e.result)));
        bubble.appendChild(r);
        text = el("div", "text");
        bubble.appendChild(text);
        break;
      }
      case "suspended":
        showPending();
        break;
      case "final": {
        // a run resumed after a suspension may send its answer only in the final event
        if (text && !text.textContent && e.output && e.output.text) text.textContent = e.output.text;
        const f = el("div", "final muted");
        f.appendChild(document.createTextNode("done · cost " + (e.cost ?? "—") + " · " + (e.latency_ms ?? "?") + " ms · "));
        const a = el("a", null, "run " + run);
        a.href = "/console/runs/" + encodeURIComponent(run);
        f.appendChild(a);
        bubble.appendChild(f);
        break;
      }
      case "error":
        bubble.appendChild(el("div", "problem", (e.code || "ERROR") + ": " + (e.message || "")));
        break;
    }
  }

  async function showPending() {
    const r = await fetch("/console/inbox/" + encodeURIComponent(run) + "/pending", { headers: { "X-Console-Fetch": "1" } });
    if (!r.ok) return;
    const holder = el("div", "in-place");
    holder.innerHTML = await r.text(); // the console's own server-rendered, escaped fragment
    bubble.appendChild(holder);
    holder.querySelectorAll("form.answer-form").forEach(f => f.addEventListener("submit", ev => answer(ev, f)));
  }

  async function answer(ev, f) {
    ev.preventDefault();
    const data = new URLSearchParams(new FormData(f));
    if (ev.submitter && ev.submitter.name) data.set(ev.submitter.name, ev.submitter.value);
    const r = await fetch(f.action, { method: "POST", body: data, headers: { "X-Console-Fetch": "1" } });
    if (!r.ok) {
      f.appendChild(el("p", "problem", await problemText(r)));
      return;
    }
    const li = f.closest("li.pending-action");
    li.replaceChildren(el("span", "answered muted", (data.get("decision") === "reject" ? "Rejected: " : "Answered: ")
        + (li.dataset.toolCall || "")));
    const open = bubble.querySelectorAll("form.answer-form").length;
    if (open === 0) follow();
  }

  async function follow() {
    const headers = { "Accept": "text/event-stream" };
    if (lastSeq !== null) headers["Last-Event-ID"] = String(lastSeq);
    const r = await fetch("/console/runs/" + encodeURIComponent(run) + "/events", { headers });
    if (!r.ok) { error.hidden = false; error.textContent = await problemText(r); return; }
    text = el("div", "text");
    bubble.appendChild(text);
    await readSse(r, onEvent);
  }

  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    error.hidden = true;
    const data = new URLSearchParams(new FormData(form));
    const message = data.get("message");
    const mine = el("li", "msg msg-user");
    mine.appendChild(el("span", "who", "user"));
    mine.appendChild(el("div", "text", message));
    transcript.appendChild(mine);
    form.message.value = "";
    form.querySelectorAll("input[name=attachment]").forEach(i => i.remove());
    const chips = document.getElementById("attachments");
    if (chips) chips.replaceChildren();
    bubble = null; run = null; lastSeq = null;
    const send = document.getElementById("send");
    send.disabled = true;
    try {
      const r = await fetch(form.action, { method: "POST", body: data, headers: { "Accept": "text/event-stream" } });
      if (!r.ok) { error.hidden = false; error.textContent = await problemText(r); return; }
      await readSse(r, onEvent);
    } catch (e) {
      error.hidden = false;
      error.textContent = "The connection to the console was lost.";
    } finally {
      send.disabled = false;
    }
  });
}

// ---- attachments: dropped on the chat form (or picked), uploaded at once; their storage keys go with the next message
function Attachments(form) {
  const input = document.getElementById("attach");
  const zone = document.getElementById("dropzone");
  const list = document.getElementById("attachments");
  const csrf = form.querySelector("input[name=csrf-token]");

  async function upload(file) {
    const chip = el("li", "attachment", file.name + " · uploading…");
    list.appendChild(chip);
    // the gateway takes 1 MB bodies under /console; bigger files go straight to POST /v1/attachments
    if (file.size > Number(input.dataset.maxBytes)) {
      chip.className = "attachment problem";
      chip.textContent = file.name + ": larger than 1 MB, the most the console uploads (use POST /v1/attachments for bigger files)";
      return;
    }
    const data = new FormData();
    if (csrf) data.append(csrf.name, csrf.value);
    data.append("file", file, file.name);
    const r = await fetch(input.dataset.upload, { method: "POST", body: data, headers: { "X-Console-Fetch": "1" } });
    if (!r.ok) {
      chip.className = "attachment problem";
      chip.textContent = file.name + ": " + await problemText(r);
      return;
    }
    const a = await r.json();
    chip.textContent = a.filename + " · " + Math.max(1, Math.round(a.size / 1024)) + " KB ";
    chip.dataset.storageKey = a.storage_key;
    const hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "attachment"; hidden.value = a.storage_key;
    form.appendChild(hidden);
    const remove = el("button", "secondary small", "Remove");
    remove.type = "button";
    remove.setAttribute("aria-label", "Remove " + a.filename);
    remove.addEventListener("click", () => { hidden.remove(); chip.remove(); });
    chip.appendChild(remove);
  }

  function take(files) {
    [...files].forEach(upload);
  }

  input.addEventListener("change", () => { take(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(t => zone.addEventListener(t, ev => { ev.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(t => zone.addEventListener(t, () => zone.classList.remove("over")));
  zone.addEventListener("drop", ev => { ev.preventDefault(); take(ev.dataTransfer.files); });
}

// ---- a run page's "follow its event stream"
function followButton(button) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    const list = document.getElementById("live-events");
    const r = await fetch(button.dataset.follow, { headers: { "Accept": "text/event-stream" } });
    if (!r.ok) return;
    await readSse(r, e => {
      if (e.type === "heartbeat") return;
      const li = el("li");
      li.appendChild(el("strong", null, e.type));
      if (e.text) li.appendChild(document.createTextNode(" " + e.text));
      if (e.name) li.appendChild(document.createTextNode(" " + e.name));
      list.appendChild(li);
    });
  });
}

// ---- expiry countdowns
function countdowns() {
  const now = Date.now();
  document.querySelectorAll("[data-expires]").forEach(c => {
    const left = Math.round((Date.parse(c.dataset.expires) - now) / 1000);
    if (isNaN(left)) return;
    if (left <= 0) { c.textContent = "expired"; return; }
    const h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    c.textContent = "expires in " + (h ? h + " h " : "") + (h || m ? m + " min " : "") + s + " s";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("chat-form");
  if (form) Chat(form);
  if (form && document.getElementById("attach")) Attachments(form);
  document.querySelectorAll("[data-follow]").forEach(followButton);
  document.querySelectorAll("select[data-autosubmit]").forEach(s => s.addEventListener("change", () => s.form.submit()));
  countdowns();
  setInterval(countdowns, 1000);
});
