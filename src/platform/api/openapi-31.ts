/**
 * @nestjs/swagger builds an OpenAPI 3.0 document: its schemas say `nullable: true`, which 3.1 (JSON
 * Schema 2020-12) no longer has. This is the one place the document becomes 3.1: a nullable type
 * becomes a type array (`['string', 'null']`, with `null` added to an enum), a nullable reference
 * `anyOf: [ref, {type: 'null'}]`; a reference with a description, which 3.0 had to wrap in a
 * one-item `allOf`, becomes the reference with its siblings. Examples are data, left as they are.
 */
export function toOpenApi31<D extends { openapi: string }>(document: D): D {
  document.openapi = '3.1.0';
  convert(document);
  return document;
}

type Node = Record<string, unknown>;

function convert(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(convert);
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  for (const [k, v] of Object.entries(n)) if (k !== 'example' && k !== 'examples') convert(v);
  if (Array.isArray(n.allOf) && n.allOf.length === 1 && n.nullable !== true) {
    const [only] = n.allOf as Node[];
    delete n.allOf;
    if (n.type === 'object' && typeof only.$ref === 'string') delete n.type;
    Object.assign(n, only);
  }
  if (!('nullable' in n)) return;
  const nullable = n.nullable === true;
  delete n.nullable;
  if (!nullable) return;
  const ref =
    typeof n.$ref === 'string'
      ? { $ref: n.$ref }
      : Array.isArray(n.allOf) && n.allOf.length === 1
        ? (n.allOf[0] as Node)
        : null;
  if (ref) {
    // Swagger writes a nullable reference as {type: object, nullable, allOf: [ref]}.
    delete n.$ref;
    delete n.allOf;
    delete n.type;
    n.anyOf = [ref, { type: 'null' }];
  } else if (typeof n.type === 'string') {
    n.type = [n.type, 'null'];
    if (Array.isArray(n.enum) && !n.enum.includes(null)) n.enum = [...n.enum, null];
  } else if (Array.isArray(n.anyOf) || Array.isArray(n.oneOf)) {
    const key = Array.isArray(n.anyOf) ? 'anyOf' : 'oneOf';
    n[key] = [...(n[key] as unknown[]), { type: 'null' }];
  } else {
    throw new Error(`toOpenApi31: a nullable schema without a type or reference: ${JSON.stringify(n).slice(0, 200)}`);
  }
}
