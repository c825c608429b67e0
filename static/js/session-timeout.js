// Session timeout warning (WCAG 2.2.1), for templates/components/session_timeout.html.
//
// The server signs people out after a period without requests (portal/sessions.py) and tells
// the page how long is left (data-seconds-left). Two minutes before the end this opens the
// dialog; "Stay signed in" POSTs to the extend endpoint (which counts as activity) and restarts
// the clock. At the end it goes to the sign-in page, where the server says why.
//
// Other tabs: each page load and each extension writes the time into localStorage
// ("portal-session-activity"), so a tab left open does not warn, or sign out, someone who is
// busy in another tab. Only a timestamp is stored, nothing about the person.
// External file, no inline script: the Content-Security-Policy forbids inline script.
(function () {
  "use strict";

  var dialog = document.getElementById("portal-session-timeout");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) {
    return; // Without these the page works as it is: the server still ends the session.
  }

  var STORAGE_KEY = "portal-session-activity";
  var secondsLeft = parseInt(dialog.getAttribute("data-seconds-left"), 10);
  var warningSeconds = parseInt(dialog.getAttribute("data-warning-seconds"), 10);
  var signedOutUrl = dialog.getAttribute("data-signed-out-url");
  var form = dialog.querySelector("[data-extend-form]");
  var countdown = dialog.querySelector("[data-countdown]");
  var live = dialog.querySelector("[data-countdown-live]");
  var deadline = 0; // ms since the epoch when the server will sign this person out
  var timer = null;
  var lastAnnounced = null;

  function now() {
    return Date.now();
  }

  function remember(at) {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(at));
    } catch (e) {
      /* storage may be off: one tab still works */
    }
  }

  function lastActivityElsewhere() {
    try {
      return parseInt(window.localStorage.getItem(STORAGE_KEY), 10) || 0;
    } catch (e) {
      return 0;
    }
  }

  function phrase(seconds) {
    var minutes = Math.ceil(seconds / 60);
    if (seconds > 60) {
      return minutes === 1
        ? countdown.getAttribute("data-one-minute")
        : countdown.getAttribute("data-minutes").replace("%(n)s", minutes);
    }
    return seconds === 1
      ? countdown.getAttribute("data-one-second")
      : countdown.getAttribute("data-seconds").replace("%(n)s", seconds);
  }

  function start(seconds) {
    deadline = now() + seconds * 1000;
    remember(now());
    schedule();
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(tick, 1000);
  }

  function tick() {
    // Activity in another tab moved the server's clock on: follow it.
    var elsewhere = lastActivityElsewhere();
    var fromElsewhere = elsewhere + secondsLeft * 1000;
    if (elsewhere && fromElsewhere > deadline) {
      deadline = fromElsewhere;
      if (dialog.open && deadline - now() > warningSeconds * 1000) {
        dialog.close();
      }
    }
    var remaining = Math.round((deadline - now()) / 1000);
    if (remaining <= 0) {
      window.location.assign(signedOutUrl);
      return;
    }
    if (remaining <= warningSeconds) {
      if (!dialog.open) {
        dialog.showModal();
        lastAnnounced = null;
      }
      var text = phrase(remaining);
      countdown.textContent = text;
      // Screen readers hear the time at the start, then each half minute and the last 10s.
      var announce = lastAnnounced === null || remaining % 30 === 0 || remaining <= 10;
      if (announce && text !== lastAnnounced) {
        live.textContent = text;
        lastAnnounced = text;
      }
    }
    schedule();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("signed out");
        }
        return response.json();
      })
      .then(function (data) {
        dialog.close();
        start(data.seconds_left);
      })
      .catch(function () {
        window.location.assign(signedOutUrl);
      });
  });

  // Escape closes a modal dialog; treat that as "stay signed in", never as ignoring the warning.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    form.requestSubmit();
  });

  start(secondsLeft);
})();
