// Layers point one way (docs/architecture.md): bot -> cards -> knowledge. cards/ renders plain data
// and must not reach into bot/ (the service) or web/ (the browser pages); knowledge/ is pure and
// imports none of bot/, cards/ or web/; the browser pages may use other layers' types but never a
// value, which would drag server code into the page. Read from the source with the TypeScript
// parser rather than regular expressions, so every static `import`/`export ... from`, a dynamic
// `import()` and an `import('...')` type count, and text in comments or strings does not.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAYERS = ['bot', 'cards', 'knowledge', 'web'] as const;
type Layer = (typeof LAYERS)[number];

/** Which layers each layer may not import from; `values` only forbids imports that are not type-only. */
const RULES: { from: Layer; not: Layer[]; values?: true }[] = [
  { from: 'cards', not: ['bot', 'web'] },
  { from: 'knowledge', not: ['bot', 'cards', 'web'] },
  { from: 'web', not: ['bot', 'cards', 'knowledge'], values: true },
];

interface Import {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.parentPath.split(path.sep).includes('node_modules'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

function importsIn(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (literal: ts.Expression | undefined, typeOnly: boolean) => {
    if (literal && ts.isStringLiteralLike(literal)) {
      found.push({ specifier: literal.text, typeOnly, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      // `import { type A, type B }` is as type-only as `import type { A, B }`; a bare `import 'x'` runs x.
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const importsOf = (file: string) => importsIn(file, readFileSync(path.join(ROOT, file), 'utf8'));

/** The layer a relative import lands in, or undefined for packages, node: modules and files outside the layers. */
function layerOf(file: string, specifier: string): Layer | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier));
  const top = target.split(path.sep)[0];
  return (LAYERS as readonly string[]).includes(top!) ? (top as Layer) : undefined;
}

function violations(): string[] {
  const out: string[] = [];
  for (const rule of RULES) {
    for (const file of tsFiles(rule.from)) {
      for (const imp of importsOf(file)) {
        const to = layerOf(file, imp.specifier);
        if (!to || !rule.not.includes(to) || (rule.values && imp.typeOnly)) continue;
        out.push(`${file}:${imp.line} imports ${rule.values ? 'a value from ' : ''}${to}/: '${imp.specifier}'`);
      }
    }
  }
  return out;
}

describe('layers point one way', () => {
  it('cards/ imports nothing from bot/ or web/, knowledge/ nothing from bot/, cards/ or web/, web/ no values', () => {
    expect(violations()).toEqual([]);
  });

  it('reads every kind of import, so the check above can fail', () => {
    // The parser's view of a file that breaks the rules every way this test looks for.
    const file = 'cards/handoff/example.ts';
    const text = [
      "import type { A } from '../../bot/a.ts';",
      "import { type B } from '../../bot/b.ts';",
      "import { C } from '../../web/c.ts';",
      "export { D } from '../../bot/d.ts';",
      "const e = await import('../../bot/e.ts');",
      "type F = import('../../bot/f.ts').F;",
      "// import { G } from '../../bot/g.ts';",
      "import { H } from '../view.ts';",
      "import { z } from 'zod';",
    ].join('\n');
    const seen = importsIn(file, text).map((i) => [layerOf(file, i.specifier), i.typeOnly, i.line]);
    expect(seen).toEqual([
      ['bot', true, 1],
      ['bot', true, 2],
      ['web', false, 3],
      ['bot', false, 4],
      ['bot', false, 5],
      ['bot', true, 6],
      ['cards', false, 8],
      [undefined, false, 9],
    ]);
  });

  it('finds the files it checks', () => {
    // An empty walk (a moved folder, a changed runtime) would pass the rule vacuously.
    expect(tsFiles('cards')).toContain(path.join('cards', 'handoff', 'prompts.ts'));
    expect(tsFiles('knowledge')).toContain(path.join('knowledge', 'handoff', 'summary.ts'));
    expect(tsFiles('web').length).toBeGreaterThan(0);
  });
});
