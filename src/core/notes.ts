/**
 * The one collector for what a stage tells the user (a compose import, the stack build):
 * warnings, assumptions, and the services that share one closing assumption ("no memory limit
 * for a, b, c"). Every phase writes here, in the order the user reads them.
 */
import { type Warning, warning } from './warnings.js';

/** Topics whose services are named together in one assumption once every service is mapped (compose import). */
export type NoteGroup = 'key-value-memory' | 'memory' | 'cpu' | 'volume-size' | 'loopback-only';

/** Warnings, assumptions and grouped service names, appended in reading order. */
export class Notes {
  /** Shared with the result as is: the import's warnings are this list. */
  readonly warnings: Warning[];
  private readonly groups = new Map<NoteGroup, string[]>();

  readonly assumptions: string[];

  constructor(warnings: readonly Warning[] = [], assumptions: readonly string[] = []) {
    this.warnings = [...warnings];
    this.assumptions = [...assumptions];
  }

  /** Adds a warning; `extra` names the service and the fix. */
  warn(code: string, severity: Warning['severity'], message: string, extra: Parameters<typeof warning>[3] = {}): void {
    this.warnings.push(warning(code, severity, message, extra));
  }

  /** Adds an assumption, said beside the figures. */
  assume(text: string): void {
    this.assumptions.push(text);
  }

  /** The warning function the advice helpers take, bound to one service. */
  forService(service: string): (code: string, severity: Warning['severity'], message: string, fix: string) => void {
    return (code, severity, message, fix) => this.warn(code, severity, message, { service, fix });
  }

  /** Names `name` under a topic whose assumption is written once, at the end. */
  group(topic: NoteGroup, name: string): void {
    const list = this.groups.get(topic);
    if (list) list.push(name);
    else this.groups.set(topic, [name]);
  }

  /** The names gathered under a topic, in the order they came. */
  grouped(topic: NoteGroup): readonly string[] {
    return this.groups.get(topic) ?? [];
  }
}
