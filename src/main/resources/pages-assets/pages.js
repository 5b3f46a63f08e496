// Progressive enhancement of the hosted pages; every page works without it.
(function () {
  'use strict';
  var error = document.getElementById('error');
  if (error) {
    error.focus();
  }
  // reCAPTCHA v3 (no widget): ask for a token for the configured action when the form is sent
  var guarded = document.querySelector('form[data-captcha-action]');
  var token = document.getElementById('captcha-response');
  if (guarded && token) {
    guarded.addEventListener('submit', function (event) {
      if (token.value || typeof grecaptcha === 'undefined') {
        return;
      }
      event.preventDefault();
      grecaptcha.ready(function () {
        grecaptcha.execute(guarded.dataset.captchaKey, { action: guarded.dataset.captchaAction }).then(function (value) {
          token.value = value;
          guarded.submit();
        });
      });
    });
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
