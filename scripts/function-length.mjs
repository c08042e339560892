#!/usr/bin/env node
/**
 * Fails when a function in src/ is longer than the limit (120 lines; the house aims for < 60).
 * Reads each file with the TypeScript compiler's parser, so every kind of function counts:
 * declarations, methods, accessors, constructors, arrow functions and function expressions. A
 * function's length runs from its first line (its name, or the arrow's parameters) to its closing
 * brace, nested functions included: a closure inside a long function does not make it shorter.
 *
 * Usage: node scripts/function-length.mjs [--max N] [folder ...]   (defaults: 120, src)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Every .ts / .tsx file under `dir`, sorted. */
function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A readable name: the declared name, else the variable, property or call it is given to. */
function nameOf(node) {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText().slice(0, 40)}>`;
  return '<anonymous>';
}

/** Functions in one source text longer than `max` lines: { name, line, lines }. */
export function longFunctions(fileName, text, max) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push({ name: nameOf(node), line: first + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function main(argv) {
  let max = 120;
  const dirs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max') max = Number(argv[++i]);
    else dirs.push(argv[i]);
  }
  if (!Number.isInteger(max) || max < 1) {
    console.error('function-length: --max takes a whole number of lines, such as --max 120.');
    return 2;
  }
  const roots = dirs.length > 0 ? dirs : ['src'];
  const long = roots
    .flatMap(sourceFiles)
    .flatMap((file) => longFunctions(file, readFileSync(file, 'utf8'), max).map((f) => ({ ...f, file: relative(process.cwd(), file).split(sep).join('/') })))
    .sort((a, b) => b.lines - a.lines);
  for (const f of long) console.error(`${f.file}:${f.line}  ${f.name}  ${f.lines} lines`);
  if (long.length > 0) {
    console.error(`function-length: ${long.length} function(s) over ${max} lines in ${roots.join(', ')}: split them into named steps.`);
    return 1;
  }
  console.log(`function-length: no function over ${max} lines in ${roots.join(', ')}.`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
