/**
 * Reads a `.railway/railway.ts` back without running it: a small parser for the part of
 * TypeScript the file is written in (imports, `const X = ...;`, calls, member access, object
 * and array literals, strings, numbers), and an interpreter for the `railway/iac` calls that
 * matter to wiring (service, postgres, redis, volume, image, preserve, project, `X.env.NAME`).
 * Pure: the file arrives as text, and nothing in it is executed.
 */

/** A value of the program: what the DSL's functions return, reduced to what wiring reads. */
export type DslValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'object'; entries: Map<string, DslValue> }
  | { kind: 'array'; items: DslValue[] }
  | { kind: 'resource'; type: 'service' | 'database' | 'volume'; engine: string | null; name: string; config: Map<string, DslValue> }
  | { kind: 'reference'; resource: { type: string; name: string }; output: string }
  | { kind: 'preserve' }
  | { kind: 'source'; value: Map<string, DslValue> }
  | { kind: 'unknown'; why: string };

/** The project a railway.ts returns: its name and the resources it lists. */
export interface DslProject {
  name: string;
  resources: Extract<DslValue, { kind: 'resource' }>[];
}

type Token = { t: 'id' | 'str' | 'num' | 'punct'; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 2;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let raw = '';
      while (j < src.length && src[j] !== ch) {
        if (src[j] === '\\') {
          raw += src.slice(j, j + 2);
          j += 2;
        } else {
          raw += src[j];
          j += 1;
        }
      }
      if (j >= src.length) throw new Error(`unterminated string at ${i}`);
      // Both quote styles escape as JSON does, once a single-quoted body's \' and " are normalised.
      const body = ch === "'" ? raw.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"') : raw;
      out.push({ t: 'str', v: JSON.parse(`"${body}"`) as string, at: i });
      i = j + 1;
    } else if (ch === '`') {
      throw new Error(`template literals are not read (at ${i})`);
    } else if (/[0-9]/.test(ch)) {
      const m = /^[0-9][0-9_]*(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: m[0].replace(/_/g, ''), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
    } else if (src.startsWith('=>', i)) {
      out.push({ t: 'punct', v: '=>', at: i });
      i += 2;
    } else if ('{}()[],:;.='.includes(ch)) {
      out.push({ t: 'punct', v: ch, at: i });
      i += 1;
    } else {
      throw new Error(`unexpected ${JSON.stringify(ch)} at ${i}`);
    }
  }
  return out;
}

type Node =
  | { n: 'str'; v: string }
  | { n: 'num'; v: number }
  | { n: 'id'; v: string }
  | { n: 'member'; object: Node; prop: string }
  | { n: 'call'; callee: Node; args: Node[] }
  | { n: 'object'; entries: [string, Node][] }
  | { n: 'array'; items: Node[] }
  | { n: 'arrow'; body: Stmt[] };
