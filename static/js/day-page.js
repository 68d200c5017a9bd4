/*
 * Day page: participant pickers (search-as-you-type, chips, Enter adds) for every session
 * form, including forms that htmx swaps in later (htmx.onLoad, also out of band); after a
 * swapped-in save, the focus goes to its confirmation (or the first invalid field). No other
 * dependencies.
 *
 * Progressive enhancement, as on the log page: the picker keeps the form's two textareas
 * ("participants": codes one per line; "new_participants": "code, roepnaam" per line) in
 * sync with the chips, so the server handles the form with and without JavaScript alike.
 */
(function () {
  "use strict";

  var CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;

  function initPicker(picker) {
    if (picker.dataset.ready || !window.fetch) { return; }
    picker.dataset.ready = "1";
    var form = picker.closest("form");
    var text = picker.dataset;
    var existingField = form.elements[text.existing];
    var newField = form.elements[text.new];
    function part(role) { return picker.querySelector('[data-role="' + role + '"]'); }
    var search = part("search");
    var suggestions = part("suggestions");
    var chipsList = part("chips");
    var noneText = part("none");
    var openNew = part("open-new");
    var newBox = part("new-box");
    var newCode = part("new-code");
    var newNickname = part("new-nickname");
    var newError = part("new-error");
    var chips = [];
    var matches = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";

    function hasCode(code) {
      var lower = code.toLowerCase();
      return chips.some(function (chip) { return chip.code.toLowerCase() === lower; });
    }

    function sync() {
      existingField.value = chips.filter(function (c) { return !c.isNew; })
        .map(function (c) { return c.code; }).join("\n");
      newField.value = chips.filter(function (c) { return c.isNew; })
        .map(function (c) { return c.nickname ? c.code + ", " + c.nickname : c.code; }).join("\n");
    }

    function renderChips() {
      chipsList.textContent = "";
      chips.forEach(function (chip, index) {
        var li = document.createElement("li");
        if (chip.isNew) { li.className = "new"; }
        li.appendChild(document.createTextNode(chip.code + (chip.nickname ? " · " + chip.nickname : "") +
          (chip.isNew ? " (" + text.textNew + ")" : "")));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "×";
        remove.setAttribute("aria-label", text.textRemove + " " + chip.code);
        remove.addEventListener("click", function () {
          chips.splice(index, 1);
          renderChips();
          search.focus();
        });
        li.appendChild(remove);
        chipsList.appendChild(li);
      });
      sync();
    }

    function clearSuggestions() {
      matches = [];
      active = -1;
      suggestions.textContent = "";
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      noneText.hidden = true;
      openNew.hidden = true;
    }

    function addChip(chip) {
      if (!hasCode(chip.code)) {
        chips.push(chip);
        renderChips();
      }
      search.value = "";
      lastQuery = "";
      clearSuggestions();
      search.focus();
    }

    function renderSuggestions(query) {
      suggestions.textContent = "";
      active = -1;
      search.removeAttribute("aria-activedescendant");
      matches.forEach(function (match, index) {
        // The WAI-ARIA combobox pattern: options are the listbox's own children, not buttons;
        // the input keeps focus and names the highlighted one in aria-activedescendant.
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.id = suggestions.id + "-" + index;
        li.textContent = match.code + (match.nickname ? " · " + match.nickname : "");
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () {
          addChip({ code: match.code, nickname: match.nickname, isNew: false });
        });
        suggestions.appendChild(li);
      });
      search.setAttribute("aria-expanded", matches.length ? "true" : "false");
      noneText.hidden = matches.length > 0 || !query;
      openNew.hidden = matches.length > 0 || !query;
    }

    function highlight(index) {
      var buttons = suggestions.querySelectorAll("[role=option]");
      buttons.forEach(function (b) {
        b.classList.remove("active");
        b.setAttribute("aria-selected", "false");
      });
      if (index >= 0 && index < buttons.length) {
        buttons[index].classList.add("active");
        buttons[index].setAttribute("aria-selected", "true");
        search.setAttribute("aria-activedescendant", buttons[index].id);
      }
      active = index;
    }

    // Look up the typed text; then(query, matches) runs when the answer is still current.
    function lookup(then) {
      var query = search.value.trim();
      lastQuery = query;
      if (!query) {
        clearSuggestions();
        return;
      }
      // POST: the search text travels in the body, never in a URL that is logged.
      var body = new FormData();
      body.append("q", query);
      body.append("location", text.location || "");
      var token = form.elements.csrfmiddlewaretoken;
      fetch(text.searchUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (query !== lastQuery) { return; }
          matches = data.results.filter(function (m) { return !hasCode(m.code); });
          renderSuggestions(query);
          if (then) { then(query); }
        })
        .catch(function () { clearSuggestions(); });
    }

    // Enter: the highlighted suggestion, else an exact code match, else the only match,
    // else offer to create a new participant.
    function pickOnEnter(query) {
      var exact = matches.filter(function (m) { return m.code.toLowerCase() === query.toLowerCase(); });
      if (active >= 0 && matches[active]) {
        addChip({ code: matches[active].code, nickname: matches[active].nickname, isNew: false });
      } else if (exact.length) {
        addChip({ code: exact[0].code, nickname: exact[0].nickname, isNew: false });
      } else if (matches.length) {
        addChip({ code: matches[0].code, nickname: matches[0].nickname, isNew: false });
      } else if (query) {
        showNewBox();
      }
    }

    function showNewBox() {
      var typed = search.value.trim();
      newCode.value = CODE_PATTERN.test(typed) ? typed.toUpperCase() : "";
      newNickname.value = CODE_PATTERN.test(typed) ? "" : typed;
      newError.hidden = true;
      newBox.hidden = false;
      openNew.hidden = true;
      (newCode.value ? newNickname : newCode).focus();
    }

    function addNew() {
      var code = newCode.value.trim();
      var error = "";
      if (!CODE_PATTERN.test(code) || /^\d{8,9}$/.test(code)) {
        error = text.textBadCode;
      } else if (hasCode(code)) {
        error = text.textDuplicate;
      }
      if (error) {
        newError.textContent = error;
        newError.hidden = false;
        newCode.focus();
        return;
      }
      newBox.hidden = true;
      addChip({ code: code, nickname: newNickname.value.trim(), isNew: true });
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { lookup(null); }, 150);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && matches.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, matches.length - 1));
      } else if (event.key === "ArrowUp" && matches.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        event.preventDefault();
        var query = search.value.trim();
        if (!query) { return; }
        clearTimeout(timer);
        if (query === lastQuery && (matches.length || active >= 0)) {
          pickOnEnter(query);
        } else {
          lookup(pickOnEnter);
        }
      } else if (event.key === "Escape") {
        clearSuggestions();
      }
    });
    [newCode, newNickname].forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          addNew();
        }
      });
    });
    openNew.addEventListener("click", showNewBox);
    part("new-add").addEventListener("click", addNew);
    part("new-cancel").addEventListener("click", function () {
      newBox.hidden = true;
      search.focus();
    });

    existingField.value.split(/[\s,;]+/).forEach(function (code) {
      if (code && !hasCode(code)) { chips.push({ code: code, nickname: "", isNew: false }); }
    });
    newField.value.split("\n").forEach(function (line) {
      var parts = line.split(",");
      var code = parts.shift().trim();
      if (code && !hasCode(code)) {
        chips.push({ code: code, nickname: parts.join(",").trim(), isNew: true });
      }
    });
    form.querySelector(".nojs-participants").hidden = true;
    picker.hidden = false;
    renderChips();
  }

  // After htmx swapped in a section (a save, a deletion) or a section's outcome (a record
  // added, answered by its row: the outcome is the swap's target, the row, count and fresh
  // add form come out of band), its confirmation, undo or error (tabindex="-1", role
  // status/alert) is brought to where the user is looking and focused, so a phone's screen
  // shows it and a screen reader reads it out; when a form came back with errors instead,
  // its first field marked invalid is. Not on a page load.
  function focusOutcome(swapped) {
    var box = swapped.classList.contains("outcome") ? swapped : swapped.querySelector(":scope > .outcome");
    var outcome = (box && box.querySelector(":scope > .notice, :scope > .undo, :scope > .errorlist")) ||
      swapped.querySelector('form [aria-invalid="true"]');
    if (!outcome) { return; }
    outcome.scrollIntoView({ block: "center" });
    outcome.focus({ preventScroll: true });
    // Layout may still shift in the next frames (htmx's settling, the browser's scroll
    // anchoring): bring it back into view once it has.
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () {
        var box = outcome.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) {
          outcome.scrollIntoView({ block: "center" });
        }
      });
    });
  }

  // A section (or a section's outcome) swapped in by htmx is remembered here and its outcome
  // shown once htmx has settled: htmx moves the focus back to the element that had it before
  // the swap (the save button) after the new content's load, which would scroll the
  // confirmation out of view.
  var swappedSection = null;

  function init(root) {
    root.querySelectorAll("[data-participant-picker]").forEach(initPicker);
    if (root.classList && (root.classList.contains("day-section") || root.classList.contains("outcome"))) {
      swappedSection = root;
    }
  }

  if (window.htmx) {
    window.htmx.onLoad(init); // also for sections swapped in later
    document.addEventListener("htmx:afterSettle", function () {
      var section = swappedSection;
      swappedSection = null;
      if (section && section.isConnected) { focusOutcome(section); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
