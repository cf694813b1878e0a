/*
 * Tandem's pages work without this script (reading, and forms with their CSRF token when the server is used
 * directly). With it:
 *  1. forms are posted with the header X-Requested-By, which Ambari demands of every state change that passes its
 *     View proxy (and the Tandem server accepts instead of the form token);
 *  2. a running run's progress bar and current step follow the run's JSON (api/v1/groups/{g}/runs/{id}).
 * Plain ES5-level script, no library, no network beyond this server.
 */
(function () {
  'use strict';

  var STEPS_WITH_COPY = 'REPLICATE';
  // document.open() keeps the window, and with it timers of the page it replaces.
  if (window.tandemTimers) {
    window.tandemTimers.forEach(function (t) { clearTimeout(t); });
  }
  window.tandemTimers = [];

  function banner(text) {
    var b = document.getElementById('banner');
    if (b) {
      b.textContent = text;
      b.hidden = false;
    }
  }

  // ---- 1. forms

  function formBody(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter || undefined);
    } catch (e) { // older browsers: no submitter argument
      data = new FormData(form);
      if (submitter && submitter.name) {
        data.append(submitter.name, submitter.value);
      }
    }
    return new URLSearchParams(data);
  }

  function setBusy(form, busy) {
    form.classList.toggle('busy', busy);
    Array.prototype.forEach.call(form.querySelectorAll('button'), function (b) {
      if (busy) {
        b.dataset.wasDisabled = b.disabled ? '1' : '';
        b.disabled = true;
      } else {
        b.disabled = b.dataset.wasDisabled === '1';
      }
    });
  }

  function messageOf(text, status) {
    try {
      var error = JSON.parse(text);
      if (error && error.message) {
        return error.message;
      }
    } catch (ignored) { /* not JSON */ }
    return 'The server answered ' + status + '.';
  }

  /** Shows the answer to a form post: follow a "moved" page, else show the page the server rendered. */
  function show(response, text, form) {
    var type = response.headers.get('Content-Type') || '';
    if (type.indexOf('text/html') !== 0) {
      setBusy(form, false);
      banner(messageOf(text, response.status));
      return;
    }
    var doc = new DOMParser().parseFromString(text, 'text/html');
    var next = doc.querySelector('meta[name="tandem-next"]');
    if (next) {
      location.assign(new URL(next.getAttribute('content'), response.url).href);
      return;
    }
    // The page was rendered for the address the form posted to; its links are relative to that address.
    var base = '<base href="' + response.url.replace(/"/g, '%22').replace(/</g, '%3C') + '">';
    var html = /<head[^>]*>/i.test(text) ? text.replace(/<head[^>]*>/i, function (h) { return h + base; })
      : base + text;
    document.open();
    document.write(html);
    document.close();
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || (form.getAttribute('method') || '').toLowerCase() !== 'post'
        || !window.fetch) {
      return;
    }
    event.preventDefault();
    var body = formBody(form, event.submitter);
    setBusy(form, true);
    fetch(form.action, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: {'X-Requested-By': 'tandem-ui', 'Accept': 'text/html'}
    }).then(function (response) {
      return response.text().then(function (text) { show(response, text, form); });
    }).catch(function (e) {
      setBusy(form, false);
      banner('The Tandem server could not be reached: ' + e.message);
    });
  });

  // ---- 2. live progress

  function progressOf(run, max) {
    if (run.state === 'SUCCEEDED') {
      return max;
    }
    var done = (run.steps || []).filter(function (s) { return s.ok; }).length;
    var p = run.progress;
    if (run.state === 'RUNNING' && p && p.step === STEPS_WITH_COPY) {
      done += p.percent / 100;
    }
    return Math.min(done, max);
  }

  function stepOf(run, max) { // the same text as RunProgress.describe
    if (run.state !== 'RUNNING') {
      return '';
    }
    if (!run.currentStep) {
      return 'starting';
    }
    var done = (run.steps || []).filter(function (s) { return s.ok; }).length;
    var text = run.currentStep + ' (step ' + Math.min(done + 1, max) + ' of ' + max + ')';
    var p = run.progress;
    if (p && p.filesTotal > 0) {
      text += ': ' + p.filesDone + ' of ' + p.filesTotal + ' files, ' + p.percent + ' %';
    }
    return text;
  }

  function update(box, run) {
    var bar = box.querySelector('progress');
    var max = Number(bar.getAttribute('max'));
    var value = progressOf(run, max);
    bar.value = value;
    bar.textContent = Math.round(value * 100 / max) + ' %';
    var state = box.querySelector('.badge');
    state.textContent = run.state;
    state.className = 'badge state-' + run.state.toLowerCase();
    box.querySelector('[data-role="step"]').textContent = stepOf(run, max);
    box.setAttribute('data-run-state', run.state);
  }

  /**
   * Regions marked data-refresh (a run's steps, report and verification) are taken from a fresh copy of the page,
   * as the server renders them, whenever the run has moved on; other pages reload once the run has ended.
   */
  function refresh(finished) {
    var regions = document.querySelectorAll('[data-refresh]');
    if (regions.length === 0) {
      if (finished) {
        window.tandemTimers.push(setTimeout(function () { location.reload(); }, 1000));
      }
      return;
    }
    fetch(location.href, {credentials: 'same-origin', headers: {'Accept': 'text/html'}}).then(function (response) {
      return response.ok ? response.text() : Promise.reject(new Error('HTTP ' + response.status));
    }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, 'text/html');
      Array.prototype.forEach.call(regions, function (region) {
        var replacement = region.id && fresh.getElementById(region.id);
        if (replacement) {
          region.innerHTML = replacement.innerHTML;
        }
      });
    }).catch(function () { /* the next change tries again */ });
    if (finished) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-while-running]'), function (e) { e.remove(); });
    }
  }

  function poll(box, failures) {
    var url = new URL(box.getAttribute('data-run-poll'), document.baseURI).href;
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}}).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (run) {
      update(box, run);
      var moved = run.state + '/' + run.currentStep + '/' + (run.steps || []).length;
      if (run.state !== 'RUNNING' || (box.tandemLast !== undefined && box.tandemLast !== moved)) {
        refresh(run.state !== 'RUNNING');
      }
      box.tandemLast = moved;
      if (run.state === 'RUNNING') {
        window.tandemTimers.push(setTimeout(function () { poll(box, 0); }, 1000));
      }
    }).catch(function () {
      if (failures < 30) {
        window.tandemTimers.push(setTimeout(function () { poll(box, failures + 1); }, 2000));
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-run-poll][data-run-state="RUNNING"]'),
        function (box) { poll(box, 0); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
