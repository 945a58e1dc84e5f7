// The module object itself (a default import), not the copy `import * as` makes: only spies on the real object
// are seen by other modules.
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The fs calls a fault can be injected into. */
export type FaultyCall =
  | 'chmodSync'
  | 'closeSync'
  | 'copyFileSync'
  | 'fsyncSync'
  | 'linkSync'
  | 'lstatSync'
  | 'mkdirSync'
  | 'mkdtempSync'
  | 'openSync'
  | 'readdirSync'
  | 'readFileSync'
  | 'readlinkSync'
  | 'renameSync'
  | 'rmSync'
  | 'symlinkSync'
  | 'writeSync';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * jest spies on node:fs that pass every call through, except the Nth call of one function after `arm`, which
 * throws EIO as a failing disk would.
 *
 * Install BEFORE the library is loaded: compiled to CommonJS, `import * as fs` copies the module's functions
 * once, so a spy installed later would never be called by the library.
 */
export class FsFaults {
  private readonly counts = new Map<FaultyCall, number>();
  private armed: { readonly call: FaultyCall; readonly at: number } | undefined;
  private counting = false;
  /** How many faults were injected so far. */
  injected = 0;

  private constructor(private readonly originals: Map<FaultyCall, AnyFunction>) {}

  static install(calls: readonly FaultyCall[]): FsFaults {
    // Node loads some of its own fs helpers on first use and keeps the fs functions they call (rmSync's rimraf,
    // cpSync's copier): loaded now, they keep the real ones and never see a spy.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dockyard-faults-warmup-'));
    fs.cpSync(scratch, `${scratch}-copy`, { recursive: true });
    fs.rmSync(`${scratch}-copy`, { recursive: true, force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
    const originals = new Map<FaultyCall, AnyFunction>();
    const faults = new FsFaults(originals);
    for (const call of calls) {
      const original = fs[call] as AnyFunction;
      originals.set(call, original);
      jest.spyOn(fs, call).mockImplementation(((...args: unknown[]) => {
        faults.before(call);
        return original.apply(fs, args);
      }) as never);
    }
    return faults;
  }

  /** Starts counting calls from zero; with `fault`, the `at`-th call of `call` from now on throws EIO. */
  arm(fault?: { readonly call: FaultyCall; readonly at: number }): void {
    this.counts.clear();
    this.armed = fault;
    this.counting = true;
  }

  /** Stops counting and injecting. */
  disarm(): void {
    this.armed = undefined;
    this.counting = false;
  }

  /** Calls of `call` since the last `arm`. */
  count(call: FaultyCall): number {
    return this.counts.get(call) ?? 0;
  }

  /**
   * Puts the real functions back. The spies themselves keep passing calls through (never `mockRestore`, which
   * would leave anything still holding a spy with a mock that returns undefined).
   */
  restore(): void {
    this.disarm();
    for (const [call, original] of this.originals) Object.assign(fs, { [call]: original });
  }

  private before(call: FaultyCall): void {
    if (!this.counting) return;
    const n = (this.counts.get(call) ?? 0) + 1;
    this.counts.set(call, n);
    if (this.armed?.call === call && this.armed.at === n) {
      this.injected += 1;
      throw Object.assign(new Error(`EIO: injected failure of ${call} #${n}`), { code: 'EIO', errno: -5 });
    }
  }
}
