/**
 * gen-schemas derives the OpenAPI schemas of every kind the API server's
 * registry serves from the installed kubernetes-types declaration files and
 * writes the two generated modules:
 *   engine/apiserver/schema/structure.gen.ts  (validation and OpenAPI structure: in the engine)
 *   cli/lib/schema-descriptions.gen.ts        (what `kubectl explain` prints: Node side only,
 *     since every engine/ file is also shipped to the site's lab pages, and the
 *     descriptions are four times the structure's size)
 *
 * Run it after upgrading kubernetes-types or adding a resource:
 *   npx tsx cli/gen-schemas.ts            (writes both modules)
 *   npx tsx cli/gen-schemas.ts --check    (exit 1 when they are stale)
 *
 * The declarations are read with the TypeScript compiler API (syntax only:
 * each file is self-contained apart from its named imports). Mapping:
 * interfaces become object schemas (non-optional properties are required),
 * `T[]` / `Array<T>` arrays, `{[name: string]: T}` maps (additionalProperties),
 * references to other interfaces `$ref`s to their definition, named with
 * upstream's Go package path (core/v1 Pod → io.k8s.api.core.v1.Pod). The
 * special cases follow upstream's OpenAPI: `number | string` is IntOrString
 * (format int-or-string, integer or string, x-kubernetes-int-or-string: no
 * `type`, so explain names it), Quantity is a string or a number, Time and MicroTime are date-time strings, RawExtension and
 * FieldsV1 are objects that hold anything. A kind (an interface whose
 * apiVersion and kind are literals) carries x-kubernetes-group-version-kind.
 * Only definitions reachable from the registry's kinds (and their lists,
 * Status, DeleteOptions, Scale, Binding, TokenRequest, autoscaling/v1's HPA)
 * are written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { RESOURCES } from '../engine/apiserver/registry/resources';
import type { Definitions, SchemaDescriptions, StructSchema } from '../engine/apiserver/schema/types';

/** Root is a type to generate, with everything it reaches: a module of kubernetes-types ("apps/v1") and a name. */
export interface Root {
  module: string;
  name: string;
}

/** Generated is the generator's output. */
export interface Generated {
  definitions: Record<string, StructSchema>;
  descriptions: Record<string, Record<string, string>>;
}