type Stmt = { s: 'const'; name: string; value: Node } | { s: 'return'; value: Node } | { s: 'expr'; value: Node };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  private peek(v?: string): Token | undefined {
    const t = this.tokens[this.i];
    return v === undefined || t?.v === v ? t : undefined;
  }
  private next(): Token {
    const t = this.tokens[this.i];
    if (!t) throw new Error('unexpected end of file');
    this.i += 1;
    return t;
  }
  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new Error(`expected "${v}" at ${t.at}, found "${t.v}"`);
  }
  private eat(v: string): boolean {
    if (this.peek(v) && this.tokens[this.i]!.t === 'punct') {
      this.i += 1;
      return true;
    }
    return false;
  }
  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }
  statement(): Stmt | null {
    const t = this.peek();
    if (!t) return null;
    if (t.t === 'id' && t.v === 'import') {
      while (!this.eat(';')) this.next();
      return null;
    }
    if (t.t === 'id' && t.v === 'export') {
      this.next();
      this.expect('default');
      const value = this.expr();
      this.eat(';');
      return { s: 'expr', value };
    }
    if (t.t === 'id' && (t.v === 'const' || t.v === 'let')) {
      this.next();
      const name = this.next();
      if (name.t !== 'id') throw new Error(`expected a name at ${name.at}`);
      this.expect('=');
      const value = this.expr();
      this.eat(';');
      return { s: 'const', name: name.v, value };
    }
    if (t.t === 'id' && t.v === 'return') {
      this.next();
      const value = this.expr();
      this.eat(';');
      return { s: 'return', value };
    }
    const value = this.expr();
    this.eat(';');
    return { s: 'expr', value };
  }
  private block(): Stmt[] {
    this.expect('{');
    const body: Stmt[] = [];
    while (!this.eat('}')) {
      const st = this.statement();
      if (st) body.push(st);
    }
    return body;
  }
  expr(): Node {
    let node = this.primary();
    for (;;) {
      if (this.eat('.')) {
        const prop = this.next();
        node = { n: 'member', object: node, prop: prop.v };
      } else if (this.eat('(')) {
        const args: Node[] = [];
        while (!this.eat(')')) {
          args.push(this.expr());
          if (!this.eat(',') && !this.peek(')')) throw new Error(`expected "," or ")" at ${this.peek()?.at}`);
        }
        node = { n: 'call', callee: node, args };
      } else if (this.eat('[')) {
        const key = this.expr();
        this.expect(']');
        if (key.n !== 'str') throw new Error('only string keys are read in [...]');
        node = { n: 'member', object: node, prop: key.v };
      } else {
        return node;
      }
    }
  }
  private primary(): Node {
    const t = this.next();
    if (t.t === 'str') return { n: 'str', v: t.v };
    if (t.t === 'num') return { n: 'num', v: Number(t.v) };
    if (t.t === 'id') return { n: 'id', v: t.v };
    if (t.v === '(') {
      // An arrow function `(ctx) => { ... }` or `() => { ... }`.
      while (!this.eat(')')) this.next();
      this.expect('=>');
      return { n: 'arrow', body: this.block() };
    }
    if (t.v === '{') {
      const entries: [string, Node][] = [];
      while (!this.eat('}')) {
        const key = this.next();
        if (key.t !== 'id' && key.t !== 'str' && key.t !== 'num') throw new Error(`expected a key at ${key.at}`);
        this.expect(':');
        entries.push([key.v, this.expr()]);
        if (!this.eat(',') && !this.peek('}')) throw new Error(`expected "," or "}" at ${this.peek()?.at}`);
      }
      return { n: 'object', entries };
    }
    if (t.v === '[') {
      const items: Node[] = [];
      while (!this.eat(']')) {
        items.push(this.expr());
        if (!this.eat(',') && !this.peek(']')) throw new Error(`expected "," or "]" at ${this.peek()?.at}`);
      }
      return { n: 'array', items };
    }
    throw new Error(`unexpected "${t.v}" at ${t.at}`);
  }
}

const DATABASE_ENGINES: Record<string, string> = { postgres: 'postgres', redis: 'redis', mysql: 'mysql', mongo: 'mongo' };

