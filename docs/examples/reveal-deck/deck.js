/* global Reveal */
/**
 * The example deck's glue (docs/embedding.md): every iframe.pasidscope gets the embed URL,
 * and each slide change or fragment sends the embed the view that slide shows at that
 * fragment. The embed's state messages are shown under the frame.
 *
 * Where the app comes from: `?app=URL` on the deck's address, or by default the
 * single-file build (`npm run build:single`), so the deck works from file:// with no
 * network. The embed accepts commands only from the origin its `allow` names: the deck's
 * own (`null` for a page opened from file://).
 */
(function () {
  'use strict';
  var APP = new URLSearchParams(location.search).get('app') || '../../../dist-single/pasidscope.html';
  var appUrl = new URL(APP, location.href);
  // postMessage cannot name an opaque (file://) origin: such a frame is reached with '*'.
  var target = appUrl.protocol === 'file:' ? '*' : appUrl.origin;
  var frames = Array.prototype.slice.call(document.querySelectorAll('iframe.pasidscope'));

  frames.forEach(function (frame) {
    var q = 'embed&scenario=' + encodeURIComponent(frame.dataset.pasidscopeScenario) + '&allow=' + encodeURIComponent(location.origin);
    frame.src = appUrl.href.split(/[?#]/)[0] + '?' + q;
    frame.addEventListener('load', sync);
  });

  function send(frame, message) {
    message.pasidscope = 1;
    frame.contentWindow.postMessage(message, target);
  }

  /** The view a slide shows: its own attributes, then those of each fragment shown so far. */
  function viewOf(slide) {
    var v = { step: 0, policy: 'declared', compare: false };
    var read = function (el) {
      var d = el.dataset;
      if (d.pasidscopeStep !== undefined) v.step = Number(d.pasidscopeStep);
      if (d.pasidscopePolicy !== undefined) v.policy = d.pasidscopePolicy;
      if (d.pasidscopeCompare !== undefined) v.compare = d.pasidscopeCompare === 'on';
    };
    read(slide);
    Array.prototype.forEach.call(slide.querySelectorAll('.fragment.visible'), read);
    return v;
  }

  function sync() {
    var slide = Reveal.getCurrentSlide();
    var frame = slide && slide.querySelector('iframe.pasidscope');
    if (!frame) return;
    var v = viewOf(slide);
    send(frame, { command: 'compare', on: v.compare });
    send(frame, { command: 'policy', policy: v.policy });
    send(frame, { command: 'seek', step: v.step });
  }

  // The embed's state: only from our own frames, shown as text (never as markup).
  window.addEventListener('message', function (e) {
    var frame = frames.find(function (f) {
      return f.contentWindow === e.source;
    });
    var d = e.data;
    if (!frame || !d || d.pasidscope !== 1 || d.event !== 'state') return;
    var line = frame.closest('section').querySelector('.deck-state');
    if (!line) return;
    if (d.error) {
      line.textContent = 'pasidscope: ' + d.error;
      return;
    }
    var under = d.compare ? 'four policies' : d.policy;
    var chip = d.outcome ? ' · ' + d.outcome.chip : '';
    if (d.compare && d.outcomes) {
      chip = ' · ' + Object.keys(d.outcomes).map(function (k) {
        return k + ' ' + (d.outcomes[k] ? d.outcomes[k].chip : '–');
      }).join(', ');
    }
    line.textContent = 'step ' + d.step + '/' + d.length + ' · ' + under + chip;
  });

  Reveal.initialize({ hash: true, width: 1280, height: 720, margin: 0.04, transition: 'none' });
  Reveal.on('ready', sync);
  Reveal.on('slidechanged', sync);
  Reveal.on('fragmentshown', sync);
  Reveal.on('fragmenthidden', sync);
})();
