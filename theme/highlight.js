/* mdbook-labs: highlight.js on demand. mdBook's book.js calls hljs.configure() and then
   hljs.highlightBlock() on every <code> element of every page, so every page used to download
   the 138 KB highlighter, lab pages with only `inline code` included. This stand-in records
   the calls; when one of them is a code block (inside <pre>, or with a language class), it
   loads mdBook's own highlight.js (fonts/mdbook-highlight.js, copied by mdBook from the theme's
   fonts/ directory, licence in fonts/HIGHLIGHT-JS-LICENSE) and replays the calls in order. Inline code without a
   language is left as it is, which is what the real highlighter does to it (it only escapes
   the text again). */
(function () {
  "use strict";
  var calls = [];
  var wanted = false;
  var code = function (block) {
    var parent = block.parentNode;
    return (parent && parent.nodeName === "PRE") ||
      /\blang(?:uage)?-/i.test(block.className + " " + (parent && parent.className || ""));
  };
  var load = function () {
    wanted = true;
    var s = document.createElement("script");
    var root = typeof path_to_root === "string" ? path_to_root : "";
    s.src = root + "{{ resource "fonts/mdbook-highlight.js" }}";
    s.onload = function () {
      var real = window.hljs;
      if (!real || real === stub) return;
      calls.forEach(function (c) { real[c[0]].apply(real, c[1]); });
      calls = [];
    };
    document.head.appendChild(s);
  };
  var record = function (name) {
    return function (block) {
      calls.push([name, [].slice.call(arguments)]);
      if (!wanted && name !== "configure" && block && code(block)) load();
    };
  };
  var stub = {
    configure: record("configure"),
    highlightBlock: record("highlightBlock"),
    highlightElement: record("highlightBlock"),
  };
  window.hljs = stub;
})();
