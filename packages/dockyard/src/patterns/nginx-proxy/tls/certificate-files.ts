import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { error, type Problem, warning } from '../../../core/problems';

/**
 * What nginx would otherwise only find at start (`nginx: [emerg] ... key values mismatch`), found at synth: the
 * certificate and key files exist, are readable PEM, belong together, and the certificate covers the site's
 * exact host names (a wildcard server name is not checked). Paths are relative to the program's folder.
 */
export function certificateProblems(
  baseDir: string,
  files: { readonly certificate: string; readonly key: string },
  hostNames: readonly string[],
  property = 'tls',
): Problem[] {
  const read = (file: string, prop: string): Buffer | Problem => {
    try {
      return readFileSync(path.resolve(baseDir, file));
    } catch (failure) {
      const code = (failure as NodeJS.ErrnoException).code ?? String(failure);
      return error(`${property}.${prop}`, `expected a readable file, got ${JSON.stringify(file)} (${code})`);
    }
  };
  const certBytes = read(files.certificate, 'certificate');
  const keyBytes = read(files.key, 'key');
  const problems: Problem[] = [];
  let certificate: X509Certificate | undefined;
  let key: KeyObject | undefined;
  if (Buffer.isBuffer(certBytes)) {
    try {
      certificate = new X509Certificate(certBytes);
    } catch {
      problems.push(
        error(
          `${property}.certificate`,
          `expected a PEM certificate, got ${JSON.stringify(files.certificate)} that is not one`,
        ),
      );
    }
  } else problems.push(certBytes);
  if (Buffer.isBuffer(keyBytes)) {
    try {
      key = createPrivateKey(keyBytes);
    } catch {
      problems.push(
        error(
          `${property}.key`,
          `expected an unencrypted PEM private key, got ${JSON.stringify(files.key)} that is not one (nginx cannot ask for a passphrase in a container)`,
        ),
      );
    }
  } else problems.push(keyBytes);
  if (certificate && key) {
    if (!certificate.checkPrivateKey(key)) {
      problems.push(
        error(
          `${property}.key`,
          `expected the private key of ${JSON.stringify(files.certificate)} (${certificate.subject.replace(/\n/g, ', ')}), got ${JSON.stringify(files.key)}, a key that does not match it`,
        ),
      );
    }
    for (const name of hostNames) {
      if (name.startsWith('*') || name.startsWith('.') || name.endsWith('*')) continue;
      if (certificate.checkHost(name) === undefined) {
        problems.push(
          warning(
            `${property}.certificate`,
            `does not cover host name ${JSON.stringify(name)}: browsers will refuse the connection (${certificate.subjectAltName ?? certificate.subject})`,
          ),
        );
      }
    }
  }
  return problems;
}
