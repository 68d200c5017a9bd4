/*
 * Log page: participant autocomplete with chips (no dependencies).
 *
 * Progressive enhancement of the two textareas of the session form: "participants" (codes,
 * one per line) and "new_participants" ("code, roepnaam" per line). The script hides them,
 * shows a search box with suggestions from the participant_search endpoint and keeps the
 * textareas in sync with the chips, so the server handles both paths the same way.
 */
(function () {
  "use strict";

  var picker = document.getElementById("participant-picker");
  var form = document.getElementById("session-form");
  if (!picker || !form || !window.fetch) {
    return;
  }
  var existingField = form.elements.participants;
  var newField = form.elements.new_participants;
  var locationField = form.elements.location;
  var search = document.getElementById("participant-search");
  var suggestions = document.getElementById("participant-suggestions");
  var chipsList = document.getElementById("participant-chips");
  var noneText = document.getElementById("participant-none");
  var openNew = document.getElementById("new-participant-open");
  var newBox = document.getElementById("new-participant");
  var newCode = document.getElementById("new-participant-code");
  var newNickname = document.getElementById("new-participant-nickname");
  var newError = document.getElementById("new-participant-error");
  var text = picker.dataset;
  var CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;
  var chips = [];
  var matches = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";
  var answered = null;

  function splitCodes(value) {
    return value.split(/[\s,;]+/).filter(function (code) { return code; });
  }

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
      var label = chip.code + (chip.nickname ? " · " + chip.nickname : "") +
        (chip.isNew ? " (" + text.textNew + ")" : "");
      li.appendChild(document.createTextNode(label));
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

  function clearSuggestions() {
    matches = [];
    answered = null;
    active = -1;
    suggestions.textContent = "";
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
    noneText.hidden = true;
    openNew.hidden = true;
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
      li.id = "participant-option-" + index;
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

  // Ask the server for the typed text's matches. Returns a promise of whether the answer
  // arrived and is still current (the text was not changed meanwhile); then `matches` and
  // `answered` (the text they answer) are set and the list is shown.
  function lookup() {
    var query = search.value.trim();
    lastQuery = query;
    if (!query) {
      clearSuggestions();
      return Promise.resolve(false);
    }
    // POST: the search text travels in the body, never in a URL that is logged.
    var body = new FormData();
    body.append("q", query);
    body.append("location", locationField ? locationField.value : "");
    var token = form.elements.csrfmiddlewaretoken;
    return fetch(text.searchUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (query !== lastQuery) { return false; }
        matches = data.results.filter(function (m) { return !hasCode(m.code); });
        answered = query;
        renderSuggestions(query);
        return true;
      })
      .catch(function () {
        clearSuggestions();
        return false;
      });
  }

  // Enter: the highlighted (or first) match of the typed text, or the offer to create a new
  // participant; both only from the server's answer for exactly that text, so an Enter typed
  // before the suggestions arrive waits for them and never offers to create an existing code.
  function choose() {
    var typed = search.value.trim();
    if (!typed) { return; }
    if (answered === typed && !timer) {
      decide();
      return;
    }
    clearTimeout(timer);
    timer = null;
    lookup().then(function (current) {
      if (current && search.value.trim() === typed) { decide(); }
    });
  }

  function decide() {
    if (matches.length) {
      var match = matches[active >= 0 ? active : 0];
      addChip({ code: match.code, nickname: match.nickname, isNew: false });
    } else {
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
    answered = null;
    timer = setTimeout(function () {
      timer = null;
      lookup();
    }, 150);
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
      choose();
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
  document.getElementById("new-participant-add").addEventListener("click", addNew);
  document.getElementById("new-participant-cancel").addEventListener("click", function () {
    newBox.hidden = true;
    search.focus();
  });
  if (locationField && locationField.tagName === "SELECT") {
    locationField.addEventListener("change", clearSuggestions);
  }

  splitCodes(existingField.value).forEach(function (code) {
    if (!hasCode(code)) { chips.push({ code: code, nickname: "", isNew: false }); }
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
})();
