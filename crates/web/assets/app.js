// tally's progressive enhancements. Every page works without this file; it only adds:
// - on a document page, following a highlight opens its claim card and marks the pair;
// - on the documents page, an upload shows its progress and goes to the new document.
// No inline script anywhere (the Content-Security-Policy forbids it), nothing fetched from
// elsewhere.
(function () {
  "use strict";

  function openCard(id, focus) {
    var card = document.getElementById("card-" + id);
    if (!card) return;
    document.querySelectorAll(".claim.active, mark.active").forEach(function (e) { e.classList.remove("active"); });
    card.open = true;
    card.classList.add("active");
    document.querySelectorAll('mark[data-claims~="' + id + '"]').forEach(function (m) { m.classList.add("active"); });
    if (focus) {
      var s = card.querySelector("summary");
      if (s) s.focus();
      card.scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("mark a[data-claim]");
    if (!a) return;
    ev.preventDefault();
    history.replaceState(null, "", "#card-" + a.dataset.claim);
    openCard(a.dataset.claim, true);
  });

  if (location.hash.indexOf("#card-") === 0) {
    openCard(location.hash.slice(6), false);
  }

  var form = document.getElementById("upload-form");
  if (form && window.XMLHttpRequest && window.FormData) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var bar = document.getElementById("upload-progress");
      var status = document.getElementById("upload-status");
      var data = new FormData(form);
      // fetch() reports no upload progress; XMLHttpRequest does.
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/documents");
      xhr.setRequestHeader("X-CSRF-Token", data.get("csrf"));
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      status.textContent = "Uploading…";
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      };
      xhr.upload.onload = function () { status.textContent = "Reading the document and extracting claims…"; };
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300 && body && body.document) {
          status.textContent = body.new ? "Stored, with " + body.claims + " claims." : "Already stored.";
          location.assign("/documents/" + body.document + (body.new ? "?uploaded=1" : "?uploaded=0"));
        } else {
          bar.hidden = true;
          status.textContent = (body && body.error && body.error.message) || ("Upload failed (" + xhr.status + ").");
          status.className = "error";
        }
      };
      xhr.onerror = function () {
        bar.hidden = true;
        status.textContent = "The upload did not reach the server.";
        status.className = "error";
      };
      xhr.send(data);
    });
  }
})();
