import { STACK_NAME } from '../../core/stack';

/** What the files of a new project are made from. */
export interface ProjectSettings {
  /** The npm package name of the project (package.json#name). */
  readonly name: string;
  /** The stack's construct id, hence its folder under dist/ and its Compose project name. */
  readonly stackName: string;
  /** The version range of `dockyard` the project depends on: the running package's version, with a caret. */
  readonly dockyardRange: string;
}

/** One file `dockyard init` writes, with the line it prints about it. */
export interface ProjectFile {
  readonly path: string;
  readonly summary: string;
  readonly text: string;
}

/**
 * The test tools a new project installs, with the ranges this repository runs its own tests with (a repository
 * test keeps the two lists in step). @swc/jest rather than ts-jest: it only strips types, so a test run starts
 * fast and needs no TypeScript configuration of its own; the type check is `tsc --noEmit` in `npm test`.
 */
export const PROJECT_DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@swc/core': '^1.16.22',
  '@swc/jest': '^0.2.39',
  '@types/jest': '^30.0.0',
  '@types/node': '^20.19.43',
  jest: '^30.5.2',
  typescript: '~5.9.3',
};

/** npm's rule for a package name: lowercase, URL-safe, optionally scoped, at most 214 characters. */
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Whether `name` may be a project's package.json name. */
export function isPackageName(name: string): boolean {
  return name.length <= 214 && NPM_NAME.test(name);
}

/** A package name made from a folder's name (`My App` becomes `my-app`); `dockyard-app` when nothing is left. */
export function packageNameFromFolder(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 214);
  return isPackageName(name) ? name : 'dockyard-app';
}

/** The stack name for a package name: without its scope, in the characters a stack name allows. */
export function stackNameFor(packageName: string): string {
  const name = (packageName.split('/').pop() ?? '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return STACK_NAME.test(name) ? name : 'app';
}

/** Every file of a new project, in the order `dockyard init` lists them. */
export function projectFiles(settings: ProjectSettings): ProjectFile[] {
  return [
    {
      path: 'package.json',
      summary: `the project: depends on dockyard ${settings.dockyardRange}; jest and TypeScript run its tests`,
      text: packageJson(settings),
    },
    {
      path: 'infra.ts',
      summary: 'the program: a Flask app behind nginx (a LoadBalancedStack)',
      text: infra(settings),
    },
    {
      path: 'infra.test.ts',
      summary: "its tests, with Dockyard's testing toolkit",
      text: infraTest(settings),
    },
    {
      path: 'tsconfig.json',
      summary: 'TypeScript settings for your editor and `npm test`',
      text: tsconfig(),
    },
    { path: '.gitignore', summary: 'keeps node_modules/ out of git', text: gitignore() },
    { path: 'README.md', summary: 'how to synthesize, test and deploy', text: readme(settings) },
  ];
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function packageJson({ name, dockyardRange }: ProjectSettings): string {
  return json({
    name,
    version: '0.1.0',
    private: true,
    description: 'compose.yaml, a Swarm stack file and nginx.conf, synthesized by Dockyard from infra.ts',
    scripts: { synth: 'synth', test: 'tsc --noEmit && jest' },
    dockyard: { app: 'infra.ts' },
    dependencies: { dockyard: dockyardRange },
    devDependencies: PROJECT_DEV_DEPENDENCIES,
    jest: {
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
      // The Dockyard matchers (toHaveService, toRouteTo, ...) and the snapshot serializer, in every test file.
      setupFilesAfterEnv: ['dockyard/jest'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    },
  });
}

function infra({ stackName }: ProjectSettings): string {
  return `// The program \`npx synth\` runs: it writes dist/${stackName}/compose.yaml, stack.yaml and nginx.conf.
import { App, LoadBalancedStack } from 'dockyard';

// \`npx synth\` synthesizes every App a program creates, so this file does not call app.synth(): that way
// infra.test.ts can import the stack without writing any files.
export const app = new App();

/** Replicas of a Flask app behind nginx, the only service that publishes a host port. */
export const web = new LoadBalancedStack(app, '${stackName}', {
  // The image of your Flask app; gunicorn serves \`wsgi\` (module:callable) on \`port\`.
  flask: { image: '${stackName}:0.1.0', wsgi: 'app:app', port: 5000, replicas: 2 },
  proxy: { publish: 8080 },
});
`;
}

function infraTest({ stackName }: ProjectSettings): string {
  return `import { Annotations, Match, Template } from 'dockyard/testing';
import { web } from './infra';

// package.json's jest.setupFilesAfterEnv loads dockyard/jest, which adds the matchers used below.

describe('${stackName}', () => {
  test('the program has no errors', () => {
    // WHEN
    const annotations = Annotations.fromStack(web);
    // THEN
    annotations.hasNoErrors();
  });

  test('nginx is the only service that publishes a host port', () => {
    // WHEN
    const template = Template.fromStack(web);
    // THEN
    const published = template.compose.findServices({ ports: Match.anyValue() });
    expect(Object.keys(published)).toEqual(['nginx']);
    template.compose.hasService('nginx', { ports: [Match.objectLike({ published: 8080 })] });
  });

  test('two replicas of the app, and nginx sends / to them', () => {
    // THEN
    expect(web).toHaveService('web', { image: '${stackName}:0.1.0', deploy: { replicas: 2 } });
    expect(web).toRouteTo('/', 'web');
  });
});
`;
}

function tsconfig(): string {
  return json({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      isolatedModules: true,
      noEmit: true,
      types: ['node', 'jest'],
    },
    include: ['**/*.ts'],
    exclude: ['node_modules', 'dist'],
  });
}

function gitignore(): string {
  return `node_modules/
# dist/ is meant to be committed: \`npx synth --check\` in CI then fails when it drifts from infra.ts.
`;
}

function readme({ name, stackName }: ProjectSettings): string {
  return `# ${name}

Infrastructure as code with Dockyard: \`infra.ts\` describes a Flask
app behind nginx, and \`npx synth\` turns it into \`dist/${stackName}/compose.yaml\`, \`dist/${stackName}/stack.yaml\`
(Docker Swarm) and \`dist/${stackName}/nginx.conf\`.

\`\`\`sh
npm install          # dockyard, jest and TypeScript
npx synth            # write dist/${stackName}/
npm test             # type-check, then run infra.test.ts
npx synth --check    # in CI: exit 1 when dist/ differs from infra.ts
\`\`\`

Deploy with \`docker compose -f dist/${stackName}/compose.yaml up\` or
\`docker stack deploy -c dist/${stackName}/stack.yaml ${stackName}\`; both work from any directory.
`;
}