/** definitionPrefix is the Go package path upstream names a kubernetes-types module's definitions with. */
export function definitionPrefix(module: string): string {
  switch (module) {
    case 'meta/v1':
      return 'io.k8s.apimachinery.pkg.apis.meta.v1';
    case 'api/resource':
      return 'io.k8s.apimachinery.pkg.api.resource';
    case 'runtime':
      return 'io.k8s.apimachinery.pkg.runtime';
    case 'version':
      return 'io.k8s.apimachinery.pkg.version';
    case 'apiextensions/v1':
      return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
    default:
      return `io.k8s.api.${module.replace(/\//g, '.')}`;
  }
}

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/** SPECIAL are the definitions whose schema is not their TypeScript shape (upstream's OpenAPISchemaType overrides). */
const SPECIAL: Record<string, { schema: StructSchema; description?: string }> = {
  [INT_OR_STRING]: {
    schema: { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { schema: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { schema: { type: 'string', format: 'date-time' } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { schema: { type: 'string', format: 'date-time' } },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { schema: { type: 'object' } },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { schema: { type: 'object' } },
};

/**
 * EMBEDDED are fields kubernetes-types loses: admissionregistration's
 * RuleWithOperations embeds Rule inline (`json:",inline"`), and the .d.ts
 * has only the outer struct's fields, so a webhook's `rules[].resources`
 * would read as unknown. Each entry adds the embedded struct's fields back,
 * with upstream's descriptions.
 */
const RULE_FIELDS: Record<string, { schema: StructSchema; description: string }> = {
  resources: {
    schema: { type: 'array', items: { type: 'string' } },
    description:
      "Resources is a list of resources this rule applies to.\n\nFor example: 'pods' means pods. 'pods/log' means the log subresource of pods. '*' means all resources, but not subresources. 'pods/*' means all subresources of pods. '*/scale' means all scale subresources. '*/*' means all resources and their subresources.\n\nIf wildcard is present, the validation rule will ensure resources do not overlap with each other.\n\nDepending on the enclosing object, subresources might not be allowed. Required.",
  },
  scope: {
    schema: { type: 'string' },
    description:
      'scope specifies the scope of this rule. Valid values are "Cluster", "Namespaced", and "*" "Cluster" means that only cluster-scoped resources will match this rule. Namespace API objects are cluster-scoped. "Namespaced" means that only namespaced resources will match this rule. "*" means that there are no scope restrictions. Subresources match the scope of their parent resource. Default is "*".',
  },
};
const EMBEDDED: Record<string, typeof RULE_FIELDS> = {
  'io.k8s.api.admissionregistration.v1.RuleWithOperations': RULE_FIELDS,
  'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': RULE_FIELDS,
};

/** Decl is one interface or type alias of a module, with the module's imports to resolve its references. */
interface Decl {
  module: string;
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  imports: Map<string, string>;
}

function docOf(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (!docs?.length) return '';
  return (ts.getTextOfJSDocComment(docs[docs.length - 1].comment) ?? '').trim();
}

function nameOf(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`gen-schemas: unsupported property name ${name.getText()}`);
}

/**
 * generate converts the declarations (module → .d.ts text) reachable from
 * roots into definitions and descriptions. It throws on a TypeScript shape
 * it has no mapping for, so a kubernetes-types upgrade cannot silently
 * produce a schema that accepts or refuses the wrong fields.
 */
export function generate(files: ReadonlyMap<string, string>, roots: readonly Root[]): Generated {
  const decls = new Map<string, Decl>();
  for (const [module, text] of files) {
    const sf = ts.createSourceFile(`${module}.d.ts`, text, ts.ScriptTarget.ES2022, true);
    const imports = new Map<string, string>();
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && st.importClause?.namedBindings && ts.isNamedImports(st.importClause.namedBindings)) {
        const from = posix.join(posix.dirname(module), (st.moduleSpecifier as ts.StringLiteral).text);
        for (const el of st.importClause.namedBindings.elements) imports.set(el.name.text, from);
      }
    }
    for (const st of sf.statements) {
      if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) decls.set(`${definitionPrefix(module)}.${st.name.text}`, { module, node: st, imports });
    }
  }

  const out: Generated = { definitions: {}, descriptions: {} };
  const queue: string[] = [];
  const want = (def: string) => {
    if (!(def in out.definitions) && !queue.includes(def)) queue.push(def);
    return def;
  };
  for (const r of roots) {
    const def = `${definitionPrefix(r.module)}.${r.name}`;
    if (!decls.has(def)) throw new Error(`gen-schemas: no declaration ${r.name} in ${r.module}`);
    want(def);
  }

  const refTo = (decl: Decl, name: string): string => {
    const module = decl.imports.get(name) ?? decl.module;
    const def = `${definitionPrefix(module)}.${name}`;
    if (!decls.has(def)) throw new Error(`gen-schemas: ${name} (from ${decl.module}) has no declaration in ${module}`);
    return want(def);
  };

  const convert = (decl: Decl, t: ts.TypeNode, where: string): StructSchema => {
    switch (t.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'integer' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return {};
    }
    if (ts.isParenthesizedTypeNode(t)) return convert(decl, t.type, where);
    if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return { type: 'string' };
    if (ts.isArrayTypeNode(t)) return { type: 'array', items: convert(decl, t.elementType, where) };
    if (ts.isUnionTypeNode(t)) {
      const kinds = new Set(t.types.map((u) => (ts.isLiteralTypeNode(u) && ts.isStringLiteral(u.literal) ? 'string' : ts.SyntaxKind[u.kind])));
      if (kinds.size === 1 && kinds.has('string')) return { type: 'string' };
      if (kinds.size === 2 && kinds.has('NumberKeyword') && kinds.has('StringKeyword')) return { ref: want(INT_OR_STRING) };
      throw new Error(`gen-schemas: unsupported union at ${where}: ${t.getText()}`);
    }
    if (ts.isTypeReferenceNode(t)) {
      const name = t.typeName.getText();
      if (name === 'Array' && t.typeArguments?.length === 1) return { type: 'array', items: convert(decl, t.typeArguments[0], where) };
      return { ref: refTo(decl, name) };
    }
    if (ts.isTypeLiteralNode(t)) {
      const idx = t.members.length === 1 ? t.members[0] : undefined;
      if (idx && ts.isIndexSignatureDeclaration(idx) && idx.type) return { type: 'object', additionalProperties: convert(decl, idx.type, where) };
    }
    throw new Error(`gen-schemas: unsupported type at ${where}: ${t.getText()}`);
  };

  while (queue.length) {
    const def = queue.shift()!;
    const decl = decls.get(def);
    const special = SPECIAL[def];
    if (special) {
      // IntOrString has no declaration (kubernetes-types inlines it as number | string).
      out.definitions[def] = special.schema;
      const text = special.description ?? (decl ? docOf(decl.node) : '');
      if (text) out.descriptions[def] = { '': text };
      continue;
    }
    if (!decl) throw new Error(`gen-schemas: no declaration for ${def}`);
    const doc = docOf(decl.node);
    const node = decl.node;
    if (!ts.isInterfaceDeclaration(node)) {
      // A plain alias (JSONSchemaPropsOrBool …) is its target.
      out.definitions[def] = convert(decl, node.type, def);
      if (doc) out.descriptions[def] = { '': doc };
      continue;
    }
    const properties: Record<string, StructSchema> = {};
    const required: string[] = [];
    const docs: Record<string, string> = {};
    if (doc) docs[''] = doc;
    const literal: Record<string, string> = {};
    for (const m of node.members) {
      if (!ts.isPropertySignature(m) || !m.type) throw new Error(`gen-schemas: unsupported member in ${def}: ${m.getText()}`);
      const name = nameOf(m.name);
      properties[name] = convert(decl, m.type, `${def}.${name}`);
      if (!m.questionToken) required.push(name);
      const pdoc = docOf(m);
      if (pdoc) docs[name] = pdoc;
      if (ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) literal[name] = m.type.literal.text;
    }
    for (const [name, field] of Object.entries(EMBEDDED[def] ?? {})) {
      if (properties[name]) continue;
      properties[name] = field.schema;
      docs[name] = field.description;
    }
    const schema: StructSchema = { type: 'object' };
    if (Object.keys(properties).length) schema.properties = Object.fromEntries(Object.keys(properties).sort().map((k) => [k, properties[k]]));
    if (required.length) schema.required = required.sort();
    if (literal.apiVersion !== undefined && literal.kind !== undefined) {
      const slash = literal.apiVersion.indexOf('/');
      schema['x-kubernetes-group-version-kind'] = [
        slash < 0 ? { group: '', version: literal.apiVersion, kind: literal.kind } : { group: literal.apiVersion.slice(0, slash), version: literal.apiVersion.slice(slash + 1), kind: literal.kind },
      ];
    }
    out.definitions[def] = schema;
    if (Object.keys(docs).length) out.descriptions[def] = docs;
  }
  // Sorted output: a regeneration that changes nothing rewrites nothing.
  const sorted = <T>(r: Record<string, T>) => Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
  return { definitions: sorted(out.definitions), descriptions: sorted(out.descriptions) };
}

