(function () {
  "use strict";
  var d = document;

  // The copy button, for the feed's address.
  copyButton(d.getElementById("copy"), d.getElementById("feed-url"));

  // One player for the page. A row's button plays its episode in it, or
  // pauses it when it is the one playing.
  var player = d.getElementById("player"), audio = player.querySelector("audio"), now = d.getElementById("now");
  var current = null;
  function mark(button, playing) {
    var title = button.getAttribute("data-title");
    button.setAttribute("aria-pressed", playing ? "true" : "false");
    button.setAttribute("aria-label", (playing ? L.Pause : L.Play) + L.Colon + title);
    button.lastChild.textContent = " " + (playing ? L.Pause : L.Play);
    button.firstChild.textContent = playing ? "❚❚" : "▶";
  }
  function play(button) {
    if (button === current) {
      if (audio.paused) audio.play(); else audio.pause();
      return;
    }
    if (current) mark(current, false);
    current = button;
    audio.src = button.getAttribute("data-src");
    now.textContent = button.getAttribute("data-title");
    now.href = button.getAttribute("data-page");
    player.hidden = false;
    audio.play();
  }
  audio.addEventListener("play", function () { if (current) mark(current, true); });
  audio.addEventListener("pause", function () { if (current) mark(current, false); });
  audio.addEventListener("ended", function () { if (current) mark(current, false); });
  function prepare(button) {
    var row = button.closest("li"), link = row.querySelector("h3 a");
    button.setAttribute("data-title", link.textContent);
    button.setAttribute("data-page", link.getAttribute("href"));
    button.setAttribute("aria-pressed", "false");
  }
  Array.prototype.forEach.call(d.querySelectorAll("button.play"), prepare);
  d.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button.play");
    if (button) play(button);
  });

  // Search: the index of every episode (search.json) is fetched when it is
  // first needed; the results replace the list while there is a query.
  var form = d.getElementById("search"), input = d.getElementById("q"), found = d.getElementById("found");
  var results = d.getElementById("results"), list = d.getElementById("episodes");
  var episodes = null, loading = null, shown = 50;
  form.hidden = false;
  function normal(s) { return s.normalize("NFKC").toLowerCase(); }
  function load() {
    if (!loading) {
      loading = fetch(L.Index).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (index) {
        episodes = index.episodes;
        episodes.forEach(function (e) {
          e.title_ = normal(e.title);
          e.all_ = normal([e.title, e.narrator || "", e.editor || "", e.text || ""].join("\n"));
        });
      });
    }
    return loading;
  }
  function row(e) {
    var li = d.createElement("li"), div = d.createElement("div"), h = d.createElement("h3"), a = d.createElement("a");
    var meta = d.createElement("p"), b = d.createElement("button"), icon = d.createElement("span");
    li.className = "episode";
    a.href = e.page;
    a.textContent = e.title;
    h.appendChild(a);
    meta.className = "meta";
    meta.textContent = [e.date, e.length, e.narrator ? L.Narrator + " " + e.narrator : ""].filter(Boolean).join(" · ");
    b.type = "button";
    b.className = "play";
    b.setAttribute("data-src", e.audio);
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = "▶";
    b.appendChild(icon);
    b.appendChild(d.createTextNode(" " + L.Play));
    div.appendChild(h);
    div.appendChild(meta);
    if (e.text) {
      var note = d.createElement("p");
      note.className = "note";
      note.textContent = e.text.length > 90 ? e.text.slice(0, 90) + "…" : e.text;
      div.appendChild(note);
    }
    div.appendChild(b);
    li.appendChild(div);
    prepare(b);
    mark(b, false);
    return li;
  }
  function search() {
    var q = input.value.trim();
    var url = new URL(location.href);
    if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!q) {
      results.textContent = "";
      found.textContent = "";
      list.hidden = false;
      return;
    }
    load().then(function () {
      if (input.value.trim() !== q) return; // typed on meanwhile
      var terms = normal(q).split(/\s+/);
      var inTitle = [], elsewhere = [];
      episodes.forEach(function (e) {
        if (!terms.every(function (t) { return e.all_.indexOf(t) >= 0; })) return;
        (terms.every(function (t) { return e.title_.indexOf(t) >= 0; }) ? inTitle : elsewhere).push(e);
      });
      var hits = inTitle.concat(elsewhere);
      results.textContent = "";
      if (current && !d.body.contains(current)) current = null;
      hits.slice(0, shown).forEach(function (e) { results.appendChild(row(e)); });
      found.textContent = hits.length ? L.Found.replace("{n}", hits.length) + (hits.length > shown ? " · " + L.More.replace("{n}", shown) : "") : L.NotFound;
      list.hidden = true;
    }, function () {
      found.textContent = L.Unavailable;
    });
  }
  input.addEventListener("focus", load, { once: true });
  input.addEventListener("input", search);
  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; search(); }
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    search();
  }
})();
