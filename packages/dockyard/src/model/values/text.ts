/**
 * Rules about characters, shared by the nginx printer, the nginx schemas and the Compose checks.
 */

/**
 * The first control character of `value` (tab allowed; CR/LF only when `newlines`), or undefined. A lone UTF-16
 * surrogate counts as one: it cannot be written to a UTF-8 file (nginx.conf, compose.yaml).
 */
export function controlCharacter(value: string, newlines: boolean): string | undefined {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) return `U+${code.toString(16).toUpperCase()} (a lone surrogate)`;
    if (code === 0x09) continue;
    if ((code === 0x0a || code === 0x0d) && newlines) continue;
    if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

/** True when `value` holds an unpaired UTF-16 surrogate, which no UTF-8 file can hold. */
export function hasLoneSurrogate(value: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
}

/**
 * True when nginx would treat part of `value` as a variable reference in directives that accept variables
 * (`return`, `add_header`, `proxy_pass`, `set`, ...). nginx has no escape for `$` there (a `\$` stays a
 * backslash followed by a variable): every `$` starts a variable name or is a configuration error. The one way
 * to produce a literal `$` is a variable holding it; Dockyard does not do that, so a user's literal string
 * placed where nginx expands variables must not contain `$`.
 */
export function containsVariable(value: string): boolean {
  return value.includes('$');
}

/** The words after "expected" for text that must stay literal in nginx (see {@link containsVariable}). */
export function withoutDollar(what: string): string {
  return `${what} without "$" (nginx would read it as a variable and has no escape for a literal "$"; use nginxVar() for a variable)`;
}
