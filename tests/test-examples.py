#!/usr/bin/env python3
"""Every example numaplan shows runs as written.

    test-examples.py NUMAPLAN SOURCE_ROOT

Collects the example commands of `numaplan COMMAND --help` (each command
`numaplan --help` lists), of README.md and of docs/*.md (the contract in
docs/spec describes commands other parts of the project implement: it is
left out), and runs each in a scratch directory that looks like a source
tree with a build (scenarios/, tests/, docs/ and build/cli/numaplan, with
`numaplan` on PATH). Each must exit 0. Commands of other programs in the
same blocks (tools/setup.sh, meson, ...) are not run.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


HEREDOC = re.compile(r"<<-?\s*'?\"?(\w+)'?\"?")


def logical_lines(block):
    """Shell lines of a code block: continuation backslashes joined, quotes
    that span lines kept whole, a here-document kept with its command."""
    out, current, quote, glue, until = [], '', None, '', None
    for raw in block.splitlines():
        if until is not None:
            current += '\n' + raw
            if raw.strip() == until:
                out.append(current.strip())
                current, until = '', None
            continue
        line = glue + raw if current else raw
        i = 0
        while i < len(line):
            c = line[i]
            if quote:
                if c == quote:
                    quote = None
            elif c in '\'"':
                quote = c
            elif c == '\\' and i + 1 < len(line):
                i += 1
            i += 1
        current += line
        glue = '\n'
        if quote is None and current.endswith('\\'):
            current = current[:-1]
            glue = ' '
            continue
        if quote is None:
            m = HEREDOC.search(current)
            if m is not None:
                until = m.group(1)
                continue
            out.append(current.strip())
            current = ''
    if current.strip():
        out.append(current.strip())
    return out


NUMAPLAN_WORD = re.compile(r'(^|[|&;]\s*)(\S*/)?numaplan\s')
SBATCH = re.compile(r"(?:^|\s)sbatch\s.*--array=(\d+)-(\d+)\s.*--wrap\s+'([^']*)'")


def as_run(command):
    """The shell command that runs @command here. A Slurm job array
    (`sbatch --array=A-B --wrap 'CMD'`, possibly through
    tests/slurm/slurm-cluster.sh) runs CMD once per task, in order, with
    SLURM_ARRAY_TASK_ID set, as each task of the array would."""
    m = SBATCH.search(command)
    if m is None:
        return command
    first, last, wrapped = int(m.group(1)), int(m.group(2)), m.group(3)
    return ' && '.join("SLURM_ARRAY_TASK_ID=%d sh -c '%s'" % (i, wrapped)
                       for i in range(first, last + 1))



def commands_of(lines, where):
    found = []
    for line in lines:
        if line.startswith('$ '):
            line = line[2:]
        if not line or line.startswith('#'):
            continue
        for part in re.split(r'\s&&\s', line):
            part = part.strip()
            # a here-document writes what the next commands read; a live
            # host (--wsman) is not here: tests/hyperv runs those against
            # the fake endpoint
            if (NUMAPLAN_WORD.search(part + ' ') or SBATCH.search(part)
                    or HEREDOC.search(part.split('\n', 1)[0])) \
                    and not part.startswith('srun') and '--wsman' not in part:
                found.append((where, part))
    return found


def help_examples(numaplan):
    top = subprocess.run([numaplan, '--help'], stdout=subprocess.PIPE, text=True).stdout
    names = re.findall(r'^  (\w+) ', top.split('Commands:', 1)[1], re.M)
    found = []
    for name in names:
        text = subprocess.run([numaplan, name, '--help'], stdout=subprocess.PIPE,
                              text=True).stdout
        blocks = re.findall(r'^Examples?:\n((?:  .*\n?)+)', text, re.M)
        for block in blocks:
            lines = [l[2:] for l in block.splitlines()]
            found += commands_of(logical_lines('\n'.join(lines)), 'numaplan %s --help' % name)
        if not blocks and name not in ('resolve',):
            print('note: numaplan %s --help shows no example' % name)
    return found


def doc_examples(root):
    found = []
    paths = [os.path.join(root, 'README.md')]
    docs = os.path.join(root, 'docs')
    paths += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith('.md'))
    for path in paths:
        text = open(path, encoding='utf-8').read()
        # ```sh blocks are commands; synopses are ```text
        for block in re.findall(r'^```(?:sh|shell|console|bash)\n(.*?)^```', text, re.M | re.S):
            found += commands_of(logical_lines(block), os.path.relpath(path, root))
    return found


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    numaplan, root = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    examples = help_examples(numaplan) + doc_examples(root)
    work = tempfile.mkdtemp(prefix='np-examples-')
    status = 0
    try:
        for name in ('scenarios', 'tests', 'docs'):
            os.symlink(os.path.join(root, name), os.path.join(work, name))
        os.makedirs(os.path.join(work, 'build', 'cli'))
        os.symlink(numaplan, os.path.join(work, 'build', 'cli', 'numaplan'))
        env = dict(os.environ)
        env['PATH'] = os.path.join(work, 'build', 'cli') + os.pathsep + env.get('PATH', '')
        for where, command in examples:
            result = subprocess.run(['sh', '-c', as_run(command)], cwd=work, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    timeout=120)
            if result.returncode != 0:
                status = 1
                print('FAIL %s: exit %d: %s\n%s' % (where, result.returncode, command,
                                                    result.stderr.decode()[-2000:]))
            else:
                print('ok   %s: %s' % (where, command.replace('\n', ' ')[:110]))
    finally:
        shutil.rmtree(work)
    print('%d examples, %s' % (len(examples), 'all ran' if status == 0 else 'some failed'))
    if len(examples) < 10:
        print('FAIL: too few examples found; the collector is broken')
        return 1
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
