#!/usr/bin/env python3
"""The progress line: on stderr while a replay runs, only when stderr is a
terminal, never mixed into the report.

    test-progress.py NUMAPLAN SCENARIO

NP_PROGRESS_DELAY_MS=0 makes it show at once (it waits a second otherwise).
"""
import os
import pty
import subprocess
import sys


def main(argv):
    numaplan, scenario = argv[1], argv[2]
    env = dict(os.environ, NP_PROGRESS_DELAY_MS='0')
    status = 0
    plain = subprocess.run([numaplan, 'run', scenario], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env)
    for args in (['run', scenario], ['capacity', scenario, '--flavor', 'v2.large'],
                 ['failover', scenario], ['compare', scenario, '--set', 'backing=best-fit']):
        # stderr a terminal: the line is there, and erased at the end
        master, slave = pty.openpty()
        proc = subprocess.Popen([numaplan] + args, stdout=subprocess.PIPE, stderr=slave,
                                env=env)
        os.close(slave)
        seen = b''
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        out = proc.stdout.read()
        proc.wait()
        os.close(master)
        text = seen.decode('utf-8', 'replace')
        if proc.returncode != 0:
            print('FAIL %s: exit %d' % (args[0], proc.returncode))
            status = 1
        if 'numaplan: ' not in text or 'event ' not in text:
            print('FAIL %s: no progress line on a terminal: %r' % (args[0], text[-300:]))
            status = 1
        elif not text.endswith('\r\x1b[K'):
            print('FAIL %s: the progress line is not erased: %r' % (args[0], text[-80:]))
            status = 1
        else:
            print('ok   %s: %r' % (args[0], text[-120:]))
        if args[0] == 'run' and out != plain.stdout:
            print('FAIL run: the report differs when stderr is a terminal')
            status = 1
        # stderr not a terminal: nothing at all
        quiet = subprocess.run([numaplan] + args, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
        if quiet.stderr:
            print('FAIL %s: stderr not a terminal, yet %r' % (args[0], quiet.stderr[:200]))
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
