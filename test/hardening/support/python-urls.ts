import { execFile } from 'node:child_process';

// Reads each script with Python's own parser and returns the literal value of its `urlopen(...)` argument, so
// a health check path is proven to stay inside its string literal (no code injection into `python3 -c`).
const READER = `
import ast, json, sys
out = []
for script in json.load(sys.stdin):
    try:
        calls = [n for n in ast.walk(ast.parse(script)) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "urlopen"]
        out.append(ast.literal_eval(calls[0].args[0]) if len(calls) == 1 else "<%d urlopen calls>" % len(calls))
    except Exception as error:
        out.append("<%s: %s>" % (type(error).__name__, error))
json.dump(out, sys.stdout)
`;

/** The URL each health-check script opens, as Python reads it (one `python3` for all of them). */
export function pythonUrlsOf(scripts: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', ['-c', READER], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(JSON.parse(stdout) as string[]);
    });
    child.stdin?.end(JSON.stringify(scripts));
  });
}
