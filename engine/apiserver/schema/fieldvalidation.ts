/**
 * Server-side field validation (the `fieldValidation` query parameter of
 * create, update and patch, GA in 1.27): how the write path treats fields
 * the object's type does not declare, and fields given twice.
 * - Ignore: accepted silently.
 * - Warn (the default when absent): accepted, each one reported in a
 *   `Warning: 299 - "unknown field \"spec.foo\""` response header.
 * - Strict: refused, with the texts upstream's handlers give (create.go,
 *   update.go, patch.go).
 * Server-side apply is apart: its typed conversion refuses undeclared fields
 * whatever the directive (structured-merge-diff's "field not declared in
 * schema").
 */
import { field, newBadRequest, newInvalid, StatusError } from '../errors';
import type { Call } from '../handler/context';
import { STRUCTURE } from './structure.gen';
import { definitionOf, SCALE_DEFINITION } from './schema';
import type { Definitions } from './types';
import { jsonPatchOpProblems, jsonPath, MAX_PROBLEMS, smdPath, strictJsonProblems, unknownFieldPaths } from './unknown';

/** FieldValidation is metav1's directive. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** OptionsKind is the options type a write's query parameters decode into (its name is in the 422). */
export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const ALLOWED = ['', 'Ignore', 'Strict', 'Warn'];

/**
 * fieldValidationOf reads ?fieldValidation=: the directive, or the 422 that
 * ValidateCreateOptions (…Update…, …Patch…) gives an unsupported value.
 */
export function fieldValidationOf(query: Record<string, string>, options: OptionsKind): FieldValidation | StatusError {
  const v = query.fieldValidation ?? '';
  if (!ALLOWED.includes(v)) return newInvalid({ group: 'meta.k8s.io', kind: options }, '', [field.notSupported('fieldValidation', v, ALLOWED)]);
  return v === '' ? 'Warn' : (v as FieldValidation);
}

/** definitionFor names the schema a request body of the call's resource is checked against (a Scale through /scale). */
export function definitionFor(call: Pick<Call, 'def' | 'info'>, defs: Definitions = STRUCTURE): string | undefined {
  if (call.info.subresource === 'scale') return defs[SCALE_DEFINITION] ? SCALE_DEFINITION : undefined;
  return definitionOf(call.def.group, call.def.version, call.def.kind, defs);
}

/**
 * strictProblems are the strict decoding errors of a request body against a
 * definition, as Go words them (`unknown field "spec.replica"`, `duplicate
 * field "metadata.name"`): from the JSON text when there is one, in
 * document order; else (a YAML body) the decoded object's unknown fields.
 */
export function strictProblems(obj: unknown, definition: string | undefined, text?: string, defs: Definitions = STRUCTURE): string[] {
  if (text !== undefined) return strictJsonProblems(text, definition, defs);
  return definition ? unknownMessages(unknownFieldPaths(obj, definition, defs).map(jsonPath)) : [];
}

const unknownMessages = (paths: string[]) => paths.map((p) => `unknown field ${JSON.stringify(p)}`);

/** strictDecodingError is runtime.StrictDecodingError's text. */
export function strictDecodingError(problems: string[]): string {
  return `strict decoding error: ${problems.join(', ')}`;
}

/**
 * decodeRefusal is the 400 of a create or update body under Strict
 * (transformDecodeError): `Deployment in version "v1" cannot be handled as
 * a Deployment: strict decoding error: unknown field "spec.replica"`.
 */
export function decodeRefusal(kind: string, bodyKind: string | undefined, bodyApiVersion: string | undefined, problems: string[]): StatusError {
  const version = bodyApiVersion ? bodyApiVersion.slice(bodyApiVersion.indexOf('/') + 1) : '';
  return newBadRequest(`${bodyKind || kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: ${strictDecodingError(problems)}`);
}

/**
 * patchRefusal is the 422 of a patch under Strict (patch.go): an Invalid
 * with no kind or name whose one cause is the `patch` field, showing the
 * patched object (JSON and merge patches) or the patch map as Go prints it
 * (strategic merge patches).
 */
export function patchRefusal(shown: string, problems: string[]): StatusError {
  return newInvalid({ group: '', kind: '' }, '', [field.invalid('patch', shown, strictDecodingError(problems))]);
}

/**
 * applyRefusal is server-side apply's refusal of undeclared fields: the
 * 500 structured-merge-diff's typed conversion gives, whatever the
 * directive. Empty when every field is declared.
 */
