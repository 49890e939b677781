// "复制名单": a button with data-copy="<id of a textarea>" copies its text (hidden without script:
// the text can still be selected and copied by hand).
document.querySelectorAll("[data-copy]").forEach(function (btn) {
  btn.hidden = false;
  btn.addEventListener("click", function () {
    var box = document.getElementById(btn.getAttribute("data-copy"));
    var said = document.querySelector("[data-copied]");
    function done() { if (said) { said.textContent = "已复制,可粘贴到工作群"; } }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(done);
    } else {
      box.select();
      document.execCommand("copy");
      done();
    }
  });
});
