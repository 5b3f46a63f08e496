// Progressive enhancement of the hosted pages; every page works without it.
(function () {
  'use strict';
  var error = document.getElementById('error');
  if (error) {
    error.focus();
  }
  var input = document.getElementById('password');
  var out = document.getElementById('strength');
  if (!input || !out) {
    return;
  }
  function score(value) {
    var length = Array.from(value).length;
    var kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter(function (r) { return r.test(value); }).length;
    var words = value.trim().split(/\s+/).filter(Boolean).length;
    if (length >= 16 || words >= 4 || (length >= 12 && kinds >= 3)) {
      return 2;
    }
    return length >= 10 ? 1 : 0;
  }
  input.addEventListener('input', function () {
    if (!input.value) {
      out.hidden = true;
      return;
    }
    var s = score(input.value);
    out.hidden = false;
    out.className = 'strength s' + s;
    out.textContent = [out.dataset.weak, out.dataset.fair, out.dataset.strong][s];
  });
}());
