// Client-side search over the inline index: no network, works from file://.
// Results are built with DOM calls (textContent), never from HTML strings.
(function () {
  "use strict";
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  var data = document.getElementById("search-index");
  if (!box || !list || !data) { return; }
  var entries = JSON.parse(data.textContent);
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  entries.forEach(function (e) { e.key = fold([e.label, e.id, e.also].join(" ")); });
  function show() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { return; }
    var found = entries.filter(function (e) {
      return words.every(function (w) { return e.key.indexOf(w) !== -1; });
    }).slice(0, 50);
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = box.getAttribute("data-empty");
      list.appendChild(none);
      return;
    }
    found.forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = e.href;
      link.textContent = e.label;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" — " + e.type));
      list.appendChild(item);
    });
  }
  box.addEventListener("input", show);
  show();
})();
