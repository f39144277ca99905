#!/usr/bin/env python3
"""Lists public API in src/main without a Javadoc comment (run from the repository root).

Counts public top-level and nested types, and public methods and constructors of public types
(interface members are implicitly public), skipping @Override methods. A Javadoc counts when the
comment right above the declaration (past any annotations, including multi-line ones such as
picocli's @Command(...)) starts with '/**'. An explicit accessor of a record component counts as
documented when the record's Javadoc has '@param <component>'. Members of private or
package-private types are not public API and are skipped.

Options: --list prints every missing declaration as path:line: text;
         --exclude FILE skips the paths (relative to the repository root) listed in FILE.
"""
import os, re, sys

ROOT = 'src/main/java/org/protoface'
MODS = r'(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed|strictfp|synchronized|native|default)\s+)*'
TYPE_RE = re.compile(r'^\s*(' + MODS + r')(class|interface|record|enum|@interface)\s+(\w+)')
METHOD_RE = re.compile(r'^\s*(' + MODS + r')(<[^>]*(?:<[^>]*>[^>]*)*>\s+)?([\w$.\[\]<>?, ]+?\s+)?(\w+)\s*\(')
NOT_METHOD = {'return', 'new', 'if', 'for', 'while', 'switch', 'catch', 'synchronized', 'throw', 'else', 'try', 'do', 'case', 'yield', 'assert'}


def code_only(text):
    """Blanks comments, string/char literals and text blocks, keeping newlines and offsets."""
    out = []; i = 0; n = len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3); j = n if j < 0 else j + 3
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + ' ' * (j - i - 2) + c if j - i >= 2 else ' ' * (j - i)); i = j
        else:
            out.append(c); i += 1
    return ''.join(out)


def annotation_start(code, i):
    """Index of the first annotation line above declaration line i (i itself when there is none).

    Continuation lines of a multi-line annotation (inside its parentheses) belong to the block only
    when the line that opens them starts with '@'; the tail of a multi-line record header or
    parameter list does not.
    """
    start = i; j = i - 1
    while j >= 0:
        depth = 0; k = j
        while k >= 0:
            depth += code[k].count(')') - code[k].count('(')
            if depth <= 0:
                break
            k -= 1
        if k < 0 or not code[k].strip().startswith('@'):
            break
        start = k; j = k - 1
    return start


def doc_above(lines, code, i):
    """The Javadoc text directly above declaration line i (past annotations), or None."""
    j = annotation_start(code, i) - 1
    if j < 0 or not lines[j].rstrip().endswith('*/'):
        return None
    k = j
    while k >= 0 and '/*' not in lines[k]:
        k -= 1
    if k < 0 or '/**' not in lines[k]:
        return None
    return '\n'.join(lines[k:j + 1])


def annotations_above(code, i):
    return ' '.join(c.strip() for c in code[annotation_start(code, i):i])


def scan(path):
    text = open(path, encoding='utf-8').read()
    lines = text.split('\n'); code = code_only(text).split('\n')
    missing_types, missing_members = [], []
    stack = []  # (name, kind, public_api, body_depth, doc)
    depth = 0; pending = None
    for i, line in enumerate(code):
        while stack and depth < stack[-1][3]:
            stack.pop()
        member_level = (depth == 0 and not stack) or (stack and depth == stack[-1][3])
        outer = stack[-1] if stack else None
        if member_level and pending is None:
            tm = TYPE_RE.match(line)
            mm = None if tm else METHOD_RE.match(line)
            if tm:
                mods, kind, name = tm.group(1), tm.group(2), tm.group(3)
                public = 'public' in mods or (outer is not None and outer[1] in ('interface', '@interface') and 'private' not in mods)
                api = public and (outer is None or outer[2])
                doc = doc_above(lines, code, i)
                if api and doc is None:
                    missing_types.append((i + 1, name, lines[i].strip()))
                pending = (name, kind, api, doc)
            elif mm and outer is not None and mm.group(4) not in NOT_METHOD and not line.strip().startswith(('return', 'new ')):
                mods, rtype, name = mm.group(1), mm.group(3), mm.group(4)
                is_ctor = rtype is None and name == outer[0]
                if rtype is not None or is_ctor:
                    in_iface = outer[1] in ('interface', '@interface')
                    public = 'public' in mods or (in_iface and 'private' not in mods)
                    if public and outer[2] and '@Override' not in annotations_above(code, i):
                        doc = doc_above(lines, code, i)
                        if doc is None and outer[1] == 'record' and outer[4] and re.search(r'@param\s+' + re.escape(name) + r'\b', outer[4]) \
                                and re.match(r'^\s*' + MODS + r'[\w$.\[\]<>?, ]+\s+' + re.escape(name) + r'\s*\(\s*\)', line):
                            doc = outer[4]
                        if doc is None:
                            missing_members.append((i + 1, name, lines[i].strip()))
        for c in line:
            if c == '{':
                depth += 1
                if pending is not None:
                    stack.append((pending[0], pending[1], pending[2], depth, pending[3])); pending = None
            elif c == '}':
                depth -= 1
        if pending is not None and ';' in line and '{' not in line and pending[1] != 'record':
            pending = None
    return missing_types, missing_members


def main(argv):
    exclude = set()
    if '--exclude' in argv:
        exclude = {l.strip() for l in open(argv[argv.index('--exclude') + 1]) if l.strip()}
    listing = '--list' in argv
    missing_types = []; missing_methods = 0; per_file = {}; rows = []
    for d, _, fs in sorted(os.walk(ROOT)):
        for f in sorted(fs):
            if not f.endswith('.java') or f == 'package-info.java':
                continue
            p = os.path.join(d, f)
            if p in exclude:
                continue
            rel = p.replace(ROOT + '/', '')
            types, members = scan(p)
            for line, name, src in types:
                missing_types.append(rel + ':' + name); rows.append(f'{p}:{line}: {src}')
            for line, name, src in members:
                missing_methods += 1; per_file[rel] = per_file.get(rel, 0) + 1; rows.append(f'{p}:{line}: {src}')
    print("types without doc:", len(missing_types)); print('\n'.join(missing_types[:80]))
    print("public methods without doc (non-override):", missing_methods)
    for k, v in sorted(per_file.items(), key=lambda x: -x[1])[:40]:
        print(v, k)
    if listing:
        print('\n'.join(rows))


if __name__ == '__main__':
    main(sys.argv[1:])
