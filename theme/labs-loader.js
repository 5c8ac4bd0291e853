// Starts the lab widgets (WebAssembly) on chapter pages that contain a lab.
//
// theme/head.hbs adds the `labs-js` class to <html> before the page paints, so gated
// content never flashes, and over http(s) it already started the widgets from the lab's
// first line (`labsPreload`: download, compile and hydrate while mdBook's page still loads).
// This script, which runs after mdBook's own scripts, takes over from there (or loads the
// widgets itself from file: pages). If they cannot load, it removes the class again: the page
// falls back to its static text and chart snapshots, and says why in place. print.html is
// left static on purpose.
(function () {
  "use strict";
  var html = document.documentElement;
  var pages = Array.prototype.slice.call(document.querySelectorAll(".lab-page"));
  if (!pages.length || /(^|\/)print\.html$/.test(location.pathname)) {
    html.classList.remove("labs-js");
    return;
  }
  // mdBook turns ArrowLeft/ArrowRight into the previous/next chapter unless a text field has
  // the focus: inside a lab (sliders, buttons, summaries, the export) they never leave the page.
  pages.forEach(function (p) {
    p.addEventListener("keydown", function (e) {
      if (e.key === "ArrowLeft" || e.key === "ArrowRight") e.stopPropagation();
    });
  });
  // Past this, a download that has not finished is treated as failed: the student reads the
  // static page instead of waiting on locked content.
  var TIMEOUT_MS = 15000;
  var settled = false;
  // What the head started (theme/head.hbs), if anything.
  var early = window.labsEarly;
  // Falls back to the static page: every gate open, no Lock buttons (the CSS keys them on
  // `labs-js`). Only the first outcome counts: a download that arrives after the timeout is
  // not started, so the page never changes under the reader.
  function fallBack() {
    settled = true;
    if (early) early.cancelled = true;
    html.classList.remove("labs-js");
  }
  // Says why at the top of every lab on the page.
  function tell(text) {
    pages.forEach(function (p) {
      var div = document.createElement("div");
      div.className = "lab-widget-error";
      div.setAttribute("role", "alert");
      div.textContent = text;
      p.insertBefore(div, p.firstChild);
    });
  }
  function fail(err) {
    if (settled) return;
    fallBack();
    tell("The interactive parts of this lab could not load (" + (err && err.message ? err.message : err) +
      "). The text and static charts below still work.");
    if (window.console) console.error("mdbook-labs:", err);
  }
  // mdBook defines path_to_root on every page; it is relative to the chapter's depth.
  var root = new URL(typeof path_to_root === "string" ? path_to_root : "", document.baseURI);
  // The widgets scope the ledger by the book's root on its site; mdBook's `path_to_root` is a
  // script-level const, invisible to them, so the loader hands the resolved root over.
  html.setAttribute("data-labs-root", root.href);
  var glue = new URL("labs-assets/widgets.js", root).href;
  var wasm = new URL("labs-assets/widgets_bg.wasm", root).href;
  var timings = (window.__labsTimings = early ? early.timings : { scriptStart: performance.now() });
  // A panic in the widgets aborts the WebAssembly instance (a RuntimeError such as
  // "unreachable"). Say which part stopped (the widgets mark it on <html> while a handler
  // runs) and fall back to the static page: readable and unlocked, saved records kept.
  window.addEventListener("error", function (ev) {
    if (!(ev.error instanceof WebAssembly.RuntimeError) || html.hasAttribute("data-labs-stopped")) return;
    html.setAttribute("data-labs-stopped", "");
    var busy = html.getAttribute("data-labs-busy");
    html.classList.remove("labs-js", "labs-ready");
    tell("The interactive parts of this lab stopped after an internal error" +
      (busy ? " in \u201c" + busy + "\u201d" : "") + " (" + ev.error.message + "). The text and static charts below " +
      "still work, and what was saved before is kept; reload the page to try again.");
  });
  // A link into a locked part of a lab (a search result, a heading in "on this page") would
  // land on nothing visible: say where the target is, and bring the prediction or check that
  // opens it into view. A search result's words (mdBook marks them) count as its target when
  // none of them is visible.
  function lockedGate(el) {
    var gate = null;
    for (var g = el && el.closest(".lab-gate"); g; g = g.parentElement.closest(".lab-gate")) {
      if (!g.classList.contains("lab-unlocked")) gate = g;
    }
    return gate;
  }
  function locate() {
    var old = document.querySelectorAll(".lab-locate");
    for (var i = 0; i < old.length; i++) old[i].remove();
    if (!html.classList.contains("labs-js")) return;
    var target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var marks = Array.prototype.slice.call(document.querySelectorAll(".content mark"));
    if (!lockedGate(target) && marks.length && marks.every(lockedGate)) target = marks[0];
    var gate = lockedGate(target);
    var lock = gate && document.getElementById(gate.id.replace(/-gate$/, ""));
    if (!lock) return;
    var act = null;
    for (var e = lock; e && !act; e = e.previousElementSibling) {
      if (e.classList.contains("lab-act")) act = e.querySelector(".lab-act-title");
    }
    var what = target.matches("mark") ? "The text you searched for (\u201c" + target.textContent + "\u201d)"
      : target.matches("h1, h2, h3, h4, h5, h6") ? "\u201c" + target.textContent.trim() + "\u201d"
      : "The part you followed a link to";
    var kind = lock.classList.contains("lab-check") ? "concept check" : "prediction";
    var note = document.createElement("p");
    note.className = "lab-locate";
    note.setAttribute("role", "status");
    note.tabIndex = -1;
    note.textContent = what + " is " + (act ? "in " + act.textContent.trim() + ", " : "") + "after this " + kind +
      ": answer it and lock in to open it.";
    lock.parentNode.insertBefore(note, lock);
    note.scrollIntoView({ block: "center" });
    note.focus({ preventScroll: true });
    lock.addEventListener("click", function (ev) {
      if (ev.target.closest(".lab-lock")) note.remove();
    });
  }
  var timer = setTimeout(function () {
    fail(new Error("the widgets did not arrive within " + TIMEOUT_MS / 1000 + " s"));
  }, TIMEOUT_MS);
  // Over http(s) the glue is an ES module that fetches the wasm. Opened from disk (file:),
  // Chromium refuses both, so a classic-script build with the bytes inlined is used instead.
  function loadGlue() {
    if (location.protocol !== "file:") {
      return import(glue).then(function (m) {
        return { init: function () { return m.default({ module_or_path: wasm }); }, start: m.start };
      });
    }
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL("labs-assets/widgets-file.js", root).href;
      s.onload = function () {
        /* global wasm_bindgen */
        var wb = typeof wasm_bindgen !== "undefined" ? wasm_bindgen : null;
        var b64 = window.__labsWasmBase64;
        if (!wb || !b64) return reject(new Error("labs-assets/widgets-file.js is incomplete"));
        var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
        resolve({ init: function () { return wb({ module_or_path: bytes }); }, start: wb.start });
      };
      s.onerror = function () { reject(new Error("labs-assets/widgets-file.js did not load")); };
      document.head.appendChild(s);
    });
  }
  // Hydrates (unless the head already did): resolves to the module's exports and how many
  // labs started.
  var hydrated = early
    ? early.result.then(function (out) {
        if (out.error) throw out.error;
        return out;
      })
    : loadGlue().then(function (m) {
        timings.glue = performance.now();
        return m.init().then(function (exports) {
          timings.wasm = performance.now();
          if (settled) return null;
          var started = m.start();
          timings.ready = performance.now();
          return { exports: exports, started: started };
        });
      });
  hydrated
    .then(function (out) {
      clearTimeout(timer);
      if (!out || settled) return;
      // For the bench (`cargo xtask bench` reads the widgets' memory size).
      window.__labsWasmMemory = out.exports && out.exports.memory;
      settled = true;
      if (out.started < pages.length) {
        // A lab refused to start (a spec version or a model the bundle lacks) and said why
        // in place: fall back to the static page rather than leave its gates locked.
        fallBack();
        return;
      }
      html.classList.add("labs-ready");
      locate();
      window.addEventListener("hashchange", locate);
    })
    .catch(function (err) {
      clearTimeout(timer);
      fail(err);
    });
})();
