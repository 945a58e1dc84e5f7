import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** A certificate and its key, as files. */
export interface CertificateFiles {
  readonly certificate: string;
  readonly key: string;
}

/** A throwaway certificate authority in a folder, and leaf certificates it signed. */
export interface TestCa {
  /** The CA's certificate (for `curl --cacert`, Node's `ca`). */
  readonly certificate: string;
  /** A leaf certificate for these DNS names (the first one is the subject), signed by the CA. */
  leaf(name: string, names?: readonly string[]): CertificateFiles;
  /** The files of a leaf made earlier, by its name. */
  leafFiles(name: string): CertificateFiles;
}

const openssl = (args: readonly string[], cwd: string) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Generates a test-only CA and leaf certificates with the real openssl (EC P-256: fast, and the Mozilla
 * "intermediate" ECDSA suites apply). Nothing is committed: every test makes its own in a temp folder.
 *
 * @example const ca = makeTestCa(tmp); const { certificate, key } = ca.leaf('shop.example');
 */
export function makeTestCa(dir: string): TestCa {
  mkdirSync(dir, { recursive: true });
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '30',
      '-subj',
      '/CN=Dockyard test CA',
    ],
    dir,
  );
  return {
    certificate: path.join(dir, 'ca.crt'),
    leafFiles(name) {
      const base = name.replace(/[^A-Za-z0-9.-]/g, '_');
      return { certificate: path.join(dir, `${base}.crt`), key: path.join(dir, `${base}.key`) };
    },
    leaf(name, names = [name]) {
      const base = name.replace(/[^A-Za-z0-9.-]/g, '_');
      openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${base}.key`], dir);
      openssl(['req', '-new', '-key', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`], dir);
      writeFileSync(
        path.join(dir, `${base}.ext`),
        `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\n`,
      );
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${base}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${base}.crt`,
          '-days',
          '30',
          '-extfile',
          `${base}.ext`,
        ],
        dir,
      );
      return { certificate: path.join(dir, `${base}.crt`), key: path.join(dir, `${base}.key`) };
    },
  };
}
