// Renders Web Chat (served from the installed package, no CDN) against this origin's Direct Line
// 3.0 endpoint. The server issues the token, the conversation and the user id; the user id is kept
// (it is signed by the server, so a page cannot take up another's) so the area and role chosen
// earlier are remembered. A new conversation per page load.
(function () {
  'use strict';
  var USER_KEY = 'early-help-user-id';
  var target = document.getElementById('webchat');
  var styleOptions = { hideUploadButton: true, bubbleMaxWidth: 720, sendBoxTextWrap: true };
  // One store for the page, so turning the microphone on or off keeps the conversation.
  var store = window.WebChat.createStore();
  var directLine;
  var userId;

  function render(voice) {
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      userID: userId,
      locale: 'en-GB',
      styleOptions: styleOptions,
      webSpeechPonyfillFactory: voice ? window.WebChat.createBrowserWebSpeechPonyfillFactory() : undefined,
    }, target);
  }

  function failed() {
    target.textContent = 'The chat could not connect. Please reload the page. If a child is in immediate danger, ring 999; if you are worried a child is at risk of harm, ring your duty team now.';
  }

  fetch('/v3/directline/tokens/generate', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: localStorage.getItem(USER_KEY) || undefined } }),
  })
    .then(function (res) {
      if (!res.ok) throw new Error('token ' + res.status);
      return res.json();
    })
    .then(function (grant) {
      userId = grant.userId;
      localStorage.setItem(USER_KEY, userId);
      directLine = window.WebChat.createDirectLine({ domain: location.origin + '/v3/directline', token: grant.token });
      render(false);
    })
    .catch(failed);

  var voiceButton = document.getElementById('voice');
  if (window.SpeechRecognition || window.webkitSpeechRecognition) {
    voiceButton.hidden = false;
    document.getElementById('voice-note').hidden = false;
    voiceButton.addEventListener('click', function () {
      if (!directLine) return;
      var on = voiceButton.getAttribute('aria-pressed') !== 'true';
      voiceButton.setAttribute('aria-pressed', String(on));
      voiceButton.textContent = on ? 'Turn off the microphone' : 'Turn on the microphone';
      render(on);
    });
  }
})();
