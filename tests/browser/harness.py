#!/usr/bin/env python3
"""Loads one self-contained HTML file in headless Chromium and checks it.

    harness.py [options] PAGE.html

The page is opened as file:// with JavaScript disabled (--js off, the
default), enabled (--js on) or both, one after the other in one browser
(--js both). For each load it records the final DOM, every console
message and JavaScript exception, every request the page made, and takes
a PNG screenshot. It fails (exit 1) on a console error, an uncaught
exception, any request but the file itself (data: URLs, which are part of
the file, are allowed) and any --require item missing from the DOM.
Exit 2: the harness itself could not do its job (no browser, timeout...).

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: commands on fd 3, answers on fd 4, each a JSON
text ended by a NUL byte), so it needs no TCP port, no websocket library
and nothing but Python's standard library. Requests other than the page
itself are intercepted (Fetch domain) and failed before they leave the
browser, and host names do not resolve at all, so a bad page can neither
reach the network nor wait for it.

--require FILE names a JSON list; each item is one of
    "CSS selector"                        at least one element matches
    {"selector": S, "count": N}           exactly N elements match
    {"selector": S, "text": T}            an element matching S contains T
    {"text": T}                           the document's text contains T
Text is compared after collapsing white space. The checks run on the DOM
of every load (JavaScript off and on).
"""

import argparse
import base64
import fcntl
import html.parser
import json
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CHROMIUM_CANDIDATES = [
    # the binary itself: Debian's /usr/bin/chromium is a shell launcher that
    # adds flags of its own from /etc/chromium.d (extensions, GPU rasterization)
    '/usr/lib/chromium/chromium',
    'chromium',
    'chromium-browser',
]


DEBUG = bool(os.environ.get('NP_HARNESS_DEBUG'))  # the DevTools traffic on stderr


class HarnessError(Exception):
    """The harness could not do its job (exit 2), as opposed to a bad page."""


def find_chromium(explicit):
    if explicit:
        path = shutil.which(explicit)
        if not path:
            raise HarnessError('browser not found: %s' % explicit)
        return path
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise HarnessError('Chromium not found: install Debian\'s "chromium" package '
                       '(tools/setup.sh does), or give --chromium PATH')


