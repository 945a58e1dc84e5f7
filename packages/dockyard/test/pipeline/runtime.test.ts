import { App } from '../../src';
import { registeredApps, setSynthDirective } from '../../src/pipeline/runtime';

describe('the App registry the CLI reads', () => {
  afterEach(() => setSynthDirective(undefined));

  test('remembers the Apps a program creates while a directive is installed, in order', () => {
    // GIVEN the directive the CLI installs before it loads a program
    setSynthDirective({ mode: 'check', outcomes: [] });
    // WHEN the program creates two Apps
    const first = new App();
    const second = new App();
    // THEN the CLI finds both, and a new directive starts from none
    expect(registeredApps()).toEqual([first, second]);
    setSynthDirective({ mode: 'write', outcomes: [] });
    expect(registeredApps()).toEqual([]);
  });

  test('keeps no App created without a directive, so a test file or a script does not hold every tree', () => {
    // GIVEN no CLI in the process (a jest test, a deploy script)
    setSynthDirective(undefined);
    // WHEN Apps are created
    new App();
    new App();
    // THEN nothing holds them
    expect(registeredApps()).toEqual([]);
  });
});
