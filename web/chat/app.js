// Renders Web Chat (served from the installed package, no CDN) against the same-origin Direct
// Line stand-in. A new conversation per page load; the user id is kept so the area and role
// chosen earlier are remembered.
(function () {
  'use strict';
  function randomId(prefix) {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return prefix + Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }
  var userId = localStorage.getItem('early-help-user-id');
  if (!userId) {
    userId = randomId('web-user-');
    localStorage.setItem('early-help-user-id', userId);
  }
  var conversationId = randomId('web-');
  var directLine = window.createSameOriginDirectLine({ conversationId: conversationId, userId: userId });
  var target = document.getElementById('webchat');
  var styleOptions = { hideUploadButton: true, bubbleMaxWidth: 720, sendBoxTextWrap: true };
  // One store for the page, so turning the microphone on or off keeps the conversation.
  var store = window.WebChat.createStore();

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
  render(false);

  var voiceButton = document.getElementById('voice');
  if (window.SpeechRecognition || window.webkitSpeechRecognition) {
    voiceButton.hidden = false;
    document.getElementById('voice-note').hidden = false;
    voiceButton.addEventListener('click', function () {
      var on = voiceButton.getAttribute('aria-pressed') !== 'true';
      voiceButton.setAttribute('aria-pressed', String(on));
      voiceButton.textContent = on ? 'Turn off the microphone' : 'Turn on the microphone';
      render(on);
    });
  }
})();