/** moduleOfGroup is the kubernetes-types module of an API group version ("rbac.authorization.k8s.io", "v1" → "rbac/v1"). */
export function moduleOfGroup(group: string, version: string): string {
  return group === '' ? `core/${version}` : `${group.split('.')[0]}/${version}`;
}

/** registryRoots are the kinds the registry serves, their lists, and the types the request path reads or answers beside them. */
export function registryRoots(): Root[] {
  const roots: Root[] = [];
  const add = (module: string, name: string) => {
    if (!roots.some((r) => r.module === module && r.name === name)) roots.push({ module, name });
  };
  for (const def of RESOURCES) {
    const module = moduleOfGroup(def.group, def.version);
    add(module, def.kind);
    if (def.stored) add(module, `${def.kind}List`);
  }
  add('meta/v1', 'Status');
  add('meta/v1', 'DeleteOptions');
  add('autoscaling/v1', 'Scale');
  add('autoscaling/v1', 'HorizontalPodAutoscaler');
  add('autoscaling/v1', 'HorizontalPodAutoscalerList');
  add('core/v1', 'Binding');
  add('authentication/v1', 'TokenRequest');
  return roots;
}

/** readTypes reads every module of the installed kubernetes-types. */
function readTypes(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    for (const e of ts.sys.readDirectory(dir, ['.d.ts'], undefined, undefined, 1)) {
      const rel = posix.join(prefix, e.slice(dir.length + 1).replace(/\.d\.ts$/, ''));
      files.set(rel, readFileSync(e, 'utf8'));
    }
    for (const d of ts.sys.getDirectories(dir)) walk(join(dir, d), posix.join(prefix, d));
  };
  walk(root, '');
  return files;
}