class Browser:
    """One headless Chromium, spoken to over --remote-debugging-pipe."""

    def __init__(self, binary, width, height, deadline, log_path):
        self.deadline = deadline
        self.next_id = 0
        self.buffer = b''
        self.handler = None       # called with (sessionId, method, params) per event
        self.used_first_tab = False
        self.profile = tempfile.mkdtemp(prefix='np-chromium-')
        self.log_path = log_path
        self.log = open(log_path, 'wb') if log_path else subprocess.DEVNULL
        # browser reads commands from cmd_r (its fd 3), writes answers to out_w (fd 4);
        # our ends are made >= 10 so bash's dups below cannot clobber them (dash
        # cannot redirect fds above 9, hence bash)
        cmd_r, cmd_w = self._pipe()
        out_r, out_w = self._pipe()
        args = [
            binary,
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
            '--no-first-run', '--no-default-browser-check',
            '--disable-background-networking', '--disable-component-update',
            '--disable-sync', '--disable-extensions', '--disable-default-apps',
            '--disable-dev-shm-usage', '--disable-breakpad', '--disable-crash-reporter',
            '--mute-audio', '--hide-scrollbars', '--force-device-scale-factor=1',
            '--font-render-hinting=none', '--force-color-profile=srgb',
            '--disable-features=Translate,MediaRouter,OptimizationHints',
            '--host-resolver-rules=MAP * ~NOTFOUND',
            '--window-size=%d,%d' % (width, height),
            '--user-data-dir=' + self.profile,
            '--remote-debugging-pipe',
            'about:blank',
        ]
        shell = 'exec "$@" 3<&%d 4>&%d %d<&- %d>&-' % (cmd_r, out_w, cmd_r, out_w)
        try:
            self.proc = subprocess.Popen(
                ['/bin/bash', '-c', shell, 'bash'] + args,
                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                pass_fds=(cmd_r, out_w), start_new_session=True)
        finally:
            os.close(cmd_r)
            os.close(out_w)
        self.cmd = cmd_w
        self.out = out_r

    @staticmethod
    def _pipe():
        ends = []
        for fd in os.pipe():
            high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
            os.close(fd)
            ends.append(high)
        return ends

    def _left(self):
        return self.deadline - time.monotonic()

    def _read_message(self, timeout):
        """Next message from the browser, or None when timeout runs out."""
        end = time.monotonic() + timeout
        while b'\0' not in self.buffer:
            left = min(end, self.deadline) - time.monotonic()
            if left <= 0:
                if time.monotonic() >= self.deadline:
                    raise HarnessError('timed out talking to Chromium')
                return None
            ready, _, _ = select.select([self.out], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.out, 1 << 20)
            if not chunk:
                raise HarnessError('Chromium closed its DevTools pipe (exited with %s)%s'
                                   % (self.proc.poll(), self._log_tail()))
            self.buffer += chunk
        text, _, self.buffer = self.buffer.partition(b'\0')
        if DEBUG:
            print('<- %s' % text[:300].decode('utf-8', 'replace'), file=sys.stderr)
        return json.loads(text)

    def _log_tail(self):
        if not self.log_path:
            return ''
        try:
            with open(self.log_path, 'rb') as f:
                tail = f.read()[-2000:].decode('utf-8', 'replace')
        except OSError:
            return ''
        return '; its output ends:\n' + tail

    def post(self, method, params=None, session=None):
        """Sends a command without waiting for its answer; returns its id."""
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session:
            msg['sessionId'] = session
        data = json.dumps(msg).encode() + b'\0'
        if DEBUG:
            print('-> %s' % data[:300].decode('utf-8', 'replace'), file=sys.stderr)
        while data:
            data = data[os.write(self.cmd, data):]
        return self.next_id

    def send(self, method, params=None, session=None):
        """Sends a command and returns its result. Events that arrive meanwhile
        go to self.handler at once (it may post() commands of its own, e.g. to
        let a paused request go on, which Page.navigate waits for)."""
        want = self.post(method, params, session)
        while True:
            reply = self._read_message(self._left())
            if reply.get('id') == want:
                if 'error' in reply:
                    raise HarnessError('%s: %s' % (method, reply['error'].get('message')))
                return reply.get('result', {})
            self._dispatch(reply)

    def _dispatch(self, msg):
        if 'method' not in msg:
            if 'error' in msg:   # a posted command failed
                raise HarnessError('DevTools: %s' % msg['error'].get('message'))
            return
        if self.handler:
            self.handler(msg.get('sessionId'), msg['method'], msg.get('params', {}))

    def pump(self, timeout):
        """Dispatches events for up to timeout seconds; False if none came."""
        msg = self._read_message(timeout)
        if msg is None:
            return False
        self._dispatch(msg)
        return True

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    self.deadline = time.monotonic() + 3
                    self.send('Browser.close')
                except (HarnessError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    pass
            # the browser's own helpers (zygote, renderer) are in its process group
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        finally:
            for fd in (self.cmd, self.out):
                try:
                    os.close(fd)
                except OSError:
                    pass
            if self.log is not subprocess.DEVNULL:
                self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)


