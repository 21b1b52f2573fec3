import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { registerDecorator, validate, ValidationOptions } from 'class-validator';
import { FieldError, Problem } from './problem';

export function flattenErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const path = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const message of Object.values(e.constraints ?? {})) out.push({ path, message });
    if (e.children?.length) out.push(...flattenErrors(e.children, path));
  }
  return out;
}

export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** The global pipe: transform, whitelist, forbid unknown fields, problem+json errors naming each field. */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    transform: true,
    ...VALIDATOR_OPTIONS,
    exceptionFactory: (errors) => {
      const list = flattenErrors(errors);
      return Problem.badRequest(list.map((e) => `${e.path}: ${e.message}`).join('; ') || 'Invalid request', list);
    },
  });

  transform(value: unknown, metadata: ArgumentMetadata) {
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      typeof metadata.metatype === 'function' &&
      metadata.metatype !== Object
    ) {
      if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw Problem.badRequest('The request body must be a JSON object');
      }
    }
    if (metadata.type === 'body' && tooDeep(value, MAX_JSON_DEPTH))
      throw Problem.badRequest(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    // Every body, query and path parameter, whether a DTO validates it or not (the ClaimReview import takes raw JSON-LD).
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const path = unstorableStringAt(value);
      if (path !== null) {
        const message = 'must not contain the control character NUL or unpaired surrogates';
        throw Problem.badRequest(`${path || metadata.type}: ${message}`, [{ path: path || metadata.type, message }]);
      }
    }
    return this.inner.transform(value, metadata);
  }
}

const MAX_JSON_DEPTH = 32;

/** True when a parsed JSON value nests deeper than `max` (checked iteratively: no recursion to overflow). */
export function tooDeep(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) return true;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return false;
}

/** NUL and unpaired UTF-16 surrogates: PostgreSQL text and jsonb cannot hold them (22P05, 22021). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path (`[0].author.name`, '' for the value itself) of the first string or object key holding a
 * character PostgreSQL cannot store, or null. Iterative, like tooDeep.
 */
export function unstorableStringAt(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return path;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
      continue;
    }
    const entries = Object.entries(v as object);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, child] = entries[i];
      const at = path ? `${path}.${k}` : k;
      if (UNSTORABLE.test(k)) return path ? `${path}.${JSON.stringify(k)}` : JSON.stringify(k);
      stack.push([child, at]);
    }
  }
  return null;
}

/** Validates a plain value against a DTO class outside of HTTP (batch items, workers). */
export async function validateDto<T extends object>(
  cls: new () => T,
  value: unknown,
): Promise<{ value?: T; errors?: FieldError[] }> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { errors: [{ path: '', message: 'must be a JSON object' }] };
  const instance = plainToInstance(cls, value);
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  return errors.length ? { errors: flattenErrors(errors) } : { value: instance };
}

const CONTROL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Rejects control characters (tab, CR and LF excepted) and lone surrogates. */
export function NoControlChars(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'noControlChars',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must not contain control characters`, ...options },
      validator: {
        validate: (v: unknown) => (Array.isArray(v) ? v : [v]).every((x) => typeof x !== 'string' || !CONTROL.test(x)),
      },
    });
}

export const hasControlChars = (s: string) => CONTROL.test(s);
