// A same-origin stand-in for a Direct Line connection, so the page needs no Azure service: each
// activity Web Chat posts goes to /api/messages with deliveryMode "expectReplies", and the bot's
// replies in the response come back to Web Chat as incoming activities.
(function () {
  'use strict';

  // The little of the Observable contract Web Chat uses: subscribe(observer | next, error, complete).
  function Observable(start) {
    this.subscribe = function (observerOrNext, error, complete) {
      var observer = typeof observerOrNext === 'function' || observerOrNext == null
        ? { next: observerOrNext, error: error, complete: complete }
        : observerOrNext;
      var closed = false;
      var safe = {
        next: function (v) { if (!closed && observer.next) observer.next(v); },
        error: function (e) { if (!closed && observer.error) observer.error(e); closed = true; },
        complete: function () { if (!closed && observer.complete) observer.complete(); closed = true; },
      };
      var teardown = start(safe);
      return {
        get closed() { return closed; },
        unsubscribe: function () { closed = true; if (typeof teardown === 'function') teardown(); },
      };
    };
  }

  var STATUS = { Uninitialized: 0, Connecting: 1, Online: 2, FailedToConnect: 4, Ended: 5 };

  function createSameOriginDirectLine(options) {
    var endpoint = options.endpoint || '/api/messages';
    var conversationId = options.conversationId;
    var user = { id: options.userId, role: 'user' };
    var bot = { id: 'early-help-guide', name: 'Early help guide', role: 'bot' };
    var activityObservers = new Set();
    var statusObservers = new Set();
    var status = STATUS.Uninitialized;
    var sequence = 0;
    var clock = Date.now();

    // Web Chat orders by timestamp: keep them strictly increasing.
    function nextTimestamp() { clock = Math.max(clock + 1, Date.now()); return new Date(clock).toISOString(); }
    // Web Chat subscribes to activity$ more than once while it connects (the last one after it
    // sees the connection online), so the welcome can arrive before the subscription that
    // renders it. Every new subscriber is given what came before; Web Chat drops repeats by id.
    var history = [];
    function emit(activity) {
      history.push(activity);
      activityObservers.forEach(function (o) { o.next(activity); });
    }
    function setStatus(s) { status = s; statusObservers.forEach(function (o) { o.next(s); }); }

    function post(activity) {
      var body = Object.assign({}, activity, {
        channelId: 'webchat',
        serviceUrl: location.origin,
        conversation: { id: conversationId },
        from: Object.assign({}, activity.from || {}, user),
        recipient: bot,
        deliveryMode: 'expectReplies',
      });
      return fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        .then(function (res) {
          if (!res.ok) throw new Error('The assistant answered with HTTP ' + res.status);
          return res.status === 200 ? res.json() : { activities: [] };
        })
        .then(function (json) { return (json && json.activities) || []; });
    }

    function deliver(replies, replyToId) {
      replies.forEach(function (reply, i) {
        emit(Object.assign({}, reply, {
          id: reply.id || replyToId + '.' + i,
          timestamp: nextTimestamp(),
          from: Object.assign({}, bot, reply.from || {}, { role: 'bot' }),
        }));
      });
    }

    function newId() { sequence += 1; return conversationId + '|' + String(sequence).padStart(7, '0'); }

    var directLine = {
      activity$: new Observable(function (observer) {
        activityObservers.add(observer);
        history.forEach(function (a) { observer.next(a); });
        return function () { activityObservers.delete(observer); };
      }),
      connectionStatus$: new Observable(function (observer) {
        statusObservers.add(observer);
        observer.next(status);
        return function () { statusObservers.delete(observer); };
      }),
      postActivity: function (activity) {
        return new Observable(function (observer) {
          var id = newId();
          var posted = Object.assign({}, activity, { id: id, timestamp: nextTimestamp() });
          post(posted).then(function (replies) {
            emit(Object.assign({}, posted, { from: Object.assign({}, posted.from, user) }));
            observer.next(id);
            observer.complete();
            deliver(replies, id);
          }, function (err) { observer.error(err); });
        });
      },
      end: function () { setStatus(STATUS.Ended); },
    };

    // Connect: tell the bot the user has joined, which brings the welcome.
    setTimeout(function () {
      setStatus(STATUS.Connecting);
      var join = { type: 'conversationUpdate', id: newId(), membersAdded: [user, bot], timestamp: nextTimestamp() };
      post(join).then(function (replies) {
        setStatus(STATUS.Online);
        deliver(replies, join.id);
      }, function () { setStatus(STATUS.FailedToConnect); });
    }, 0);

    return directLine;
  }

  window.createSameOriginDirectLine = createSameOriginDirectLine;
})();