export function applyRefusal(obj: unknown, call: Pick<Call, 'def' | 'info'>, defs: Definitions = STRUCTURE): StatusError | null {
  const definition = definitionFor(call, defs);
  const paths = definition ? unknownFieldPaths(obj, definition, defs).map((p) => `${smdPath(p)}: field not declared in schema`) : [];
  if (paths.length === 0) return null;
  const { def, info } = call;
  const gv = def.group === '' ? `/${def.version}` : `${def.group}/${def.version}`;
  const what = paths.length === 1 ? paths[0] : `errors:\n  ${paths.join('\n  ')}`;
  const message = `failed to create typed patch object (${def.namespaced ? info.namespace : ''}/${info.name}; ${gv}, Kind=${def.kind}): ${what}`;
  const e = new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 });
  // A plain Go error, not a StatusError upstream: ErrorToAPIStatus answers it with no reason (StatusReasonUnknown).
  delete (e.status as Partial<typeof e.status>).reason;
  return e;
}

/** warningHeader is the Warning header value of warnings (RFC 7234 code 299, agent "-"), comma-separated as client-go parses them. */
export function warningHeader(warnings: readonly string[]): string {
  return [...new Set(warnings)].map((w) => `299 - ${JSON.stringify(w)}`).join(', ');
}

/**
 * goValue prints a decoded JSON value as Go's %+v prints the
 * map[string]interface{} a patch decodes into: `map[spec:map[replica:3]]`
 * (keys sorted, strings bare, null as <nil>).
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goValue(o[k])}`)
      .join(' ')}]`;
  }
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : goFloat(v);
  return String(v);
}

/** goFloat is %v of a float64: the shortest form, with an exponent from 1e21 up, as strconv's 'g' with the shortest precision does. */
function goFloat(v: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

/**
 * checkBody applies the directive to a create or update body (obj, decoded
 * from the call's body): under Strict the 400 of its unknown or repeated
 * fields, under Warn the call answering with their warnings, else the call.
 */
export function checkBody(call: Call, directive: FieldValidation, obj: { kind?: unknown; apiVersion?: unknown }): Call | StatusError {
  if (directive === 'Ignore') return call;
  const json = !/\byaml\b/.test(call.headers['content-type'] ?? '');
  const definition = definitionFor(call);
  const problems = strictProblems(obj, definition, json ? call.body : undefined);
  if (problems.length === 0) return call;
  if (directive === 'Warn') return withWarnings(call, () => problems);
  const kind = call.info.subresource === 'scale' ? 'Scale' : call.def.kind;
  return decodeRefusal(kind, typeof obj.kind === 'string' ? obj.kind : undefined, typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined, problems);
}

/**
 * patchProblems are the strict decoding errors of a patch, in upstream's
 * order: the patch's repeated keys (a JSON patch: its operations' unknown
 * and repeated fields), then the unknown fields of the patched object that
 * the patch brought in, in sorted key order: fields already unknown in the current object were
 * accepted by an earlier write (this server keeps them; upstream's decoding
 * would have dropped them) and are not the patch's doing.
 */
export function patchProblems(call: Pick<Call, 'def' | 'info' | 'body'>, type: 'json' | 'merge' | 'strategic', before: ReadonlySet<string>, patched: unknown): string[] {
  // First the patch document's own (its repeated keys; a JSON patch's operations), then the patched object's.
  const out = type === 'json' ? jsonPatchOpProblems(call.body ?? '') : strictJsonProblems(call.body ?? '');
  const definition = definitionFor(call);
  if (definition) {
    for (const m of unknownMessages(unknownFieldPaths(patched, definition).map(jsonPath).filter((p) => !before.has(p)))) if (!out.includes(m)) out.push(m);
  }
  return out.slice(0, MAX_PROBLEMS);
}

/** unknownBefore are the paths of the fields an object already has that its schema does not declare (patchProblems' `before`). */
export function unknownBefore(call: Pick<Call, 'def' | 'info'>, current: unknown): Set<string> {
  const definition = definitionFor(call);
  return new Set(definition ? unknownFieldPaths(current, definition).map(jsonPath) : []);
}

/**
 * withWarnings wraps a call so its answer carries the Warning header of
 * whatever warnings() holds when it answers (the handler learns them
 * midway: a patch's are only known once it is applied).
 */
export function withWarnings(call: Call, warnings: () => readonly string[]): Call {
  const sink = call.sink;
  return {
    ...call,
    sink: {
      respond(res) {
        const w = warnings();
        sink.respond(w.length ? { ...res, headers: { ...res.headers, warning: warningHeader(w) } } : res);
      },
      ...(sink.event ? { event: sink.event.bind(sink) } : {}),
      ...(sink.end ? { end: sink.end.bind(sink) } : {}),
    },
  };
}
