import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { OFFICIAL_50X_HTML } from '../../e2e/output/support/nginx-image-html';
import type { Docker } from './docker';

/** The image `docker import` makes of the debootstrapped rootfs (scripts/engine-rootfs.sh). */
export const BASE_IMAGE = 'dockyard-engine/base:sid';
/** The examples' Dockerfiles start FROM this; here it is the rootfs plus a pip that installs nothing. */
export const PYTHON_IMAGE = 'python:3.12-slim';
/** The pinned nginx image every synthesized stack runs. */
export const NGINX_IMAGE = 'nginx:1.28.0-alpine';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/**
 * Stands in for pip in the examples' `RUN pip install -r requirements.txt`: there is no index to install
 * from, so it checks that Debian's packages already satisfy every requirement (name and version bounds), and
 * fails the build otherwise.
 */
const PIP_STAND_IN = `#!/usr/bin/python3
"""pip stand-in of Dockyard's engine suite: 'pip install -r FILE' checks FILE against what is installed."""
import re
import sys
from importlib.metadata import PackageNotFoundError, version

args = sys.argv[1:]
if "install" not in args or "-r" not in args:
    sys.exit(f"pip stand-in: only 'pip install -r FILE' is supported, got {args}")
wanted = open(args[args.index("-r") + 1], encoding="utf-8").read().splitlines()

def key(text):
    return tuple(int(part) for part in re.findall(r"\\d+", text)[:3])

ops = {">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "==": lambda a, b: a == b}
for line in (l.split("#")[0].strip() for l in wanted):
    if not line:
        continue
    name = re.match(r"[A-Za-z0-9_.-]+", line).group(0)
    try:
        have = version(name)
    except PackageNotFoundError:
        sys.exit(f"pip stand-in: {name} is not installed in the image")
    for op, bound in re.findall(r"(>=|<=|==|<|>)\\s*([0-9][0-9.]*)", line):
        if not ops[op](key(have), key(bound)):
            sys.exit(f"pip stand-in: {name} {have} does not satisfy {op}{bound}")
    print(f"pip stand-in: {name} {have} satisfies {line}")
`;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
}

/** An image the committed examples name, and how it is made. */
export interface ExampleImage {
  tag: string;
  /** The example's own build (context and Dockerfile) when its compose.yaml has one. */
  build?: { context: string; dockerfile: string };
}

/** Every image the committed compose.yaml files name, with the build each gives (first one wins). */
export function exampleImages(): ExampleImage[] {
  const images = new Map<string, ExampleImage>();
  for (const example of readdirSync(EXAMPLES).sort()) {
    const dist = path.join(EXAMPLES, example, 'dist');
    let stacks: string[];
    try {
      stacks = readdirSync(dist).filter((name) => !name.startsWith('.'));
    } catch {
      continue;
    }
    for (const stack of stacks.sort()) {
      const dir = path.join(dist, stack);
      const doc = parse(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as {
        services: Record<string, ComposeService>;
      };
      for (const service of Object.values(doc.services)) {
        if (service.image === undefined) continue;
        const known = images.get(service.image);
        if (service.build && known?.build === undefined) {
          const context = path.resolve(dir, service.build.context);
          images.set(service.image, {
            tag: service.image,
            build: { context, dockerfile: path.resolve(context, service.build.dockerfile ?? 'Dockerfile') },
          });
        } else if (!known) images.set(service.image, { tag: service.image });
      }
    }
  }
  return [...images.values()].sort((a, b) => a.tag.localeCompare(b.tag));
}

/**
 * Makes every image the examples use, from nothing but the rootfs tarball: the base by `docker import`, the
 * Python base the Dockerfiles name, the nginx image (the rootfs's nginx plus what the official image adds), and
 * each example's app image from its own Dockerfile; an image the examples only name (the flagship's
 * `shop:1.4`) is the shared Flask app's build (`examples/flask-app`).
 */
export async function buildImages(docker: Docker, rootfsTarball: string, workDir: string): Promise<string[]> {
  await docker.ok(['import', rootfsTarball, BASE_IMAGE], { timeoutMs: 180_000 });

  const python = path.join(workDir, 'python');
  mkdirSync(python, { recursive: true });
  writeFileSync(path.join(python, 'pip'), PIP_STAND_IN, { mode: 0o755 });
  writeFileSync(
    path.join(python, 'Dockerfile'),
    `FROM ${BASE_IMAGE}\nCOPY pip /usr/local/bin/pip\nCMD ["python3"]\n`,
  );
  await build(docker, PYTHON_IMAGE, python, path.join(python, 'Dockerfile'));

  const nginx = path.join(workDir, 'nginx');
  mkdirSync(nginx, { recursive: true });
  writeFileSync(path.join(nginx, '50x.html'), OFFICIAL_50X_HTML);
  writeFileSync(
    path.join(nginx, 'Dockerfile'),
    [
      `FROM ${BASE_IMAGE}`,
      'COPY 50x.html /usr/share/nginx/html/50x.html',
      'RUN ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log',
      'EXPOSE 80',
      'STOPSIGNAL SIGQUIT',
      'CMD ["nginx", "-g", "daemon off;"]',
      '',
    ].join('\n'),
  );
  await build(docker, NGINX_IMAGE, nginx, path.join(nginx, 'Dockerfile'));

  const shared = path.join(EXAMPLES, 'flask-app');
  const made = [BASE_IMAGE, PYTHON_IMAGE, NGINX_IMAGE];
  for (const image of exampleImages()) {
    if (image.tag === NGINX_IMAGE) continue;
    const { context, dockerfile } = image.build ?? {
      context: shared,
      dockerfile: path.join(shared, 'Dockerfile'),
    };
    await build(docker, image.tag, context, dockerfile);
    made.push(image.tag);
  }
  return made;
}

async function build(docker: Docker, tag: string, context: string, dockerfile: string): Promise<void> {
  await docker.ok(['build', '--quiet', '--network', 'none', '-t', tag, '-f', dockerfile, context], {
    timeoutMs: 180_000,
  });
}
