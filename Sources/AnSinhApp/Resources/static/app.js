// AnSinh: progressive enhancement only. Every page works without this file.
"use strict";
(function () {
  document.documentElement.classList.add("js");

  // A step that cannot be undone asks first (the question is in the button's data-confirm).
  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (b && !window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
  });

  // Phones: the menu opens from its button (the CSS folds it only when this script runs).
  var nav = document.getElementById("main-nav"), toggle = document.getElementById("nav-toggle");
  if (nav && toggle) toggle.addEventListener("click", function () {
    var open = nav.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // The plan form: add and remove action rows and goals. Field names stay flat
  // (goal-i, what-i-j, who-i-j, due-i-j); without this script the form offers spare rows.
  var planForm = document.getElementById("plan-form");
  if (planForm) {
    var maxGoals = Number(planForm.getAttribute("data-max-goals")), maxActions = Number(planForm.getAttribute("data-max-actions"));
    var blank = function (node) {
      node.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
      node.querySelectorAll(".field.invalid").forEach(function (e) { e.classList.remove("invalid"); });
      node.querySelectorAll("input").forEach(function (input) { input.value = ""; input.removeAttribute("aria-invalid"); input.removeAttribute("aria-describedby"); });
    };
    var rename = function (node, from, to) {
      node.querySelectorAll("[name],[id],[for]").forEach(function (e) {
        ["name", "id", "for"].forEach(function (a) {
          var v = e.getAttribute(a);
          if (v && from.test(v)) e.setAttribute(a, v.replace(from, to));
        });
      });
    };
    var wire = function (goal) {
      goal.querySelectorAll("[hidden].add-action, [hidden].remove-row").forEach(function (b) { b.hidden = false; });
      goal.querySelector(".add-action").onclick = function () {
        var rows = goal.querySelectorAll("tr.plan-action");
        if (rows.length >= maxActions) return;
        var i = goal.getAttribute("data-goal"), last = rows[rows.length - 1], row = last.cloneNode(true);
        // The next number after the highest in use (a removed row leaves a gap, never a clash).
        var next = 1 + Math.max.apply(null, Array.prototype.map.call(goal.querySelectorAll("input[name^='what-']"), function (e) {
          return Number(e.name.split("-")[2]);
        }));
        if (next >= maxActions) return;
        blank(row);
        rename(row, /^(what|who|due)-(\d+)-\d+/, "$1-" + i + "-" + next);
        last.parentNode.appendChild(row);
        wireRow(row);
        row.querySelector("input").focus();
      };
      goal.querySelectorAll("tr.plan-action").forEach(wireRow);
    };
    var wireRow = function (row) {
      var b = row.querySelector(".remove-row");
      b.hidden = false;
      // Removing leaves a gap in the numbers: the server skips empty rows.
      b.onclick = function () {
        if (row.parentNode.querySelectorAll("tr.plan-action").length > 1) row.remove(); else blank(row);
      };
    };
    planForm.querySelectorAll("fieldset.plan-goal").forEach(wire);
    var addGoal = document.getElementById("add-goal");
    if (addGoal) {
      addGoal.hidden = false;
      addGoal.onclick = function () {
        var goals = planForm.querySelectorAll("fieldset.plan-goal");
        if (goals.length >= maxGoals) return;
        var last = goals[goals.length - 1], goal = last.cloneNode(true), n = goals.length;
        goal.querySelectorAll("tr.plan-action").forEach(function (r, k) { if (k > 0) r.remove(); });
        blank(goal);
        goal.setAttribute("data-goal", String(n));
        rename(goal, /^goal-\d+/, "goal-" + n);
        rename(goal, /^(what|who|due)-\d+-\d+/, "$1-" + n + "-0");
        var legend = goal.querySelector("legend");
        legend.textContent = legend.textContent.replace(/\d+\s*$/, String(n + 1));
        last.parentNode.insertBefore(goal, addGoal);
        wire(goal);
        goal.querySelector("input").focus();
      };
    }
  }

  // List tables: each cell carries its column's heading, so that on a phone a row reads as a
  // card of "heading: value" lines instead of a table wider than the screen.
  document.querySelectorAll(".table-wrap table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) { cell.setAttribute("data-label", heads[i] || ""); });
    });
    table.classList.add("cards");
  });

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

  // Folding as the server does it: lowercase, no tone marks or diacritics, đ → d.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // Browser drafts. A draft is stored under the session's scope (<body data-draft-scope>), so
  // it is never offered to another account or another sign-in on a shared computer: every
  // page drops drafts of other scopes, a page with no session (the login page, after a logout
  // or an expired session) drops them all, and so does the logout button.
  var drafts = (function () {
    var prefix = "ansinh-draft", maxAge = 12 * 3600 * 1000;
    var scope = document.body.getAttribute("data-draft-scope") || "";
    function purge(keep) {
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var k = localStorage.key(i);
          if (k && k.indexOf(prefix) === 0 && (!keep || k.indexOf(keep) !== 0)) localStorage.removeItem(k);
        }
      } catch (e) { /* storage off: nothing kept */ }
    }
    purge(scope ? prefix + ":" + scope + ":" : null);
    var logout = document.getElementById("logout-form");
    if (logout) logout.addEventListener("submit", function () { purge(null); });
    var banner = null;
    return {
      key: function (name) { return scope && name ? prefix + ":" + scope + ":" + name : null; },
      read: function (key) {
        try {
          var d = JSON.parse(localStorage.getItem(key) || "null");
          if (d && d.fields && Date.now() - d.savedAt < maxAge) return d;
        } catch (e) { /* unreadable: dropped below */ }
        localStorage.removeItem(key);
        return null;
      },
      // "Bản nháp chưa lưu từ HH:mm — Tiếp tục / Xoá" above the form.
      offer: function (form, draft, restore, discard) {
        var vi = document.documentElement.lang === "vi", at = new Date(draft.savedAt);
        var time = ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2);
        banner = document.createElement("div");
        banner.className = "flash info draft-offer";
        banner.id = "draft-offer";
        banner.setAttribute("role", "status");
        var text = document.createElement("span");
        text.textContent = (vi ? "Bản nháp chưa lưu từ " : "Unsaved draft from ") + time + " — ";
        banner.appendChild(text);
        [[vi ? "Tiếp tục" : "Continue", "draft-restore", restore], [vi ? "Xoá" : "Discard", "draft-discard", discard]].forEach(function (b) {
          var button = document.createElement("button");
          button.type = "button"; button.id = b[1]; button.textContent = b[0];
          button.addEventListener("click", function () { b[2](); banner.remove(); banner = null; });
          banner.appendChild(button);
          banner.appendChild(document.createTextNode(" "));
        });
        form.parentNode.insertBefore(banner, form);
      },
      // Typing starts a new draft: the old one is no longer on offer.
      dismissOffer: function () { if (banner) { banner.remove(); banner = null; } }
    };
  })();

  var intake = document.getElementById("call-form");
  if (intake) {
    // Timer from page open.
    var timer = document.getElementById("call-timer"), opened = Date.now();
    if (timer) setInterval(function () {
      var s = Math.floor((Date.now() - opened) / 1000);
      timer.textContent = Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
    }, 1000);

    // Draft kept in the browser, so that a reload or a dropped connection loses nothing; it
    // belongs to this session only (see "Browser drafts" above) and is offered, never filled
    // in unasked.
    var draftKey = drafts.key(intake.getAttribute("data-draft"));
    if (draftKey) {
      if (document.querySelector("[data-draft-saved]")) localStorage.removeItem(draftKey);
      var fields = intake.querySelectorAll("input:not([type=hidden]),select,textarea");
      var draft = drafts.read(draftKey);
      // A form the server sent back (errors, conflict) already holds what was typed.
      if (draft && !document.querySelector(".field-error, .conflict")) drafts.offer(intake, draft, function () {
        fields.forEach(function (el) {
          var v = draft.fields[el.name + (el.type === "checkbox" ? ":" + el.value : "")];
          if (v === undefined) return;
          if (el.type === "checkbox") el.checked = v; else el.value = v;
        });
      }, function () { localStorage.removeItem(draftKey); });
      var saveDraft = function () {
        var d = {};
        fields.forEach(function (el) {
          if (el.type === "checkbox") d[el.name + ":" + el.value] = el.checked; else d[el.name] = el.value;
        });
        try { localStorage.setItem(draftKey, JSON.stringify({ savedAt: Date.now(), fields: d })); } catch (e) { /* storage full or off */ }
        drafts.dismissOffer();
      };
      intake.addEventListener("input", saveDraft);
      intake.addEventListener("change", saveDraft);
    }

    // "Hoàn tác" on the call just saved goes when its 10 seconds are up (the server checks too).
    var undo = document.getElementById("undo-call");
    if (undo) setTimeout(function () { undo.remove(); }, 1000 * Number(undo.getAttribute("data-seconds-left") || 0));

    // Alt + digit saves a non-counselling call of that kind.
    document.addEventListener("keydown", function (e) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      var b = intake.querySelector("button[data-shortcut='" + e.key + "']");
      if (b) { e.preventDefault(); b.click(); }
    });

    // Topics: suggest by folded text, so "binh dang" finds "Bình đẳng giới".
    var list = document.getElementById("topic-options");
    var all = list ? Array.prototype.slice.call(list.options).map(function (o) {
      return { value: o.value, label: o.label, key: o.getAttribute("data-fold") };
    }) : [];
    intake.querySelectorAll("[data-topic-search]").forEach(function (input) {
      input.addEventListener("input", function () {
        var q = fold(input.value);
        list.textContent = "";
        all.filter(function (t) { return !q || t.key.indexOf(q) >= 0; }).slice(0, 12).forEach(function (t) {
          var o = document.createElement("option");
          o.value = t.value; o.label = t.label; o.textContent = t.label;
          list.appendChild(o);
        });
      });
    });

    // Repeat caller: count and last date for a number typed.
    var phone = intake.querySelector("[data-repeat-check]"), banner = document.getElementById("repeat-caller");
    if (phone && banner) phone.addEventListener("change", function () {
      if (!phone.value.trim()) { banner.hidden = true; return; }
      fetch(phone.getAttribute("data-repeat-check") + "?phone=" + encodeURIComponent(phone.value), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (d) {
          if (!d || !d.count) { banner.hidden = true; return; }
          var vi = document.documentElement.lang === "vi";
          banner.textContent = (vi ? "Số này đã gọi " + d.count + " lần, lần cuối " : "This number called " + d.count + " times, last on ") + d.lastAt;
          banner.hidden = false;
        }).catch(function () {});
    });
  }
})();
