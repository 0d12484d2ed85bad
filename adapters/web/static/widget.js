/* Pathways chat widget: vanilla JavaScript, no build step, nothing from another origin.
 *
 * Embed on any intranet page:
 *   <script src="https://HOST/widget.js" data-council="chorley" data-role="member" defer></script>
 * Optional: data-exit-url (quick exit destination), data-accent and data-accent-text (theme
 * colours), data-mode="inline" with data-target="element-id" (the standalone chat page).
 *
 * Safety rule: text from the user or the server only ever becomes DOM text nodes or
 * attributes checked here; no HTML string is ever parsed. The transcript lives in sessionStorage
 * (this browser tab only) and nothing is stored on the server.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.pathwaysWidget) return; // embedded twice: keep the first
  window.pathwaysWidget = true;

  const base = new URL(".", script.src);
  const opts = script.dataset;
  const inline = opts.mode === "inline";
  const council = opts.council || "";
  const role = opts.role || "";
  const exitUrl = httpUrl(opts.exitUrl) || "https://www.bbc.co.uk/weather";
  const storeKey = "pathways:" + (council || "default");
  const TIMEOUT_MS = 20000;
  const MAX_ENTRIES = 60;
  const MAX_QUESTION = 4000; // bot.messages.MAX_QUESTION

  // Labels of the widget's own controls; answers and greetings come from the server.
  const TEXT = {
    launcher: "Safeguarding help",
    title: "Safeguarding help",
    danger: "If a child is in immediate danger, call ",
    exit: "Exit this page",
    clear: "Clear conversation",
    close: "Close safeguarding help",
    log: "Conversation",
    label: "Your question",
    send: "Send",
    you: "You said: ",
    bot: "Pathways answered: ",
    typing: "Pathways is finding an answer",
    urgent: "If a child is in immediate danger, call 999 now.",
    possible: "If this is happening now, call 999.",
    call: "Call 999",
    steps: "What to do",
    more: "More detail",
    contacts: "Contacts",
    didYouMean: "Did you mean:",
    seeAlso: "See also:",
    related: "Related topics:",
    starters: "Try asking:",
    source: "Source: ",
    reviewed: "Last reviewed ",
    unreachable:
      "Pathways could not reach its server. Your question is still in the box: try again in " +
      "a moment. If a child is in immediate danger, call 999.",
    failed: "Pathways could not answer just now. Please try again.",
    charsLeft: (n) => `${n.toLocaleString("en-GB")} characters left`,
    tooLong: (n) =>
      `${n.toLocaleString("en-GB")} characters over the limit of ` +
      `${MAX_QUESTION.toLocaleString("en-GB")}: please shorten your message.`,
    roleLabel: "I am asking as",
    roles: [
      ["", "anyone"],
      ["member", "a councillor"],
      ["officer", "a council officer"],
      ["licensing", "licensing (taxi, pub, hotel)"],
      ["public", "a member of the public"],
    ],
    exitTip: "To leave this page quickly, press Shift three times, or use Exit this page.",
    newTab: " (opens in a new tab)",
    copy: "Copy answer",
    copied: "Copied",
    copyFailed: "Could not copy: select the answer's text and copy it instead.",
    draft: "Draft guidance, not yet approved by the council.", // bot.messages.DRAFT_LINE
    shiftHint: (n) => `Press Shift ${n} more time${n === 1 ? "" : "s"} to exit this page.`,
  };

  let state = load();
  let busy = false;
  let leaving = false; // after quick exit nothing may be written back
  let exitTipGiven = false;

  // ---- building blocks -------------------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid !== null && kid !== undefined && kid !== false && kid !== "") node.append(kid);
    }
    return node;
  }

  function httpUrl(value) {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : "";
    } catch {
      return "";
    }
  }

  const list = (value) => (Array.isArray(value) ? value : []);

  const button = (className, label, onclick, attrs) =>
    el("button", { type: "button", class: className, onclick, ...attrs }, label);

  function link(href, label) {
    const url = httpUrl(href);
    if (!url) return label;
    const warn = el("span", { class: "pw-hidden" }, TEXT.newTab);
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label, warn);
  }

  // ---- markdown-lite: paragraphs, "- " bullets, **bold**, *italic*, [text](link) -------
  const INLINE =
    /\*\*(.+?)\*\*|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\w)/g;

  // `refs`: the reply's cross_references by name; "See **Report a concern**" becomes a button.
  function rich(text, refs) {
    const out = [];
    let last = 0;
    for (const m of String(text).matchAll(INLINE)) {
      out.push(text.slice(last, m.index));
      const ref = m[1] !== undefined && refs && refs.get(m[1]);
      if (ref) out.push(button("pw-xref", el("strong", null, rich(m[1])), () => askTopic(ref)));
      else if (m[1] !== undefined) out.push(el("strong", null, rich(m[1])));
      else if (m[2] !== undefined) out.push(link(m[3], rich(m[2])));
      else out.push(el("em", null, rich(m[4])));
      last = m.index + m[0].length;
    }
    out.push(String(text).slice(last));
    return out;
  }

  function blocks(text, refs) {
    const out = [];
    for (const chunk of String(text || "").split(/\n\s*\n/)) {
      let bullets = null;
      let words = [];
      const flush = () => {
        if (words.length) out.push(el("p", null, rich(words.join(" "), refs)));
        words = [];
      };
      for (const line of chunk.split("\n").map((l) => l.trim())) {
        if (!line) continue;
        if (line.startsWith("- ")) {
          flush();
          if (!bullets) out.push((bullets = el("ul")));
          bullets.append(el("li", null, rich(line.slice(2), refs)));
        } else {
          bullets = null;
          words.push(line);
        }
      }
      flush();
    }
    return out;
  }

  // ---- rendering a reply -----------------------------------------------------------------
  function callLine(cls, text) {
    return el("p", { class: cls }, el("strong", null, text), " ",
      el("a", { href: "tel:999" }, TEXT.call));
  }

  // Follow-ups not already offered above (a fallback's "Did you mean" may hold the same topic).
  const fresh = (refs, shown) => {
    const ids = new Set(list(shown).map((ref) => ref && ref.id));
    return list(refs).filter((ref) => !(ref && ids.has(ref.id)));
  };

  function crossRefs(r) {
    const refs = new Map();
    for (const x of list(r.cross_references)) {
      if (x && typeof x.text === "string" && x.id) refs.set(x.text, { id: x.id, title: x.title });
    }
    return refs;
  }

  function replyNode(r, at) {
    const refs = crossRefs(r);
    return el(
      "div",
      { class: "pw-msg pw-bot" },
      el("span", { class: "pw-hidden" }, TEXT.bot),
      r.urgent && callLine("pw-urgent", TEXT.urgent),
      !r.urgent &&
        r.urgency &&
        r.urgency.level === "possible" &&
        callLine("pw-possible", TEXT.possible),
      list(r.notes).map((note) => el("p", { class: "pw-note" }, rich(note, refs))),
      el("h3", { class: "pw-reply-title" }, r.title),
      blocks(r.answer, refs),
      r.draft === true && el("p", { class: "pw-draft" }, TEXT.draft),
      list(r.steps).length > 0 && [
        el("h4", null, TEXT.steps),
        el("ol", { class: "pw-steps" }, list(r.steps).map((s) => el("li", null, rich(s, refs)))),
      ],
      r.detail && el("details", null, el("summary", null, TEXT.more), blocks(r.detail, refs)),
      list(r.contacts).length > 0 && [
        el("h4", null, TEXT.contacts),
        el("ul", { class: "pw-contacts" }, list(r.contacts).map(contactNode)),
      ],
      feedbackNode(r),
      choices(r.fallback ? TEXT.didYouMean : TEXT.seeAlso, r.suggestions, askTopic),
      choices(TEXT.related, fresh(r.related, r.suggestions), askTopic),
      sourceNode(r),
      el("div", { class: "pw-meta" }, button("pw-copy", TEXT.copy, (e) => copy(r, e.currentTarget)),
        timeNode(at)),
    );
  }

  // ---- feedback (issue 12): thumbs up or down, or a reason from a fixed list; no text ----
  const REASONS = ["wrong topic", "out of date", "too long", "missing a contact"];
  function feedbackNode(r) {
    const group = { class: "pw-feedback", role: "group", "aria-label": "Feedback" };
    const box = el("div", group);
    const thanks = () => el("p", { class: "pw-feedback-label", role: "status" }, "Thank you.");
    if (r.feedbackGiven) {
      box.append(thanks());
      return box;
    }
    const send = (helpful, reason) => {
      const body = { topic_id: r.topic_id || null, helpful };
      if (reason) body.reason = reason;
      if (council) body.council = council;
      const init = { method: "POST", headers: { "Content-Type": "application/json" } };
      request("api/feedback", { ...init, body: JSON.stringify(body) }).catch(() => {});
      r.feedbackGiven = true;
      save();
      box.replaceChildren(thanks());
    };
    const why = () =>
      box.replaceChildren(
        el("p", { class: "pw-feedback-label" }, "What was wrong with it?"),
        ...REASONS.map((reason) => button("pw-thumb", reason, () => send(false, reason))),
        button("pw-thumb", "Skip", () => send(false)),
      );
    box.append(
      el("p", { class: "pw-feedback-label" }, "Was this helpful?"),
      button("pw-thumb", "\u{1F44D} Yes", () => send(true), { "aria-label": "Yes, helpful" }),
      button("pw-thumb", "\u{1F44E} No", why, { "aria-label": "No, not helpful" }),
    );
    return box;
  }

  // ---- copying an answer: the clipboard API, else the older copy command, else say so ------
  const MARKUP = [
    [/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, "$1 ($2)"],
    [/\*\*(.+?)\*\*/g, "$1"],
    [/(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\w)/g, "$1"],
  ];
  const plain = (text) => MARKUP.reduce((t, [re, to]) => t.replace(re, to), String(text || ""));

  function replyText(r) {
    const level = r.urgency && r.urgency.level;
    const steps = list(r.steps).map((s, i) => `${i + 1}. ${plain(s)}`);
    const contacts = list(r.contacts).map((c) => "- " + (c.display || c.name));
    return [
      r.urgent ? TEXT.urgent : level === "possible" ? TEXT.possible : "",
      ...list(r.notes).map(plain),
      r.title,
      plain(r.answer),
      r.draft === true ? TEXT.draft : "",
      steps.length ? `${TEXT.steps}:\n${steps.join("\n")}` : "",
      plain(r.detail),
      contacts.length ? `${TEXT.contacts}:\n${contacts.join("\n")}` : "",
      r.source_line || "",
    ].filter(Boolean).join("\n\n");
  }

  async function copy(r, from) {
    const text = replyText(r);
    let done = false;
    try {
      await navigator.clipboard.writeText(text); // secure pages only (https, localhost)
      done = true;
    } catch {
      done = copyCommand(text, from);
    }
    say(done ? TEXT.copied : TEXT.copyFailed);
    if (!done) return;
    const mark = el("span", { class: "pw-copied", "aria-hidden": "true" }, TEXT.copied);
    from.after(mark);
    setTimeout(() => mark.remove(), 3000);
  }

  function copyCommand(text, from) {
    const box = el("textarea", { class: "pw-offscreen", readonly: true, tabindex: -1 });
    box.value = text;
    ui.root.append(box);
    box.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch {
      done = false;
    }
    box.remove();
    from.focus();
    return done;
  }

  // A polite announcement; emptied first so the same words are read again next time.
  function say(text) {
    ui.said.textContent = "";
    requestAnimationFrame(() => (ui.said.textContent = text));
  }

  function timeNode(at) {
    const date = new Date(at || "");
    if (!at || Number.isNaN(date.getTime())) return null;
    const hhmm = date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    return el("time", { class: "pw-time", datetime: date.toISOString() }, hhmm);
  }

  function contactNode(c) {
    const prefix = c.name + ": ";
    if (c.placeholder) {
      const rest = String(c.display || "").startsWith(prefix) ? c.display.slice(prefix.length) : "";
      const name = el("strong", null, c.name);
      return el("li", null, name, " ", el("span", { class: "pw-muted" }, rest));
    }
    const ways = [];
    if (c.phone) ways.push(el("a", { href: "tel:" + c.phone.replace(/[^\d+]/g, "") }, c.phone));
    if (c.email) ways.push(el("a", { href: "mailto:" + c.email }, c.email));
    if (c.url) ways.push(link(c.url, c.url));
    const joined = ways.flatMap((w, i) => (i ? [", ", w] : [w]));
    return el(
      "li",
      null,
      el("strong", null, c.name),
      ": ",
      joined,
      c.note && el("span", { class: "pw-muted pw-block" }, c.note),
      c.source_url &&
        el(
          "span",
          { class: "pw-muted pw-block pw-contact-source" },
          "From ",
          link(c.source_url, c.source || c.source_url),
          c.checked ? [", checked ", longDate(c.checked)] : "",
        ),
    );
  }

  function choices(label, refs, onPick) {
    const items = list(refs);
    if (!items.length) return null;
    return el(
      "div",
      { class: "pw-choices" },
      el("p", { class: "pw-choices-label" }, label),
      items.map((ref) => {
        const label = typeof ref === "string" ? ref : ref.title;
        return button("pw-chip", label, () => onPick(ref));
      }),
    );
  }

  function sourceNode(r) {
    const sources = list(r.sources);
    if (!sources.length && !r.reviewed) return null;
    const names = sources.map((s) =>
      link(s.url, s.title === s.publisher || !s.publisher ? s.title : `${s.publisher}: ${s.title}`),
    );
    return el(
      "p",
      { class: "pw-source" },
      sources.length > 0 && [TEXT.source, names.flatMap((n, i) => (i ? ["; ", n] : [n])), ". "],
      r.reviewed && [TEXT.reviewed, el("time", { datetime: r.reviewed }, longDate(r.reviewed))],
      r.reviewed && ".",
    );
  }

  function longDate(iso) {
    const date = new Date(iso + "T00:00:00Z");
    if (Number.isNaN(date.getTime())) return iso;
    const style = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    return date.toLocaleDateString("en-GB", style);
  }

  function welcomeNode(w) {
    return el(
      "div",
      { class: "pw-msg pw-bot pw-welcome" },
      blocks(w.greeting),
      choices(TEXT.starters, w.starters, (text) => ask(text)),
      w.privacy && el("p", { class: "pw-source" }, w.privacy),
    );
  }

  function entryNode(entry) {
    if (entry.kind === "user") {
      const said = el("span", { class: "pw-hidden" }, TEXT.you);
      const words = el("span", { class: "pw-said" }, entry.text);
      return el("div", { class: "pw-msg pw-user" }, said, words, timeNode(entry.at));
    }
    if (entry.kind === "bot") return replyNode(entry.reply || {}, entry.at);
    return el("p", { class: "pw-msg pw-notice" }, entry.text);
  }

  // ---- the transcript, for this browser tab only -----------------------------------------
  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storeKey) || "null");
      if (saved && Array.isArray(saved.entries)) return saved;
    } catch {
      /* storage blocked or corrupt: start afresh */
    }
    return { open: false, welcome: null, entries: [] };
  }

  function save() {
    if (leaving) return;
    try {
      state.entries = state.entries.slice(-MAX_ENTRIES);
      sessionStorage.setItem(storeKey, JSON.stringify(state));
    } catch {
      /* storage full or blocked: the conversation still works, it just is not kept */
    }
  }

  function add(entry, keep = true) {
    if (entry.kind !== "notice") entry.at = new Date().toISOString();
    const node = entryNode(entry);
    ui.log.append(node);
    if (keep) {
      state.entries.push(entry);
      save();
    }
    ui.log.scrollTop = entry.kind === "bot" ? node.offsetTop - 8 : ui.log.scrollHeight;
    return node;
  }

  function render() {
    ui.log.replaceChildren();
    if (state.welcome) ui.log.append(welcomeNode(state.welcome));
    for (const entry of state.entries) ui.log.append(entryNode(entry));
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  // ---- talking to the server -------------------------------------------------------------
  const query = () => (council ? "?council=" + encodeURIComponent(council) : "");

  async function request(path, init) {
    const response = await fetch(new URL(path, base), {
      ...init,
      credentials: "omit",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const data = await response.json().catch(() => null);
    if (response.ok && data) return data;
    throw new Error((data && data.error && data.error.message) || TEXT.failed);
  }

  async function ensureWelcome() {
    if (state.welcome) return;
    try {
      state.welcome = await request("api/welcome" + query(), {});
      save();
      ui.log.prepend(welcomeNode(state.welcome));
    } catch (error) {
      const text = error instanceof TypeError ? TEXT.unreachable : error.message;
      add({ kind: "notice", text }, false);
    }
  }

  function ask(text) {
    const question = String(text).trim();
    if (!question) return;
    if (question.length > MAX_QUESTION) {
      // never cut silently: the person decides what to keep
      ui.count.textContent = TEXT.tooLong(question.length - MAX_QUESTION);
      ui.input.focus();
      return;
    }
    const body = { question };
    const asking = state.role || role;
    if (asking) body.role = asking;
    if (council) body.council = council;
    const init = { method: "POST", headers: { "Content-Type": "application/json" } };
    init.body = JSON.stringify(body);
    converse({ kind: "user", text: question }, "api/ask", init, question);
  }

  function askTopic(ref) {
    const path = "api/topics/" + encodeURIComponent(ref.id) + query();
    converse({ kind: "user", text: ref.title }, path, {}, null);
  }

  async function converse(entry, path, init, question) {
    if (busy) return;
    busy = true;
    const bubble = add(entry);
    if (question !== null) {
      ui.input.value = "";
      countChars();
    }
    typing(true);
    ui.send.disabled = true;
    try {
      add({ kind: "bot", reply: await request(path, init) });
    } catch (error) {
      bubble.remove();
      state.entries.pop();
      save();
      if (question !== null) ui.input.value = question; // nothing the person typed is lost
      const unreachable = error instanceof TypeError || error.name === "TimeoutError";
      add({ kind: "notice", text: unreachable ? TEXT.unreachable : error.message }, false);
    } finally {
      busy = false;
      typing(false);
      ui.send.disabled = false;
    }
  }

  // The indicator is a status region that gets its words once per question (the dots are
  // CSS only), so a screen reader says "Pathways is finding an answer" once, not repeatedly.
  function typing(on) {
    if (on) ui.typing.replaceChildren(TEXT.typing, ui.dots);
    else ui.typing.replaceChildren();
  }

  // ---- opening, closing, clearing, leaving -----------------------------------------------
  function setOpen(open, moveFocus) {
    ui.panel.hidden = !open;
    if (ui.launcher) {
      ui.launcher.hidden = open;
      ui.launcher.setAttribute("aria-expanded", String(open));
    }
    state.open = open;
    save();
    if (open) {
      ensureWelcome();
      if (!exitTipGiven) {
        exitTipGiven = true; // announced once a page (a status message, read by screen readers)
        ui.hint.textContent = TEXT.exitTip;
      }
      if (moveFocus) ui.input.focus();
    } else {
      ui.hint.textContent = "";
      if (moveFocus && ui.launcher) ui.launcher.focus();
    }
  }

  // A live counter near the limit (the last 10%), so nothing is ever cut without a word.
  function countChars() {
    const left = MAX_QUESTION - ui.input.value.length;
    if (left < 0) ui.count.textContent = TEXT.tooLong(-left);
    else if (left <= MAX_QUESTION / 10) ui.count.textContent = TEXT.charsLeft(left);
    else ui.count.textContent = "";
  }

  function clearConversation() {
    state.entries = [];
    save();
    render();
    ui.input.value = "";
    ui.input.focus();
  }

  function quickExit() {
    leaving = true;
    try {
      sessionStorage.removeItem(storeKey);
    } catch {
      /* nothing kept to remove */
    }
    ui.root.hidden = true;
    ui.log.replaceChildren();
    ui.input.value = "";
    window.location.replace(exitUrl); // replace: the back button does not return here
  }

  // GOV.UK "Exit this page" keyboard shortcut: Shift pressed three times within 5 seconds.
  // Shift used for capitals does not count, and any other key starts the count again.
  let shifts = 0;
  let shiftTimer = 0;
  let lastShifted = false;
  function watchShift(event) {
    if (ui.panel.hidden) return;
    if (event.key === "Shift" && !lastShifted) {
      shifts += 1;
      clearTimeout(shiftTimer);
      if (shifts >= 3) return quickExit();
      ui.hint.textContent = TEXT.shiftHint(3 - shifts);
      shiftTimer = setTimeout(resetShift, 5000);
    } else if (event.key !== "Shift") {
      resetShift();
    }
    lastShifted = event.shiftKey;
  }
  function resetShift() {
    shifts = 0;
    ui.hint.textContent = "";
  }

  // ---- the DOM ---------------------------------------------------------------------------
  function build() {
    const host = el("div", { class: "pathways-widget" + (inline ? " pathways-inline" : "") });
    const shadow = host.attachShadow({ mode: "open" });
    const ui = {};
    // Floating, the widget is one labelled region (launcher and dialog), so it sits in a
    // landmark of its own and adds no banner or contentinfo beside the host page's.
    const region = inline ? {} : { role: "region", "aria-label": TEXT.title };
    const rootClass = "pw-root" + (inline ? " pw-inline" : "");
    ui.root = el("div", { class: rootClass, hidden: true, ...region });
    const show = () => (ui.root.hidden = false);
    const css = el("link", { rel: "stylesheet", href: new URL("widget.css", base).href });
    css.addEventListener("load", show);
    css.addEventListener("error", show);
    for (const [attr, prop] of [["accent", "--pw-accent"], ["accentText", "--pw-accent-text"]]) {
      if (opts[attr] && CSS.supports("color", opts[attr])) host.style.setProperty(prop, opts[attr]);
    }
    ui.count = el("p", { class: "pw-count", "aria-live": "polite" });
    // Who is asking: "What training do I need?" has a different answer for each role.
    ui.role = el(
      "select",
      {
        class: "pw-role-select",
        onchange: () => {
          state.role = ui.role.value;
          save();
        },
      },
      TEXT.roles.map(([value, label]) => el("option", { value }, label)),
    );
    ui.input = el("textarea", {
      id: "pw-input",
      rows: 2,
      autocomplete: "off",
      oninput: () => countChars(),
      onkeydown: (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          ask(ui.input.value);
        }
      },
    });
    ui.send = el("button", { type: "submit", class: "pw-send" }, TEXT.send);
    ui.log = el("div", {
      class: "pw-log",
      role: "log",
      "aria-live": "polite",
      "aria-label": TEXT.log,
      tabindex: 0,
    });
    const dot = () => el("span");
    ui.dots = el("span", { class: "pw-dots", "aria-hidden": "true" }, dot(), dot(), dot());
    ui.typing = el("p", { class: "pw-typing", role: "status" });
    ui.hint = el("p", { class: "pw-hidden pw-hint", role: "status" });
    ui.said = el("p", { class: "pw-hidden", role: "status" });
    const close = () => setOpen(false, true);
    const closeButton =
      !inline && button("pw-close", "\u00d7", close, { "aria-label": TEXT.close });
    ui.panel = el(
      "section",
      {
        class: "pw-panel",
        id: "pw-panel",
        role: inline ? "region" : "dialog",
        "aria-labelledby": "pw-title",
        hidden: !inline,
        onkeydown: (e) => {
          if (e.key === "Escape" && !inline) setOpen(false, true);
        },
      },
      el(
        "div",
        { class: "pw-header" },
        el(
          "div",
          { class: "pw-bar" },
          el("h2", { id: "pw-title", class: "pw-title" }, TEXT.title),
          el(
            "div",
            { class: "pw-tools" },
            button("pw-exit", TEXT.exit, quickExit),
            closeButton,
          ),
        ),
        el(
          "p",
          { class: "pw-danger" },
          el("strong", null, TEXT.danger, el("a", { href: "tel:999" }, "999")),
        ),
      ),
      ui.log,
      ui.typing,
      ui.hint,
      ui.said,
      el(
        "form",
        {
          class: "pw-form",
          onsubmit: (e) => {
            e.preventDefault();
            ask(ui.input.value);
          },
        },
        el(
          "div",
          { class: "pw-form-top" },
          el("label", { for: "pw-input", class: "pw-label" }, TEXT.label),
          button("pw-clear", TEXT.clear, clearConversation),
          el("label", { class: "pw-role" }, TEXT.roleLabel + " ", ui.role),
        ),
        el("div", { class: "pw-row" }, ui.input, ui.send),
        ui.count,
      ),
    );
    const open = () => setOpen(true, true);
    const expanded = { "aria-expanded": "false", "aria-controls": "pw-panel" };
    ui.launcher = !inline && button("pw-launcher", TEXT.launcher, open, expanded);
    ui.root.append(ui.panel, ui.launcher || "");
    shadow.append(css, ui.root);
    const target = inline && document.getElementById(opts.target || "");
    (target || document.body).append(host);
    return ui;
  }

  const ui = build();
  ui.role.value = state.role || role;
  document.addEventListener("keyup", watchShift, true);
  // The back/forward cache keeps a snapshot of a page left behind. Leave nothing in it: on
  // pagehide the transcript is taken out of the DOM (it stays in this tab's storage), and a
  // page restored from the cache is rebuilt from storage, which Exit this page has emptied.
  window.addEventListener("pagehide", () => {
    ui.log.replaceChildren();
    ui.input.value = "";
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    state = load();
    render();
    if (!inline) setOpen(state.open, false);
    else ensureWelcome();
  });
  render();
  if (inline || state.open) setOpen(true, false);
})();