const HEADER = (what: string) =>
  `// Code generated by cli/gen-schemas.ts from kubernetes-types; DO NOT EDIT.\n// Regenerate: npx tsx cli/gen-schemas.ts\n/**\n * ${what}\n */\n`;

/** render writes the two modules' text. */
export function render(g: Generated): { structure: string; descriptions: string } {
  const raw = JSON.stringify(g.definitions);
  if (/[`\\]|\$\{/.test(raw)) throw new Error('gen-schemas: a definition holds a backtick, ${ or a backslash; String.raw cannot carry it');
  const lines = (r: Record<string, unknown>) =>
    Object.entries(r)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`)
      .join('\n');
  return {
    // JSON text parsed at load, one definition a line: smaller once compiled than an object literal
    // (esbuild reflows those), faster to load, and still a readable diff. No definition holds a
    // backtick, `${` or a backslash, so String.raw passes the JSON through untouched.
    structure:
      HEADER('STRUCTURE is the schema of every definition the registry\'s kinds reach, without descriptions (see types.ts).') +
      `import type { Definitions } from './types';\n\nexport const STRUCTURE: Definitions = JSON.parse(String.raw\`{\n${lines(g.definitions).replace(/,$/, '')}\n}\`);\n`,
    descriptions:
      HEADER('DESCRIPTIONS are the doc texts of engine/apiserver/schema/structure.gen.ts\'s definitions, for `kubectl explain`; kept out of engine/ so the site\'s lab pages need not carry them.') +
      `import type { SchemaDescriptions } from '../../engine/apiserver/schema/types';\n\nexport const DESCRIPTIONS: SchemaDescriptions = {\n${lines(g.descriptions)}\n};\n`,
  };
}

function main(): number {
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
  const g = generate(readTypes(join(repo, 'node_modules/kubernetes-types')), registryRoots());
  const text = render(g);
  const targets = [
    [join(repo, 'engine/apiserver/schema/structure.gen.ts'), text.structure],
    [join(repo, 'cli/lib/schema-descriptions.gen.ts'), text.descriptions],
  ] as const;
  if (process.argv.includes('--check')) {
    const stale = targets.filter(([path, t]) => {
      try {
        return readFileSync(path, 'utf8') !== t;
      } catch {
        return true;
      }
    });
    for (const [path] of stale) process.stderr.write(`gen-schemas: ${path} is stale; run npx tsx cli/gen-schemas.ts\n`);
    return stale.length ? 1 : 0;
  }
  for (const [path, t] of targets) {
    writeFileSync(path, t);
    process.stdout.write(`gen-schemas: wrote ${path} (${Buffer.byteLength(t)} bytes)\n`);
  }
  process.stdout.write(`gen-schemas: ${Object.keys(g.definitions).length} definitions\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
