/**
 * The shape of the built-in types' schemas, split in two so the engine's
 * browser bundle carries only what validation needs:
 * - structure (structure.gen.ts): types, properties, items, maps, refs,
 *   required fields, GVKs; what the unknown-field walker and the OpenAPI
 *   documents are built from;
 * - descriptions (cli/lib/schema-descriptions.gen.ts, four times the
 *   structure's size): the doc text `kubectl explain` prints, injected into
 *   the API server only by the HTTPS front, where kubectl can ask for it;
 *   kept out of engine/, whose every file the site's lab pages ship.
 * Both are generated from kubernetes-types by cli/gen-schemas.ts.
 */

/** GroupVersionKind is one entry of x-kubernetes-group-version-kind. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * StructSchema is an OpenAPI v3 schema without descriptions, refs written
 * as the bare definition name ("io.k8s.api.core.v1.PodSpec"). A schema with
 * `type: 'object'` and neither properties nor additionalProperties holds
 * anything (RawExtension, FieldsV1); so does the empty schema.
 */
export interface StructSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  /** ref names another definition; a schema with a ref has nothing else. */
  ref?: string;
  properties?: Record<string, StructSchema>;
  required?: string[];
  items?: StructSchema;
  /** additionalProperties: the schema of a map's values. */
  additionalProperties?: StructSchema;
  /** oneOf lists the alternative types of a value that may be either (Quantity, IntOrString). */
  oneOf?: StructSchema[];
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
}

/** Definitions are named schemas ("io.k8s.api.apps.v1.Deployment"). */
export type Definitions = Readonly<Record<string, StructSchema>>;

/**
 * SchemaDescriptions are the doc texts of definitions: per definition, ''
 * for the type itself and each property's own.
 */
export type SchemaDescriptions = Readonly<Record<string, Readonly<Record<string, string>>>>;
