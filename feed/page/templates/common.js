// copyButton shows the copy button beside the feed's address: the
// clipboard API where the page is a secure context, the selection
// elsewhere (podgen serve on a LAN address is plain http).
function copyButton(button, input) {
  if (!button || !input) return;
  button.hidden = false;
  input.addEventListener("focus", function () { input.select(); });
  button.addEventListener("click", function () {
    function done() {
      button.textContent = L.Copied;
      setTimeout(function () { button.textContent = L.Copy; }, 2000);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
      return;
    }
    input.select();
    if (document.execCommand("copy")) done();
  });
}
