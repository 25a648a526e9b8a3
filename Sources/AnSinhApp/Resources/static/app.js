// AnSinh: progressive enhancement only. Every page works without this file.
"use strict";
(function () {
  // Address picker: suggest communes of the chosen province as the user types (with or
  // without tone marks); fill the hidden code when the text matches a suggestion.
  document.querySelectorAll("[data-address-picker]").forEach(function (box) {
    var province = box.querySelector("select[name=province_code]");
    var input = box.querySelector("input[data-suggest]");
    var code = box.querySelector("input[name=commune_code]");
    var list = box.querySelector("datalist");
    if (!province || !input || !code || !list) return;
    var timer = null, lastQuery = "", places = [];
    function sync() {
      var typed = input.value.trim().toLowerCase();
      var match = places.filter(function (p) {
        return p.name.toLowerCase() === typed || p.displayName.toLowerCase() === typed;
      });
      code.value = match.length === 1 ? match[0].code : "";
    }
    function load() {
      var q = input.value.trim();
      var key = province.value + "|" + q;
      if (!province.value || key === lastQuery) { sync(); return; }
      lastQuery = key;
      var url = input.getAttribute("data-suggest") + "?province=" + encodeURIComponent(province.value) +
        "&q=" + encodeURIComponent(q) + "&limit=20";
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (data) {
          places = data;
          list.textContent = "";
          data.forEach(function (p) {
            var o = document.createElement("option");
            o.value = p.name;
            o.label = p.displayName;
            o.textContent = p.displayName;
            list.appendChild(o);
          });
          sync();
        })
        .catch(function () { /* offline: the server resolves the typed name on save */ });
    }
    input.addEventListener("input", function () {
      code.value = "";
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    input.addEventListener("change", sync);
    province.addEventListener("change", function () { code.value = ""; lastQuery = ""; load(); });
  });

  // Read-only token and password fields: select all on focus so they are easy to copy.
  document.querySelectorAll("input[readonly]").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
  });
})();