/** Evaluates the DSL calls the file makes; anything else becomes `unknown`, never executed. */
function evaluate(node: Node, scope: Map<string, DslValue>): DslValue | { kind: 'arrow'; body: Stmt[] } {
  switch (node.n) {
    case 'str':
      return { kind: 'string', value: node.v };
    case 'num':
      return { kind: 'number', value: node.v };
    case 'id':
      if (node.v === 'true' || node.v === 'false') return { kind: 'boolean', value: node.v === 'true' };
      return scope.get(node.v) ?? { kind: 'unknown', why: `${node.v} is not defined` };
    case 'object':
      return { kind: 'object', entries: new Map(node.entries.map(([k, v]) => [k, value(v, scope)])) };
    case 'array':
      return { kind: 'array', items: node.items.map((x) => value(x, scope)) };
    case 'arrow':
      return { kind: 'arrow', body: node.body };
    case 'member': {
      // X.env.NAME: a reference to a variable of resource X.
      if (node.object.n === 'member' && node.object.prop === 'env') {
        const target = value(node.object.object, scope);
        if (target.kind !== 'resource') return { kind: 'unknown', why: 'a reference to something that is not a resource' };
        return { kind: 'reference', resource: { type: target.type, name: target.name }, output: node.prop };
      }
      return { kind: 'unknown', why: `unsupported member .${node.prop}` };
    }
    case 'call': {
      const fn = node.callee.n === 'id' ? node.callee.v : null;
      const args = node.args.map((a) => evaluate(a, scope));
      const str = (i: number) => (args[i]?.kind === 'string' ? (args[i] as { value: string }).value : null);
      const obj = (i: number) => (args[i]?.kind === 'object' ? (args[i] as { entries: Map<string, DslValue> }).entries : new Map<string, DslValue>());
      if (fn === 'defineRailway' || fn === 'define') {
        const program = args[0];
        if (program?.kind !== 'arrow') return { kind: 'unknown', why: 'defineRailway without a function' };
        return run(program.body, new Map(scope));
      }
      if (fn === 'service' || fn === 'fn') return { kind: 'resource', type: 'service', engine: null, name: str(0) ?? '', config: obj(1) };
      if (fn && fn in DATABASE_ENGINES) return { kind: 'resource', type: 'database', engine: DATABASE_ENGINES[fn]!, name: str(0) ?? '', config: obj(1) };
      if (fn === 'volume') return { kind: 'resource', type: 'volume', engine: null, name: str(0) ?? '', config: obj(1) };
      if (fn === 'preserve') return { kind: 'preserve' };
      if (fn === 'image') return { kind: 'source', value: new Map<string, DslValue>([['image', args[0] as DslValue]]) };
      if (fn === 'github') return { kind: 'source', value: new Map<string, DslValue>([['repo', args[0] as DslValue]]) };
      if (fn === 'project') return { kind: 'object', entries: new Map<string, DslValue>([['name', args[0] as DslValue], ...obj(1)]) };
      return { kind: 'unknown', why: `unsupported call ${fn ?? '(expression)'}` };
    }
  }
}

function value(node: Node, scope: Map<string, DslValue>): DslValue {
  const v = evaluate(node, scope);
  return v.kind === 'arrow' ? { kind: 'unknown', why: 'a function value' } : v;
}

function run(body: Stmt[], scope: Map<string, DslValue>): DslValue {
  for (const st of body) {
    if (st.s === 'const') scope.set(st.name, value(st.value, scope));
    else if (st.s === 'return') return value(st.value, scope);
    else value(st.value, scope);
  }
  return { kind: 'unknown', why: 'the program returns nothing' };
}

/** The project a railway.ts returns, read without running it; throws on text it cannot read. */
export function readRailwayProgram(source: string): DslProject {
  const parser = new Parser(tokenize(source));
  const statements: Stmt[] = [];
  while (!parser.atEnd()) {
    const st = parser.statement();
    if (st) statements.push(st);
  }
  const exported = statements.find((s) => s.s === 'expr');
  if (!exported) throw new Error('railway.ts has no default export');
  const result = value(exported.value, new Map());
  if (result.kind !== 'object') throw new Error('railway.ts does not return project(...)');
  const name = result.entries.get('name');
  const resources = result.entries.get('resources');
  const flat = (v: DslValue | undefined): DslValue[] => (v?.kind === 'array' ? v.items.flatMap(flat) : v ? [v] : []);
  return {
    name: name?.kind === 'string' ? name.value : '',
    resources: flat(resources).filter((r): r is Extract<DslValue, { kind: 'resource' }> => r.kind === 'resource'),
  };
}
