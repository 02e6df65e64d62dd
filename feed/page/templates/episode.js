(function () {
  "use strict";
  var d = document;
  copyButton(d.getElementById("copy"), d.getElementById("feed-url"));

  // An image of the text whose host is gone becomes a link to the
  // Internet Archive's copy of it.
  function archived(img) {
    var a = d.createElement("a");
    a.href = L.Archive + img.src;
    a.textContent = img.alt || L.Image;
    img.replaceWith(a);
  }
  Array.prototype.forEach.call(d.querySelectorAll(".text img"), function (img) {
    if (img.complete && img.naturalWidth === 0) archived(img);
    else img.addEventListener("error", function () { archived(img); });
  });
})();