class TextOf(html.parser.HTMLParser):
    """The text of an HTML fragment, without <script>, <style> and <title>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ('script', 'style', 'title', 'template'):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ('script', 'style', 'title', 'template') and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(fragment):
    p = TextOf()
    p.feed(fragment)
    p.close()
    return ' '.join(' '.join(p.parts).split())


def describe_console(params):
    args = []
    for a in params.get('args', []):
        if 'value' in a:
            args.append(str(a['value']))
        else:
            args.append(a.get('description', a.get('type', '?')))
    return ' '.join(args)


def describe_exception(params):
    d = params.get('exceptionDetails', {})
    exc = d.get('exception', {})
    where = ''
    if d.get('url') or d.get('lineNumber') is not None:
        where = ' at %s:%s' % (d.get('url', ''), d.get('lineNumber', 0) + 1)
    return (exc.get('description') or d.get('text', 'exception')) + where


def load(browser, url, js, width, height, settle, max_height):
    """Loads url in a fresh tab; returns what was seen, and a function that
    closes the tab. The first load uses the tab the browser started with
    (its renderer is already up: about 0.5 s saved), later ones a tab in a
    new browser context (no cache or storage shared with the first)."""
    first = [t for t in browser.send('Target.getTargets')['targetInfos']
             if t['type'] == 'page' and t['url'] == 'about:blank' and not t['attached']]
    if first and not browser.used_first_tab:
        browser.used_first_tab = True
        target_id = first[0]['targetId']
        close = lambda: browser.send('Target.closeTarget', {'targetId': target_id})
    else:
        ctx = browser.send('Target.createBrowserContext', {'disposeOnDetach': True})
        target_id = browser.send('Target.createTarget', {
            'url': 'about:blank', 'browserContextId': ctx['browserContextId'],
            'width': width, 'height': height})['targetId']
        close = lambda: browser.send('Target.disposeBrowserContext',
                                     {'browserContextId': ctx['browserContextId']})
    session = browser.send('Target.attachToTarget', {
        'targetId': target_id, 'flatten': True})['sessionId']

    def cmd(method, params=None):
        return browser.send(method, params, session)

    for domain in ('Page', 'Runtime', 'Log', 'Network'):
        cmd(domain + '.enable')
    cmd('Emulation.setDeviceMetricsOverride', {
        'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
    cmd('Emulation.setScriptExecutionDisabled', {'value': not js})
    cmd('Fetch.enable', {'patterns': [{'urlPattern': '*'}]})

    seen = {'js': js, 'console': [], 'errors': [], 'requests': [], 'foreign': []}
    state = {'loaded': False, 'last': time.monotonic()}

    def on_event(sid, method, p):
        if sid != session:
            return
        state['last'] = time.monotonic()
        if method == 'Page.loadEventFired':
            state['loaded'] = True
        elif method == 'Fetch.requestPaused':
            # the file itself goes on; anything else fails inside the browser
            if p['request']['url'].split('#')[0] == url:
                browser.post('Fetch.continueRequest', {'requestId': p['requestId']}, session)
            else:
                browser.post('Fetch.failRequest', {'requestId': p['requestId'],
                                                   'errorReason': 'BlockedByClient'}, session)
        elif method == 'Network.requestWillBeSent':
            req_url = p['request']['url']
            seen['requests'].append(req_url)
            if req_url.split('#')[0] != url and not req_url.startswith('data:'):
                seen['foreign'].append(req_url)
        elif method == 'Network.webSocketCreated':
            seen['requests'].append(p['url'])
            seen['foreign'].append(p['url'])
        elif method == 'Runtime.consoleAPICalled':
            level = {'assert': 'error', 'warning': 'warning'}.get(p['type'], p['type'])
            text = describe_console(p)
            seen['console'].append({'level': level, 'text': text})
            if level == 'error':
                seen['errors'].append('console.%s: %s' % (p['type'], text))
        elif method == 'Runtime.exceptionThrown':
            text = describe_exception(p)
            seen['console'].append({'level': 'error', 'text': text})
            seen['errors'].append('uncaught exception: ' + text)
        elif method == 'Log.entryAdded':
            e = p['entry']
            text = e.get('text', '') + (' (%s)' % e['url'] if e.get('url') else '')
            seen['console'].append({'level': e.get('level'), 'text': text})
            if e.get('level') == 'error':
                seen['errors'].append('console error (%s): %s' % (e.get('source'), text))
        elif method == 'Inspector.targetCrashed':
            raise HarnessError('the page crashed')

    browser.handler = on_event
    nav = cmd('Page.navigate', {'url': url})
    if nav.get('errorText'):
        raise HarnessError('cannot load %s: %s' % (url, nav['errorText']))
    # after the load event, wait until the page has been quiet for `settle`
    # seconds, so that late console messages and requests are caught too;
    # a page that is never quiet (timers) is captured 3 s after its load
    while not state['loaded']:
        browser.pump(0.5)
    cap = time.monotonic() + 3
    while True:
        left = min(state['last'] + settle, cap) - time.monotonic()
        if left <= 0:
            break
        browser.pump(left)

    root = cmd('DOM.getDocument', {'depth': 0})['root']['nodeId']
    seen['dom'] = cmd('DOM.getOuterHTML', {'nodeId': root})['outerHTML']

    metrics = cmd('Page.getLayoutMetrics')
    size = metrics.get('cssContentSize') or metrics['contentSize']
    shot_height = int(min(max(size['height'], height), max_height))
    shot = cmd('Page.captureScreenshot', {
        'format': 'png', 'captureBeyondViewport': True,
        'clip': {'x': 0, 'y': 0, 'width': width, 'height': shot_height, 'scale': 1}})
    seen['png'] = base64.b64decode(shot['data'])
    seen['screenshot_size'] = [width, shot_height]
    seen['_cmd'] = cmd
    seen['_root'] = root
    return seen, close


def check_requirements(seen, requirements):
    """Runs --require items against the loaded DOM; returns the failures."""
    cmd, root = seen['_cmd'], seen['_root']
    failures = []
    doc_text = None
    for item in requirements:
        if isinstance(item, str):
            item = {'selector': item}
        if not isinstance(item, dict) or not ({'selector', 'text'} & item.keys()):
            raise HarnessError('bad --require item: %r' % (item,))
        selector, text, count = item.get('selector'), item.get('text'), item.get('count')
        want = ' '.join(text.split()) if text is not None else None
        if selector is None:
            if doc_text is None:
                doc_text = text_of(seen['dom'])
            if want not in doc_text:
                failures.append('text not in document: %r' % text)
            continue
        try:
            nodes = cmd('DOM.querySelectorAll', {'nodeId': root, 'selector': selector})['nodeIds']
        except HarnessError as e:
            raise HarnessError('bad selector %r: %s' % (selector, e))
        if count is not None and len(nodes) != count:
            failures.append('%s: %d elements, expected %d' % (selector, len(nodes), count))
        elif not nodes:
            failures.append('no element matches %s' % selector)
        elif want is not None:
            if not any(want in text_of(cmd('DOM.getOuterHTML', {'nodeId': n})['outerHTML'])
                       for n in nodes):
                failures.append('%s: no match contains %r' % (selector, text))
    return failures


def with_suffix(path, suffix):
    base, ext = os.path.splitext(path)
    return base + suffix + ext


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('page', help='the HTML file')
    ap.add_argument('--js', choices=('off', 'on', 'both'), default='off',
                    help='JavaScript off (default), on, or one load with each')
    ap.add_argument('--screenshot', metavar='PNG',
                    help='write the screenshot here (with --js both, the JavaScript-on '
                         'load writes PNG with "-js" before the extension)')
    ap.add_argument('--dom', metavar='FILE', help='write the final DOM here (same naming)')
    ap.add_argument('--json', metavar='FILE',
                    help='write console messages, requests and check results here')
    ap.add_argument('--require', metavar='JSON', help='JSON list of required selectors/text '
                    '("-": standard input)')
    ap.add_argument('--strict', action='store_true', help='console warnings fail too')
    ap.add_argument('--width', type=int, default=1280)
    ap.add_argument('--height', type=int, default=800)
    ap.add_argument('--max-height', type=int, default=8000,
                    help='screenshots are cut at this many CSS pixels')
    ap.add_argument('--settle', type=float, default=0.25,
                    help='after the load event, seconds without events before capturing')
    ap.add_argument('--timeout', type=float, default=60, help='seconds for everything')
    ap.add_argument('--chromium', metavar='PATH', default=os.environ.get('NP_CHROMIUM'))
    ap.add_argument('--browser-log', metavar='FILE', help="Chromium's own output")
    a = ap.parse_args(argv)

    start = time.monotonic()
    try:
        if not os.path.isfile(a.page):
            raise HarnessError('no such file: %s' % a.page)
        url = pathlib.Path(os.path.realpath(a.page)).as_uri()
        requirements = []
        if a.require:
            src = sys.stdin if a.require == '-' else open(a.require, encoding='utf-8')
            with src:
                requirements = json.load(src)
            if not isinstance(requirements, list):
                raise HarnessError('--require: expected a JSON list')
        binary = find_chromium(a.chromium)
        modes = {'off': [False], 'on': [True], 'both': [False, True]}[a.js]
        report = []
        failed = False
        browser = Browser(binary, a.width, a.height, start + a.timeout, a.browser_log)
        try:
            for js in modes:
                suffix = '-js' if js and a.js == 'both' else ''
                seen, dispose = load(browser, url, js, a.width, a.height, a.settle,
                                     a.max_height)
                missing = check_requirements(seen, requirements)
                dispose()
                label = '%s (JavaScript %s)' % (a.page, 'on' if js else 'off')
                problems = (seen['errors'] + ['request other than the file: ' + u
                                              for u in seen['foreign']] + missing)
                if a.strict:
                    problems += ['console warning: ' + m['text'] for m in seen['console']
                                 if m['level'] == 'warning']
                for m in seen['console']:
                    print('  console %s: %s' % (m['level'], m['text']))
                if a.screenshot:
                    path = with_suffix(a.screenshot, suffix)
                    with open(path, 'wb') as f:
                        f.write(seen['png'])
                    print('  screenshot: %s (%dx%d)' % ((path,) + tuple(seen['screenshot_size'])))
                if a.dom:
                    with open(with_suffix(a.dom, suffix), 'w', encoding='utf-8') as f:
                        f.write(seen['dom'])
                for p in problems:
                    print('FAIL %s: %s' % (label, p))
                if not problems:
                    print('ok %s: %d requests, %d console messages, %d checks, DOM %d bytes'
                          % (label, len(seen['requests']), len(seen['console']),
                             len(requirements), len(seen['dom'])))
                failed = failed or bool(problems)
                report.append({k: v for k, v in seen.items()
                               if k in ('js', 'console', 'requests', 'foreign')}
                              | {'errors': seen['errors'], 'missing': missing,
                                 'ok': not problems})
        finally:
            browser.close()
        if a.json:
            with open(a.json, 'w', encoding='utf-8') as f:
                json.dump({'page': a.page, 'loads': report}, f, indent=2)
        print('%s in %.1f s' % ('FAILED' if failed else 'passed', time.monotonic() - start))
        return 1 if failed else 0
    except HarnessError as e:
        print('harness error: %s' % e, file=sys.stderr)
        return 2


if __name__ == '__main__':
    sys.exit(main())
